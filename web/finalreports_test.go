package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"teilhabe"
	"teilhabe/sqldb"
)

// exitedCase exits an active case of the sponsor's through the store and
// returns it with the coach of its location.
func exitedCase(t *testing.T, ts *testServer, sponsor teilhabe.Actor) (int64, teilhabe.Actor) {
	t.Helper()
	ctx := context.Background()
	var id int64
	var coach teilhabe.Actor
	for _, item := range ts.findCases(t, sponsor, sqldb.CaseFilter{Stage: teilhabe.StageActive}) {
		d := ts.caseDetail(t, sponsor, item.ID)
		if d.Case.AssignmentEnded(ts.db.Today()) || len(d.Placements) > 0 {
			continue // keep the exit simple: early, without a placement
		}
		id, coach = item.ID, ts.coachOf(t, d.Case.LocationID)
		break
	}
	if id == 0 {
		t.Fatal("the demo has no active case to exit")
	}
	c := ts.caseDetail(t, coach, id).Case
	exit := teilhabe.Exit{On: ts.db.Today(), Kind: teilhabe.ExitEarly, Reason: teilhabe.ExitMoved, Destination: teilhabe.DestUnknown}
	if err := ts.db.RecordExit(ctx, coach, id, c.Version, exit); err != nil {
		t.Fatalf("exit case %d: %v", id, err)
	}
	return id, coach
}

// otherCoach returns a coach of another location than locationID.
func (ts *testServer) otherCoach(t *testing.T, locationID int64) teilhabe.Actor {
	t.Helper()
	users, err := ts.db.FindUsers(context.Background(), teilhabe.Actor{Role: teilhabe.RoleAdmin, Username: "admin"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Role == teilhabe.RoleCoach && u.LocationID != 0 && u.LocationID != locationID {
			return u.Actor()
		}
	}
	t.Fatalf("no coach at another location than %d", locationID)
	return teilhabe.Actor{}
}

// TestFinalReportStep: the form shows the facts of the record beside the
// texts; sending without a recommendation is refused with the field named
// and saves nothing; a draft saved, a stale form refused, the report sent;
// the sponsor reads it on the case page and takes note of its notice, and
// no one outside the case's scope reaches the form.
func TestFinalReportStep(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		sponsor := ts.signIn(t, "agentur")
		sa := sponsor.user(t).Actor()
		id, ca := exitedCase(t, ts, sa)
		coach := ts.signIn(t, ca.Username)
		path := caseURL(id) + "/final-report"

		// The case page offers the report first.
		casePage := coach.get(t, caseURL(id)).doc(t)
		if next := find(casePage, tagWith("a", "href", path)); next == nil || attrOf(next, "class") != "button" {
			t.Fatalf("the case page does not offer the final report as the next step")
		}

		doc := coach.get(t, path).doc(t)
		d := ts.caseDetail(t, ca, id)
		if facts := text(byID(doc, "h-report-course").Parent); !strings.Contains(facts, teilhabe.FormatDate(d.Case.AssignmentStart)) ||
			!strings.Contains(facts, teilhabe.FormatDate(d.Case.ExitOn)) {
			t.Errorf("the form does not state the assignment and the exit:\n%s", facts)
		}
		for _, field := range teilhabe.FinalReportFields {
			if find(doc, tagWith("label", "for", field)) == nil {
				t.Errorf("field %s has no label", field)
			}
		}
		v := formValues(t, doc)
		if v.Get("report_number") != "1" || v.Get("report_version") != "0" {
			t.Fatalf("a first report's form carries number %q version %q, want 1 and 0", v.Get("report_number"), v.Get("report_version"))
		}

		// Sending without a recommendation: 422, nothing saved.
		v.Set("course", "Regelmäßig und pünktlich.")
		v.Set("send", "1")
		res := coach.post(t, path, v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("sending without a recommendation: status %d, want 422", res.StatusCode)
		}
		doc = res.doc(t)
		checkProblems(t, doc)
		if body := mainText(t, doc); !strings.Contains(body, "Empfehlung an den Leistungsträger fehlt.") {
			t.Errorf("the 422 page does not name the recommendation:\n%s", body)
		}
		if got := formValues(t, doc).Get("course"); got != "Regelmäßig und pünktlich." {
			t.Errorf("the 422 page lost the text: %q", got)
		}
		if n := len(ts.caseDetail(t, ca, id).FinalReports); n != 0 {
			t.Fatalf("the refused report left %d versions", n)
		}
		// English names the field too.
		coach.get(t, "/lang/en?next=/")
		res = coach.post(t, path, v)
		if body := mainText(t, res.doc(t)); res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "Recommendation to the sponsor is missing.") {
			t.Errorf("in English: status %d:\n%s", res.StatusCode, body)
		}
		coach.get(t, "/lang/de?next=/")

		// Saving the draft: 303; a form still at version 0 is stale: 409.
		v.Del("send")
		if res := coach.post(t, path, v); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving the draft: status %d, want 303:\n%s", res.StatusCode, mainText(t, res.doc(t)))
		}
		if res := coach.post(t, path, v); res.StatusCode != http.StatusConflict {
			t.Fatalf("saving from a stale form: status %d, want 409", res.StatusCode)
		}

		// The sponsor does not reach the draft, nor does another coach
		// reach the form.
		if res := sponsor.get(t, caseURL(id)+"/final-report/print"); res.StatusCode != http.StatusNotFound {
			t.Errorf("the sponsor reading the draft: status %d, want 404", res.StatusCode)
		}
		other := ts.signIn(t, ts.otherCoach(t, d.Case.LocationID).Username)
		if res := other.get(t, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("another location's coach: status %d, want 404", res.StatusCode)
		}
		if res := other.post(t, path, v); res.StatusCode != http.StatusNotFound {
			t.Errorf("another location's coach saving: status %d, want 404", res.StatusCode)
		}
		if res := sponsor.get(t, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("the sponsor opening the form: status %d, want 404", res.StatusCode)
		}

		// Sending from the current form.
		v = formValues(t, coach.get(t, path).doc(t))
		if v.Get("report_version") != "1" || v.Get("course") != "Regelmäßig und pünktlich." {
			t.Fatalf("the draft's form: %v", v)
		}
		v.Set("recommendation", "Weitere Begleitung durch den Integrationsfachdienst.")
		v.Set("send", "1")
		if res := coach.post(t, path, v); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sending: status %d, want 303:\n%s", res.StatusCode, mainText(t, res.doc(t)))
		}
		if res := coach.post(t, path, v); res.StatusCode != http.StatusConflict {
			t.Errorf("sending twice: status %d, want 409", res.StatusCode)
		}

		// The sponsor reads version 1 from the case page and takes note.
		print := finalReportURL(id, 1)
		if find(sponsor.get(t, caseURL(id)).doc(t), tagWith("a", "href", print)) == nil {
			t.Fatalf("the sponsor's case page does not list version 1")
		}
		body := mainText(t, sponsor.get(t, print).doc(t))
		for _, want := range []string{"Abschlussbericht", "Weitere Begleitung durch den Integrationsfachdienst.", "Version 1, gesendet am"} {
			if !strings.Contains(body, want) {
				t.Errorf("the printed report lacks %q:\n%s", want, body)
			}
		}
		var msg int64
		for _, m := range ts.caseDetail(t, sa, id).Messages {
			if m.Kind == teilhabe.MsgFinalReport {
				msg = m.ID
			}
		}
		action := caseURL(id) + "/notices/" + itoa(int(msg)) + "/acknowledge"
		if find(sponsor.get(t, "/inbox").doc(t), tagWith("form", "action", action)) == nil {
			t.Fatalf("the sponsor's inbox has no form to take note of the final report %d", msg)
		}
		if res := sponsor.post(t, action, map[string][]string{"return": {"inbox"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("taking note: status %d, want 303", res.StatusCode)
		}

		// A correction starts from version 1 and is sent as version 2.
		v = formValues(t, coach.get(t, path).doc(t))
		if v.Get("report_number") != "2" || v.Get("recommendation") == "" {
			t.Fatalf("the correction's form: %v", v)
		}
		v.Set("send", "1")
		if res := coach.post(t, path, v); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sending the correction: status %d, want 303", res.StatusCode)
		}
		if body := mainText(t, sponsor.get(t, finalReportURL(id, 2)).doc(t)); !strings.Contains(body, "Diese Version berichtigt Version 1.") {
			t.Errorf("version 2 does not say it corrects version 1:\n%s", body)
		}
	})
}

