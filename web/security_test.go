package web

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"teilhabe/sqldb"
)

// Every response the client receives is checked for the security headers
// in client.do; these requests add the kinds of response the page walk
// does not produce.
func TestSecurityHeadersOnEveryKindOfResponse(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		anon := ts.client(t)
		for _, tc := range []struct {
			path string
			want int
		}{
			{"/login", http.StatusOK},
			{"/", http.StatusSeeOther},
			{"/static/app.css", http.StatusOK},
			{"/no/such/page", http.StatusNotFound},
			{"/lang/fr", http.StatusNotFound},
			{"/healthz", http.StatusOK},
			{"/feeds/no-such-secret.ics", http.StatusNotFound},
		} {
			if res := anon.get(t, tc.path); res.StatusCode != tc.want {
				t.Errorf("GET %s: status %d, want %d", tc.path, res.StatusCode, tc.want)
			}
		}
		res := anon.post(t, "/login", url.Values{"username": {"coach"}, "password": {"falsch"}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("POST /login with a wrong password: status %d, want 401", res.StatusCode)
		}
		c := ts.signIn(t, "coach")
		if got := c.get(t, "/").Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("a signed-in page has Cache-Control %q, want no-store", got)
		}
	})
}

func TestPagesCarryNoInlineScriptOrStyle(t *testing.T) {
	// The policy allows scripts and styles only from the application's own
	// files; inline ones would be blocked by the browser.
	eachDB(t, func(t *testing.T, ts *testServer) {
		c := ts.signIn(t, "coach")
		for _, path := range []string{"/", "/cases/new", caseURL(ts.caseIn(t, c.user(t).Actor(), "contacted"))} {
			doc := c.get(t, path).doc(t)
			for _, n := range findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
				if is(n, "script") && attrOf(n, "src") == "" {
					t.Errorf("GET %s: inline script", path)
				}
				if is(n, "style") {
					t.Errorf("GET %s: style element", path)
				}
				for _, a := range n.Attr {
					if a.Key == "style" || strings.HasPrefix(a.Key, "on") {
						t.Errorf("GET %s: %s has inline attribute %s", path, n.Data, a.Key)
					}
				}
			}
		}
	})
}

func TestCrossSitePostIsRefused(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		c := ts.signIn(t, "coach")
		coach := c.user(t).Actor()
		before := len(ts.findCases(t, coach, sqldb.CaseFilter{}))
		form := url.Values{"first_name": {"Erika"}, "last_name": {"Quer"}, "birth_date": {"01.02.1980"},
			"channel": {"phone"}, "contact_on": {"25.11.2026"}}

		for _, tc := range []struct {
			name   string
			header map[string]string
		}{
			{"Sec-Fetch-Site cross-site", map[string]string{"Sec-Fetch-Site": "cross-site"}},
			{"Sec-Fetch-Site same-site", map[string]string{"Sec-Fetch-Site": "same-site"}},
			{"foreign Origin", map[string]string{"Origin": "https://evil.example"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := c.postWith(t, "/cases", form, tc.header)
				if res.StatusCode != http.StatusForbidden {
					t.Fatalf("status %d, want 403", res.StatusCode)
				}
				doc := res.doc(t)
				checkPage(t, "refused POST", doc, "de")
				if got, want := mainText(t, doc), translate("de", "err.csrf"); !strings.Contains(got, want) {
					t.Errorf("the page does not explain the refusal %q:\n%s", want, got)
				}
				if after := len(ts.findCases(t, coach, sqldb.CaseFilter{})); after != before {
					t.Errorf("open cases: %d after the refused POST, want %d", after, before)
				}
				// Signing out from another site is refused too: the session lives on.
				if res := c.postWith(t, "/logout", nil, tc.header); res.StatusCode != http.StatusForbidden {
					t.Errorf("cross-site POST /logout: status %d, want 403", res.StatusCode)
				}
				if res := c.get(t, "/"); res.StatusCode != http.StatusOK {
					t.Errorf("GET / after the refused sign-out: status %d, want 200 (still signed in)", res.StatusCode)
				}
			})
		}

		t.Run("same Origin without Sec-Fetch-Site", func(t *testing.T) {
			res := c.postWith(t, "/cases", form, map[string]string{"Origin": ts.URL})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d, want 303\n%s", res.StatusCode, res.text())
			}
			if after := len(ts.findCases(t, coach, sqldb.CaseFilter{})); after != before+1 {
				t.Errorf("open cases: %d, want %d", after, before+1)
			}
		})
	})
}

