package sqldb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"teilhabe"
)

// The final report to the sponsor (final_reports). The coach edits the
// case's one draft under its version column; sending freezes it, and every
// statement that changes a report says sent = 0 (a trigger refuses any
// other), so a sent version is never written again. A correction is a new
// draft that copies the last sent version's texts (decision 20). The
// sponsor's caseworker reads sent versions only: every query that reads
// reports for someone else than provider staff says sent = 1
// (reportVisible).

const finalReportColumns = `fr.id, fr.case_id, fr.number, fr.sent, fr.facts, fr.course, fr.attendance, fr.modules, fr.goals,
	fr.prospects, fr.placement, fr.follow_up, fr.recommendation, fr.sent_at, fr.sent_by, fr.created_at, fr.created_by,
	fr.updated_at, fr.version`

func scanFinalReport(s scanner) (teilhabe.FinalReport, error) {
	var r teilhabe.FinalReport
	var sent int
	var facts string
	var sentAt, created, updated dbTime
	tx := &r.Texts
	err := s.Scan(&r.ID, &r.CaseID, &r.Number, &sent, &facts, &tx.Course, &tx.Attendance, &tx.Modules, &tx.Goals,
		&tx.Prospects, &tx.Placement, &tx.FollowUp, &tx.Recommendation, &sentAt, &r.SentBy, &created, &r.CreatedBy,
		&updated, &r.Version)
	if err != nil {
		return r, err
	}
	r.Sent, r.SentAt, r.CreatedAt, r.UpdatedAt = sent == 1, sentAt.t, created.t, updated.t
	if err := json.Unmarshal([]byte(facts), &r.Facts); err != nil {
		return r, fmt.Errorf("final report %d: facts: %w", r.ID, err)
	}
	return r, nil
}

// reportVisible is the condition that limits final reports (alias fr) to
// those a may read: all for provider staff, the sent ones for everyone
// else — the SQL twin of teilhabe.CanReadFinalReport.
func reportVisible(a teilhabe.Actor) string {
	if a.Role.IsProviderSide() {
		return "1 = 1"
	}
	return "fr.sent = 1"
}

// finalReports lists the versions of case caseID's final report that a
// may read, in order, the draft last.
func (t *tx) finalReports(ctx context.Context, a teilhabe.Actor, caseID int64) ([]teilhabe.FinalReport, error) {
	return queryAll(ctx, t, scanFinalReport, `SELECT `+finalReportColumns+` FROM final_reports fr
		WHERE fr.case_id = ? AND `+reportVisible(a)+` ORDER BY fr.number`, caseID)
}

// LatestReport returns the last sent version of the final report among
// reports, or nil.
func LatestReport(reports []teilhabe.FinalReport) *teilhabe.FinalReport {
	for i := len(reports) - 1; i >= 0; i-- {
		if reports[i].Sent {
			return &reports[i]
		}
	}
	return nil
}

// ReportDraft returns the draft among reports, or nil.
func ReportDraft(reports []teilhabe.FinalReport) *teilhabe.FinalReport {
	for i := range reports {
		if !reports[i].Sent {
			return &reports[i]
		}
	}
	return nil
}

// reportRecord loads what the final report of case c is composed from.
func (t *tx) reportRecord(ctx context.Context, a teilhabe.Actor, c teilhabe.Case) (teilhabe.FinalReportRecord, error) {
	r := teilhabe.FinalReportRecord{Case: c}
	var err error
	if r.Appointments, err = t.appointments(ctx, c.ID); err != nil {
		return r, err
	}
	if r.Modules, err = t.caseModules(ctx, c.ID); err != nil {
		return r, err
	}
	switch p, err := t.currentPlan(ctx, a, c.ID); {
	case err == nil:
		r.Plan = &p
	case !errors.Is(err, teilhabe.ErrNotFound):
		return r, err
	}
	if r.Prospects, err = t.prospects(ctx, c.ID); err != nil {
		return r, err
	}
	r.Placements, r.FollowUps, err = t.placements(ctx, a, c.ID)
	return r, err
}

// SaveFinalReport saves texts as the draft of the final report of case
// id, composing its facts from the record anew. number and version are
// those of the draft the form was loaded with; without a draft, the
// number after the last sent version and version 0, which starts the
// draft (a correction, once a version was sent). Who:
// teilhabe.CanWriteFinalReport, once the case has exited. Errors: not
// found outside a's scope, teilhabe.ErrStale if the draft changed or was
// sent meanwhile (or another was started), a conflict before the exit,
// invalid texts (teilhabe.FinalReportTexts.Validate).
func (db *DB) SaveFinalReport(ctx context.Context, a teilhabe.Actor, id int64, number, version int,
	texts teilhabe.FinalReportTexts) error {
	return db.writeFinalReport(ctx, a, id, number, version, texts, false)
}

// SendFinalReport saves texts as SaveFinalReport does and sends the draft
// to the sponsor: the version is frozen with the day and who sent it, and
// the final report notice waits in the sponsor's inbox until a caseworker
// takes note (AcknowledgeNotice). One audit entry. Who and errors: as
// SaveFinalReport; the recommendation is required.
func (db *DB) SendFinalReport(ctx context.Context, a teilhabe.Actor, id int64, number, version int,
	texts teilhabe.FinalReportTexts) error {
	return db.writeFinalReport(ctx, a, id, number, version, texts, true)
}

