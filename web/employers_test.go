package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"teilhabe"
	"teilhabe/sqldb"
)

// TestEmployerRegister: a coach adds an employer; a likely duplicate is
// explained with a checkbox to keep both; bad input names its field and
// saves nothing; another provider's staff and a sponsor's caseworker
// cannot reach the employer.
func TestEmployerRegister(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		form := url.Values{"name": {"Bäckerei Weber"}, "city": {"Trier"}, "sector": {"crafts"}, "version": {"0"}}
		res := coach.post(t, "/employers", form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a second Bäckerei Weber: status %d, want 422", res.StatusCode)
		}
		doc := res.doc(t)
		checkProblems(t, doc)
		if body := mainText(t, doc); !strings.Contains(body, "schon einen Arbeitgeber mit diesem Namen: Bäckerei Weber GmbH, Trier") {
			t.Errorf("the warning does not name the existing employer:\n%s", body)
		}
		if byID(doc, "confirm_duplicate") == nil {
			t.Fatal("the warned form offers no confirm_duplicate checkbox")
		}
		form.Set("confirm_duplicate", "on")
		res = coach.post(t, "/employers", form)
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/employers/") {
			t.Fatalf("confirmed: status %d to %q, want 303 to the employer", res.StatusCode, res.Header.Get("Location"))
		}
		page := res.Header.Get("Location")

		bad := url.Values{"name": {""}, "city": {"Trier"}, "sector": {"crafts"}, "workplaces": {"10"}, "disabled": {"11"}, "version": {"0"}}
		res = coach.post(t, "/employers", bad)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("no name: status %d, want 422", res.StatusCode)
		}
		body := mainText(t, res.doc(t))
		for _, want := range []string{"Name des Arbeitgebers fehlt", "Beschäftigte schwerbehinderte Menschen: Es können nicht mehr"} {
			if !strings.Contains(body, want) {
				t.Errorf("the 422 page lacks %q:\n%s", want, body)
			}
		}

		// A contact without a name is refused on the employer's page.
		res = coach.post(t, page+"/contacts", url.Values{"contact_email": {"x@example.org"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(mainText(t, res.doc(t)), "Name fehlt") {
			t.Errorf("a contact without a name: status %d, want 422 naming the field", res.StatusCode)
		}

		for _, who := range []string{"leitung.bs", "agentur"} {
			if res := ts.signIn(t, who).get(t, page); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s opens another provider's employer: status %d, want 404", who, res.StatusCode)
			}
		}
		if res := ts.signIn(t, "traegerleitung").get(t, page); res.StatusCode != http.StatusOK {
			t.Errorf("the provider's lead: status %d, want 200", res.StatusCode)
		}
	})
}

// TestProspectStep: without a release from confidentiality the form says
// so and refuses a prospect at an employer, naming it; "no prospect"
// goes through; the case page shows the state.
func TestProspectStep(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		a := coach.user(t).Actor()
		var id int64
		for _, it := range ts.findCases(t, a, sqldb.CaseFilter{Stage: teilhabe.StageActive}) {
			d := ts.caseDetail(t, a, it.ID)
			if !teilhabe.EmployerConsent(d.Consents, "Moselland Logistik GmbH & Co. KG", ts.db.Today()) {
				id = it.ID
				break
			}
		}
		if id == 0 {
			t.Fatal("no demo case in coaching without a release towards employers")
		}
		path := caseURL(id) + "/prospect"
		doc := coach.get(t, path).doc(t)
		if !strings.Contains(mainText(t, doc), "keine gültige Schweigepflichtentbindung") {
			t.Error("the form does not say that the release is missing")
		}
		var moselland string
		for _, o := range elements(byID(doc, "employer"), "option") {
			if strings.HasPrefix(text(o), "Moselland Logistik") {
				moselland = attrOf(o, "value")
			}
		}
		v := formValues(t, doc)
		v.Set("kind", "job_offer")
		v.Set("employer", moselland)
		res := coach.post(t, path, v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a prospect without a release: status %d, want 422", res.StatusCode)
		}
		page := res.doc(t)
		checkProblems(t, page)
		if body := mainText(t, page); !strings.Contains(body, "Für Moselland Logistik GmbH & Co. KG liegt keine gültige Schweigepflichtentbindung vor") {
			t.Errorf("the refusal does not name the employer:\n%s", body)
		}
		v.Set("kind", "none")
		v.Set("employer", "")
		if res := coach.post(t, path, v); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("no prospect: status %d, want 303", res.StatusCode)
		}
		if body := text(byID(coach.get(t, caseURL(id)).doc(t), "h-progress").Parent); !strings.Contains(body, "keine (festgestellt am") {
			t.Errorf("the case page does not show that there is no prospect:\n%s", body)
		}
	})
}

