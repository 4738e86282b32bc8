package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"teilhabe/sqldb"
)

// TestHostileTextIsRefused sends text no form produces — a NUL byte,
// invalid UTF-8, other control characters — to forms and filters on both
// databases: each is a 422 naming the field, never a 500, and nothing is
// stored.
func TestHostileTextIsRefused(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		a := coach.user(t).Actor()
		id := ts.anyCase(t, a).ID
		version := strconv.Itoa(ts.caseDetail(t, a, id).Case.Version)
		dpo := ts.signIn(t, "datenschutz")
		for _, bad := range []string{"a\x00b", "caf\xe9", "x\x1by", "\xc3\x28"} {
			for _, tc := range []struct {
				name  string
				c     *client
				post  bool
				path  string
				form  url.Values
				label string
			}{
				{"anonymous sign-in", ts.client(t), true, "/login", url.Values{"username": {bad}, "password": {"x"}}, "Benutzername"},
				{"note", coach, true, caseURL(id) + "/note", noteForm(version, bad), "Notiz"},
				{"first contact", coach, true, "/cases", url.Values{"first_name": {"Ida"}, "last_name": {bad},
					"birth_date": {"03.04.1979"}, "channel": {"phone"}, "contact_on": {"25.11.2026"}}, "Nachname"},
				{"case search", coach, false, "/cases?q=" + url.QueryEscape(bad), nil, "Name"},
				{"audit filter", dpo, false, "/audit?actor=" + url.QueryEscape(bad), nil, "Benutzer"},
			} {
				t.Run(tc.name+" "+strconv.Quote(bad), func(t *testing.T) {
					var res *response
					if tc.post {
						res = tc.c.post(t, tc.path, tc.form)
					} else {
						res = tc.c.get(t, tc.path)
					}
					if res.StatusCode != http.StatusUnprocessableEntity {
						t.Fatalf("status %d, want 422\n%s", res.StatusCode, res.text())
					}
					if body := mainText(t, res.doc(t)); !strings.Contains(body, tc.label) {
						t.Errorf("the page does not name the field %q: %s", tc.label, body)
					}
				})
			}
		}
		if got := ts.caseDetail(t, a, id).Case.Version; strconv.Itoa(got) != version {
			t.Errorf("the case changed: version %d, was %s", got, version)
		}
		for _, e := range ts.caseDetail(t, a, id).Events {
			if !validText(e.Text) {
				t.Errorf("a timeline text with invalid characters was stored: %q", e.Text)
			}
		}
	})
}

// TestNumbersOutOfRange sends numbers no form produces: a version beyond 32
// bits is a stale form (409), a page number beyond any list is not found.
func TestNumbersOutOfRange(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		a := coach.user(t).Actor()
		id := ts.anyCase(t, a).ID
		res := coach.post(t, caseURL(id)+"/note", noteForm("2147483648", "Rückruf"))
		if res.StatusCode != http.StatusSeeOther {
			// A note adds to a case without its version; it is saved.
			t.Errorf("note with a huge version: status %d, want 303", res.StatusCode)
		}
		lead := ts.signIn(t, "traegerleitung")
		locs, err := ts.db.FindLocations(t.Context(), lead.user(t).Actor(),
			sqldb.LocationFilter{ProgrammeID: lead.user(t).ProgrammeID, ProviderID: lead.user(t).OrgID})
		if err != nil || len(locs) == 0 {
			t.Fatalf("locations of the lead: %v, %v", locs, err)
		}
		edit := "/locations/" + strconv.FormatInt(locs[0].ID, 10) + "/edit"
		values := formValues(t, lead.get(t, edit).doc(t))
		values.Set("version", "2147483648")
		if res := lead.post(t, edit, values); res.StatusCode != http.StatusConflict {
			t.Errorf("location with version 2147483648: status %d, want 409", res.StatusCode)
		}
		values.Set("version", "-1")
		if res := lead.post(t, edit, values); res.StatusCode != http.StatusConflict {
			t.Errorf("location with version -1: status %d, want 409", res.StatusCode)
		}
		for _, path := range []string{"/cases?page=368934881474191034", "/?page=99999999999", "/cases?page=400"} {
			if res := coach.get(t, path); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", path, res.StatusCode)
			}
		}
		if res := coach.get(t, "/cases?page=abc"); res.StatusCode != http.StatusOK {
			t.Errorf("GET /cases?page=abc: status %d, want 200 (page 1)", res.StatusCode)
		}
	})
}

