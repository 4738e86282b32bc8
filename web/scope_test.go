package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"teilhabe"
)

// TestScopeThroughHTTP checks that what lies outside a user's scope or role
// is "not found" over HTTP, indistinguishable from what does not exist.
func TestScopeThroughHTTP(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")         // Caritas Trier-Mitte
		jobcenter := ts.signIn(t, "jobcenter") // Jobcenter Trier Stadt
		agentur := ts.signIn(t, "agentur")     // Agentur für Arbeit Trier
		admin := ts.signIn(t, "admin")         // no case content
		lead := ts.signIn(t, "traegerleitung") // Caritasverband: both Caritas locations
		skmLead := ts.actor(t, "leitung.skm")  // provider lead of SKM
		agenturActor := agentur.user(t).Actor()
		coachActor := coach.user(t).Actor()
		jobcenterActor := jobcenter.user(t).Actor()
		skmCase := ts.anyCase(t, skmLead)
		if skmCase.LocationName != "SKM Bitburg" {
			t.Fatalf("the SKM lead's case is at %q, want SKM Bitburg", skmCase.LocationName)
		}
		ownCase := ts.anyCase(t, coachActor).ID
		agenturCase := ts.anyCase(t, agenturActor).ID
		jobcenterCase := ts.anyCase(t, jobcenterActor).ID
		daunCase := ts.anyCase(t, ts.actor(t, "coach.daun")).ID

		notFound := notFoundText(t, coach)
		for _, tc := range []struct {
			name string
			c    *client
			path string
			want int
		}{
			{"coach reads own case", coach, caseURL(ownCase), http.StatusOK},
			{"coach reads a case at SKM Bitburg", coach, caseURL(skmCase.ID), http.StatusNotFound},
			{"coach reads a case of another location of the same provider", coach, caseURL(daunCase), http.StatusNotFound},
			{"provider lead reads a case at another of its locations", lead, caseURL(daunCase), http.StatusOK},
			{"provider lead reads a case of another provider", lead, caseURL(skmCase.ID), http.StatusNotFound},
			{"coach opens a step of a case at SKM Bitburg", coach, caseURL(skmCase.ID) + "/note", http.StatusNotFound},
			{"coach prints the contract of a case at SKM Bitburg", coach, caseURL(skmCase.ID) + "/contract", http.StatusNotFound},
			{"jobcenter reads own case", jobcenter, caseURL(jobcenterCase), http.StatusOK},
			{"jobcenter reads a case of the Agentur", jobcenter, caseURL(agenturCase), http.StatusNotFound},
			{"coach opens the user list", coach, "/admin/users", http.StatusNotFound},
			{"coach opens a user account", coach, "/admin/users/1", http.StatusNotFound},
			{"coach opens the audit log", coach, "/audit", http.StatusNotFound},
			{"sponsor opens first contact", agentur, "/cases/new", http.StatusNotFound},
			{"coach opens the announcement form", coach, "/announcements/new", http.StatusNotFound},
			{"admin reads a case", admin, caseURL(ownCase), http.StatusNotFound},
			{"admin lists cases", admin, "/cases", http.StatusNotFound},
			{"sponsor opens the internal note form", agentur, caseURL(agenturCase) + "/note", http.StatusNotFound},
			{"sponsor prints the contract", agentur, caseURL(agenturCase) + "/contract", http.StatusNotFound},
			{"a case that does not exist", coach, "/cases/99999999", http.StatusNotFound},
			{"a malformed case id", coach, "/cases/abc", http.StatusNotFound},
			{"an unknown step", coach, caseURL(ownCase) + "/fly", http.StatusNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := tc.c.get(t, tc.path)
				if res.StatusCode != tc.want {
					t.Fatalf("GET %s: status %d, want %d", tc.path, res.StatusCode, tc.want)
				}
				doc := res.doc(t)
				checkPage(t, "GET "+tc.path, doc, "de")
				if tc.want == http.StatusNotFound && mainText(t, doc) != notFound {
					t.Errorf("GET %s: the 404 page differs from that of a case that does not exist:\n%s\n%s", tc.path, mainText(t, doc), notFound)
				}
			})
		}

		t.Run("coach posts a note to a case at SKM Bitburg", func(t *testing.T) {
			before := ts.caseDetail(t, skmLead, skmCase.ID)
			res := coach.post(t, caseURL(skmCase.ID)+"/note", url.Values{"text": {"Darf nicht gespeichert werden."}})
			if res.StatusCode != http.StatusNotFound {
				t.Fatalf("status %d, want 404", res.StatusCode)
			}
			after := ts.caseDetail(t, skmLead, skmCase.ID)
			if len(after.Events) != len(before.Events) || after.Case.Version != before.Case.Version {
				t.Errorf("the case changed: %d events (version %d), was %d (version %d)",
					len(after.Events), after.Case.Version, len(before.Events), before.Case.Version)
			}
		})

		t.Run("coach cannot see the case through the list", func(t *testing.T) {
			doc := coach.get(t, "/cases?q="+url.QueryEscape(lastName(t, ts, skmLead, skmCase.ID))).doc(t)
			for _, href := range links(find(doc, tagged("main"))) {
				if href == caseURL(skmCase.ID) {
					t.Errorf("the coach's case search links to the SKM case %d", skmCase.ID)
				}
			}
		})
	})
}

// notFoundText returns the main text of the 404 page for a case that does not
// exist, to compare other 404 pages with.
func notFoundText(t *testing.T, c *client) string {
	t.Helper()
	res := c.get(t, "/cases/99999998")
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("GET of a case that does not exist: status %d, want 404", res.StatusCode)
	}
	return mainText(t, res.doc(t))
}

func lastName(t *testing.T, ts *testServer, a teilhabe.Actor, id int64) string {
	t.Helper()
	d, err := ts.db.FindCaseByID(context.Background(), a, id)
	if err != nil {
		t.Fatal(err)
	}
	return d.Case.Person.LastName
}
