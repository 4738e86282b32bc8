package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"teilhabe"
	"teilhabe/sqldb"
	"testing"
)

func TestFirstContact(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		c := ts.signIn(t, "coach")
		coach := c.user(t).Actor()
		openCases := func(t *testing.T) int { return len(ts.findCases(t, coach, sqldb.CaseFilter{})) }
		newForm := func(t *testing.T, first, last, birth, contactOn string) url.Values {
			form := formValues(t, c.get(t, "/cases/new").doc(t))
			form.Set("first_name", first)
			form.Set("last_name", last)
			form.Set("birth_date", birth)
			form.Set("channel", "phone")
			form.Set("contact_on", contactOn)
			return form
		}

		t.Run("impossible date", func(t *testing.T) {
			before := openCases(t)
			res := c.post(t, "/cases", newForm(t, "Erika", "Beispiel", "14.03.1985", "31.02.2026"))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			doc := res.doc(t)
			checkPage(t, "first contact with a bad date", doc, "de")
			checkFieldError(t, doc, "contact_on", "Datum des Erstkontakts: Den 31.02.2026 gibt es nicht.")
			if title := text(find(doc, tagged("title"))); !strings.HasPrefix(title, "Fehler: ") {
				t.Errorf("page title %q, want it to start with \"Fehler: \"", title)
			}
			checkKept(t, doc, map[string]string{"first_name": "Erika", "last_name": "Beispiel",
				"birth_date": "14.03.1985", "contact_on": "31.02.2026", "channel": "phone"})
			if after := openCases(t); after != before {
				t.Errorf("open cases: %d, want %d (nothing saved)", after, before)
			}
			if found := ts.findCases(t, coach, sqldb.CaseFilter{Query: "Beispiel"}); len(found) != 0 {
				t.Errorf("a case was saved: %+v", found)
			}
		})

		t.Run("every problem at once, in form order", func(t *testing.T) {
			res := c.post(t, "/cases", newForm(t, "", "Beispiel", "31.02.1985", "31.02.2026"))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			doc := res.doc(t)
			var got []string
			for _, a := range elements(find(doc, tagWith("", "role", "alert")), "a") {
				got = append(got, attrOf(a, "href"))
			}
			want := []string{"#first_name", "#birth_date", "#contact_on"}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("the error summary links to %v, want %v", got, want)
			}
			// Each message names its field and what is wrong; the two date
			// fields do not say the same sentence.
			var messages []string
			for _, a := range elements(find(doc, tagWith("", "role", "alert")), "a") {
				messages = append(messages, text(a))
			}
			wantMessages := []string{"Vorname fehlt.", "Geburtsdatum: Den 31.02.1985 gibt es nicht.",
				"Datum des Erstkontakts: Den 31.02.2026 gibt es nicht."}
			if strings.Join(messages, "|") != strings.Join(wantMessages, "|") {
				t.Errorf("the error summary says %q, want %q", messages, wantMessages)
			}
		})

		t.Run("valid", func(t *testing.T) {
			before := openCases(t)
			id := caseIDFrom(t, c.post(t, "/cases", newForm(t, "Erika", "Beispiel", "14.03.1985", "25.11.2026")))
			if after := openCases(t); after != before+1 {
				t.Errorf("open cases: %d, want %d", after, before+1)
			}
			res := c.get(t, caseURL(id))
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET the new case: status %d", res.StatusCode)
			}
			doc := res.doc(t)
			checkPage(t, "new case", doc, "de")
			if h1 := text(elements(doc, "h1")[0]); !strings.Contains(h1, "Beispiel") {
				t.Errorf("h1 = %q, want the person's name", h1)
			}
			if s := find(doc, tagWith("", "role", "status")); s == nil || text(s) != translate("de", "flash.first_contact") {
				t.Error("no confirmation with role=status")
			}
			// Seven calendar days after the first contact on 25.11.2026.
			deadlines := find(doc, tagWith("section", "aria-labelledby", "h-deadlines"))
			if deadlines == nil {
				t.Fatal("the case page has no deadlines section")
			}
			if got := text(deadlines); !strings.Contains(got, "02.12.2026") {
				t.Errorf("the deadlines section does not show the info deadline 02.12.2026: %q", got)
			}
			if d := ts.caseDetail(t, coach, id); d.Case.Stage != teilhabe.StageContacted || teilhabe.FormatDate(d.Case.InfoDueOn) != "02.12.2026" {
				t.Errorf("stored case: stage %s, info due %s; want contacted, 02.12.2026", d.Case.Stage, teilhabe.FormatDate(d.Case.InfoDueOn))
			}
		})

		t.Run("duplicate warning", func(t *testing.T) {
			existing := ts.caseDetail(t, coach, ts.anyCase(t, coach).ID).Case
			p := existing.Person
			before := openCases(t)
			res := c.post(t, "/cases", newForm(t, p.FirstName, p.LastName, teilhabe.FormatDate(p.BirthDate), "25.11.2026"))
			if res.StatusCode != http.StatusConflict {
				t.Fatalf("status %d, want 409\n%s", res.StatusCode, res.text())
			}
			doc := res.doc(t)
			checkPage(t, "duplicate warning", doc, "de")
			warning := find(doc, tagWith("", "role", "alert"))
			if warning == nil || !strings.Contains(text(warning), translate("de", "first_contact.duplicates")) {
				t.Fatal("no duplicate warning with role=alert")
			}
			if find(doc, tagWith("a", "href", caseURL(existing.ID))) == nil {
				t.Errorf("the warning does not link to the existing case %d", existing.ID)
			}
			if byID(doc, "duplicate-new") == nil {
				t.Error("no choice for a new person")
			}
			checkKept(t, doc, map[string]string{"first_name": p.FirstName, "last_name": p.LastName,
				"birth_date": teilhabe.FormatDate(p.BirthDate), "contact_on": "25.11.2026"})
			if after := openCases(t); after != before {
				t.Errorf("open cases: %d, want %d (nothing saved yet)", after, before)
			}

			// The user picks the known person, who still has an open case:
			// the form comes back with the message at the choice.
			form := formValues(t, doc)
			form.Set("duplicate", strconv.FormatInt(p.ID, 10))
			again := c.post(t, "/cases", form)
			if again.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("choosing the known person with an open case: status %d, want 422", again.StatusCode)
			}
			adoc := again.doc(t)
			checkPage(t, "known person chosen", adoc, "de")
			if msg := text(byID(adoc, "duplicate-error")); !strings.Contains(msg, "offenen Fall") {
				t.Errorf("duplicate error = %q, want the open-case message", msg)
			}
			if after := openCases(t); after != before {
				t.Errorf("open cases: %d, want %d", after, before)
			}

			// The user says this is someone else: the form as shown, with that choice.
			form.Set("duplicate", "new")
			id := caseIDFrom(t, c.post(t, "/cases", form))
			if after := openCases(t); after != before+1 {
				t.Errorf("open cases: %d, want %d", after, before+1)
			}
			if d := ts.caseDetail(t, coach, id); d.Case.Person.ID == p.ID {
				t.Errorf("the new case belongs to the existing person %d", p.ID)
			}
		})
	})
}
