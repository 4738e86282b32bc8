package browsertest_test

import (
	"net/http"
	"strings"
	"testing"

	"teilhabe/browsertest"
)

// TestEmployersInTheBrowser: a coach searches the register, adds an
// employer after a refused first try, adds an opening and a contact
// person, then records on a case in coaching that there is no placement
// prospect and opens the placement form. Every page seen, validation pages included, is checked with
// axe-core.
func TestEmployersInTheBrowser(t *testing.T) {
	coach := browsertest.NewBrowser(t) // skips without Chromium, before the build
	srv := browsertest.StartServer(t)
	name := "Gärtnerei Lenz " + randomSuffix()

	browsertest.SignIn(t, coach, srv, "coach")
	checkJourneyPage(t, coach, "coach: Arbeitgeber", browsertest.Visit(t, coach, srv.URL+"/employers?q=weber"))
	if !strings.Contains(browsertest.Text(t, coach, "main"), "Bäckerei Weber") {
		t.Fatal("searching weber does not find the demo's Bäckerei Weber")
	}
	checkJourneyPage(t, coach, "coach: Arbeitgeber anlegen", browsertest.Visit(t, coach, srv.URL+"/employers/new"))
	browsertest.Fill(t, coach, "#name", name)
	browsertest.Fill(t, coach, "#workplaces", "12")
	browsertest.Fill(t, coach, "#disabled", "13")
	if st := browsertest.Submit(t, coach, `main button[type="submit"]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("no town, more disabled employees than workplaces: status %d, want 422", st)
	}
	checkJourneyPage(t, coach, "coach: Arbeitgeber anlegen, Fehler", http.StatusUnprocessableEntity)
	browsertest.Fill(t, coach, "#city", "Trier")
	browsertest.Fill(t, coach, "#disabled", "1")
	browsertest.Fill(t, coach, "#sector", "agriculture")
	checkJourneyPage(t, coach, "coach: Arbeitgeber", browsertest.Submit(t, coach, `main button[type="submit"]`))
	if !strings.Contains(browsertest.Text(t, coach, "h1"), name) {
		t.Fatalf("after saving, the page is not the employer %s", name)
	}

	checkJourneyPage(t, coach, "coach: Stellenangebot anlegen", browsertest.Visit(t, coach, linkEndingIn(t, coach, "main", "/openings/new")))
	browsertest.Fill(t, coach, "#title", "Gartenhelferin / Gartenhelfer")
	browsertest.Fill(t, coach, "#hours", "20")
	checkJourneyPage(t, coach, "coach: Arbeitgeber mit Stelle", browsertest.Submit(t, coach, `main button[type="submit"]`))
	if !strings.Contains(browsertest.Text(t, coach, "main"), "Gartenhelferin") {
		t.Fatal("the employer's page does not list the new opening")
	}
	browsertest.Fill(t, coach, "#contact_name", "Lena Lenz")
	checkJourneyPage(t, coach, "coach: Arbeitgeber mit Ansprechperson", browsertest.Submit(t, coach, `#h-add-contact + form button[type="submit"]`))
	if !strings.Contains(browsertest.Text(t, coach, "main"), "Lena Lenz") {
		t.Fatal("the employer's page does not list the new contact person")
	}

	caseURL := casesInCoaching(t, coach, srv)[0]
	checkJourneyPage(t, coach, "coach: Vermittlungsaussicht", browsertest.Visit(t, coach, caseURL+"/prospect"))
	if st := browsertest.Submit(t, coach, `main form:not(.inline) button[type="submit"]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("a prospect without its kind: status %d, want 422", st)
	}
	checkJourneyPage(t, coach, "coach: Vermittlungsaussicht, Fehler", http.StatusUnprocessableEntity)
	browsertest.Click(t, coach, `input[name="kind"][value="none"]`)
	checkJourneyPage(t, coach, "coach: Fall mit Aussicht", browsertest.Submit(t, coach, `main form:not(.inline) button[type="submit"]`))
	if !strings.Contains(browsertest.Text(t, coach, "#h-progress + dl"), "keine (festgestellt am") {
		t.Error("the case page does not show that there is no prospect")
	}
	checkJourneyPage(t, coach, "coach: Vermittlung", browsertest.Visit(t, coach, caseURL+"/placement"))
	if st := browsertest.Submit(t, coach, `main form:not(.inline) button[type="submit"]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("a placement without its kind: status %d, want 422", st)
	}
	checkJourneyPage(t, coach, "coach: Vermittlung, Fehler", http.StatusUnprocessableEntity)
}