// TestDemoFinalReports: the demo shows the final report in every state,
// so the pages render each: due, a draft only, sent and waiting for the
// sponsor, taken note of, and corrected as version 2.
func TestDemoFinalReports(t *testing.T) {
	ts := newTestServer(t, "sqlite")
	users, err := ts.db.FindUsers(context.Background(), teilhabe.Actor{Role: teilhabe.RoleAdmin, Username: "admin"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, u := range users {
		if u.Role != teilhabe.RoleProviderLead {
			continue
		}
		for _, item := range ts.findCases(t, u.Actor(), sqldb.CaseFilter{Stage: teilhabe.StageExited, Closed: true}) {
			d := ts.caseDetail(t, u.Actor(), item.ID)
			switch latest := sqldb.LatestReport(d.FinalReports); {
			case len(d.FinalReports) == 0:
				seen["due"]++
			case latest == nil:
				seen["draft only"]++
			case latest.Number == 2:
				seen["corrected"]++
			}
			for _, m := range d.Messages {
				if m.Kind == teilhabe.MsgFinalReport && m.AwaitsNote() {
					seen["waiting"]++
				} else if m.Kind == teilhabe.MsgFinalReport {
					seen["noted"]++
				}
			}
		}
	}
	for _, state := range []string{"due", "draft only", "corrected", "waiting", "noted"} {
		if seen[state] == 0 {
			t.Errorf("the demo has no final report %s: %v", state, seen)
		}
	}
}
