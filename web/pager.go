package web

import (
	"net/http"
	"strconv"
)

// pageParam reads ?page=N, defaulting to 1.
func pageParam(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// pager links to the previous and next page of a list, keeping the query.
type pager struct {
	Page      int
	Prev      string
	Next      string
	HasPages  bool
	Label     string
	PrevLabel string
	NextLabel string
	PageLabel string
}

func newPager(r *http.Request, page int, more bool) pager {
	l := lang(r)
	p := pager{Page: page, Label: translate(l, "pager.label"), PrevLabel: translate(l, "pager.prev"),
		NextLabel: translate(l, "pager.next"), PageLabel: translate(l, "pager.page", page)}
	link := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if more {
		p.Next = link(page + 1)
	}
	p.HasPages = p.Prev != "" || p.Next != ""
	return p
}
