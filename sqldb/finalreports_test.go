package sqldb

import (
	"context"
	"strings"
	"testing"
	"time"

	"teilhabe"
)

// TestFinalReport: the coach drafts the final report of an exited case
// and sends it; the version is frozen, the sponsor is told and reads only
// what was sent; a correction is version 2 with its own date.
func TestFinalReport(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		id := f.contact(coach, person("Anna", "Arend"))
		f.toActive(coach, id)
		texts := teilhabe.FinalReportTexts{Course: "Regelmäßig teilgenommen.", Recommendation: "Weitere Begleitung."}

		// Not before the exit.
		wantConflict(t, db.SaveFinalReport(ctx, coach, id, 1, 0, texts), "err.final_report_not_exited")
		exit := teilhabe.Exit{On: testToday, Kind: teilhabe.ExitEarly, Reason: teilhabe.ExitMoved,
			Destination: teilhabe.DestUnknown}
		must(t, db.RecordExit(ctx, coach, id, f.version(coach, id), exit))

		// Refusals change nothing.
		before := auditCount(t, db, "", id)
		wantErr(t, db.SaveFinalReport(ctx, f.actor("coach.b"), id, 1, 0, texts), teilhabe.ErrNotFound)
		wantErr(t, db.SaveFinalReport(ctx, f.actor("coach.a2"), id, 1, 0, texts), teilhabe.ErrNotFound)
		wantErr(t, db.SaveFinalReport(ctx, cw, id, 1, 0, texts), teilhabe.ErrForbidden)
		wantErr(t, db.SaveFinalReport(ctx, coach, id, 2, 0, texts), teilhabe.ErrStale)
		long := texts
		long.Goals = strings.Repeat("x", teilhabe.MaxNote+1)
		wantInvalid(t, db.SaveFinalReport(ctx, coach, id, 1, 0, long), "goals", "err.too_long")
		wantInvalid(t, db.SendFinalReport(ctx, coach, id, 1, 0, teilhabe.FinalReportTexts{}), "recommendation", "err.required")
		if n := auditCount(t, db, "", id); n != before {
			t.Fatalf("refused saves wrote %d audit entries", n-before)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM final_reports`); n != 0 {
			t.Fatalf("refused saves left %d reports", n)
		}

		// A draft is saved, then edited under its version.
		must(t, db.SaveFinalReport(ctx, coach, id, 1, 0, teilhabe.FinalReportTexts{Course: "Entwurf"}))
		wantErr(t, db.SaveFinalReport(ctx, coach, id, 1, 0, texts), teilhabe.ErrStale) // started meanwhile
		draft := reportOf(t, db, coach, id, false)
		if draft.Number != 1 || draft.Version != 1 || draft.Texts.Course != "Entwurf" || !draft.Facts.ExitOn.Equal(testToday) ||
			draft.Facts.ExitReason != teilhabe.ExitMoved {
			t.Fatalf("draft: %+v", draft)
		}
		must(t, db.SaveFinalReport(ctx, coach, id, 1, 1, texts))
		wantErr(t, db.SaveFinalReport(ctx, coach, id, 1, 1, texts), teilhabe.ErrStale)

		// The sponsor does not see the draft.
		wantErr(t, findReport(db, cw, id, 0), teilhabe.ErrNotFound)
		wantErr(t, findReport(db, cw, id, 1), teilhabe.ErrNotFound)
		d, err := db.FindCaseByID(ctx, cw, id)
		must(t, err)
		if len(d.FinalReports) != 0 {
			t.Fatalf("the sponsor's case page has %d reports, want none", len(d.FinalReports))
		}
		wantErr(t, findReport(db, f.actor("coach.b"), id, 0), teilhabe.ErrNotFound)

		// Sending freezes version 1 and tells the sponsor; sending again
		// from the same form is stale.
		must(t, db.SendFinalReport(ctx, coach, id, 1, 2, texts))
		wantErr(t, db.SendFinalReport(ctx, coach, id, 1, 2, texts), teilhabe.ErrStale)
		wantErr(t, db.SaveFinalReport(ctx, coach, id, 1, 3, texts), teilhabe.ErrStale)
		if n := auditCount(t, db, string(teilhabe.AuditFinalReportSent), id); n != 1 {
			t.Errorf("%d send audit entries, want 1", n)
		}
		if n := auditCount(t, db, string(teilhabe.AuditFinalReportSaved), id); n != 2 {
			t.Errorf("%d save audit entries, want 2", n)
		}
		sent := reportOf(t, db, cw, id, true)
		if sent.Number != 1 || !sent.Sent || sent.Texts != texts || sent.SentAt.IsZero() || sent.SentBy == "" {
			t.Fatalf("sent version as the sponsor reads it: %+v", sent)
		}
		if _, err := db.writer.ExecContext(ctx, db.dialect.rebind(`UPDATE final_reports SET course = 'x' WHERE id = ?`), sent.ID); err == nil {
			t.Error("a sent version was changed")
		}
		in, err := db.FindInbox(ctx, cw, InboxFilter{Page: 1})
		must(t, err)
		var notice teilhabe.Message
		for _, m := range in.Mine {
			if m.CaseID == id && m.Kind == teilhabe.MsgFinalReport {
				notice = m
			}
		}
		if !notice.AwaitsNote() || notice.ReportNumber != 1 || !notice.On.Equal(testToday) {
			t.Fatalf("the sponsor's final report notice: %+v", notice)
		}
		must(t, db.AcknowledgeNotice(ctx, cw, id, notice.ID))
		wantConflict(t, db.AcknowledgeNotice(ctx, cw, id, notice.ID), "err.nothing_to_acknowledge")

		// A correction: a new draft that copies nothing by itself (the form
		// does), sent as version 2 a day later; version 1 stays readable.
		later := onDay(db, days(1))
		corrected := texts
		corrected.Recommendation = "Weitere Begleitung durch den IFD."
		wantErr(t, later.SendFinalReport(ctx, coach, id, 1, 0, corrected), teilhabe.ErrStale)
		must(t, later.SaveFinalReport(ctx, coach, id, 2, 0, corrected))
		wantErr(t, findReport(db, cw, id, 2), teilhabe.ErrNotFound)
		must(t, later.SendFinalReport(ctx, coach, id, 2, 1, corrected))
		v, err := db.FindFinalReport(ctx, cw, id, FinalReportFilter{})
		must(t, err)
		if v.Report.Number != 2 || v.Report.Texts != corrected || len(v.Versions) != 2 ||
			!v.Versions[1].SentAt.After(v.Versions[0].SentAt) {
			t.Fatalf("latest as the sponsor reads it: %+v", v)
		}
		old, err := db.FindFinalReport(ctx, cw, id, FinalReportFilter{Number: 1, Print: true})
		must(t, err)
		if old.Report.Texts != texts {
			t.Errorf("version 1 changed: %+v", old.Report.Texts)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM messages WHERE case_id = ? AND kind = ? AND awaiting = ?`,
			id, teilhabe.MsgFinalReport, teilhabe.SideSponsor); n != 1 {
			t.Errorf("%d final report notices wait for the sponsor, want 1 (version 2)", n)
		}
		if n := auditCount(t, db, string(teilhabe.AuditFinalReportViewed), id); n != 2 {
			t.Errorf("%d report views audited, want 2", n)
		}
	})
}

