package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"teilhabe"
)

// checkFieldError asserts the accessible error of a form field: the error
// summary (role=alert) links to the field, which is marked invalid and
// described by its message, and the message says want.
func checkFieldError(t *testing.T, doc *html.Node, field, want string) {
	t.Helper()
	alerts := findAll(doc, tagWith("", "role", "alert"))
	if len(alerts) == 0 {
		t.Fatal("no error summary with role=alert")
	}
	var link *html.Node
	for _, a := range alerts {
		if l := find(a, tagWith("a", "href", "#"+field)); l != nil && link == nil {
			link = l
		}
	}
	if link == nil {
		t.Errorf("the error summary has no link to #%s: %q", field, text(alerts[0]))
	} else if !strings.Contains(text(link), want) {
		t.Errorf("the summary link to #%s says %q, want %q", field, text(link), want)
	}
	control := byID(doc, field)
	if control == nil {
		t.Fatalf("no element with id %q for the summary link", field)
	}
	// A radio group carries the error on its fieldset.
	marked := control
	if attrOf(control, "type") == "radio" || attrOf(control, "type") == "checkbox" {
		if fs := ancestor(control, "fieldset"); fs != nil {
			marked = fs
		}
	}
	if got := attrOf(marked, "aria-invalid"); got != "true" {
		t.Errorf("#%s: aria-invalid = %q, want true", field, got)
	}
	described := strings.Fields(attrOf(marked, "aria-describedby"))
	if !contains(described, field+"-error") {
		t.Errorf("#%s: aria-describedby = %q, want it to contain %s-error", field, attrOf(marked, "aria-describedby"), field)
	}
	if msg := byID(doc, field+"-error"); msg == nil {
		t.Errorf("no message element #%s-error", field)
	} else if !strings.Contains(text(msg), want) {
		t.Errorf("#%s-error says %q, want %q", field, text(msg), want)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestSignInWithAWrongPassword(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		c := ts.client(t)
		res := c.post(t, "/login", url.Values{"username": {"coach"}, "password": {"nicht-das-richtige-Passwort"}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("status %d, want 401", res.StatusCode)
		}
		if c.cookie(sessionCookie) != "" {
			t.Error("a failed sign-in set a session cookie")
		}
		doc := res.doc(t)
		checkPage(t, "failed sign-in", doc, "de")
		if find(doc, tagWith("form", "action", "/login")) == nil {
			t.Error("the sign-in form is not shown again")
		}
		checkFieldError(t, doc, "username", "Benutzername oder Passwort stimmen nicht.")
		if v, _ := inputValue(doc, "username"); v != "coach" {
			t.Errorf("username field = %q, want the entered coach", v)
		}
		if v, _ := inputValue(doc, "password"); v != "" {
			t.Errorf("the password is echoed: %q", v)
		}

		// Empty fields are named, in the form's order.
		res = c.post(t, "/login", url.Values{})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("empty sign-in: status %d, want 422", res.StatusCode)
		}
		doc = res.doc(t)
		checkFieldError(t, doc, "username", "Benutzername fehlt.")
		checkFieldError(t, doc, "password", "Passwort fehlt.")
	})
}

func TestSignInIsThrottledAfterFiveFailures(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		c := ts.client(t)
		for i := 1; i <= 5; i++ {
			res := c.post(t, "/login", url.Values{"username": {"agentur"}, "password": {fmt.Sprintf("falsch-%d", i)}})
			if res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("attempt %d: status %d, want 401", i, res.StatusCode)
			}
		}
		// The sixth attempt is refused before the password is checked, even
		// the right one.
		res := c.post(t, "/login", url.Values{"username": {"agentur"}, "password": {testPassword}})
		if res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("attempt 6: status %d, want 429", res.StatusCode)
		}
		if c.cookie(sessionCookie) != "" {
			t.Error("a throttled sign-in set a session cookie")
		}
		doc := res.doc(t)
		checkPage(t, "throttled sign-in", doc, "de")
		// The lock lasts 15 minutes from the fifth failure, which happened
		// at the server's (fixed) now.
		checkFieldError(t, doc, "username", "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in 15 Minuten erneut.")

		// Other accounts can still sign in from the same address.
		ts.signIn(t, "jobcenter")
	})
}

func TestSignOutEndsTheSession(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		c := ts.signIn(t, "coach")
		token := c.cookie(sessionCookie)
		res := c.post(t, "/logout", nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
			t.Fatalf("POST /logout: status %d, Location %q; want 303 to /login", res.StatusCode, res.Header.Get("Location"))
		}
		if c.cookie(sessionCookie) != "" {
			t.Error("the session cookie was not removed")
		}
		doc := c.get(t, "/login").doc(t)
		if status := find(doc, tagWith("", "role", "status")); status == nil || text(status) != translate("de", "flash.signed_out") {
			t.Errorf("no sign-out confirmation with role=status")
		}

		// The old token no longer works, even when sent again.
		old := ts.client(t)
		old.setCookie(sessionCookie, token)
		if res := old.get(t, "/cases"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("GET /cases with the old token: status %d, Location %q; want 303 to /login", res.StatusCode, res.Header.Get("Location"))
		}
	})
}

