package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"teilhabe"
	"teilhabe/sqldb"
)

// messageTable returns the table of messages captioned caption, or nil.
func messageTable(doc *html.Node, caption string) *html.Node {
	for _, c := range elements(doc, "caption") {
		if text(c) == caption {
			return ancestor(c, "table")
		}
	}
	return nil
}

// columnTexts returns the text of each body cell of table in the column
// headed head.
func columnTexts(t *testing.T, table *html.Node, head string) []string {
	t.Helper()
	col := -1
	for i, th := range elements(find(table, tagged("thead")), "th") {
		if text(th) == head {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("table %q has no column %q", text(find(table, tagged("caption"))), head)
	}
	var out []string
	for _, tr := range elements(find(table, tagged("tbody")), "tr") {
		var cells []*html.Node
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if is(c, "th") || is(c, "td") {
				cells = append(cells, c)
			}
		}
		out = append(out, text(cells[col]))
	}
	return out
}

// TestInboxDatesHaveLabels: a day a message names is said with what it is
// ("Informationsgespräch am …", "Zuweisung vom … bis …"), never as a bare
// date, and the date columns say whether they are the day a message was
// sent or settled.
func TestInboxDatesHaveLabels(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		doc := ts.signIn(t, "agentur").get(t, "/inbox").doc(t)
		settled := messageTable(doc, "Zuletzt erledigt")
		if settled == nil {
			t.Fatal("the inbox has no table of settled messages")
		}
		bare := regexp.MustCompile(`(^|[(;:] ?)\d{2}\.\d{2}\.\d{4}`)
		labelled := 0
		for _, d := range columnTexts(t, settled, "Details") {
			if bare.MatchString(d) {
				t.Errorf("details %q hold a date without a label", d)
			}
			if strings.Contains(d, "Informationsgespräch am ") || strings.Contains(d, "Zuweisung vom ") {
				labelled++
			}
		}
		if labelled == 0 {
			t.Error("no settled message names an info appointment or an assignment with its label")
		}
		for _, col := range []string{"Gesendet am", "Erledigt am"} {
			for _, d := range columnTexts(t, settled, col) {
				if !regexp.MustCompile(`^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$`).MatchString(d) {
					t.Errorf("column %q holds %q, want a date and time", col, d)
				}
			}
		}
	})
}