// reportOf returns the one version (sent or the draft) a reads last.
func reportOf(t *testing.T, db *DB, a teilhabe.Actor, id int64, sent bool) teilhabe.FinalReport {
	t.Helper()
	d, err := db.FindCaseByID(context.Background(), a, id)
	must(t, err)
	r := ReportDraft(d.FinalReports)
	if sent {
		r = LatestReport(d.FinalReports)
	}
	if r == nil {
		t.Fatalf("no report (sent %t) among %+v", sent, d.FinalReports)
	}
	return *r
}

func findReport(db *DB, a teilhabe.Actor, id int64, number int) error {
	_, err := db.FindFinalReport(context.Background(), a, id, FinalReportFilter{Number: number})
	return err
}

// TestFinalReportWorklist: an exit puts its final report in the coach's
// worklist, due two weeks after the exit, until a version is sent; a draft
// does not take it off.
func TestFinalReportWorklist(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		f.toActive(coach, id)
		must(t, db.RecordExit(ctx, coach, id, f.version(coach, id), teilhabe.Exit{On: testToday, Kind: teilhabe.ExitEarly,
			Reason: teilhabe.ExitMoved, Destination: teilhabe.DestUnknown}))
		due := func() []time.Time {
			t.Helper()
			w, err := db.FindWorklist(ctx, coach, 0)
			must(t, err)
			var out []time.Time
			for _, g := range w.Coaching {
				if g.Kind == WorkFinalReport {
					for _, it := range g.Items {
						if it.ID == id {
							out = append(out, it.WorkDue)
						}
					}
				}
			}
			return out
		}
		if got := due(); len(got) != 1 || teilhabe.FormatDate(got[0]) != teilhabe.FormatDate(days(teilhabe.FinalReportDays)) {
			t.Fatalf("the final report in the worklist: %v, want due %s", got, teilhabe.FormatDate(days(teilhabe.FinalReportDays)))
		}
		texts := teilhabe.FinalReportTexts{Recommendation: "Weitere Begleitung durch den IFD."}
		must(t, db.SaveFinalReport(ctx, coach, id, 1, 0, texts))
		if got := due(); len(got) != 1 {
			t.Errorf("a draft took the final report off the worklist")
		}
		must(t, db.SendFinalReport(ctx, coach, id, 1, 1, texts))
		if got := due(); len(got) != 0 {
			t.Errorf("the sent final report is still in the worklist: %v", got)
		}
	})
}
