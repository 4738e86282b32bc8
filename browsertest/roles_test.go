package browsertest_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"teilhabe/browsertest"
)

// demoRoles are the demo users of `teilhabe --demo`, one per role.
var demoRoles = []string{
	"admin",
	"koordination",
	"agentur",
	"jobcenter",
	"traegerleitung",
	"coach",
	"datenschutz",
}

// TestEveryRoleEveryPage signs in as every demo role, visits the start page
// and every page of the main navigation, and checks each with axe-core and
// the page-structure rules of CheckAccessibility. It also checks the login
// page, and that signing out through the sign-out button ends the session.
func TestEveryRoleEveryPage(t *testing.T) {
	anon := browsertest.NewBrowser(t) // skips without Chromium, before the build
	srv := browsertest.StartServer(t)

	t.Run("anonym/login", func(t *testing.T) {
		checkPage(t, anon, "Anmeldung", browsertest.Visit(t, anon, srv.URL+"/login"))
	})

	for _, role := range demoRoles {
		t.Run(role, func(t *testing.T) {
			ctx := browsertest.NewBrowser(t)
			browsertest.SignIn(t, ctx, srv, role)
			start := browsertest.Location(t, ctx)
			checkPage(t, ctx, role+": Startseite", http.StatusOK)

			links := browsertest.NavLinks(t, ctx)
			if len(links) == 0 {
				t.Errorf("the main navigation of %s has no links", role)
			}
			for _, link := range links {
				if link == start {
					continue // checked above
				}
				t.Run(pageName(link), func(t *testing.T) {
					checkPage(t, ctx, role+": "+pageName(link), browsertest.Visit(t, ctx, link))
				})
			}

			t.Run("abmelden", func(t *testing.T) {
				browsertest.Visit(t, ctx, start)
				browsertest.Submit(t, ctx, `form[action="/logout"] button, form[action="/logout"] input[type="submit"]`)
				browsertest.Visit(t, ctx, srv.URL+"/")
				if loc := browsertest.Location(t, ctx); urlPath(loc) != "/login" {
					t.Errorf("after signing out, / shows %s, want a redirect to /login", loc)
				}
			})
		})
	}
}

// checkPage checks that the current page loaded without error and is
// accessible.
func checkPage(t *testing.T, ctx context.Context, name string, status int) {
	t.Helper()
	if status != http.StatusOK {
		t.Errorf("%s (%s): HTTP status %d, want 200", name, browsertest.Location(t, ctx), status)
	}
	if browsertest.Count(t, ctx, "[data-error-page]") > 0 {
		t.Errorf("%s (%s) is an error page: %s", name, browsertest.Location(t, ctx),
			strings.Join(strings.Fields(browsertest.Text(t, ctx, "[data-error-page]")), " "))
	}
	browsertest.CheckAccessibility(t, ctx, name)
}

// pageName turns a link into a subtest name: its path and query.
func pageName(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return link
	}
	return u.RequestURI()
}

func urlPath(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return link
	}
	return u.Path
}
