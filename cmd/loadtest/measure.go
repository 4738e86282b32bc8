package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync/atomic"
	"time"

	"teilhabe/internal/serverproc"
)

// measurer runs the measurements against one started server.
type measurer struct {
	cfg      config
	srv      *serverproc.Server
	mem      *memoryWatch
	accounts accountSet
	tr       *http.Transport
	progress io.Writer

	names   atomic.Uint64 // for unique person names across all clients
	clients []*caseClient // of the mixed load
	pages   []hotPage     // of the sequential timings
	coord   *user         // the coordinator
}

func (m *measurer) say(format string, args ...any) {
	fmt.Fprintf(m.progress, "loadtest: "+format+"\n", args...)
}

// loadResult is the outcome of a closed-loop load.
type loadResult struct {
	Clients int
	Elapsed time.Duration // until the last answer
	Total   summary
	Kinds   []kindSummary
	// Observer are the coordinator's own requests, not in Total or Kinds.
	Observer []kindSummary
	StartKB  int64 // the server's resident memory at the start; 0 for the reference
	PeakKB   int64 // the server's peak resident memory; 0 for the reference
}

// ReqPerSec is the throughput of the load.
func (l loadResult) ReqPerSec() float64 { return float64(l.Total.Count) / l.Elapsed.Seconds() }

// kindSummary are the figures of one kind of request.
type kindSummary struct {
	Kind string
	summary
}

// summarizeKinds summarizes samples per kind, in the order kinds first
// appear.
func summarizeKinds(samples []sample) []kindSummary {
	kinds, groups := byKind(samples)
	out := make([]kindSummary, len(kinds))
	for i, k := range kinds {
		out[i] = kindSummary{Kind: k, summary: summarize(groups[k])}
	}
	return out
}

// reference loads the trivial in-process server with as many clients as
// the mixed load has.
func (m *measurer) reference(ctx context.Context) (loadResult, error) {
	url, stop, err := startReference()
	if err != nil {
		return loadResult{}, err
	}
	defer stop()
	n := m.cfg.Coaches + m.cfg.Caseworkers
	m.say("reference: %d clients for %s", n, m.cfg.RefDuration)
	actors := make([]actor, n)
	for i := range actors {
		actors[i] = referenceClient{newUser(url, "", m.tr)}
	}
	per, elapsed := closedLoop(ctx, actors, m.cfg.RefDuration)
	var all []sample
	for _, s := range per {
		all = append(all, s...)
	}
	return loadResult{Clients: n, Elapsed: elapsed, Total: summarize(all)}, nil
}

// prepare signs in every user the measurements need and loads the cases
// in their scope. It runs first, so that the memory the password checks
// take is given back before the loads measure memory.
func (m *measurer) prepare(ctx context.Context) error {
	a := m.accounts
	var users []*user
	for _, name := range []string{a.Coaches[0], a.Lead, a.Caseworkers[0], a.Coordinator, a.DPO} {
		users = append(users, newUser(m.srv.URL, name, m.tr))
	}
	for i := range m.cfg.Coaches + m.cfg.Caseworkers {
		role, accounts, j := "coach", a.Coaches, i
		if i >= m.cfg.Coaches {
			role, accounts, j = "caseworker", a.Caseworkers, i-m.cfg.Coaches
		}
		u := newUser(m.srv.URL, accounts[j%len(accounts)], m.tr)
		users = append(users, u)
		m.clients = append(m.clients, &caseClient{u: u, role: role, writePercent: m.cfg.WritePercent, names: &m.names,
			rng: rand.New(rand.NewPCG(uint64(m.cfg.Seed), uint64(i)))})
	}
	m.say("signing in %d users", len(users))
	if err := signInAll(ctx, users, m.cfg.Password); err != nil {
		return err
	}
	for _, c := range m.clients {
		if err := c.prime(ctx); err != nil {
			return err
		}
	}
	coach, lead, sponsor, coord, dpo := users[0], users[1], users[2], users[3], users[4]
	coachCases, err := casesInScope(ctx, coach)
	if err != nil {
		return err
	}
	sponsorCases, err := casesInScope(ctx, sponsor)
	if err != nil {
		return err
	}
	m.pages = hotPages(coach, lead, sponsor, coord, dpo, coachCases, sponsorCases)
	m.coord = coord
	return nil
}

// sequential times the hot pages, one signed-in user at a time.
func (m *measurer) sequential(ctx context.Context) []pageTiming {
	m.say("sequential: %d pages × %d requests", len(m.pages), m.cfg.Seq)
	return timeSequentially(ctx, m.pages, m.cfg.Seq)
}

// mixed runs the mixed load of coaches and caseworkers, with the
// coordinator as an observer if withCoordinator.
func (m *measurer) mixed(ctx context.Context, withCoordinator bool) loadResult {
	actors := make([]actor, 0, len(m.clients)+1)
	for _, c := range m.clients {
		actors = append(actors, c)
	}
	if withCoordinator {
		actors = append(actors, &coordinator{u: m.coord})
	}
	m.say("mixed load: %d clients for %s (coordinator: %v)", len(actors), m.cfg.Duration, withCoordinator)
	startKB := m.mem.reset()
	per, elapsed := closedLoop(ctx, actors, m.cfg.Duration)
	res := loadResult{Clients: len(m.clients), Elapsed: elapsed, StartKB: startKB, PeakKB: m.mem.peak()}
	var all []sample
	for _, s := range per[:len(m.clients)] {
		all = append(all, s...)
	}
	res.Total, res.Kinds = summarize(all), summarizeKinds(all)
	if withCoordinator {
		res.Observer = summarizeKinds(per[len(m.clients)])
	}
	return res
}

// bursts signs in simultaneously: 8 times to one account, then once to
// each of up to 50 accounts, each burst from an address of its own.
func (m *measurer) bursts(ctx context.Context) []burstResult {
	m.say("sign-in bursts")
	same := signInBurst(ctx, "8 sign-ins to one account", m.srv.URL, []string{m.accounts.Shared}, 8,
		m.cfg.Password, burstAddress(), m.mem)
	n := min(50, len(m.accounts.Burst))
	many := signInBurst(ctx, fmt.Sprintf("%d sign-ins to %d accounts", n, n), m.srv.URL, m.accounts.Burst, n,
		m.cfg.Password, burstAddress(), m.mem)
	return []burstResult{same, many}
}
