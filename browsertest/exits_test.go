package browsertest_test

import (
	"net/http"
	"strings"
	"testing"

	"teilhabe/browsertest"
)

// TestExitInTheBrowser records an exit by keyboard-reachable form controls:
// refused without confirmation, then accepted; the form, its problems and
// the closed case page pass axe-core, and the sponsor's inbox with its
// notices does too.
func TestExitInTheBrowser(t *testing.T) {
	coach := browsertest.NewBrowser(t) // skips without Chromium, before the build
	srv := browsertest.StartServer(t)

	browsertest.SignIn(t, coach, srv, "coach")
	cases := casesInCoaching(t, coach, srv)
	caseURL := cases[len(cases)-1]
	checkJourneyPage(t, coach, "coach: Austritt", browsertest.Visit(t, coach, caseURL+"/exit"))
	browsertest.Click(t, coach, `input[name="reason"][value="moved"]`)
	browsertest.Click(t, coach, `input[name="destination"][value="unknown"]`)
	if st := browsertest.Submit(t, coach, `main form button[type="submit"]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("an exit without confirmation: status %d, want 422", st)
	}
	checkJourneyPage(t, coach, "coach: Austritt, Fehler", http.StatusUnprocessableEntity)
	browsertest.Click(t, coach, `#confirm`)
	checkJourneyPage(t, coach, "coach: Fall nach dem Austritt", browsertest.Submit(t, coach, `main form button[type="submit"]`))
	if got := browsertest.Text(t, coach, "main"); !strings.Contains(got, "Umzug oder Wechsel des Leistungsträgers") {
		t.Errorf("the closed case page does not name the exit reason:\n%s", got)
	}

	sponsor := browsertest.NewBrowser(t)
	browsertest.SignIn(t, sponsor, srv, "agentur")
	checkJourneyPage(t, sponsor, "sponsor: Posteingang mit Meldungen", browsertest.Visit(t, sponsor, srv.URL+"/inbox"))
}
