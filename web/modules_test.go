package web

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"teilhabe"
	"teilhabe/sqldb"
)

// runningModule returns a case in coaching in a's scope with a module that
// has not ended, from the demo.
func (ts *testServer) runningModule(t testing.TB, a teilhabe.Actor) (int64, teilhabe.CaseModule) {
	t.Helper()
	for _, it := range ts.findCases(t, a, sqldb.CaseFilter{Stage: teilhabe.StageActive}) {
		for _, m := range ts.caseDetail(t, a, it.ID).Modules {
			if !m.Status.Ended() {
				return it.ID, m
			}
		}
	}
	t.Fatalf("the demo has no running module for %s", a.Username)
	return 0, teilhabe.CaseModule{}
}

// moduleOf returns module id of case caseID as a sees it.
func (ts *testServer) moduleOf(t testing.TB, a teilhabe.Actor, caseID, id int64) teilhabe.CaseModule {
	t.Helper()
	for _, m := range ts.caseDetail(t, a, caseID).Modules {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("case %d has no module %d", caseID, id)
	return teilhabe.CaseModule{}
}

// TestModuleForm: recording a module's progress explains bad input (422),
// keeps the user's input when someone saved the module meanwhile (409),
// and reaches only the modules of the case, for provider staff only.
func TestModuleForm(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		lead := ts.signIn(t, "traegerleitung")
		a := coach.user(t).Actor()
		id, m := ts.runningModule(t, a)
		path := caseURL(id) + "/modules/" + strconv.FormatInt(m.ID, 10)

		mine := formValues(t, coach.get(t, path).doc(t))
		bad := formValues(t, coach.get(t, path).doc(t))
		bad.Set("status", "completed")
		bad.Set("result", "")
		bad.Set("certificate_on", teilhabe.FormatDate(m.Start.AddDate(0, 0, -1)))
		res := coach.post(t, path, bad)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("POST with a certificate before the start: status %d, want 422\n%s", res.StatusCode, res.text())
		}
		doc := res.doc(t)
		checkPage(t, "POST "+path, doc, "de")
		checkProblems(t, doc)
		body := mainText(t, doc)
		for _, want := range []string{"Ergebnis", "Bescheinigung vom: Die Bescheinigung kann nicht vor dem Beginn"} {
			if !strings.Contains(body, want) {
				t.Errorf("the 422 page does not say %q:\n%s", want, body)
			}
		}
		if got := ts.moduleOf(t, a, id, m.ID); got.Version != m.Version || got.Status != m.Status {
			t.Fatalf("the rejected form changed the module: %+v", got)
		}

		// The lead records a session plan change meanwhile.
		theirs := formValues(t, lead.get(t, path).doc(t))
		theirs.Set("outcome_note", "Läuft gut.")
		if res := lead.post(t, path, theirs); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("the lead's update: status %d, want 303\n%s", res.StatusCode, res.text())
		}
		mine.Set("outcome_note", "Teilnahme regelmäßig.")
		res = coach.post(t, path, mine)
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("stale submit: status %d, want 409", res.StatusCode)
		}
		doc = res.doc(t)
		checkPage(t, "stale module form", doc, "de")
		if find(doc, tagWith("", "role", "alert")) == nil {
			t.Fatal("the stale form has no alert")
		}
		checkKept(t, doc, map[string]string{"outcome_note": "Teilnahme regelmäßig.", "module_version": strconv.Itoa(m.Version + 1)})
		if res := coach.post(t, path, formValues(t, doc)); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit again: status %d, want 303\n%s", res.StatusCode, res.text())
		}
		if got := ts.moduleOf(t, a, id, m.ID); got.OutcomeNote != "Teilnahme regelmäßig." || got.Version != m.Version+2 {
			t.Errorf("after submitting again: %+v", got)
		}

		// Another case's module, a malformed id, the sponsor: not found.
		var other int64
		for _, it := range ts.findCases(t, a, sqldb.CaseFilter{Stage: teilhabe.StageActive}) {
			if it.ID != id && len(ts.caseDetail(t, a, it.ID).Modules) > 0 {
				other = ts.caseDetail(t, a, it.ID).Modules[0].ID
				break
			}
		}
		agentur := ts.signIn(t, "agentur")
		for _, tc := range []struct {
			c    *client
			path string
		}{
			{coach, caseURL(id) + "/modules/" + strconv.FormatInt(other, 10)},
			{coach, caseURL(id) + "/modules/abc"},
			{agentur, path},
		} {
			if res := tc.c.get(t, tc.path); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", tc.path, res.StatusCode)
			}
			if res := tc.c.post(t, tc.path, mine); res.StatusCode != http.StatusNotFound {
				t.Errorf("POST %s: status %d, want 404", tc.path, res.StatusCode)
			}
		}
	})
}

