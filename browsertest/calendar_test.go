package browsertest_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"teilhabe/browsertest"
)

// TestCalendarInTheBrowser: a coach opens the week calendar from the
// navigation, goes to the next week with the keyboard, names a bad week,
// opens the location's calendar and sets up a feed; the provider lead opens
// a coach's calendar. Every page is checked with axe-core. With
// TEILHABE_CALENDAR_SCREENSHOT=file.png the week view is saved as a
// picture, to look at.
func TestCalendarInTheBrowser(t *testing.T) {
	coach := browsertest.NewBrowser(t) // skips without Chromium, before the build
	lead := browsertest.NewBrowser(t)
	srv := browsertest.StartServer(t)

	browsertest.SignIn(t, coach, srv, "coach")
	var calendar string
	for _, l := range browsertest.NavLinks(t, coach) {
		if strings.HasSuffix(l, "/calendar") {
			calendar = l
		}
	}
	if calendar == "" {
		t.Fatal("the coach's navigation has no calendar")
	}
	checkJourneyPage(t, coach, "coach: Kalender", browsertest.Visit(t, coach, calendar))
	if n := browsertest.Count(t, coach, "section.calendar-day > h2"); n < 5 {
		t.Errorf("%d days with a heading, want at least Monday to Friday", n)
	}
	if n := browsertest.Count(t, coach, "section.calendar-day ol > li"); n == 0 {
		t.Error("the demo's current week has no appointments for the coach")
	}
	if path := os.Getenv("TEILHABE_CALENDAR_SCREENSHOT"); path != "" {
		ctx, cancel := context.WithTimeout(coach, 30*time.Second)
		_, err := chromedp.Run(ctx, chromedp.EmulateViewport(1280, 900))
		var png []byte
		if err == nil {
			png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
		}
		cancel()
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		// And printed, as the CSS pages it (A4 landscape).
		prefer := true
		ctx, cancel = context.WithTimeout(coach, 30*time.Second)
		pdf, err := chromedp.Run(ctx, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
			res, err := cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &prefer})
			return res.Data, err
		})
		cancel()
		if err != nil {
			t.Fatalf("print: %v", err)
		}
		if err := os.WriteFile(strings.TrimSuffix(path, ".png")+".pdf", pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	week := browsertest.Text(t, coach, "h1")

	// The next week, by keyboard: focus the link and press Enter.
	ctx, cancel := context.WithTimeout(coach, 30*time.Second)
	_, err := chromedp.Run(ctx, chromedp.Focus(chromedp.CSS(`a[rel="next"]`)))
	if err == nil {
		_, err = chromedp.RunResponse(ctx, chromedp.KeyEvent("\r"))
	}
	cancel()
	if err != nil {
		t.Fatalf("next week by keyboard: %v", err)
	}
	checkJourneyPage(t, coach, "coach: Kalender, nächste Woche", http.StatusOK)
	if next := browsertest.Text(t, coach, "h1"); next == week {
		t.Errorf("Enter on the next-week link stayed on %q", week)
	}

	// A week that does not exist is named on the form.
	browsertest.Fill(t, coach, "#week", "2026-W99")
	if st := browsertest.Submit(t, coach, `form[action="/calendar"] button[type="submit"]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("week 2026-W99: status %d, want 422", st)
	}
	checkJourneyPage(t, coach, "coach: Kalender, falsche Woche", http.StatusUnprocessableEntity)
	if !strings.Contains(browsertest.Text(t, coach, "[data-error-summary]"), "Woche") {
		t.Error("the error summary does not name the week")
	}

	// The location's calendar, and the feed.
	var location string
	for _, l := range browsertest.Links(t, coach, "main") {
		if strings.Contains(l, "location=") {
			location = l
		}
	}
	if location == "" {
		t.Fatal("the calendar links to no location calendar")
	}
	checkJourneyPage(t, coach, "coach: Standortkalender", browsertest.Visit(t, coach, location))
	checkJourneyPage(t, coach, "coach: Kalender-Abo", browsertest.Visit(t, coach, srv.URL+"/calendar/feed"))
	checkJourneyPage(t, coach, "coach: Kalender-Abo eingerichtet", browsertest.Submit(t, coach, `main form[action="/calendar/feed"] button`))
	if browsertest.Count(t, coach, "#feed-url") != 1 {
		t.Error("the feed page shows no feed URL after setting it up")
	}

	// The provider lead opens the coach's calendar from the own one.
	browsertest.SignIn(t, lead, srv, "traegerleitung")
	checkJourneyPage(t, lead, "traegerleitung: Kalender", browsertest.Visit(t, lead, srv.URL+"/calendar"))
	var coachCal string
	for _, l := range browsertest.Links(t, lead, "main") {
		if strings.Contains(l, "coach=") && coachCal == "" && browsertest.Count(t, lead, `a[href*="coach="]`) > 1 {
			coachCal = l
		}
	}
	if coachCal == "" {
		t.Fatal("the lead's calendar links to no coach's calendar")
	}
	checkJourneyPage(t, lead, "traegerleitung: Kalender einer Coachin", browsertest.Visit(t, lead, coachCal))
}
