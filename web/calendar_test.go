package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	"golang.org/x/net/html"

	"teilhabe"
	"teilhabe/sqldb"
)

// calendarWeek is the ISO week of the test clock.
var calendarWeek = teilhabe.FormatWeek(testNow)

// bookWithNeeds books an appointment with every need for an active case
// of coach a in the test week, so that the calendar files have something
// to leave out; it returns the case and the appointment.
func (ts *testServer) bookWithNeeds(t testing.TB, a teilhabe.Actor) (sqldb.CaseListItem, int64) {
	t.Helper()
	items := ts.findCases(t, a, sqldb.CaseFilter{Stage: teilhabe.StageActive})
	if len(items) == 0 {
		t.Fatalf("the demo has no case in coaching for %s", a.Username)
	}
	it := items[0]
	d := ts.caseDetail(t, a, it.ID)
	ids, err := ts.db.BookCoaching(context.Background(), a, it.ID, teilhabe.CoachingBooking{Kind: teilhabe.AppointmentCoaching,
		Booking: teilhabe.Booking{On: teilhabe.Today(testNow).AddDate(0, 0, 1), At: "07:15", Mode: teilhabe.ModeInPerson,
			LocationID: d.Case.LocationID, Needs: teilhabe.Needs()}, Minutes: 45, Weeks: 1}, true)
	if err != nil {
		t.Fatalf("book an appointment with needs: %v", err)
	}
	return it, ids[0]
}

// privateTexts are what no calendar file may carry: the names of the
// participants of items and every need's label.
func privateTexts(items []sqldb.CaseListItem) []string {
	var out []string
	for _, it := range items {
		last, first, _ := strings.Cut(it.Name, ", ")
		out = append(out, it.Name, first+" "+last, last)
	}
	for _, lang := range []string{"de", "en"} {
		for _, n := range teilhabe.Needs() {
			out = append(out, translate(lang, "code."+n.Key()))
		}
	}
	return out
}

// parseICS parses an iCalendar body with the library that wrote it.
func parseICS(t testing.TB, body string) *ics.Calendar {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse the calendar: %v\n%s", err, body)
	}
	return cal
}