// TestModulesOnTheCasePage: the coach sees each module with its actions,
// among them the booking of a session; the sponsor's caseworker sees the
// modules without any.
func TestModulesOnTheCasePage(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		agentur := ts.signIn(t, "agentur")
		a := agentur.user(t).Actor()
		id, m := ts.runningModule(t, a)
		doc := agentur.get(t, caseURL(id)).doc(t)
		section := byID(doc, "h-modules")
		if section == nil || !strings.Contains(text(section.Parent), m.Name) {
			t.Fatalf("the sponsor's case page shows no module %s", m.Name)
		}
		for _, href := range links(section.Parent) {
			t.Errorf("the sponsor's module section links to %s", href)
		}

		d := ts.caseDetail(t, a, id)
		coach := ts.coachOf(t, d.Case.LocationID)
		c := ts.signIn(t, coach.Username)
		doc = c.get(t, caseURL(id)).doc(t)
		want := map[string]bool{
			caseURL(id) + "/modules/" + strconv.FormatInt(m.ID, 10):                                     false,
			caseURL(id) + "/book-appointment?kind=module_session&module=" + strconv.FormatInt(m.ID, 10): false,
		}
		for _, href := range links(byID(doc, "h-modules").Parent) {
			if _, ok := want[href]; ok {
				want[href] = true
			}
		}
		for href, found := range want {
			if !found {
				t.Errorf("the coach's module section does not link to %s", href)
			}
		}
	})
}

// TestModuleSessionBookingForm: the booking form names the session's
// module in a field of its own; a module session without a module, or a
// module for another kind, is explained on that field and books nothing.
func TestModuleSessionBookingForm(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		a := ts.signIn(t, "agentur").user(t).Actor()
		id, m := ts.runningModule(t, a)
		d := ts.caseDetail(t, a, id)
		c := ts.signIn(t, ts.coachOf(t, d.Case.LocationID).Username)
		path := caseURL(id) + "/book-appointment"
		doc := c.get(t, path+"?kind=module_session&module="+strconv.FormatInt(m.ID, 10)).doc(t)
		sel := byID(doc, "module")
		if sel == nil || !is(sel, "select") {
			t.Fatal("the booking form has no select #module")
		}
		var chosen string
		for _, o := range elements(sel, "option") {
			if _, ok := attr(o, "selected"); ok {
				chosen = text(o)
			}
		}
		if !strings.HasPrefix(chosen, m.Name) {
			t.Errorf("the chosen module is %q, want %s", chosen, m.Name)
		}
		before := len(d.Appointments)
		for _, tc := range []struct{ kind, module, msg string }{
			{"module_session", "", "Modul des Termins: Bitte eine der angebotenen Möglichkeiten wählen"},
			{"coaching", strconv.FormatInt(m.ID, 10), "Ein Modul gehört nur zu einem Termin der Art „Modultermin“"},
		} {
			v := formValues(t, doc)
			v.Set("kind", tc.kind)
			v.Set("module", tc.module)
			res := c.post(t, path, v)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("kind %s, module %q: status %d, want 422", tc.kind, tc.module, res.StatusCode)
			}
			page := res.doc(t)
			checkProblems(t, page)
			if body := mainText(t, page); !strings.Contains(body, tc.msg) {
				t.Errorf("kind %s, module %q: the page does not say %q:\n%s", tc.kind, tc.module, tc.msg, body)
			}
		}
		if n := len(ts.caseDetail(t, a, id).Appointments); n != before {
			t.Errorf("%d appointments after rejected bookings, want %d", n, before)
		}
	})
}

