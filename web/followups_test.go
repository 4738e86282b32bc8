package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"teilhabe"
)

// TestFollowUpSteps: a placement's follow-up stands on the case page with
// its next contact and its check; a contact before the job started is
// refused with the field named and changes nothing; a contact, the check
// and the end each go through their form; another location's coach gets
// 404; the sponsor sees the check but not the contacts.
func TestFollowUpSteps(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		ctx := context.Background()
		sponsor := ts.signIn(t, "agentur")
		id := ts.caseIn(t, sponsor.user(t).Actor(), teilhabe.StageActive)
		d := ts.caseDetail(t, sponsor.user(t).Actor(), id)
		coachActor := ts.coachOf(t, d.Case.LocationID)
		today := ts.db.Today()
		start := today.AddDate(0, -7, 0)
		if err := ts.db.AddConsent(ctx, coachActor, id, teilhabe.ConsentGiven{Scope: teilhabe.ConsentEmployer,
			GivenOn: start.AddDate(0, 0, -7)}); err != nil {
			t.Fatal(err)
		}
		emp, err := ts.db.CreateEmployer(ctx, coachActor, teilhabe.Employer{Name: "Weingut Follow GbR", City: "Trier",
			Sector: teilhabe.SectorLogistics}, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := ts.db.RecordPlacement(ctx, coachActor, id, teilhabe.Placement{Kind: teilhabe.PlacementPartTime,
			EmployerID: emp, JobTitle: "Helferin im Verkauf", Start: start, Hours: 20, Subsidy: teilhabe.SubsidyNone}); err != nil {
			t.Fatal(err)
		}
		followUp := func() teilhabe.FollowUp {
			t.Helper()
			for _, f := range ts.caseDetail(t, coachActor, id).FollowUps {
				if f.Placement.JobTitle == "Helferin im Verkauf" {
					return f
				}
			}
			t.Fatal("the placement has no follow-up")
			return teilhabe.FollowUp{}
		}
		pid := followUp().Placement.ID
		coach := ts.signIn(t, coachActor.Username)

		page := coach.get(t, caseURL(id)).doc(t)
		section := text(byID(page, "h-followups").Parent)
		for _, want := range []string{"Helferin im Verkauf", "läuft", "Nachhaltigkeit prüfen", "überfällig"} {
			if !strings.Contains(section, want) {
				t.Errorf("the follow-up section lacks %q:\n%s", want, section)
			}
		}

		path := caseURL(id) + "/followup?placement=" + itoa(int(pid))
		doc := coach.get(t, path).doc(t)
		if facts := text(byID(doc, "h-followup-facts").Parent); !strings.Contains(facts, "Weingut Follow GbR") {
			t.Errorf("the contact form does not name the employer:\n%s", facts)
		}
		v := formValues(t, doc)
		v.Set("on", teilhabe.FormatDate(start.AddDate(0, 0, -1)))
		v.Set("with", "employer")
		v.Set("mode", "workplace_visit")
		v.Set("crisis", "on")
		res := coach.post(t, path, v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a contact before the start: status %d, want 422", res.StatusCode)
		}
		doc = res.doc(t)
		checkProblems(t, doc)
		if body := mainText(t, doc); !strings.Contains(body, "vor dem Beginn der Beschäftigung") {
			t.Errorf("the 422 page does not name the problem:\n%s", body)
		}
		if n := len(followUp().Contacts); n != 0 {
			t.Fatalf("the refused contact was saved")
		}
		v.Set("on", teilhabe.FormatDate(today))
		v.Set("problem", "Überforderung in der Kassenschicht")
		v.Set("solution", "Einsatz im Lager vereinbart")
		if res := coach.post(t, path, v); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("a contact: status %d, want 303:\n%s", res.StatusCode, mainText(t, res.doc(t)))
		}
		name := "coach"
		if ts.actor(t, name).LocationID == d.Case.LocationID {
			name = "coach.daun"
		}
		other := ts.signIn(t, name)
		if res := other.get(t, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("another location's coach: status %d, want 404", res.StatusCode)
		}

		check := caseURL(id) + "/sustainability?placement=" + itoa(int(pid))
		v = formValues(t, coach.get(t, check).doc(t))
		v.Set("result", "yes")
		v.Set("source", "employer")
		if res := coach.post(t, check, v); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("the check: status %d, want 303:\n%s", res.StatusCode, mainText(t, res.doc(t)))
		}
		end := caseURL(id) + "/followup-end?placement=" + itoa(int(pid))
		v = formValues(t, coach.get(t, end).doc(t))
		v.Set("reason", "completed")
		if res := coach.post(t, end, v); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("the end: status %d, want 303:\n%s", res.StatusCode, mainText(t, res.doc(t)))
		}
		if res := coach.get(t, path); res.StatusCode != http.StatusConflict {
			t.Errorf("a contact after the end: status %d, want 409", res.StatusCode)
		}

		seen := text(byID(sponsor.get(t, caseURL(id)).doc(t), "h-followups").Parent)
		if !strings.Contains(seen, "besteht noch") || strings.Contains(seen, "Kassenschicht") {
			t.Errorf("the sponsor's follow-up section shows the contact or lacks the check:\n%s", seen)
		}
	})
}

// TestFollowUpHostileInput: garbage in every field of the follow-up and
// later-destination forms is a 4xx with the form, never a 500, and
// changes nothing.
func TestFollowUpHostileInput(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		sponsor := ts.signIn(t, "agentur")
		id := ts.caseIn(t, sponsor.user(t).Actor(), teilhabe.StageActive)
		d := ts.caseDetail(t, sponsor.user(t).Actor(), id)
		coach := ts.signIn(t, ts.coachOf(t, d.Case.LocationID).Username)
		before := len(ts.caseDetail(t, ts.coachOf(t, d.Case.LocationID), id).Events)
		garbage := map[string][]string{"version": {"x"}, "placement": {"-7", "abc"}, "on": {"32.13.2026"},
			"with": {"<script>"}, "mode": {"teleport"}, "crisis": {"on"}, "problem": {strings.Repeat("ü", 20000)},
			"solution": {"\u202e"}, "result": {"maybe"}, "source": {"'; DROP TABLE cases; --"}, "reason": {"exited"},
			"destination": {"mars"}, "note": {"\x00"}}
		for _, step := range []string{"followup", "sustainability", "followup-end", "later-destination"} {
			res := coach.post(t, caseURL(id)+"/"+step, garbage)
			if res.StatusCode < 400 || res.StatusCode >= 500 {
				t.Errorf("%s with garbage: status %d, want 4xx", step, res.StatusCode)
			}
		}
		if after := len(ts.caseDetail(t, ts.coachOf(t, d.Case.LocationID), id).Events); after != before {
			t.Errorf("garbage changed the case: %d events, before %d", after, before)
		}
	})
}