// TestPlacementStep: a placement with a subsidy beyond the law's limit is
// explained on its field; a workshop place needs no employer; the case
// page says whether the person is placed, the sponsor's too.
func TestPlacementStep(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		sponsor := ts.signIn(t, "agentur")
		id := ts.caseIn(t, sponsor.user(t).Actor(), teilhabe.StageActive)
		d := ts.caseDetail(t, sponsor.user(t).Actor(), id)
		coach := ts.signIn(t, ts.coachOf(t, d.Case.LocationID).Username)
		path := caseURL(id) + "/placement"
		v := formValues(t, coach.get(t, path).doc(t))
		v.Set("kind", "sheltered_workshop")
		v.Set("start", teilhabe.FormatDate(ts.db.Today()))
		v.Set("subsidy", "egz")
		v.Set("subsidy_percent", "60")
		res := coach.post(t, path, v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a subsidy for a workshop place: status %d, want 422", res.StatusCode)
		}
		doc := res.doc(t)
		checkProblems(t, doc)
		if body := mainText(t, doc); !strings.Contains(body, "Förderung des Arbeitgebers: Eine Förderung des Arbeitgebers gibt es nur") {
			t.Errorf("the 422 page does not name the rule:\n%s", body)
		}
		v.Set("subsidy", "none")
		v.Set("subsidy_percent", "")
		if res := coach.post(t, path, v); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("a workshop place: status %d, want 303", res.StatusCode)
		}
		// A workshop place is no integration: the summary says placed only
		// if the demo had placed the person before.
		d = ts.caseDetail(t, sponsor.user(t).Actor(), id)
		g := teilhabe.CaseGoal(d.Case, d.Prospects, d.Placements, ts.db.Today())
		want := "Vermittelt nein"
		if !g.Placed.Start.IsZero() {
			want = "Vermittelt ja, ab " + teilhabe.FormatDate(g.Placed.Start)
		}
		if last := d.Placements[len(d.Placements)-1]; last.Kind != teilhabe.PlacementWorkshop || g.Placed.ID == last.ID {
			t.Fatalf("the last placement %+v is not the workshop place, or counts", last)
		}
		for who, c := range map[string]*client{"coach": coach, "sponsor": sponsor} {
			got := strings.Join(strings.Fields(text(byID(c.get(t, caseURL(id)).doc(t), "h-progress").Parent)), " ")
			if !strings.Contains(got, want) {
				t.Errorf("%s: the summary lacks %q:\n%s", who, want, got)
			}
		}
	})
}

// TestEmployerSearchTooLong: a search longer than any name is explained on
// its field, with the text kept in it.
func TestEmployerSearchTooLong(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		q := strings.Repeat("x", teilhabe.MaxName+1)
		res := ts.signIn(t, "coach").get(t, "/employers?q="+q)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", res.StatusCode)
		}
		doc := res.doc(t)
		checkProblems(t, doc)
		if in := byID(doc, "q"); in == nil || attrOf(in, "value") != q {
			t.Error("the search field lost the text searched for")
		}
	})
}