func (db *DB) writeFinalReport(ctx context.Context, a teilhabe.Actor, id int64, number, version int,
	texts teilhabe.FinalReportTexts, send bool) error {
	texts = texts.Trimmed()
	cmd := command{may: teilhabe.CanWriteFinalReport, audit: teilhabe.AuditFinalReportSaved, adds: true}
	if send {
		cmd.audit = teilhabe.AuditFinalReportSent
	}
	return db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		if ch.c.Stage != teilhabe.StageExited {
			return teilhabe.Conflict("err.final_report_not_exited")
		}
		if err := texts.Validate(send); err != nil {
			return err
		}
		reports, err := ch.t.finalReports(ctx, a, ch.c.ID)
		if err != nil {
			return err
		}
		draft := ReportDraft(reports)
		switch {
		case draft != nil && (draft.Number != number || draft.Version != version):
			return teilhabe.ErrStale
		case draft == nil && (version != 0 || number != lastNumber(reports)+1):
			return teilhabe.ErrStale
		}
		rec, err := ch.t.reportRecord(ctx, a, ch.c)
		if err != nil {
			return err
		}
		r := teilhabe.FinalReport{Number: number, Facts: teilhabe.ComposeFinalReport(rec), Texts: texts}
		if send {
			if err := r.Validate(); err != nil {
				return err
			}
		}
		facts, err := json.Marshal(r.Facts)
		if err != nil {
			return err
		}
		now := ts(ch.t.now)
		var sentAt any
		sentBy := ""
		if send {
			sentAt, sentBy = now, a.DisplayName()
		}
		if draft == nil {
			r.ID, err = ch.t.insert(ctx, `INSERT INTO final_reports (case_id, number, sent, facts, course, attendance, modules,
				goals, prospects, placement, follow_up, recommendation, sent_at, sent_by, created_at, created_by, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				ch.c.ID, number, boolInt(send), string(facts), texts.Course, texts.Attendance, texts.Modules, texts.Goals,
				texts.Prospects, texts.Placement, texts.FollowUp, texts.Recommendation, sentAt, sentBy, now,
				a.DisplayName(), now)
			if isUniqueViolation(err) {
				return teilhabe.ErrStale // someone started the draft meanwhile
			}
			if err != nil {
				return err
			}
		} else {
			r.ID = draft.ID
			res, err := ch.t.exec(ctx, `UPDATE final_reports SET sent = ?, facts = ?, course = ?, attendance = ?, modules = ?,
				goals = ?, prospects = ?, placement = ?, follow_up = ?, recommendation = ?, sent_at = ?, sent_by = ?,
				updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND sent = 0`,
				boolInt(send), string(facts), texts.Course, texts.Attendance, texts.Modules, texts.Goals, texts.Prospects,
				texts.Placement, texts.FollowUp, texts.Recommendation, sentAt, sentBy, now, draft.ID, version)
			if err := checkVersion(res, err); err != nil {
				return err
			}
		}
		ch.detail = fmt.Sprintf("version %d", number)
		if !send {
			return nil
		}
		ch.event(teilhabe.Event{Kind: teilhabe.EventFinalReportSent, Text: fmt.Sprintf("Version %d", number)})
		if ch.c.SponsorID == 0 {
			return nil
		}
		return ch.t.send(ctx, a, ch.c, teilhabe.Message{Kind: teilhabe.MsgFinalReport, Awaiting: teilhabe.SideSponsor,
			Status: teilhabe.StatusOpen, On: ch.c.ExitOn, FinalReportID: r.ID})
	})
}

// lastNumber is the highest number among reports, 0 if none.
func lastNumber(reports []teilhabe.FinalReport) int {
	n := 0
	for _, r := range reports {
		n = max(n, r.Number)
	}
	return n
}

// FinalReportView is one version of a case's final report as its page
// shows it, with the versions the reader may open.
type FinalReportView struct {
	Case     teilhabe.Case
	Report   teilhabe.FinalReport
	Versions []teilhabe.FinalReportVersion
}

// FinalReportFilter chooses the version the report page shows: Number,
// or with 0 the last sent version (for provider staff the draft if none
// was sent). Print marks the printable page, which the audit log names.
type FinalReportFilter struct {
	Number int
	Print  bool
}

// FindFinalReport returns a version of the final report of case id, if a
// may read the case and the version (teilhabe.CanReadFinalReport): the
// sponsor's caseworker reads sent versions only, a draft is not found for
// them, nor is a case without a report. Reading it is written to the audit
// log.
func (db *DB) FindFinalReport(ctx context.Context, a teilhabe.Actor, id int64, f FinalReportFilter) (FinalReportView, error) {
	var v FinalReportView
	err := db.read(ctx, func(t *tx) error {
		var err error
		if v.Case, err = t.caseInScope(ctx, a, id); err != nil {
			return err
		}
		reports, err := t.finalReports(ctx, a, id)
		if err != nil {
			return err
		}
		var found *teilhabe.FinalReport
		for i, r := range reports {
			v.Versions = append(v.Versions, teilhabe.FinalReportVersion{Number: r.Number, Sent: r.Sent,
				SentAt: r.SentAt, SentBy: r.SentBy})
			if f.Number == r.Number {
				found = &reports[i]
			}
		}
		if f.Number == 0 {
			if found = LatestReport(reports); found == nil {
				found = ReportDraft(reports)
			}
		}
		if found == nil || !teilhabe.CanReadFinalReport(a, v.Case.Scope(), found.Sent) {
			return teilhabe.ErrNotFound
		}
		v.Report = *found
		return nil
	})
	if err != nil {
		return FinalReportView{}, err
	}
	detail := fmt.Sprintf("version %d", v.Report.Number)
	if f.Print {
		detail += ", print"
	}
	return v, db.logRead(ctx, a, caseAudit(teilhabe.AuditFinalReportViewed, v.Case, detail))
}
