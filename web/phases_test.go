package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"teilhabe"
)

// TestPhasePages checks the phase step of a case in coaching (422, 409,
// success, the case list's column) and the programme's phases on its page
// (add, rename, move, refusals).
func TestPhasePages(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		a := coach.user(t).Actor()
		id, sponsor := coachingCaseOf(t, ts, coach)
		c := ts.caseDetail(t, a, id).Case
		if c.PhaseName == "" {
			t.Fatalf("case %d in coaching has no phase", id)
		}
		path := caseURL(id) + "/phase"
		if res := sponsor.get(t, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("the sponsor opens the phase step: status %d, want 404", res.StatusCode)
		}
		form := formValues(t, coach.get(t, path).doc(t))
		res := coach.post(t, path, form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.text(), "Neue Phase") {
			t.Fatalf("no phase chosen: status %d, want 422", res.StatusCode)
		}
		phases, err := ts.db.FindPhases(t.Context(), a, c.ProgrammeID)
		if err != nil {
			t.Fatal(err)
		}
		var next teilhabe.Phase
		for _, p := range phases {
			if !p.Retired && p.ID != c.PhaseID {
				next = p
				break
			}
		}
		form.Set("phase", strconv.FormatInt(next.ID, 10))
		stale := url.Values{}
		for k, v := range form {
			stale[k] = v
		}
		stale.Set("version", strconv.Itoa(c.Version-1))
		if res := coach.post(t, path, stale); res.StatusCode != http.StatusConflict {
			t.Errorf("a stale phase change: status %d, want 409", res.StatusCode)
		}
		if res := coach.post(t, path, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("the phase change: status %d\n%s", res.StatusCode, res.text())
		}
		if got := ts.caseDetail(t, a, id).Case; got.PhaseID != next.ID {
			t.Errorf("the case's phase is %q, want %q", got.PhaseName, next.Name)
		}
		list := coach.get(t, "/cases?stage=active")
		if !strings.Contains(list.text(), next.Name) {
			t.Errorf("the case list does not show the phase %q", next.Name)
		}

		// The programme's phases, for the coordinator.
		coord := ts.signIn(t, "koordination")
		prog := coord.get(t, "/programme")
		if !strings.Contains(prog.text(), "Orientierung und Profiling") {
			t.Fatal("the programme page does not list the phases")
		}
		checkPage(t, "programme with phases", prog.doc(t), "de")
		add := "/programmes/" + strconv.FormatInt(c.ProgrammeID, 10) + "/phases"
		if res := coach.post(t, add, url.Values{"name": {"Extra"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("the coach adds a phase: status %d, want 404", res.StatusCode)
		}
		res = coord.post(t, add, url.Values{"name": {""}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.text(), "Name der Phase") {
			t.Errorf("a phase without a name: status %d, want 422", res.StatusCode)
		}
		if res := coord.post(t, add, url.Values{"name": {"Übergang in Arbeit"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add a phase: status %d", res.StatusCode)
		}
		phases, _ = ts.db.FindPhases(t.Context(), a, c.ProgrammeID)
		last := phases[len(phases)-1]
		edit := add + "/" + strconv.FormatInt(last.ID, 10)
		if res := coord.get(t, edit); res.StatusCode != http.StatusOK {
			t.Errorf("the rename form: status %d", res.StatusCode)
		}
		if res := coord.post(t, edit, url.Values{"name": {"Alt"}, "version": {strconv.Itoa(last.Version + 1)}}); res.StatusCode != http.StatusConflict {
			t.Errorf("a stale rename: status %d, want 409", res.StatusCode)
		}
		if res := coord.post(t, edit+"/move", url.Values{"move": {"up"}, "version": {strconv.Itoa(last.Version)}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("move the phase up: status %d", res.StatusCode)
		}
		first := phases[0]
		res = coord.post(t, add+"/"+strconv.FormatInt(first.ID, 10)+"/move", url.Values{"move": {"delete"}, "version": {strconv.Itoa(first.Version)}})
		if res.StatusCode != http.StatusConflict {
			t.Errorf("delete a phase in use: status %d, want 409", res.StatusCode)
		}
		phases, _ = ts.db.FindPhases(t.Context(), a, c.ProgrammeID)
		if phases[len(phases)-2].Name != "Übergang in Arbeit" || phases[0].ID != first.ID {
			t.Errorf("phases after the changes: %+v", phases)
		}
	})
}
