package browsertest_test

import (
	"net/http"
	"strings"
	"testing"

	"teilhabe/browsertest"
)

// TestReportsInTheBrowser opens the reports with their filters, a filter
// outside the user's scope named on its field, and the printable annual
// report reached by its link, for the coordinator and the lead sponsor's
// caseworker; every page passes axe-core.
func TestReportsInTheBrowser(t *testing.T) {
	coord := browsertest.NewBrowser(t) // skips without Chromium, before the build
	srv := browsertest.StartServer(t)

	browsertest.SignIn(t, coord, srv, "koordination")
	checkJourneyPage(t, coord, "coordinator: Berichte", browsertest.Visit(t, coord, srv.URL+"/reports"))
	for _, sel := range []string{`select[name="sponsor"]`, `select[name="provider"]`, `select[name="location"]`} {
		if browsertest.Count(t, coord, sel) != 1 {
			t.Errorf("the coordinator's reports lack the filter %s", sel)
		}
	}
	if st := browsertest.Visit(t, coord, srv.URL+"/reports?location=999999"); st != http.StatusUnprocessableEntity {
		t.Errorf("a location outside the programme: status %d, want 422", st)
	}
	checkJourneyPage(t, coord, "coordinator: Berichte, Fehler", http.StatusUnprocessableEntity)
	if got := browsertest.Text(t, coord, "[role=alert]"); !strings.Contains(got, "Standort") {
		t.Errorf("the problem does not name the location filter: %q", got)
	}

	browsertest.Visit(t, coord, srv.URL+"/reports")
	var links []string
	for _, l := range browsertest.Links(t, coord, "main") {
		if strings.Contains(l, "/reports/annual?") {
			links = append(links, l)
		}
	}
	if len(links) != 1 {
		t.Fatalf("the reports link the annual report %d times, want once", len(links))
	}
	checkJourneyPage(t, coord, "coordinator: Jahresbericht", browsertest.Visit(t, coord, links[0]))
	if got := browsertest.Text(t, coord, "main"); !strings.Contains(got, "Das Jahr in Kürze") || !strings.Contains(got, "Plätzen des Jahres") {
		t.Errorf("the annual report lacks its narrative:\n%s", got)
	}

	if st := browsertest.Visit(t, coord, srv.URL+"/reports/annual?year=1999"); st != http.StatusUnprocessableEntity {
		t.Errorf("the annual report of 1999: status %d, want 422", st)
	}
	checkJourneyPage(t, coord, "coordinator: Jahresbericht, Fehler", http.StatusUnprocessableEntity)

	lead := browsertest.NewBrowser(t)
	browsertest.SignIn(t, lead, srv, "agentur")
	checkJourneyPage(t, lead, "lead sponsor: Jahresbericht", browsertest.Visit(t, lead, srv.URL+"/reports/annual?year=2026"))
	provider := browsertest.NewBrowser(t)
	browsertest.SignIn(t, provider, srv, "traegerleitung")
	checkJourneyPage(t, provider, "provider lead: Berichte nach Standort", browsertest.Visit(t, provider, srv.URL+"/reports"))
}
