package browsertest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"teilhabe/browsertest"
)

// TestModulesInTheBrowser: the programme coordinator adds a module to the
// catalogue; a coach books it for a participant in coaching from the case
// page and records it as completed with a certificate. Every page seen,
// validation pages included, is checked with axe-core.
func TestModulesInTheBrowser(t *testing.T) {
	coord := browsertest.NewBrowser(t) // skips without Chromium, before the build
	coach := browsertest.NewBrowser(t)
	srv := browsertest.StartServer(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(berlin)
	today, inAMonth := now.Format("02.01.2006"), now.AddDate(0, 1, 0).Format("02.01.2006")
	name := "Staplerschein " + randomSuffix()

	// The coordinator reaches the catalogue from the programme page.
	browsertest.SignIn(t, coord, srv, "koordination")
	browsertest.Visit(t, coord, srv.URL+"/programme")
	catalogue := linkEndingIn(t, coord, "main", "/modules")
	if catalogue == "" {
		t.Fatal("the programme page links to no module catalogue")
	}
	checkJourneyPage(t, coord, "koordination: Modulkatalog", browsertest.Visit(t, coord, catalogue))
	checkJourneyPage(t, coord, "koordination: Neues Modul", browsertest.Visit(t, coord, catalogue+"/new"))
	if st := browsertest.Submit(t, coord, `main button[type="submit"]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("an empty module: status %d, want 422", st)
	}
	checkJourneyPage(t, coord, "koordination: Neues Modul, Fehler", http.StatusUnprocessableEntity)
	browsertest.Fill(t, coord, "#name", name)
	browsertest.Click(t, coord, `input[name="kind"][value="personal_qualification"]`)
	browsertest.Fill(t, coord, "#sessions", "5")
	checkJourneyPage(t, coord, "koordination: Modulkatalog nach dem Speichern", browsertest.Submit(t, coord, `main button[type="submit"]`))
	if !strings.Contains(browsertest.Text(t, coord, "main"), name) {
		t.Fatalf("the catalogue does not list the new module %s", name)
	}

	// The coach books it on a case in coaching.
	browsertest.SignIn(t, coach, srv, "coach")
	caseURL := casesInCoaching(t, coach, srv)[0]
	checkJourneyPage(t, coach, "coach: Fall im Coaching", browsertest.Visit(t, coach, caseURL))
	book := linkEndingIn(t, coach, "nav.actions", "/book-module")
	if book == "" {
		t.Fatal("the case page in coaching offers no step Modul buchen")
	}
	checkJourneyPage(t, coach, "coach: Modul buchen", browsertest.Visit(t, coach, book))
	browsertest.Fill(t, coach, "#module", optionValue(t, coach, "#module", name))
	browsertest.Fill(t, coach, "#start", today)
	browsertest.Fill(t, coach, "#end", now.AddDate(0, 0, -1).Format("02.01.2006"))
	if st := browsertest.Submit(t, coach, `main button[type="submit"]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("an end before the start: status %d, want 422", st)
	}
	checkJourneyPage(t, coach, "coach: Modul buchen, Fehler", http.StatusUnprocessableEntity)
	if !strings.Contains(browsertest.Text(t, coach, "main"), "Das Ende muss nach dem Beginn liegen") {
		t.Error("the booking's validation page does not explain the end date")
	}
	browsertest.Fill(t, coach, "#end", inAMonth)
	checkJourneyPage(t, coach, "coach: Fall nach dem Buchen", browsertest.Submit(t, coach, `main button[type="submit"]`))
	if !strings.Contains(browsertest.Text(t, coach, "#h-modules + .table-wrap"), name) {
		t.Fatalf("the case page's modules do not list %s", name)
	}

	// It ran and is recorded as completed, with a certificate.
	var mine string
	for _, l := range browsertest.Links(t, coach, "#h-modules + .table-wrap") {
		if !strings.Contains(l, "/modules/") {
			continue
		}
		browsertest.Visit(t, coach, l)
		if strings.Contains(browsertest.Text(t, coach, "h1"), name) {
			mine = l
			break
		}
	}
	if mine == "" {
		t.Fatalf("no module form of %s among the links of the case page", name)
	}
	checkJourneyPage(t, coach, "coach: Modul fortschreiben", http.StatusOK)
	browsertest.Click(t, coach, `input[name="status"][value="completed"]`)
	browsertest.Click(t, coach, `input[name="result"][value="successful"]`)
	browsertest.Fill(t, coach, "#certificate_on", today)
	checkJourneyPage(t, coach, "coach: Fall nach dem Fortschreiben", browsertest.Submit(t, coach, `main button[type="submit"]`))
	modules := browsertest.Text(t, coach, "#h-modules + .table-wrap")
	if !strings.Contains(modules, "Abgeschlossen: Erfolgreich abgeschlossen") || !strings.Contains(modules, "Bescheinigung vom "+today) {
		t.Errorf("the case page's modules after recording:\n%s", modules)
	}
}

// casesInCoaching returns the links to the cases in coaching that the
// signed-in user's case list shows; the test fails if there is none.
func casesInCoaching(t *testing.T, ctx context.Context, srv *browsertest.Server) []string {
	t.Helper()
	browsertest.Visit(t, ctx, srv.URL+"/cases?stage=active")
	var cases []string
	for _, l := range browsertest.Links(t, ctx, "main") {
		if i := strings.Index(l, "/cases/"); i >= 0 && !strings.ContainsAny(l[i+len("/cases/"):], "/?") {
			cases = append(cases, l)
		}
	}
	if len(cases) == 0 {
		t.Fatal("the case list shows no case in coaching")
	}
	return cases
}

// linkEndingIn returns the last link within scope whose href ends in
// suffix, or "" when there is none.
func linkEndingIn(t *testing.T, ctx context.Context, scope, suffix string) string {
	t.Helper()
	found := ""
	for _, l := range browsertest.Links(t, ctx, scope) {
		if strings.HasSuffix(l, suffix) {
			found = l
		}
	}
	return found
}
