package web

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestAnnualReport: the coordinator and the lead sponsor's caseworker
// open the printable annual report, linked from the reports; the
// Jobcenter's caseworker and the provider's staff find nothing; a bad
// year is named on its field; the read is in the audit log in words.
func TestAnnualReport(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		for _, who := range []string{"koordination", "agentur"} {
			c := ts.signIn(t, who)
			reports := c.get(t, "/reports").doc(t)
			link := find(reports, func(n *html.Node) bool {
				href, _ := attr(n, "href")
				return n.Data == "a" && strings.HasPrefix(href, "/reports/annual?year=")
			})
			if link == nil {
				t.Errorf("%s: the reports do not link the annual report", who)
			}
			res := c.get(t, "/reports/annual?year=2026")
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d, want 200", who, res.StatusCode)
			}
			doc := res.doc(t)
			body := mainText(t, doc)
			for _, want := range []string{"Jahresbericht 2026: ", "Das Jahr in Kürze", "Plätzen des Jahres wurden", "Nach Projektträger",
				"Agentur für Arbeit Trier (SGB III", "Plätze: belegt und verfügbar", "Vom Erstkontakt zur Vermittlung"} {
				if !strings.Contains(body, want) {
					t.Errorf("%s: the annual report lacks %q", who, want)
				}
			}
			if h1 := findAll(doc, tagged("h1")); len(h1) != 1 {
				t.Errorf("%s: %d h1, want 1", who, len(h1))
			}
			for _, sel := range findAll(doc, tagged("th")) {
				if _, ok := attr(sel, "scope"); !ok {
					t.Errorf("%s: a table header without scope", who)
					break
				}
			}
		}
		for _, who := range []string{"jobcenter", "traegerleitung", "coach", "datenschutz"} {
			c := ts.signIn(t, who)
			if res := c.get(t, "/reports/annual?year=2026"); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", who, res.StatusCode)
			}
			if who == "datenschutz" {
				continue
			}
			if strings.Contains(c.get(t, "/reports").text(), "/reports/annual") {
				t.Errorf("%s: the reports link the annual report", who)
			}
		}
		coord := ts.signIn(t, "koordination")
		for _, bad := range []string{"kein", "1999"} {
			res := coord.get(t, "/reports/annual?year="+bad)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("year %q: status %d, want 422", bad, res.StatusCode)
			}
			checkProblems(t, res.doc(t))
		}
		page := mainText(t, ts.signIn(t, "datenschutz").get(t, "/audit?action=report.annual_viewed").doc(t))
		if !strings.Contains(page, "Jahresbericht angesehen") && !strings.Contains(page, "hat den Jahresbericht des Programms gesehen") || !strings.Contains(page, "Jahr 2026") {
			t.Errorf("the annual report's read is not in the audit log in words:\n%s", page)
		}
	})
}