func prop(e *ics.VEvent, p ics.ComponentProperty) string {
	if v := e.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// TestCalendarWeekView: the week is a list per day with a heading each,
// its entries in time order with case number, name and a link; holidays
// show on their day, the weekend only when something is on.
func TestCalendarWeekView(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		a := coach.user(t).Actor()
		it, apID := ts.bookWithNeeds(t, a)
		res := coach.get(t, "/calendar")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET /calendar: status %d\n%s", res.StatusCode, res.text())
		}
		doc := res.doc(t)
		checkPage(t, "GET /calendar", doc, "de")
		days := findAll(doc, func(n *html.Node) bool { return is(n, "section") && hasClass(n, "calendar-day") })
		if len(days) < 5 || len(days) > 7 {
			t.Fatalf("%d days, want Monday to Friday and a weekend day only if something is on", len(days))
		}
		entries := 0
		var mine *html.Node
		for i, day := range days {
			h := find(day, tagged("h2"))
			if h == nil || attrOf(day, "aria-labelledby") != attrOf(h, "id") {
				t.Errorf("day %d: no heading that labels it", i)
				continue
			}
			if i < 5 && !strings.HasPrefix(text(h), translate("de", "weekday."+[]string{"1", "2", "3", "4", "5"}[i])) {
				t.Errorf("day %d heading %q, want the weekday in full", i, text(h))
			}
			list := find(day, tagged("ol"))
			if list == nil {
				if find(day, func(n *html.Node) bool { return hasClass(n, "calendar-empty") }) == nil {
					t.Errorf("day %q: neither a list nor the empty note", text(h))
				}
				continue
			}
			prev := ""
			for _, li := range findAll(list, tagged("li")) {
				entries++
				at := text(find(li, tagged("time")))
				if at < prev {
					t.Errorf("day %q: %s after %s", text(h), at, prev)
				}
				prev = at
				if strings.Contains(text(li), "07:15") && strings.Contains(text(li), it.Name[strings.Index(it.Name, ", ")+2:]) {
					mine = li
				}
			}
		}
		if entries == 0 {
			t.Fatal("the coach's week in the demo has no appointments")
		}
		if mine == nil {
			t.Fatalf("no entry of the booked appointment with the participant's name")
		}
		for _, want := range []string{"Fall " + idStr(it.ID), "07:15–08:00", translate("de", "calendar.needs"), "Gebärdensprach"} {
			if !strings.Contains(text(mine), want) {
				t.Errorf("entry %q lacks %q", text(mine), want)
			}
		}
		hrefs := links(mine)
		if !containsString(hrefs, caseURL(it.ID)) || !containsString(hrefs, caseURL(it.ID)+"/appointments/"+idStr(apID)+"/calendar.ics") {
			t.Errorf("entry links %v, want the case and its .ics file", hrefs)
		}
		for _, rel := range []string{"prev", "next"} {
			if find(doc, tagWith("a", "rel", rel)) == nil {
				t.Errorf("no %s week link", rel)
			}
		}
		if in := find(doc, tagWith("input", "name", "week")); in == nil || attrOf(in, "value") != calendarWeek {
			t.Errorf("week field %v, want %s", in, calendarWeek)
		}

		// Christmas 2026: Friday and Saturday are holidays in
		// Rhineland-Palatinate, so the Saturday shows though nothing is on.
		doc = coach.get(t, "/calendar?week=2026-W52").doc(t)
		var saturday *html.Node
		for _, h := range findAll(doc, tagged("h2")) {
			if strings.HasPrefix(text(h), "Samstag, 26.12.2026") {
				saturday = h.Parent
			}
		}
		if saturday == nil || !strings.Contains(text(saturday), "Feiertag") {
			t.Errorf("week 52: Saturday 26.12. not shown as a holiday")
		}
		for _, day := range findAll(doc, func(n *html.Node) bool { return is(n, "section") && hasClass(n, "calendar-day") }) {
			h := text(find(day, tagged("h2")))
			weekend := strings.HasPrefix(h, "Samstag") || strings.HasPrefix(h, "Sonntag")
			if weekend && find(day, tagged("ol")) == nil && !strings.Contains(text(day), "Feiertag") {
				t.Errorf("week 52: the empty weekend day %q is shown", h)
			}
		}
		// A week without appointments: Monday to Friday only.
		doc = coach.get(t, "/calendar?week=2030-W10").doc(t)
		if n := len(findAll(doc, func(n *html.Node) bool { return is(n, "section") && hasClass(n, "calendar-day") })); n != 5 {
			t.Errorf("an empty week shows %d days, want 5", n)
		}

		// English.
		coach.get(t, "/lang/en?next=/")
		doc = coach.get(t, "/calendar?week="+calendarWeek).doc(t)
		checkPage(t, "GET /calendar (en)", doc, "en")
		if !strings.Contains(text(doc), "Case "+idStr(it.ID)) {
			t.Error("the English calendar does not say Case")
		}
	})
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestCalendarBadInput: a week that cannot be read is named (422); a
// calendar outside the user's reach does not exist (404), for every kind
// of wrong coach or location; the lead sees the coach's calendar.
func TestCalendarBadInput(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		res := coach.get(t, "/calendar?week=2026-W60")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("GET ?week=2026-W60: status %d, want 422", res.StatusCode)
		}
		doc := res.doc(t)
		summary := find(doc, tagWith("div", "role", "alert"))
		if summary == nil || find(summary, tagWith("a", "href", "#week")) == nil || !strings.Contains(text(summary), "Woche") {
			t.Errorf("no error summary naming the week field")
		}
		if in := find(doc, tagWith("input", "id", "week")); in == nil || attrOf(in, "aria-invalid") != "true" || attrOf(in, "value") != "2026-W60" {
			t.Errorf("week input %v: want aria-invalid and the value typed", in)
		}
		other := ts.actor(t, "coach.wittlich")
		lead := ts.actor(t, "traegerleitung")
		mine := coach.user(t).Actor()
		for _, q := range []string{"coach=" + idStr(other.UserID), "coach=" + idStr(lead.UserID), "coach=999999", "coach=abc",
			"coach=-1", "location=" + idStr(other.LocationID), "location=999999", "location=x",
			"coach=" + idStr(mine.UserID) + "&location=" + idStr(mine.LocationID)} {
			if res := coach.get(t, "/calendar?"+q); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET /calendar?%s: status %d, want 404", q, res.StatusCode)
			}
		}
		for _, user := range []string{"agentur", "koordination", "datenschutz", "admin"} {
			c := ts.signIn(t, user)
			for _, path := range []string{"/calendar", "/calendar/feed"} {
				if res := c.get(t, path); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s GET %s: status %d, want 404", user, path, res.StatusCode)
				}
			}
		}
		lc := ts.signIn(t, "traegerleitung")
		for _, q := range []string{"coach=" + idStr(mine.UserID), "location=" + idStr(mine.LocationID), "location=" + idStr(ts.actor(t, "coach.daun").LocationID)} {
			if res := lc.get(t, "/calendar?"+q+"&week="+calendarWeek); res.StatusCode != http.StatusOK {
				t.Errorf("lead GET /calendar?%s: status %d, want 200", q, res.StatusCode)
			}
		}
		if res := lc.get(t, "/calendar?location="+idStr(other.LocationID)); res.StatusCode != http.StatusNotFound {
			t.Errorf("lead GET another provider's location: status %d, want 404", res.StatusCode)
		}
	})
}

