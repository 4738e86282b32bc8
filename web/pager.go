package web

import (
	"errors"
	"net/http"
	"strconv"
	"teilhabe"
)

// maxPage bounds ?page=N: no list is that long, and the offset it gives
// fits any database.
const maxPage = 100_000

// pageParam reads ?page=N: 1 when absent or not a number, and
// teilhabe.ErrNotFound past maxPage.
func pageParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange), err == nil && n < 1:
		return 1, nil
	case err != nil, n > maxPage:
		return 0, teilhabe.ErrNotFound
	}
	return int(n), nil
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
