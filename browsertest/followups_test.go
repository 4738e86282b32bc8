package browsertest_test

import (
	"net/http"
	"strings"
	"testing"

	"teilhabe/browsertest"
)

// TestFollowUpInTheBrowser records a follow-up contact, ends follow-up and
// takes a six-month check by keyboard-reachable form controls: a crisis
// without its problem and a known result without its source are refused
// and named, then accepted; the case pages, the forms and the problem
// pages pass axe-core.
func TestFollowUpInTheBrowser(t *testing.T) {
	coach := browsertest.NewBrowser(t) // skips without Chromium, before the build
	srv := browsertest.StartServer(t)
	browsertest.SignIn(t, coach, srv, "coach")

	const contact = `a[href*="/followup?placement="]`
	var caseURL string
	for _, u := range casesInCoaching(t, coach, srv) {
		browsertest.Visit(t, coach, u)
		if browsertest.Count(t, coach, contact) > 0 {
			caseURL = u
			break
		}
	}
	if caseURL == "" {
		t.Fatal("no case of the coach's location in coaching has a follow-up running")
	}
	checkJourneyPage(t, coach, "coach: Fall mit Nachbetreuung", browsertest.Visit(t, coach, caseURL))
	form := browsertest.Links(t, coach, "#h-followups ~ nav")
	var link string
	for _, l := range form {
		if strings.Contains(l, "/followup?placement=") {
			link = l
		}
	}
	if link == "" {
		t.Fatalf("the follow-up section offers no contact: %v", form)
	}
	checkJourneyPage(t, coach, "coach: Nachbetreuungskontakt", browsertest.Visit(t, coach, link))
	browsertest.Click(t, coach, `input[name="with"][value="participant"]`)
	browsertest.Click(t, coach, `input[name="mode"][value="phone"]`)
	browsertest.Click(t, coach, `#crisis`)
	if st := browsertest.Submit(t, coach, `main form button[type="submit"]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("a crisis without its problem: status %d, want 422", st)
	}
	checkJourneyPage(t, coach, "coach: Nachbetreuungskontakt, Fehler", http.StatusUnprocessableEntity)
	if got := browsertest.Text(t, coach, "main"); !strings.Contains(got, "Was hat sich ergeben?") {
		t.Errorf("the problem page does not name the field:\n%s", squash(got))
	}
	browsertest.Fill(t, coach, `#problem`, "Angst vor der Probezeit-Beurteilung")
	browsertest.Fill(t, coach, `#solution`, "Gespräch mit der Ausbilderin vereinbart")
	checkJourneyPage(t, coach, "coach: Fall nach dem Kontakt", browsertest.Submit(t, coach, `main form button[type="submit"]`))
	if got := browsertest.Text(t, coach, "#h-followups ~ div"); !strings.Contains(got, "Angst vor der Probezeit-Beurteilung") {
		t.Errorf("the case page does not list the contact:\n%s", squash(got))
	}

	end := strings.Replace(link, "/followup?", "/followup-end?", 1)
	checkJourneyPage(t, coach, "coach: Nachbetreuung beenden", browsertest.Visit(t, coach, end))
	browsertest.Click(t, coach, `input[name="reason"][value="declined"]`)
	checkJourneyPage(t, coach, "coach: Fall nach dem Ende der Nachbetreuung", browsertest.Submit(t, coach, `main form button[type="submit"]`))
	if got := browsertest.Text(t, coach, "main"); !strings.Contains(got, "nicht mehr gewünscht") {
		t.Errorf("the case page does not show the end of follow-up:\n%s", squash(got))
	}

	// A job that began six months ago: its sustainability check.
	const check = `a[href*="/sustainability?placement="]`
	var checkURL string
	for _, u := range casesInCoaching(t, coach, srv) {
		browsertest.Visit(t, coach, u)
		if ls := browsertest.Links(t, coach, `section[aria-labelledby="h-followups"]`); browsertest.Count(t, coach, check) > 0 {
			for _, l := range ls {
				if strings.Contains(l, "/sustainability?placement=") {
					checkURL = l
				}
			}
			break
		}
	}
	if checkURL == "" {
		t.Fatal("no case of the coach's location in coaching has come to its six-month check")
	}
	checkJourneyPage(t, coach, "coach: Nachhaltigkeit prüfen", browsertest.Visit(t, coach, checkURL))
	browsertest.Click(t, coach, `input[name="result"][value="yes"]`)
	browsertest.Click(t, coach, `input[name="source"][value="none"]`)
	if st := browsertest.Submit(t, coach, `main form button[type="submit"]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("a known result without its source: status %d, want 422", st)
	}
	checkJourneyPage(t, coach, "coach: Nachhaltigkeit prüfen, Fehler", http.StatusUnprocessableEntity)
	browsertest.Click(t, coach, `input[name="source"][value="employer"]`)
	checkJourneyPage(t, coach, "coach: Fall nach der Prüfung", browsertest.Submit(t, coach, `main form button[type="submit"]`))
	if got := browsertest.Text(t, coach, `section[aria-labelledby="h-followups"]`); !strings.Contains(got, "besteht noch") {
		t.Errorf("the case page does not show the check's result:\n%s", squash(got))
	}
}