// TestStaticFiles: no directory listing, and the application's 404 page for
// a file that is not there.
func TestStaticFiles(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		c := ts.client(t)
		if res := c.get(t, "/static/app.css"); res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
			t.Errorf("GET /static/app.css: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		for _, path := range []string{"/static/", "/static/nothing.js", "/static/fonts/"} {
			res := c.get(t, path)
			if res.StatusCode != http.StatusNotFound || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				t.Errorf("GET %s: %d %s, want the 404 page", path, res.StatusCode, res.Header.Get("Content-Type"))
			}
			if strings.Contains(res.text(), "app.css</a>") {
				t.Errorf("GET %s lists the directory", path)
			}
		}
	})
}

// TestAttemptsAreRecorded: the data protection officer sees a signed-in
// user's attempt to open a case outside their scope, and a failed sign-in
// with an unknown username (its first characters only).
func TestAttemptsAreRecorded(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		other := ts.anyCase(t, ts.actor(t, "coach.daun")).ID
		if res := coach.get(t, caseURL(other)); res.StatusCode != http.StatusNotFound {
			t.Fatalf("GET another location's case: %d, want 404", res.StatusCode)
		}
		res := ts.client(t).post(t, "/login", url.Values{"username": {"Sonnenblume-Xq7z"}, "password": {"x"}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("sign-in with an unknown username: %d", res.StatusCode)
		}
		dpo := ts.signIn(t, "datenschutz")
		refused := dpo.get(t, "/audit?action=case.refused").text()
		if !strings.Contains(refused, "wollte Fall "+strconv.FormatInt(other, 10)+" öffnen") {
			t.Errorf("the audit log does not show the refused case %d", other)
		}
		failed := dpo.get(t, "/audit?installation=on&action=login.failed").text()
		if !strings.Contains(failed, "sonn…") || strings.Contains(failed, "Xq7z") {
			t.Errorf("the unknown username is not recorded truncated: %s", mainText(t, dpo.get(t, "/audit?installation=on").doc(t)))
		}
		// An officer of one organisation does not see installation entries.
		if res := dpo.get(t, "/audit?installation=on"); res.StatusCode != http.StatusOK {
			t.Errorf("the programme's officer: %d", res.StatusCode)
		}
	})
}

// TestPasswordGuessingEndsTheSession: an open session does not let anyone
// guess the current password on the account page.
func TestPasswordGuessingEndsTheSession(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		c := ts.signIn(t, "coach")
		var res *response
		for i := range 5 {
			res = c.post(t, "/account/password", url.Values{"current": {"guess " + strconv.Itoa(i)},
				"password": {"ein-neues-langes-passwort"}, "repeat": {"ein-neues-langes-passwort"}})
		}
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
			t.Fatalf("the fifth wrong password: %d to %q, want 303 to /login", res.StatusCode, res.Header.Get("Location"))
		}
		if res := c.get(t, "/"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("after the lock the session still works: %d", res.StatusCode)
		}
		again := ts.client(t).post(t, "/login", url.Values{"username": {"coach"}, "password": {testPassword}})
		if again.StatusCode != http.StatusTooManyRequests {
			t.Errorf("sign-in with the right password while locked: %d, want 429", again.StatusCode)
		}
	})
}

// TestSignInAsAnotherUserEndsTheFirstSession: signing in as B in a browser
// that holds A's session ends A's session on the server.
func TestSignInAsAnotherUserEndsTheFirstSession(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		c := ts.signIn(t, "coach")
		first := c.cookie(sessionCookie)
		res := c.post(t, "/login", url.Values{"username": {"agentur"}, "password": {testPassword}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("second sign-in: %d", res.StatusCode)
		}
		old := ts.client(t)
		old.setCookie(sessionCookie, first)
		if res := old.get(t, "/"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("the first session still works after another sign-in: %d", res.StatusCode)
		}
	})
}