// TestInboxPagesSettledMessages: the settled messages come 20 a page with a
// pager that leads back to them, and the inbox warns of more messages only
// when a list of open ones holds more than it shows.
func TestInboxPagesSettledMessages(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		for _, username := range []string{"agentur", "coach"} {
			c := ts.signIn(t, username)
			in, err := ts.db.FindInbox(t.Context(), c.user(t).Actor(), sqldb.InboxFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if !in.MoreRecent {
				t.Fatalf("%s: the demo has no second page of settled messages", username)
			}
			doc := c.get(t, "/inbox").doc(t)
			settled := messageTable(doc, "Zuletzt erledigt")
			if rows := elements(find(settled, tagged("tbody")), "tr"); len(rows) != sqldb.SettledPerPage {
				t.Errorf("%s: %d settled messages on page 1, want %d", username, len(rows), sqldb.SettledPerPage)
			}
			warnings := findAll(find(doc, tagged("main")), func(n *html.Node) bool { return hasClass(n, "notice--warning") })
			if want := btoi(in.MoreMine) + btoi(in.MoreTheirs); len(warnings) != want {
				t.Errorf("%s: %d warnings about more messages, want %d", username, len(warnings), want)
			}
			next := find(doc, tagWith("a", "rel", "next"))
			if next == nil || attrOf(next, "href") != "/inbox?page=2#settled" {
				t.Fatalf("%s: no link to the next page of settled messages", username)
			}
			res := c.get(t, "/inbox?page=2")
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: GET /inbox?page=2: status %d", username, res.StatusCode)
			}
			if rows := elements(find(messageTable(res.doc(t), "Zuletzt erledigt"), tagged("tbody")), "tr"); len(rows) == 0 {
				t.Errorf("%s: page 2 shows no settled messages", username)
			}
		}
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestSponsorAcknowledgesRefusal: a provider's refusal of an announcement
// waits in the sponsor's inbox with a "Zur Kenntnis genommen" button, which
// works without JavaScript, leads back to the inbox and takes the refusal
// off the sponsor's desk in one audited action; another sponsor cannot.
func TestSponsorAcknowledgesRefusal(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		ctx := t.Context()
		sponsor := ts.signIn(t, "agentur")
		coach := ts.actor(t, "coach")
		id, err := ts.db.Announce(ctx, ts.actor(t, "agentur"), teilhabe.Announcement{Person: teilhabe.Person{FirstName: "Rita",
			LastName: "Refus", BirthDate: teilhabe.Day(1975, 3, 2)}, LocationID: coach.LocationID, CustomerNumber: "123D456789",
			Reason: "Sucht Begleitung."})
		if err != nil {
			t.Fatal(err)
		}
		if err := ts.db.DeclineAnnouncement(ctx, coach, id, 1, teilhabe.Closure[teilhabe.DeclineReason]{Reason: "no_capacity"}); err != nil {
			t.Fatal(err)
		}

		action := caseURL(id) + "/acknowledge"
		form := find(messageTable(sponsor.get(t, "/inbox").doc(t), "Wartet auf Sie"), tagWith("form", "action", action))
		if form == nil {
			t.Fatal("the sponsor's waiting messages offer no acknowledgement of the refusal")
		}
		if b := find(form, tagged("button")); b == nil || !strings.HasPrefix(text(b), "Zur Kenntnis genommen") {
			t.Errorf("acknowledgement button %q", text(b))
		}
		values := url.Values{}
		for _, in := range elements(form, "input") {
			values.Set(attrOf(in, "name"), attrOf(in, "value"))
		}

		// Another sponsor: the case does not exist for it.
		if res := ts.signIn(t, "jobcenter").post(t, action, values); res.StatusCode != http.StatusNotFound {
			t.Errorf("another sponsor acknowledges: status %d, want 404", res.StatusCode)
		}

		res := sponsor.post(t, action, values)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/inbox" {
			t.Fatalf("acknowledge: status %d to %q, want 303 to /inbox", res.StatusCode, res.Header.Get("Location"))
		}
		if got := ts.auditOf(t, res); !slices.Equal(got, []string{"case.decline_acknowledged"}) {
			t.Errorf("acknowledge: audit %v, want [case.decline_acknowledged]", got)
		}
		doc := sponsor.get(t, "/inbox").doc(t)
		if find(doc, tagWith("form", "action", action)) != nil {
			t.Error("the refusal still waits for the sponsor after it was acknowledged")
		}
		if !strings.Contains(text(messageTable(doc, "Zuletzt erledigt")), "Refus, Rita") {
			t.Error("the acknowledged refusal is not among the settled messages")
		}
		// Sent again, the form meets a refusal already taken note of.
		if res := sponsor.post(t, action, values); res.StatusCode != http.StatusConflict {
			t.Errorf("acknowledge twice: status %d, want 409", res.StatusCode)
		}
	})
}

// TestNavigationCountsWaitingMessages: every page's navigation shows how
// many messages wait for the user ("Posteingang (5)"), and showing it adds
// nothing to the audit log.
func TestNavigationCountsWaitingMessages(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		for _, username := range []string{"agentur", "coach", "traegerleitung"} {
			c := ts.signIn(t, username)
			in, err := ts.db.FindInbox(t.Context(), c.user(t).Actor(), sqldb.InboxFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(in.Mine) == 0 || in.MoreMine {
				t.Fatalf("%s: %d messages wait in the demo, want some and fewer than %d", username, len(in.Mine), sqldb.InboxLimit)
			}
			res := c.get(t, "/account")
			nav := find(res.doc(t), tagged("nav"))
			link := find(nav, tagWith("a", "href", "/inbox"))
			if want := fmt.Sprintf("Posteingang (%d)", len(in.Mine)); link == nil || text(link) != want {
				t.Errorf("%s: inbox link %q, want %q", username, text(link), want)
			}
			if got := ts.auditOf(t, res); len(got) != 0 {
				t.Errorf("%s: the account page with the count wrote %v to the audit log, want nothing", username, got)
			}
		}
		// Roles without an inbox have no entry to count.
		nav := find(ts.signIn(t, "koordination").get(t, "/").doc(t), tagged("nav"))
		if find(nav, tagWith("a", "href", "/inbox")) != nil {
			t.Error("the coordinator's navigation links to an inbox")
		}
	})
}
