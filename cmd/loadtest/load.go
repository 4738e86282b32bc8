package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// actor is a client of the closed loop: step sends one request, waits for
// the whole answer and returns its sample.
type actor interface {
	step(ctx context.Context) sample
}

// closedLoop runs every actor in a goroutine of its own, each sending its
// next request as soon as the previous one was answered, without think
// time, until d has passed. Requests under way then are completed and
// counted. It returns each actor's samples and the time until the last
// answer.
func closedLoop(ctx context.Context, actors []actor, d time.Duration) ([][]sample, time.Duration) {
	out := make([][]sample, len(actors))
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for i, a := range actors {
		wg.Go(func() {
			for time.Now().Before(deadline) && ctx.Err() == nil {
				out[i] = append(out[i], a.step(ctx))
			}
		})
	}
	wg.Wait()
	return out, time.Since(start)
}

// Request kinds of the mixed load, as the report names them.
const (
	kindStart        = "start page"
	kindList         = "case list"
	kindCasePage     = "case page"
	kindSearch       = "name search"
	kindInbox        = "inbox"
	kindFirstContact = "first contact (write)"
	kindNote         = "internal note (write)"
	kindAnnounce     = "announcement (write)"
	kindCapacity     = "capacity"
)

// searchPrefixes are name beginnings common in the demo and generated data.
var searchPrefixes = []string{"Mül", "Sch", "Web", "Bec", "Wag", "Fis", "Mey", "Hof"}

// caseClient is a coach or a sponsor caseworker in the mixed load: it reads
// its start page, case list, case pages of cases in its scope, name searches
// and inbox, and with writePercent probability writes: a coach records first
// contacts and notes, a caseworker announces candidates.
type caseClient struct {
	u            *user
	role         string // "coach" or "caseworker"
	rng          *rand.Rand
	writePercent int
	names        *atomic.Uint64 // shared, for unique names
	cases        []int64        // in scope, from the start page
	location     string         // caseworkers: a location to announce to
}

// prime loads what the client needs before the load: the cases of its
// start page (or case list) and, for a sponsor caseworker, a location.
func (c *caseClient) prime(ctx context.Context) error {
	var err error
	if c.cases, err = casesInScope(ctx, c.u); err != nil {
		return err
	}
	if c.role == "coach" {
		return nil
	}
	r := c.u.do(ctx, http.MethodGet, "/announcements/new", nil, true)
	if r.Err != nil || r.Status != http.StatusOK {
		return fmt.Errorf("%s GET /announcements/new: status %d %v", c.u.Name, r.Status, r.Err)
	}
	m := locationOption.FindSubmatch(r.Body)
	if m == nil {
		return fmt.Errorf("%s: the announcement form offers no location", c.u.Name)
	}
	c.location = string(m[1])
	return nil
}

// casesInScope returns the cases linked from u's start page, or from its
// case list when the start page links none.
func casesInScope(ctx context.Context, u *user) ([]int64, error) {
	var ids []int64
	for _, path := range []string{"/", "/cases"} {
		r := u.do(ctx, http.MethodGet, path, nil, true)
		if r.Err != nil || r.Status != http.StatusOK {
			return nil, fmt.Errorf("%s GET %s: status %d %v", u.Name, path, r.Status, r.Err)
		}
		if ids = caseIDs(r.Body); len(ids) > 0 {
			break
		}
	}
	return ids, nil
}

func (c *caseClient) step(ctx context.Context) sample {
	if c.rng.IntN(100) < c.writePercent {
		return c.write(ctx)
	}
	switch n := c.rng.IntN(5); {
	case n == 0:
		r := c.u.do(ctx, http.MethodGet, "/", nil, true)
		if ids := caseIDs(r.Body); len(ids) > 0 {
			c.cases = ids
		}
		return c.sample(kindStart, http.StatusOK, r)
	case n == 1:
		return c.sample(kindList, http.StatusOK, c.u.do(ctx, http.MethodGet, "/cases", nil, false))
	case n == 2 && len(c.cases) > 0:
		path := fmt.Sprintf("/cases/%d", c.cases[c.rng.IntN(len(c.cases))])
		return c.sample(kindCasePage, http.StatusOK, c.u.do(ctx, http.MethodGet, path, nil, false))
	case n == 3:
		path := "/cases?q=" + url.QueryEscape(searchPrefixes[c.rng.IntN(len(searchPrefixes))])
		return c.sample(kindSearch, http.StatusOK, c.u.do(ctx, http.MethodGet, path, nil, false))
	default:
		return c.sample(kindInbox, http.StatusOK, c.u.do(ctx, http.MethodGet, "/inbox", nil, false))
	}
}

// write sends one write: a coach records a first contact or a note on one
// of its cases, a caseworker announces a candidate.
func (c *caseClient) write(ctx context.Context) sample {
	n := c.names.Add(1)
	switch {
	case c.role == "caseworker":
		return c.sample(kindAnnounce, http.StatusSeeOther,
			c.u.do(ctx, http.MethodPost, "/announcements", announcementForm(c.rng, n, c.location), false))
	case c.rng.IntN(2) == 0 || len(c.cases) == 0:
		return c.sample(kindFirstContact, http.StatusSeeOther,
			c.u.do(ctx, http.MethodPost, "/cases", firstContactForm(c.rng, n), false))
	default:
		id := c.cases[c.rng.IntN(len(c.cases))]
		text := fmt.Sprintf("Lasttest: Rückruf vereinbart, Notiz %s", letters(n))
		return c.sample(kindNote, http.StatusSeeOther,
			c.u.do(ctx, http.MethodPost, fmt.Sprintf("/cases/%d/note", id), noteForm(text), false))
	}
}

// sample names a result by the client's role and the request kind.
func (c *caseClient) sample(kind string, want int, r result) sample {
	return newSample(c.role+": "+kind, want, r)
}

// coordinator opens the capacity table and the start page in turn, as a
// programme coordinator watching the figures during the day.
type coordinator struct {
	u    *user
	next int
}

func (c *coordinator) step(ctx context.Context) sample {
	c.next++
	if c.next%2 == 1 {
		return newSample("coordinator: "+kindCapacity, http.StatusOK, c.u.do(ctx, http.MethodGet, "/capacity", nil, false))
	}
	return newSample("coordinator: "+kindStart, http.StatusOK, c.u.do(ctx, http.MethodGet, "/", nil, false))
}

// signInAll signs users in, two at a time: the server counts each attempt
// against the address until it has succeeded, and locks an address with
// more than 20 open attempts (see the sign-in burst).
func signInAll(ctx context.Context, users []*user, password string) error {
	sem := make(chan struct{}, 2)
	errs := make([]error, len(users))
	var wg sync.WaitGroup
	for i, u := range users {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			_, errs[i] = u.signIn(ctx, password)
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
