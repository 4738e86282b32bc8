package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
)

// httpCheck is what the restarted server showed of the acknowledged writes.
type httpCheck struct {
	Cases, CasesFound int
	Notes, NotesFound int
	Missing           []string // what is not there, described
}

// verifyOverHTTP opens the case page of every acknowledged case and note,
// as the coach who wrote it, and looks for the person's last name and each
// note's text.
func verifyOverHTTP(ctx context.Context, coaches map[string]*coach, l *ledger) httpCheck {
	type page struct {
		coach string
		id    int64
	}
	type want struct {
		note bool
		text string
	}
	wants := map[page][]want{}
	for _, c := range l.Cases {
		wants[page{c.Coach, c.ID}] = append(wants[page{c.Coach, c.ID}], want{false, c.LastName})
	}
	for _, n := range l.Notes {
		wants[page{n.Coach, n.CaseID}] = append(wants[page{n.Coach, n.CaseID}], want{true, n.Text})
	}
	pages := make(chan page)
	var mu sync.Mutex
	res := httpCheck{Cases: len(l.Cases), Notes: len(l.Notes)}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for p := range pages {
				a, err := coaches[p.coach].u.do(ctx, http.MethodGet, fmt.Sprintf("/cases/%d", p.id), nil)
				mu.Lock()
				for _, w := range wants[p] {
					switch {
					case err != nil || a.Status != http.StatusOK:
						res.Missing = append(res.Missing, fmt.Sprintf("case %d as %s: status %d %v", p.id, p.coach, a.Status, err))
					case !bytes.Contains(a.Body, []byte(w.text)):
						res.Missing = append(res.Missing, fmt.Sprintf("case %d as %s: no %q on the page", p.id, p.coach, w.text))
					case w.note:
						res.NotesFound++
					default:
						res.CasesFound++
					}
				}
				mu.Unlock()
			}
		})
	}
	for p := range wants {
		pages <- p
	}
	close(pages)
	wg.Wait()
	slices.Sort(res.Missing)
	return res
}
