package main

import (
	"context"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// burstResult is the outcome of simultaneous sign-ins.
type burstResult struct {
	Name       string
	Goroutines int
	Accounts   int
	OK         int // 303 with a session cookie
	Throttled  int // 429
	Other      map[int]int
	P50, Max   time.Duration
	StartKB    int64 // the server's resident memory before the burst
	PeakKB     int64 // the server's peak resident memory during the burst
}

// signInBurst releases n goroutines at the same moment, the i-th signing
// in to accounts[i % len(accounts)] with a session of its own, all from the
// address from.
func signInBurst(ctx context.Context, name, base string, accounts []string, n int, password string,
	from net.IP, mem *memoryWatch) burstResult {
	tr := newTransport(n, from)
	defer tr.CloseIdleConnections()
	res := burstResult{Name: name, Goroutines: n, Accounts: min(n, len(accounts)), Other: map[int]int{}}
	users := make([]*user, n)
	for i := range users {
		users[i] = newUser(base, accounts[i%len(accounts)], tr)
	}
	results := make([]result, n)
	ok := make([]bool, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, u := range users {
		wg.Go(func() {
			<-start
			form := url.Values{"username": {u.Name}, "password": {password}, "next": {"/"}}
			results[i] = u.do(ctx, http.MethodPost, "/login", form, false)
			ok[i] = results[i].Status == http.StatusSeeOther && u.hasSession()
		})
	}
	res.StartKB = mem.reset()
	close(start)
	wg.Wait()
	res.PeakKB = mem.peak()

	durs := make([]time.Duration, n)
	for i, r := range results {
		durs[i] = r.Dur
		switch {
		case ok[i]:
			res.OK++
		case r.Status == http.StatusTooManyRequests:
			res.Throttled++
		default:
			res.Other[r.Status]++
		}
	}
	slices.Sort(durs)
	res.P50, res.Max = percentile(durs, 50), durs[n-1]
	return res
}

// burstAddress returns a random loopback address other than 127.0.0.1 to
// sign in from, so that the throttle the burst may trigger locks neither
// the other measurements nor a later run on the same data. It returns nil
// (the default address) where such an address cannot be used.
func burstAddress() net.IP {
	ip := net.IPv4(127, byte(1+rand.IntN(254)), byte(1+rand.IntN(254)), byte(1+rand.IntN(254)))
	ln, err := net.Listen("tcp", net.JoinHostPort(ip.String(), "0"))
	if err != nil {
		return nil
	}
	ln.Close()
	return ip
}
