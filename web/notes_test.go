package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"teilhabe"
	"teilhabe/sqldb"
)

// noteForm is the form of an internal phone note of today with text.
func noteForm(version, text string) url.Values {
	return url.Values{"version": {version}, "contact_on": {teilhabe.FormatDate(teilhabe.Today(testNow))},
		"channel": {"phone"}, "visibility": {"internal"}, "text": {text}}
}

// coachingCaseOf returns a case in coaching of the coach that a demo
// sponsor caseworker reads, with that caseworker's client.
func coachingCaseOf(t *testing.T, ts *testServer, coach *client) (int64, *client) {
	t.Helper()
	a := coach.user(t).Actor()
	sponsors := map[int64]string{}
	for _, name := range []string{"agentur", "jobcenter"} {
		sponsors[ts.actor(t, name).OrgID] = name
	}
	for _, it := range ts.findCases(t, a, sqldb.CaseFilter{Stage: teilhabe.StageActive}) {
		c := ts.caseDetail(t, a, it.ID).Case
		if name, ok := sponsors[c.SponsorID]; ok {
			return c.ID, ts.signIn(t, name)
		}
	}
	t.Fatal("the demo has no case in coaching of the coach with a demo sponsor")
	return 0, nil
}

// TestContactNotePages checks the note form, the correction with its
// history, and that the sponsor's caseworker reaches no internal note by
// any page: the case page, the timeline, the history, the forms.
func TestContactNotePages(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		a := coach.user(t).Actor()
		id, sponsor := coachingCaseOf(t, ts, coach)
		version := strconv.Itoa(ts.caseDetail(t, a, id).Case.Version)

		bad := noteForm(version, "Ohne Art.")
		bad.Del("channel")
		res := coach.post(t, caseURL(id)+"/note", bad)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.text(), "Art des Kontakts") {
			t.Fatalf("a note without its channel: status %d, want 422 naming the field", res.StatusCode)
		}
		checkPage(t, "note form with problems", res.doc(t), "de")
		internal, shared := "Intern: Arztbrief liegt vor.", "Geteilt: Praktikum ab Montag."
		if res := coach.post(t, caseURL(id)+"/note", noteForm(version, internal)); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST an internal note: status %d", res.StatusCode)
		}
		form := noteForm(version, shared)
		form.Set("visibility", "shared")
		if res := coach.post(t, caseURL(id)+"/note", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST a shared note: status %d", res.StatusCode)
		}
		var internalID, sharedID int64
		for _, n := range ts.caseDetail(t, a, id).Notes {
			switch n.Text {
			case internal:
				internalID = n.ID
			case shared:
				sharedID = n.ID
			}
		}
		if internalID == 0 || sharedID == 0 {
			t.Fatal("the notes are not on the case")
		}
		page := coach.get(t, caseURL(id))
		notes := text(byID(page.doc(t), "h-notes").Parent)
		if !strings.Contains(notes, internal) || !strings.Contains(notes, shared) || !strings.Contains(notes, "Intern (nur Träger)") {
			t.Errorf("the coach's notes section: %q", notes)
		}

		// The sponsor's caseworker: the shared note only, everywhere.
		page = sponsor.get(t, caseURL(id))
		if page.StatusCode != http.StatusOK {
			t.Fatalf("the sponsor's case page: status %d", page.StatusCode)
		}
		if body := page.text(); strings.Contains(body, internal) || !strings.Contains(body, shared) {
			t.Errorf("DATA PROTECTION: the sponsor's case page shows the internal note or misses the shared one")
		}
		for _, path := range []string{noteURL(id, internalID), noteURL(id, internalID) + "/correct", noteURL(id, sharedID) + "/correct",
			caseURL(id) + "/note"} {
			if res := sponsor.get(t, path); res.StatusCode != http.StatusNotFound || strings.Contains(res.text(), internal) {
				t.Errorf("the sponsor GET %s: status %d, want 404", path, res.StatusCode)
			}
		}
		fix := url.Values{"version": {"1"}, "contact_on": {teilhabe.FormatDate(teilhabe.Today(testNow))}, "channel": {"email"},
			"text": {"Vom Projektträger geändert."}}
		if res := sponsor.post(t, noteURL(id, sharedID)+"/correct", fix); res.StatusCode != http.StatusNotFound {
			t.Errorf("the sponsor POST a correction: status %d, want 404", res.StatusCode)
		}
		res = sponsor.get(t, noteURL(id, sharedID))
		if res.StatusCode != http.StatusOK || !strings.Contains(res.text(), shared) {
			t.Errorf("the sponsor's history of the shared note: status %d", res.StatusCode)
		}
		if got := ts.auditOf(t, res); !slices.Equal(got, []string{"case.note_history_viewed"}) {
			t.Errorf("the history: audit %v, want [case.note_history_viewed]", got)
		}
		checkPage(t, "note history", res.doc(t), "de")

		// The correction: stale with the note's old version, then saved.
		path := noteURL(id, sharedID) + "/correct"
		mine := formValues(t, coach.get(t, path).doc(t))
		theirs := formValues(t, coach.get(t, path).doc(t))
		theirs.Set("text", "Geteilt: Praktikum ab Dienstag.")
		if res := coach.post(t, path, theirs); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("the first correction: status %d\n%s", res.StatusCode, res.text())
		}
		mine.Set("text", "Geteilt: Praktikum ab Mittwoch.")
		res = coach.post(t, path, mine)
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("a stale correction: status %d, want 409", res.StatusCode)
		}
		checkPage(t, "stale correction", res.doc(t), "de")
		again := formValues(t, res.doc(t))
		if again.Get("text") != "Geteilt: Praktikum ab Mittwoch." {
			t.Errorf("the stale form does not keep the text: %q", again.Get("text"))
		}
		empty := formValues(t, res.doc(t))
		empty.Set("text", " ")
		if res := coach.post(t, path, empty); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("an empty correction: status %d, want 422", res.StatusCode)
		}
		if res := coach.post(t, path, again); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("the correction sent again: status %d\n%s", res.StatusCode, res.text())
		}
		h := coach.get(t, noteURL(id, sharedID)).text()
		for _, want := range []string{"Geteilt: Praktikum ab Mittwoch.", "Geteilt: Praktikum ab Dienstag.", shared} {
			if !strings.Contains(h, want) {
				t.Errorf("the history misses %q", want)
			}
		}
		if body := sponsor.get(t, caseURL(id)).text(); !strings.Contains(body, "berichtigt") {
			t.Error("the sponsor's case page does not mark the corrected note")
		}
	})
}
