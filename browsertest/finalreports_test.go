package browsertest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"teilhabe/browsertest"
)

// TestFinalReportInTheBrowser writes and sends a final report with the
// keyboard: after an exit, the case page offers the report; the form is
// sent by focusing its button and pressing Enter, refused without a
// recommendation, then sent; the form, its problems, the case page and the
// printable report pass axe-core, and the sponsor reads the sent version.
func TestFinalReportInTheBrowser(t *testing.T) {
	coach := browsertest.NewBrowser(t) // skips without Chromium, before the build
	srv := browsertest.StartServer(t)

	browsertest.SignIn(t, coach, srv, "coach")
	// A case of the Agentur's, so that its caseworker reads the report.
	caseURL := ""
	for _, c := range casesInCoaching(t, coach, srv) {
		browsertest.Visit(t, coach, c)
		if strings.Contains(browsertest.Text(t, coach, "[aria-labelledby=h-responsible]"), "Agentur für Arbeit Trier") {
			caseURL = c
			break
		}
	}
	if caseURL == "" {
		t.Fatal("the coach has no case in coaching assigned by the Agentur")
	}
	browsertest.Visit(t, coach, caseURL+"/exit")
	browsertest.Click(t, coach, `input[name="reason"][value="moved"]`)
	browsertest.Click(t, coach, `input[name="destination"][value="unknown"]`)
	browsertest.Click(t, coach, `#confirm`)
	checkCasePage(t, coach, "coach: Fall nach dem Austritt", browsertest.Submit(t, coach, `main form button[type="submit"]`))
	if browsertest.Count(t, coach, `nav.actions a.button[href$="/final-report"]:not(.button--secondary)`) != 1 {
		t.Fatalf("the exited case does not offer the final report as the next step: %v", browsertest.Links(t, coach, "nav.actions"))
	}

	checkJourneyPage(t, coach, "coach: Abschlussbericht", browsertest.Visit(t, coach, caseURL+"/final-report"))
	browsertest.Fill(t, coach, "#course", "Regelmäßig teilgenommen, Termine meist pünktlich.")
	if st := pressEnter(t, coach, `main form button[name="send"]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("sending without a recommendation: status %d, want 422", st)
	}
	checkJourneyPage(t, coach, "coach: Abschlussbericht, Fehler", http.StatusUnprocessableEntity)
	if got := browsertest.Text(t, coach, "main [role=alert]"); !strings.Contains(got, "Empfehlung an den Leistungsträger") {
		t.Errorf("the error summary does not name the recommendation: %q", squash(got))
	}
	browsertest.Fill(t, coach, "#recommendation", "Weitere Begleitung durch den Integrationsfachdienst.")
	checkCasePage(t, coach, "coach: Fall mit gesendetem Abschlussbericht", pressEnter(t, coach, `main form button[name="send"]`))

	report := linkEndingIn(t, coach, "main", "/final-report/print?version=1")
	if report == "" {
		t.Fatal("the case page lists no version 1 of the final report")
	}
	checkJourneyPage(t, coach, "coach: Abschlussbericht, Druckansicht", browsertest.Visit(t, coach, report))
	if got := browsertest.Text(t, coach, "article"); !strings.Contains(got, "Weitere Begleitung durch den Integrationsfachdienst.") ||
		!strings.Contains(got, "Regelmäßig teilgenommen") {
		t.Errorf("the printed report lacks the coach's texts:\n%s", got)
	}

	// A correction starts from version 1 and is sent as version 2; its
	// page lists both versions.
	checkJourneyPage(t, coach, "coach: Abschlussbericht berichtigen", browsertest.Visit(t, coach, caseURL+"/final-report"))
	browsertest.Fill(t, coach, "#recommendation", "Weitere Begleitung durch den Integrationsfachdienst, ein Jahr lang.")
	checkCasePage(t, coach, "coach: Fall mit berichtigtem Abschlussbericht", pressEnter(t, coach, `main form button[name="send"]`))
	corrected := strings.TrimSuffix(report, "1") + "2"
	checkJourneyPage(t, coach, "coach: Abschlussbericht Version 2", browsertest.Visit(t, coach, corrected))
	if n := browsertest.Count(t, coach, "nav[aria-labelledby=h-report-versions] li"); n != 2 {
		t.Errorf("version 2's page lists %d versions, want 2", n)
	}

	sponsor := browsertest.NewBrowser(t)
	browsertest.SignIn(t, sponsor, srv, "agentur")
	checkJourneyPage(t, sponsor, "sponsor: Posteingang mit Abschlussbericht", browsertest.Visit(t, sponsor, srv.URL+"/inbox"))
	if browsertest.Count(t, sponsor, `main form[action*="/notices/"]`) == 0 {
		t.Error("the sponsor's inbox has no notice to take note of")
	}
	checkJourneyPage(t, sponsor, "sponsor: Abschlussbericht", browsertest.Visit(t, sponsor, corrected))
}

// pressEnter focuses the control selector finds, presses Enter as a
// keyboard user would, waits for the page and returns its HTTP status.
func pressEnter(t *testing.T, ctx context.Context, selector string) int {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(tctx, chromedp.Focus(chromedp.CSS(selector))); err != nil {
		t.Fatalf("focus %s: %v", selector, err)
	}
	resp, err := chromedp.RunResponse(tctx, chromedp.KeyEvent("\r"))
	if err != nil {
		t.Fatalf("Enter on %s: %v", selector, err)
	}
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}
