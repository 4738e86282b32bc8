package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestProgrammeFormReportsEverything: a bad date does not hide the other
// problems of the form; all come back at once, in form order.
func TestProgrammeFormReportsEverything(t *testing.T) {
	ts := newTestServer(t, "sqlite")
	admin := ts.signIn(t, "admin")
	form := formValues(t, admin.get(t, "/admin/programmes/new").doc(t))
	form.Set("name", "")
	form.Set("period_start", "31.02.2026")
	form.Set("period_end", "31.12.2027")
	form.Set("places_per_year", "150")
	res := admin.post(t, "/admin/programmes", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	doc := res.doc(t)
	checkPage(t, "programme form with problems", doc, "de")
	var links []string
	for _, a := range findAll(find(doc, tagWith("", "role", "alert")), tagged("a")) {
		links = append(links, attrOf(a, "href"))
	}
	if got := strings.Join(links, " "); got != "#name #region #period_start" {
		t.Errorf("error summary links = %q, want #name #region #period_start", got)
	}
}