// TestBookModuleStep: booking a module saves it once; a work trial that is
// too long is explained and saves nothing.
func TestBookModuleStep(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		a := coach.user(t).Actor()
		id := ts.caseIn(t, a, teilhabe.StageActive)
		path := caseURL(id) + "/book-module"
		before := len(ts.caseDetail(t, a, id).Modules)
		catalogue, err := ts.db.FindModuleCatalogue(t.Context(), a, a.ProgrammeID)
		if err != nil {
			t.Fatal(err)
		}
		var trial, training int64
		for _, m := range catalogue {
			switch m.Kind {
			case teilhabe.ModuleWorkTrial:
				trial = m.ID
			case teilhabe.ModuleApplicationTraining:
				training = m.ID
			}
		}
		v := formValues(t, coach.get(t, path).doc(t))
		v.Set("module", strconv.FormatInt(trial, 10))
		v.Set("start", "01.12.2026")
		v.Set("end", "31.03.2027")
		v.Set("external_name", "Bäckerei Weber")
		res := coach.post(t, path, v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a work trial of four months: status %d, want 422", res.StatusCode)
		}
		doc := res.doc(t)
		checkProblems(t, doc)
		if body := mainText(t, doc); !strings.Contains(body, "Geplantes Ende: Eine Arbeitserprobung dauert höchstens 12 Wochen") {
			t.Errorf("the 422 page does not name the rule:\n%s", body)
		}
		if n := len(ts.caseDetail(t, a, id).Modules); n != before {
			t.Fatalf("%d modules after the rejected booking, want %d", n, before)
		}
		v.Set("module", strconv.FormatInt(training, 10))
		v.Set("end", "31.01.2027")
		if res := coach.post(t, path, v); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("booking: status %d, want 303\n%s", res.StatusCode, res.text())
		}
		if n := len(ts.caseDetail(t, a, id).Modules); n != before+1 {
			t.Errorf("%d modules after the booking, want %d", n, before+1)
		}
	})
}

// TestModuleCatalogueForms: the coordinator adds and edits the catalogue's
// modules, with 422 and 409 like every form; coaches and caseworkers do not
// reach it.
func TestModuleCatalogueForms(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coord := ts.signIn(t, "koordination")
		prog := strconv.FormatInt(coord.user(t).ProgrammeID, 10)
		list := "/programmes/" + prog + "/modules"
		v := formValues(t, coord.get(t, list+"/new").doc(t))
		v.Set("sessions", "viele")
		res := coord.post(t, list, v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("POST an empty module: status %d, want 422", res.StatusCode)
		}
		checkProblems(t, res.doc(t))
		v.Set("name", "Gabelstaplerschein")
		v.Set("kind", "personal_qualification")
		v.Set("sessions", "5")
		if res := coord.post(t, list, v); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != list {
			t.Fatalf("POST a module: status %d, Location %q; want 303 to %s", res.StatusCode, res.Header.Get("Location"), list)
		}
		doc := coord.get(t, list).doc(t)
		var edit string
		for _, href := range links(find(doc, tagged("main"))) {
			if strings.HasSuffix(href, "/edit") {
				edit = href
			}
		}
		if !strings.Contains(text(doc), "Gabelstaplerschein") || edit == "" {
			t.Fatal("the catalogue shows no new module to edit")
		}
		mine := formValues(t, coord.get(t, edit).doc(t))
		theirs := formValues(t, coord.get(t, edit).doc(t))
		theirs.Set("hours", "12")
		if res := coord.post(t, edit, theirs); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("first edit: status %d, want 303", res.StatusCode)
		}
		mine.Del("active")
		if res := coord.post(t, edit, mine); res.StatusCode != http.StatusConflict {
			t.Fatalf("stale edit: status %d, want 409", res.StatusCode)
		}
		for _, who := range []string{"coach", "agentur", "traegerleitung"} {
			c := ts.signIn(t, who)
			for _, path := range []string{list, list + "/new", edit} {
				if res := c.get(t, path); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s GET %s: status %d, want 404", who, path, res.StatusCode)
				}
			}
		}
	})
}
