package web

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
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
