package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// hotPage is a page measured one request at a time.
type hotPage struct {
	Name string
	User *user
	// Path returns the i-th request's path.
	Path func(i int) string
	// Shown is the path as the report shows it.
	Shown string
}

// pageTiming is the result of one hot page.
type pageTiming struct {
	Name, Path string
	Summary    summary
}

// hotPages lists the pages each role opens most. coachCases and
// sponsorCases are cases in the coach's and the caseworker's scope.
func hotPages(coach, lead, sponsor, coord, dpo *user, coachCases, sponsorCases []int64) []hotPage {
	fixed := func(p string) func(int) string { return func(int) string { return p } }
	cycle := func(ids []int64) func(int) string {
		return func(i int) string {
			if len(ids) == 0 {
				return "/cases/0" // nothing in scope: the report shows the 404s
			}
			return fmt.Sprintf("/cases/%d", ids[i%len(ids)])
		}
	}
	search := func(i int) string { return "/cases?q=" + url.QueryEscape(searchPrefixes[i%len(searchPrefixes)]) }
	return []hotPage{
		{"coach start (worklist)", coach, fixed("/"), "/"},
		{"coach case list", coach, fixed("/cases"), "/cases"},
		{"coach case page", coach, cycle(coachCases), "/cases/{id}"},
		{"coach name search", coach, search, "/cases?q=Mül…"},
		{"lead start", lead, fixed("/"), "/"},
		{"sponsor start", sponsor, fixed("/"), "/"},
		{"sponsor inbox", sponsor, fixed("/inbox"), "/inbox"},
		{"sponsor case page", sponsor, cycle(sponsorCases), "/cases/{id}"},
		{"coordinator start", coord, fixed("/"), "/"},
		{"coordinator capacity", coord, fixed("/capacity"), "/capacity"},
		{"DPO audit log", dpo, fixed("/audit"), "/audit"},
	}
}

// timeSequentially requests each page n times, one request at a time.
func timeSequentially(ctx context.Context, pages []hotPage, n int) []pageTiming {
	var out []pageTiming
	for _, p := range pages {
		samples := make([]sample, 0, n)
		for i := 0; i < n && ctx.Err() == nil; i++ {
			samples = append(samples, newSample(p.Name, http.StatusOK, p.User.do(ctx, http.MethodGet, p.Path(i), nil, false)))
		}
		out = append(out, pageTiming{Name: p.Name, Path: p.Shown, Summary: summarize(samples)})
	}
	return out
}
