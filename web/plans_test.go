package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"teilhabe"
	"teilhabe/sqldb"
)

// TestPlanForms: a coach starts a new version of an agreed plan, the
// draft's forms explain bad input in the user's language (422) and change
// nothing, a form loaded before someone else saved the draft is stale
// (409), and the agreement freezes the version.
func TestPlanForms(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		a := coach.user(t).Actor()
		id := ts.caseWithPlan(t, a, func(d sqldb.CaseDetail) bool { return d.Plan != nil && d.Draft == nil })
		if id == 0 {
			t.Fatal("the demo has no case of the coach with an agreed plan and no draft")
		}
		agreed := *ts.caseDetail(t, a, id).Plan
		start := caseURL(id) + "/plan/start"
		res := coach.post(t, start, formValues(t, coach.get(t, start).doc(t)))
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != caseURL(id)+"/plan/draft" {
			t.Fatalf("POST %s: status %d, Location %q; want 303 to the draft", start, res.StatusCode, res.Header.Get("Location"))
		}
		draft := ts.caseDetail(t, a, id).Draft
		if draft == nil || draft.Number != agreed.Number+1 || len(draft.Goals) != len(agreed.Goals) {
			t.Fatalf("draft = %+v, want a copy of version %d", draft, agreed.Number)
		}
		if doc := coach.get(t, caseURL(id)+"/plan/draft").doc(t); !strings.Contains(mainText(t, doc), draft.Goals[0].Text) {
			t.Errorf("the draft page does not show the goal %q", draft.Goals[0].Text)
		}

		// 422: an empty goal; an agreement in the future with a review too late.
		goal := caseURL(id) + "/plan/goals/new"
		vals := formValues(t, coach.get(t, goal).doc(t))
		vals.Set("goal_text", " ")
		res = coach.post(t, goal, vals)
		wantExplained(t, res, "Ziel fehlt.")
		agree := caseURL(id) + "/plan/agree"
		vals = formValues(t, coach.get(t, agree).doc(t))
		today := ts.db.Today()
		vals.Set("coach_on", teilhabe.FormatDate(today.AddDate(0, 0, 1)))
		vals.Set("participant_on", "31.02.2026")
		vals.Set("review_on", teilhabe.FormatDate(today.AddDate(1, 0, 0)))
		res = coach.post(t, agree, vals)
		wantExplained(t, res, "Vereinbart vom Coach am: Das Datum liegt in der Zukunft.",
			"Vereinbart von der teilnehmenden Person am: Den 31.02.2026 gibt es nicht.")
		vals.Set("participant_on", teilhabe.FormatDate(today))
		vals.Set("coach_on", teilhabe.FormatDate(today))
		res = coach.post(t, agree, vals)
		wantExplained(t, res, "Nächste Überprüfung am: Die Überprüfung muss spätestens")
		coach.get(t, "/lang/en?next=/")
		vals.Set("coach_on", teilhabe.FormatDate(today.AddDate(0, 0, 1)))
		res = coach.post(t, agree, vals)
		wantExplained(t, res, "Agreed by the coach on: The date lies in the future.")
		vals.Set("coach_on", teilhabe.FormatDate(today))
		res = coach.post(t, agree, vals)
		wantExplained(t, res, "Next review on: The review must be at most")
		coach.get(t, "/lang/de?next=/")
		if now := ts.caseDetail(t, a, id).Draft; now == nil || now.Version != draft.Version {
			t.Fatalf("rejected forms changed the draft: %+v", now)
		}

		// 409: two goal forms loaded, the second submitted after the first.
		first := formValues(t, coach.get(t, goal).doc(t))
		second := formValues(t, coach.get(t, goal).doc(t))
		first.Set("goal_text", "Führerschein Klasse B")
		if res := coach.post(t, goal, first); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add a goal: status %d\n%s", res.StatusCode, res.text())
		}
		second.Set("goal_text", "Deutschkurs besuchen")
		res = coach.post(t, goal, second)
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("stale goal form: status %d, want 409", res.StatusCode)
		}
		doc := res.doc(t)
		checkPage(t, "stale goal form", doc, "de")
		checkKept(t, doc, map[string]string{"goal_text": "Deutschkurs besuchen", "plan_version": strconv.Itoa(draft.Version + 1)})

		// Agree: the version is frozen, its edit forms are gone.
		vals = formValues(t, coach.get(t, agree).doc(t))
		if res := coach.post(t, agree, vals); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("agree: status %d\n%s", res.StatusCode, mainText(t, res.doc(t)))
		}
		d := ts.caseDetail(t, a, id)
		if d.Draft != nil || d.Plan == nil || d.Plan.Number != draft.Number || len(d.Plan.Goals) != len(draft.Goals)+1 {
			t.Fatalf("after the agreement: plan %+v, draft %+v", d.Plan, d.Draft)
		}
		if res := coach.get(t, goal); res.StatusCode != http.StatusConflict {
			t.Errorf("GET %s without a draft: status %d, want 409", goal, res.StatusCode)
		}
		compare := coach.get(t, caseURL(id)+"/plan/compare")
		if body := mainText(t, compare.doc(t)); !strings.Contains(body, "neu") || !strings.Contains(body, "Führerschein Klasse B") {
			t.Errorf("the comparison does not mark the new goal:\n%s", body)
		}
	})
}

