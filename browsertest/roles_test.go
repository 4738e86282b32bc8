package browsertest_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
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
			// The pages one click further, from the main content of each
			// navigation page (forms to create and edit, detail pages), one
			// of each kind; case pages and steps are the journey test's.
			var deeper []string
			seen := map[string]bool{}
			for _, link := range links {
				seen[pageShape(link)] = true
			}
			for _, link := range links {
				if link != start {
					t.Run(pageName(link), func(t *testing.T) {
						checkPage(t, ctx, role+": "+pageName(link), browsertest.Visit(t, ctx, link))
					})
				} else {
					browsertest.Visit(t, ctx, link)
				}
				for _, l := range browsertest.Links(t, ctx, "main") {
					shape := pageShape(l)
					if seen[shape] || strings.HasPrefix(urlPath(l), "/cases/") || strings.Contains(l, "page=") {
						continue
					}
					seen[shape] = true
					deeper = append(deeper, l)
				}
			}
			// And the pages one click further still (the programme page's
			// forms), again one of each kind.
			for level := 0; level < 2 && len(deeper) > 0; level++ {
				var next []string
				for _, link := range deeper {
					t.Run(pageName(link), func(t *testing.T) {
						checkPage(t, ctx, role+": "+pageName(link), browsertest.Visit(t, ctx, link))
					})
					for _, l := range browsertest.Links(t, ctx, "main") {
						shape := pageShape(l)
						if seen[shape] || strings.HasPrefix(urlPath(l), "/cases/") || strings.Contains(l, "page=") {
							continue
						}
						seen[shape] = true
						next = append(next, l)
					}
				}
				deeper = next
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

// pageShape is a link's path with its numbers replaced, so that one page
// of each kind is visited (/admin/users/7 stands for every account).
func pageShape(link string) string {
	return regexp.MustCompile(`[0-9]+`).ReplaceAllString(urlPath(link), "N")
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