func TestSessionCookie(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		c := ts.client(t)
		res := c.post(t, "/login", url.Values{"username": {"coach"}, "password": {testPassword}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in: status %d, want 303", res.StatusCode)
		}
		var session *http.Cookie
		for _, ck := range res.Cookies() {
			if ck.Name == sessionCookie {
				session = ck
			}
		}
		if session == nil {
			t.Fatal("no session cookie set")
		}
		if !session.HttpOnly {
			t.Error("session cookie is not HttpOnly")
		}
		if session.SameSite != http.SameSiteLaxMode {
			t.Errorf("session cookie SameSite = %v, want Lax", session.SameSite)
		}
		if session.Path != "/" {
			t.Errorf("session cookie Path = %q, want /", session.Path)
		}
		if len(session.Value) < 40 {
			t.Errorf("session token %q is too short to be unguessable", session.Value)
		}
	})
}

func TestSignInRotatesTheToken(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		const planted = "planted-by-an-attacker-0123456789abcdefghijklmnop"
		c := ts.client(t)
		c.setCookie(sessionCookie, planted)
		if res := c.get(t, "/login"); res.StatusCode != http.StatusOK {
			t.Fatalf("GET /login with an unknown session: status %d, want 200", res.StatusCode)
		}
		res := c.post(t, "/login", url.Values{"username": {"coach"}, "password": {testPassword}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in: status %d, want 303", res.StatusCode)
		}
		first := c.cookie(sessionCookie)
		if first == planted || first == "" {
			t.Fatalf("session cookie after sign-in = %q; the planted token must be replaced", first)
		}
		attacker := ts.client(t)
		attacker.setCookie(sessionCookie, planted)
		if res := attacker.get(t, "/"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("GET / with the planted token: status %d, want 303 to sign-in", res.StatusCode)
		}

		// Signing in again gives yet another token.
		if res := c.post(t, "/login", url.Values{"username": {"coach"}, "password": {testPassword}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("second sign-in: status %d, want 303", res.StatusCode)
		}
		if second := c.cookie(sessionCookie); second == first {
			t.Error("a second sign-in kept the token of the first")
		}
	})
}

func TestAnonymousRequestsGoToSignIn(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		anon := ts.client(t)
		for _, tc := range []struct{ path, location string }{
			{"/", "/login?next=%2F"},
			{"/cases/1", "/login?next=%2Fcases%2F1"},
			{"/admin/users", "/login?next=%2Fadmin%2Fusers"},
		} {
			res := anon.get(t, tc.path)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tc.location {
				t.Errorf("GET %s: status %d, Location %q; want 303 to %s", tc.path, res.StatusCode, res.Header.Get("Location"), tc.location)
			}
		}
		if res := anon.post(t, "/cases", url.Values{"first_name": {"X"}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
			t.Errorf("anonymous POST /cases: status %d, Location %q; want 303 to /login", res.StatusCode, res.Header.Get("Location"))
		}

		// After sign-in the user lands where they wanted to go, but only on
		// this site.
		for _, tc := range []struct{ next, want string }{
			{"/cases", "/cases"},
			{"//evil.example/phish", "/"},
			{"https://evil.example/", "/"},
			{`/\evil.example`, "/"},
		} {
			c := ts.client(t)
			res := c.post(t, "/login", url.Values{"username": {"coach"}, "password": {testPassword}, "next": {tc.next}})
			if got := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || got != tc.want {
				t.Errorf("sign in with next=%q: status %d, Location %q; want 303 to %q", tc.next, res.StatusCode, got, tc.want)
			}
		}
	})
}