// wantExplained fails unless res is a 422 page that says each of want.
func wantExplained(t *testing.T, res *response, want ...string) {
	t.Helper()
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422\n%s", res.StatusCode, res.text())
	}
	doc := res.doc(t)
	checkProblems(t, doc)
	body := mainText(t, doc)
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("the 422 page does not say %q:\n%s", w, body)
		}
	}
}

// TestPlanSponsorSeesNoDraft: the sponsor's caseworker reads the agreed
// versions of a plan, never its draft, and cannot edit it.
func TestPlanSponsorSeesNoDraft(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		lead := ts.signIn(t, "traegerleitung")
		a := lead.user(t).Actor()
		sponsor := ts.signIn(t, "agentur")
		id := ts.caseWithPlan(t, sponsor.user(t).Actor(), func(d sqldb.CaseDetail) bool {
			return d.Plan != nil && d.Case.ProviderID == a.OrgID && ts.caseDetail(t, a, d.Case.ID).Draft == nil
		})
		if id == 0 {
			t.Fatal("the demo has no case of the lead and the Agentur with an agreed plan")
		}
		if _, err := ts.db.StartPlan(context.Background(), a, id); err != nil {
			t.Fatal(err)
		}
		d := ts.caseDetail(t, a, id)
		draft := strconv.Itoa(d.Draft.Number)
		for _, path := range []string{"/plan/draft", "/plan?version=" + draft, "/plan/print?version=" + draft,
			"/plan/compare?from=1&to=" + draft, "/plan/goals/new", "/plan/agree", "/plan/start"} {
			if res := sponsor.get(t, caseURL(id)+path); res.StatusCode != http.StatusNotFound {
				t.Errorf("sponsor GET %s: status %d, want 404", path, res.StatusCode)
			}
		}
		if res := sponsor.post(t, caseURL(id)+"/plan/goals/new", map[string][]string{"goal_text": {"x"}, "plan_version": {"1"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("sponsor POST a goal: status %d, want 404", res.StatusCode)
		}
		res := sponsor.get(t, caseURL(id)+"/plan")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("sponsor GET the plan: status %d", res.StatusCode)
		}
		doc := res.doc(t)
		body := mainText(t, doc)
		if !strings.Contains(body, d.Plan.Goals[0].Text) || strings.Contains(body, "Entwurf") {
			t.Errorf("the sponsor's plan page should show the agreed goals and no draft:\n%s", body)
		}
		for _, href := range links(doc) {
			if strings.Contains(href, "/plan/draft") || strings.Contains(href, "/plan/start") {
				t.Errorf("the sponsor's plan page links to %s", href)
			}
		}
		for _, href := range links(sponsor.get(t, caseURL(id)).doc(t)) {
			if strings.Contains(href, "/plan/draft") || strings.Contains(href, "/plan/agree") {
				t.Errorf("the sponsor's case page links to %s", href)
			}
		}
	})
}
