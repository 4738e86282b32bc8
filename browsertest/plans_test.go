package browsertest_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"teilhabe/browsertest"
)

// TestPlanInTheBrowser: a coach opens the support plan of a participant in
// coaching, prints it, starts the next version, adds a goal and a step to
// the draft, is told what is wrong with an agreement, records it and
// compares the versions. Every page seen, validation pages included, is
// checked with axe-core.
func TestPlanInTheBrowser(t *testing.T) {
	coach := browsertest.NewBrowser(t) // skips without Chromium, before the build
	srv := browsertest.StartServer(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(berlin)
	today, inAMonth := now.Format("02.01.2006"), now.AddDate(0, 1, 0).Format("02.01.2006")
	goal := "Gabelstaplerschein machen " + randomSuffix()

	// A case in coaching whose plan can get a new version.
	browsertest.SignIn(t, coach, srv, "coach")
	cases := casesInCoaching(t, coach, srv)
	var caseURL, start string
	for _, c := range cases {
		browsertest.Visit(t, coach, c)
		if s := linkEndingIn(t, coach, "main", "/plan/start"); s != "" {
			caseURL, start = c, s
			if linkEndingIn(t, coach, "main", "/plan") != "" {
				break // one with an agreed version
			}
		}
	}
	if caseURL == "" {
		t.Fatal("no case of the coach offers to start a support plan")
	}
	checkJourneyPage(t, coach, "coach: Fall mit Förderplan", browsertest.Visit(t, coach, caseURL))
	if plan := linkEndingIn(t, coach, "main", "/plan"); plan != "" {
		checkJourneyPage(t, coach, "coach: Förderplan", browsertest.Visit(t, coach, plan))
		checkJourneyPage(t, coach, "coach: Förderplan zum Drucken", browsertest.Visit(t, coach, plan+"/print"))
	}

	checkJourneyPage(t, coach, "coach: Förderplan beginnen", browsertest.Visit(t, coach, start))
	checkJourneyPage(t, coach, "coach: Entwurf", browsertest.Submit(t, coach, `main button[type="submit"]`))
	add := linkEndingIn(t, coach, "main", "/plan/goals/new")
	if add == "" {
		t.Fatal("the draft page offers no goal to add")
	}
	checkJourneyPage(t, coach, "coach: Ziel hinzufügen", browsertest.Visit(t, coach, add))
	if st := browsertest.Submit(t, coach, `main button[type="submit"]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("an empty goal: status %d, want 422", st)
	}
	checkJourneyPage(t, coach, "coach: Ziel hinzufügen, Fehler", http.StatusUnprocessableEntity)
	browsertest.Fill(t, coach, "#goal_text", goal)
	checkJourneyPage(t, coach, "coach: Entwurf mit neuem Ziel", browsertest.Submit(t, coach, `main button[type="submit"]`))
	if !strings.Contains(browsertest.Text(t, coach, "main"), goal) {
		t.Fatalf("the draft does not show the new goal %s", goal)
	}

	step := linkEndingIn(t, coach, "main", "/steps/new") // the last goal's: the new one
	checkJourneyPage(t, coach, "coach: Schritt hinzufügen", browsertest.Visit(t, coach, step))
	browsertest.Fill(t, coach, "#step_what", "Beim Bildungsträger anmelden")
	browsertest.Click(t, coach, `input[name="step_who"][value="participant"]`)
	browsertest.Fill(t, coach, "#step_due", inAMonth)
	checkJourneyPage(t, coach, "coach: Entwurf mit neuem Schritt", browsertest.Submit(t, coach, `main button[type="submit"]`))

	agree := linkEndingIn(t, coach, "main", "/plan/agree")
	checkJourneyPage(t, coach, "coach: Förderplan vereinbaren", browsertest.Visit(t, coach, agree))
	browsertest.Fill(t, coach, "#participant_on", today)
	browsertest.Fill(t, coach, "#review_on", now.AddDate(1, 0, 0).Format("02.01.2006"))
	if st := browsertest.Submit(t, coach, `main button[type="submit"]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("a review a year ahead: status %d, want 422", st)
	}
	checkJourneyPage(t, coach, "coach: Förderplan vereinbaren, Fehler", http.StatusUnprocessableEntity)
	if !strings.Contains(browsertest.Text(t, coach, "main"), "Die Überprüfung muss spätestens") {
		t.Error("the agreement's validation page does not explain the review day")
	}
	browsertest.Fill(t, coach, "#review_on", now.AddDate(0, 3, 0).Format("02.01.2006"))
	checkJourneyPage(t, coach, "coach: Förderplan vereinbart", browsertest.Submit(t, coach, `main button[type="submit"]`))
	if compare := linkEndingIn(t, coach, "main", "/plan/compare"); compare != "" {
		checkJourneyPage(t, coach, "coach: Versionen vergleichen", browsertest.Visit(t, coach, compare))
		if body := browsertest.Text(t, coach, "main"); !strings.Contains(body, goal) || !strings.Contains(body, "neu") {
			t.Errorf("the comparison does not mark the new goal:\n%s", body)
		}
	}
}