// TestCalendarICS: an appointment's file and the feed carry the case
// number, never a participant's name or needs; the feed answers without
// a session, a revoked or replaced secret gets 404.
func TestCalendarICS(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		a := coach.user(t).Actor()
		it, apID := ts.bookWithNeeds(t, a)
		private := privateTexts(ts.findCases(t, a, sqldb.CaseFilter{}))

		path := caseURL(it.ID) + "/appointments/" + idStr(apID) + "/calendar.ics"
		res := coach.get(t, path)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("GET %s: status %d, type %q\n%s", path, res.StatusCode, res.Header.Get("Content-Type"), res.text())
		}
		checkSecurityHeaders(t, "GET "+path, res.Header)
		cal := parseICS(t, res.text())
		if n := len(cal.Events()); n != 1 {
			t.Fatalf("%d events in the file, want 1", n)
		}
		ev := cal.Events()[0]
		if got, want := prop(ev, ics.ComponentPropertySummary), translate("de", "code.appointment.coaching")+" – Fall "+idStr(it.ID); got != want {
			t.Errorf("SUMMARY = %q, want %q", got, want)
		}
		if got := prop(ev, ics.ComponentPropertyDtStart); got != "20261126T061500Z" {
			t.Errorf("DTSTART = %q, want 07:15 in Berlin as UTC", got)
		}
		if got := prop(ev, ics.ComponentPropertyDescription); !strings.Contains(got, ts.URL+caseURL(it.ID)) {
			t.Errorf("DESCRIPTION = %q, want the absolute link to the case", got)
		}
		if got := prop(ev, ics.ComponentPropertyStatus); got != "CONFIRMED" {
			t.Errorf("STATUS = %q", got)
		}
		for _, s := range private {
			if strings.Contains(res.text(), s) {
				t.Errorf("the .ics file contains %q", s)
			}
		}
		for _, user := range []string{"coach.wittlich", "agentur"} {
			if res := ts.signIn(t, user).get(t, path); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s GET %s: status %d, want 404", user, path, res.StatusCode)
			}
		}

		// The feed: set up, shown once, read without a session.
		res = coach.post(t, "/calendar/feed", url.Values{})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("POST /calendar/feed: status %d\n%s", res.StatusCode, res.text())
		}
		in := find(res.doc(t), tagWith("input", "id", "feed-url"))
		if in == nil || !strings.HasPrefix(attrOf(in, "value"), ts.URL+"/feeds/") {
			t.Fatalf("no feed URL shown: %v", in)
		}
		feedURL := attrOf(in, "value")
		if again := coach.get(t, "/calendar/feed"); strings.Contains(again.text(), feedURL) {
			t.Error("the feed page shows the secret again")
		}
		fetch := func(u string) *http.Response {
			t.Helper()
			res, err := http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		body := func(res *http.Response) string {
			t.Helper()
			defer res.Body.Close()
			b, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		fr := fetch(feedURL)
		feed := body(fr)
		if fr.StatusCode != http.StatusOK || fr.Header.Get("Content-Type") != "text/calendar; charset=utf-8" ||
			fr.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("GET feed: status %d, type %q, cache %q", fr.StatusCode, fr.Header.Get("Content-Type"), fr.Header.Get("Cache-Control"))
		}
		checkSecurityHeaders(t, "GET feed", fr.Header)
		cal = parseICS(t, feed)
		found := false
		for _, ev := range cal.Events() {
			summary := prop(ev, ics.ComponentPropertySummary)
			if !strings.Contains(summary, "Fall ") {
				t.Errorf("feed SUMMARY %q has no case number", summary)
			}
			if ev.Id() == "appointment-"+idStr(apID)+"@"+strings.TrimPrefix(ts.URL, "http://") {
				found = true
			}
		}
		if !found {
			t.Errorf("the feed lacks the booked appointment (%d events)", len(cal.Events()))
		}
		for _, s := range private {
			if strings.Contains(feed, s) {
				t.Errorf("the feed contains %q", s)
			}
		}

		// A new address replaces the old one; revoking ends it.
		res = coach.post(t, "/calendar/feed", url.Values{})
		second := attrOf(find(res.doc(t), tagWith("input", "id", "feed-url")), "value")
		if second == "" || second == feedURL {
			t.Fatalf("new feed URL %q", second)
		}
		if res := fetch(feedURL); res.StatusCode != http.StatusNotFound {
			t.Errorf("replaced feed: status %d, want 404", res.StatusCode)
		}
		if res := fetch(second); res.StatusCode != http.StatusOK {
			t.Errorf("new feed: status %d, want 200", res.StatusCode)
		}
		if res := coach.post(t, "/calendar/feed/revoke", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST revoke: status %d, want 303", res.StatusCode)
		}
		for _, u := range []string{second, strings.TrimSuffix(second, ".ics"), ts.URL + "/feeds/", ts.URL + "/feeds/x.ics"} {
			if res := fetch(u); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s after revoking: status %d, want 404", u, res.StatusCode)
			}
		}
		if log := ts.log.String(); strings.Contains(log, strings.TrimPrefix(second, ts.URL+"/feeds/")) {
			t.Error("the request log shows a feed's secret")
		}
		if page := coach.get(t, "/calendar/feed"); !strings.Contains(page.text(), translate("de", "feed.none")) {
			t.Error("the feed page does not say the feed is gone")
		}
	})
}
