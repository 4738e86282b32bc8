package web

import (
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"golang.org/x/net/html"

	"teilhabe/sqldb"
)

// TestStartPageShowsTodaysWork: the provider's start page lists the week's
// appointments and the work grouped into overdue, due today, due this week
// and waiting on others, each heading with the count of its group; a coach
// sees no location column, a provider lead sees one and may narrow the page
// to one location.
func TestStartPageShowsTodaysWork(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		doc := coach.get(t, "/").doc(t)
		w, err := ts.db.FindWorklist(t.Context(), coach.user(t).Actor(), 0)
		if err != nil {
			t.Fatal(err)
		}
		type group struct {
			id    string
			count int
		}
		groups := []group{{"appointments", len(w.Appointments)}, {"overdue", w.Overdue.Count}, {"today", w.DueToday.Count},
			{"week", w.DueThisWeek.Count}, {"ending", w.Ending.Count}, {"elsewhere", w.Elsewhere.Count}}
		coaching := map[string]int{}
		for _, g := range w.Coaching {
			groups = append(groups, group{"work-" + g.Kind, g.Count})
			coaching[g.Kind] = g.Count
		}
		for _, kind := range []string{sqldb.WorkUnrecorded, sqldb.WorkAttendance, sqldb.WorkModulesEnding, sqldb.WorkContactLapse} {
			if coaching[kind] == 0 {
				t.Errorf("the demo coach's worklist has no case in the group %q: %v", kind, coaching)
			}
		}
		for _, g := range groups {
			h := byID(doc, g.id)
			if h == nil || !is(h, "h2") {
				t.Errorf("no heading #%s", g.id)
				continue
			}
			if want := "(" + strconv.Itoa(g.count) + ")"; !regexp.MustCompile(regexp.QuoteMeta(want) + `$`).MatchString(text(h)) {
				t.Errorf("heading #%s = %q, want the count %s", g.id, text(h), want)
			}
		}
		if w.Overdue.Count+w.DueToday.Count+w.DueThisWeek.Count == 0 || len(w.Appointments) == 0 || w.Elsewhere.Count == 0 {
			t.Fatalf("the demo coach has no work in some group: %+v", w)
		}
		if locationColumns(doc) != 0 {
			t.Error("the coach's start page shows a location column")
		}
		if len(findAll(doc, func(n *html.Node) bool { return is(n, "th") && text(n) == "Standort" })) != 0 {
			t.Error("the coach's messages show a location column")
		}

		lead := ts.signIn(t, "traegerleitung")
		doc = lead.get(t, "/").doc(t)
		sel := byID(doc, "location")
		if sel == nil || len(elements(sel, "option")) < 3 {
			t.Fatal("the lead's start page offers no choice of location")
		}
		if locationColumns(doc) == 0 {
			t.Error("the lead's start page shows no location column")
		}
		for _, l := range []string{"Caritas Trier-Mitte", "Caritas Daun"} {
			if find(doc, func(n *html.Node) bool { return is(n, "th") && attrOf(n, "scope") == "row" && text(n) == l }) == nil {
				t.Errorf("the lead's start page has no row of counts for %s", l)
			}
		}
		one := attrOf(elements(sel, "option")[1], "value")
		res := lead.get(t, "/?location="+one)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET /?location=%s: status %d", one, res.StatusCode)
		}
		if doc := res.doc(t); locationColumns(doc) != 0 {
			t.Error("one location's worklist still shows the location column")
		}
	})
}

// locationColumns counts the column headers "Standort" in the worklist.
func locationColumns(doc *html.Node) int {
	return len(findAll(byID(doc, "worklist"), func(n *html.Node) bool { return is(n, "th") && text(n) == "Standort" }))
}