func TestChangePassword(t *testing.T) {
	const newPassword = "Ein-ganz-neuer-Satz-im-Herbst"
	eachDB(t, func(t *testing.T, ts *testServer) {
		t.Run("happy path", func(t *testing.T) {
			c := ts.signIn(t, "coach")
			other := ts.signIn(t, "coach") // a second session, e.g. another browser
			res := c.post(t, "/account/password", url.Values{"current": {testPassword}, "password": {newPassword}, "repeat": {newPassword}})
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account" {
				t.Fatalf("status %d, Location %q; want 303 to /account\n%s", res.StatusCode, res.Header.Get("Location"), res.text())
			}
			page := c.get(t, "/account")
			if page.StatusCode != http.StatusOK {
				t.Fatalf("GET /account: status %d; the session that changed the password must live on", page.StatusCode)
			}
			if status := find(page.doc(t), tagWith("", "role", "status")); status == nil || text(status) != translate("de", "flash.password_changed") {
				t.Error("no confirmation with role=status")
			}
			if res := other.get(t, "/"); res.StatusCode != http.StatusSeeOther {
				t.Errorf("the other session: status %d, want 303 to sign-in (ended)", res.StatusCode)
			}
			if res := ts.client(t).post(t, "/login", url.Values{"username": {"coach"}, "password": {testPassword}}); res.StatusCode != http.StatusUnauthorized {
				t.Errorf("sign in with the old password: status %d, want 401", res.StatusCode)
			}
			if res := ts.client(t).post(t, "/login", url.Values{"username": {"coach"}, "password": {newPassword}}); res.StatusCode != http.StatusSeeOther {
				t.Errorf("sign in with the new password: status %d, want 303", res.StatusCode)
			}
		})

		t.Run("mismatch", func(t *testing.T) {
			c := ts.signIn(t, "traegerleitung")
			res := c.post(t, "/account/password", url.Values{"current": {testPassword}, "password": {newPassword}, "repeat": {newPassword + "!"}})
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			doc := res.doc(t)
			checkPage(t, "password mismatch", doc, "de")
			checkFieldError(t, doc, "repeat", "Die beiden neuen Passwörter stimmen nicht überein.")
			for _, name := range []string{"current", "password", "repeat"} {
				if v, ok := inputValue(doc, name); !ok || v != "" {
					t.Errorf("field %s: value %q present=%v; want an empty password field", name, v, ok)
				}
			}
			if res := ts.client(t).post(t, "/login", url.Values{"username": {"traegerleitung"}, "password": {testPassword}}); res.StatusCode != http.StatusSeeOther {
				t.Errorf("the old password no longer works after a refused change: status %d", res.StatusCode)
			}
		})

		t.Run("wrong current password", func(t *testing.T) {
			c := ts.signIn(t, "agentur")
			res := c.post(t, "/account/password", url.Values{"current": {"geraten-und-falsch"}, "password": {newPassword}, "repeat": {newPassword}})
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			checkFieldError(t, res.doc(t), "current", "Das aktuelle Passwort stimmt nicht.")
		})

		t.Run("too short", func(t *testing.T) {
			c := ts.signIn(t, "jobcenter")
			res := c.post(t, "/account/password", url.Values{"current": {testPassword}, "password": {"kurz"}, "repeat": {"kurz"}})
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			checkFieldError(t, res.doc(t), "password", "Das Passwort muss mindestens 12 Zeichen lang sein.")
		})
	})
}

// TestLoginShowsDemoAccounts: a demo installation lists its accounts (never
// the password) on the sign-in page, in the page's language.
func TestLoginShowsDemoAccounts(t *testing.T) {
	ts := newTestServer(t, "sqlite")
	ts.web.demoLogins = []DemoLogin{{Username: "coach", Role: teilhabe.RoleCoach, Org: "Caritas Trier-Mitte"}}
	c := ts.client(t)
	doc := c.get(t, "/login").doc(t)
	checkPage(t, "login with demo accounts", doc, "de")
	if got := text(find(doc, tagged("tbody"))); !strings.Contains(got, "coach") || !strings.Contains(got, "Coach, Caritas Trier-Mitte") {
		t.Errorf("demo accounts = %q", got)
	}
	if strings.Contains(c.get(t, "/login").text(), testPassword) {
		t.Error("the sign-in page shows the password")
	}
}