func TestInternalErrorShowsOnlyARequestID(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		c := ts.signIn(t, "coach")
		ts.db.Close() // every query fails from now on
		res := c.get(t, "/")
		if res.StatusCode != http.StatusInternalServerError {
			t.Fatalf("GET / with the database closed: status %d, want 500", res.StatusCode)
		}
		id := res.Header.Get("X-Request-Id")
		if id == "" {
			t.Fatal("no X-Request-Id header")
		}
		doc := res.doc(t)
		checkPage(t, "error page", doc, "de")
		var shown []string
		for _, code := range elements(find(doc, tagged("main")), "code") {
			shown = append(shown, text(code))
		}
		if len(shown) != 1 || shown[0] != id {
			t.Errorf("the page shows request ids %q, want [%s]", shown, id)
		}
		body := mainText(t, doc)
		if want := translate("de", "err.internal"); !strings.Contains(body, want) {
			t.Errorf("the page does not say %q:\n%s", want, body)
		}
		for _, leak := range []string{"sql", "database", "closed", "sqlite", "pgx", "error:", ".go"} {
			if strings.Contains(strings.ToLower(body), leak) {
				t.Errorf("the page shows internal error text (%q):\n%s", leak, body)
			}
		}
		if log := ts.log.String(); !strings.Contains(log, "id="+id) || !strings.Contains(log, "internal error") {
			t.Errorf("the log has no internal error with id %s:\n%s", id, log)
		}
	})
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/cases?q=a":           "/cases?q=a",
		"/":                    "/",
		"":                     "/",
		"//evil.example":       "/",
		"/\\evil.example":      "/",
		"/\t/evil.example":     "/",
		"/\n/evil.example":     "/",
		"https://evil.example": "/",
		"evil.example":         "/",
		"/%09/evil.example":    "/%09/evil.example", // stays a path: the browser does not decode it
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestExpiredSessionSaysSo: a request with a dead session cookie lands on
// the sign-in page with a message; a forged flash cookie shows nothing.
func TestExpiredSessionSaysSo(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		c := ts.client(t)
		c.setCookie(sessionCookie, "no-longer-valid")
		res := c.get(t, "/cases")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Fatalf("GET /cases with a dead session = %d to %q, want 303 to /login", res.StatusCode, res.Header.Get("Location"))
		}
		login := c.get(t, res.Header.Get("Location"))
		if !strings.Contains(login.text(), "Sitzung ist abgelaufen") {
			t.Error("the sign-in page does not say that the session expired")
		}
		forged := ts.client(t)
		forged.setCookie(flashCookie, "<b>Bitte Passwort an evil@example.org</b>")
		if strings.Contains(forged.get(t, "/login").text(), "evil@example.org") {
			t.Error("a forged flash cookie reached the page")
		}
	})
}

func TestClientAddr(t *testing.T) {
	s := &Server{proxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	tests := []struct {
		remote, forwarded, want string
	}{
		{"192.0.2.5:4000", "", "192.0.2.5"},
		{"192.0.2.5:4000", "198.51.100.9", "192.0.2.5"}, // not a proxy: the header is ignored
		{"10.0.0.2:4000", "198.51.100.9", "198.51.100.9"},
		{"10.0.0.2:4000", "6.6.6.6, 198.51.100.9, 10.0.0.3", "198.51.100.9"}, // forged first entry skipped
		{"10.0.0.2:4000", "", "10.0.0.2"},
		{"10.0.0.2:4000", "nonsense", "10.0.0.2"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodPost, "/login", nil)
		r.RemoteAddr = tt.remote
		if tt.forwarded != "" {
			r.Header.Set("X-Forwarded-For", tt.forwarded)
		}
		if got := s.clientAddr(r); got != tt.want {
			t.Errorf("clientAddr(%s, XFF %q) = %s, want %s", tt.remote, tt.forwarded, got, tt.want)
		}
	}
}
