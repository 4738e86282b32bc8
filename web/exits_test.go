package web

import (
	"net/http"
	"strings"
	"testing"

	"teilhabe"
)

// TestExitStep: the exit form states the case's facts and proposes the
// day and kind; a dropout without good cause and without confirmation is
// refused with both problems and changes nothing; a confirmed exit closes
// the case and the sponsor takes note of the notice from the inbox.
func TestExitStep(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		sponsor := ts.signIn(t, "agentur")
		id := ts.caseIn(t, sponsor.user(t).Actor(), teilhabe.StageActive)
		d := ts.caseDetail(t, sponsor.user(t).Actor(), id)
		coach := ts.signIn(t, ts.coachOf(t, d.Case.LocationID).Username)
		path := caseURL(id) + "/exit"
		doc := coach.get(t, path).doc(t)
		if facts := text(byID(doc, "h-exit-facts").Parent); !strings.Contains(facts, teilhabe.FormatDate(d.Case.AssignmentEnd)) {
			t.Errorf("the form does not state the assignment's end:\n%s", facts)
		}
		v := formValues(t, doc)
		if v.Get("on") == "" || v.Get("kind") == "" {
			t.Fatalf("the form proposes no day or kind: %v", v)
		}
		v.Set("reason", "dropped_out")
		v.Set("destination", "unknown")
		res := coach.post(t, path, v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a dropout without good cause: status %d, want 422", res.StatusCode)
		}
		doc = res.doc(t)
		checkProblems(t, doc)
		body := mainText(t, doc)
		for _, want := range []string{"Wichtiger Grund für den Abbruch: Bitte eine der angebotenen Möglichkeiten wählen", "Austritt bestätigen: Bitte bestätigen"} {
			if !strings.Contains(body, want) {
				t.Errorf("the 422 page lacks %q:\n%s", want, body)
			}
		}
		if c := ts.caseDetail(t, sponsor.user(t).Actor(), id).Case; c.Stage != teilhabe.StageActive {
			t.Fatalf("the refused exit moved the case to %s", c.Stage)
		}

		v.Set("good_cause", "unclear")
		v.Set("confirm", "on")
		if res := coach.post(t, path, v); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("a confirmed exit: status %d, want 303:\n%s", res.StatusCode, mainText(t, res.doc(t)))
		}
		if page := mainText(t, coach.get(t, caseURL(id)).doc(t)); !strings.Contains(page, "VerbleibUnbekannt") {
			t.Errorf("the case page does not show the destination:\n%s", page)
		}

		// The sponsor takes note in the inbox; the coach cannot.
		var msg int64
		for _, m := range ts.caseDetail(t, sponsor.user(t).Actor(), id).Messages {
			if m.Kind == teilhabe.MsgExit {
				msg = m.ID
			}
		}
		action := caseURL(id) + "/notices/" + itoa(int(msg)) + "/acknowledge"
		if find(sponsor.get(t, "/inbox").doc(t), tagWith("form", "action", action)) == nil {
			t.Fatalf("the sponsor's inbox has no form to take note of notice %d", msg)
		}
		if res := coach.post(t, action, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("the coach taking note: status %d, want 404", res.StatusCode)
		}
		if res := sponsor.post(t, action, map[string][]string{"return": {"inbox"}}); res.StatusCode != http.StatusSeeOther ||
			res.Header.Get("Location") != "/inbox" {
			t.Fatalf("taking note: status %d to %q, want 303 to the inbox", res.StatusCode, res.Header.Get("Location"))
		}
		if res := sponsor.post(t, action, nil); res.StatusCode != http.StatusConflict {
			t.Errorf("taking note twice: status %d, want 409", res.StatusCode)
		}
	})
}
