package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestEditLocation: the provider lead changes a location's places from the
// capacity page; a lead of another provider finds no such location; a stale
// version gets the current values back.
func TestEditLocation(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		lead := ts.signIn(t, "traegerleitung") // Caritasverband: Trier-Mitte and Daun
		doc := lead.get(t, "/capacity").doc(t)
		var edit string
		for _, a := range findAll(doc, tagged("a")) {
			if href := attrOf(a, "href"); strings.HasSuffix(href, "/edit") && strings.Contains(text(a), "Daun") {
				edit = href
			}
		}
		if edit == "" {
			t.Fatal("capacity page has no edit link for Caritas Daun")
		}
		form := lead.get(t, edit)
		if form.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d", edit, form.StatusCode)
		}
		checkPage(t, edit, form.doc(t), "de")
		values := formValues(t, form.doc(t))
		stale := formValues(t, form.doc(t))
		values.Set("places_per_year", "31")
		if res := lead.post(t, edit, values); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST %s = %d\n%s", edit, res.StatusCode, res.text())
		}
		if !strings.Contains(lead.get(t, "/capacity").text(), `data-label="Plätze">31</td>`) {
			t.Error("capacity page does not show the new 31 places")
		}

		stale.Set("places_per_year", "99")
		res := lead.post(t, edit, stale)
		if res.StatusCode != http.StatusConflict || !strings.Contains(res.text(), "inzwischen von jemand anderem geändert") {
			t.Errorf("stale POST = %d, want 409 with the stale notice", res.StatusCode)
		}
		if !strings.Contains(res.text(), `value="31"`) {
			t.Error("stale POST does not show the current 31 places")
		}

		values.Set("places_per_year", "-3")
		if res := lead.post(t, edit, values); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("POST with -3 places = %d, want 422", res.StatusCode)
		}

		other := ts.signIn(t, "leitung.skm")
		if res := other.get(t, edit); res.StatusCode != http.StatusNotFound {
			t.Errorf("other provider's lead GET %s = %d, want 404", edit, res.StatusCode)
		}
		if res := ts.signIn(t, "coach").get(t, edit); res.StatusCode != http.StatusNotFound {
			t.Errorf("coach GET %s = %d, want 404", edit, res.StatusCode)
		}
	})
}
