package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // German dates whatever the machine's zone files
)

// ledger is what the server acknowledged: writes answered with a redirect
// and case pages served.
type ledger struct {
	mu    sync.Mutex
	Cases []ackedCase
	Notes []ackedNote
	Views []string // X-Request-Id of each served case page
	// Odd counts answers that are neither an acknowledgement nor a
	// transport error, e.g. "POST /cases: 500".
	Odd map[string]int
}

// ackedCase is a first contact the server acknowledged.
type ackedCase struct {
	ID       int64
	LastName string
	Coach    string
}

// ackedNote is an internal note the server acknowledged.
type ackedNote struct {
	CaseID int64
	Text   string
	Coach  string
}

func (l *ledger) addCase(c ackedCase) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.Cases = append(l.Cases, c)
}

func (l *ledger) addNote(n ackedNote) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.Notes = append(l.Notes, n)
}

func (l *ledger) addOdd(what string, status int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.Odd == nil {
		l.Odd = map[string]int{}
	}
	l.Odd[fmt.Sprintf("%s: %d", what, status)]++
}

func (l *ledger) addView(requestID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.Views = append(l.Views, requestID)
}

// coach is a signed-in demo coach with the cases its workers act on: its
// worklist and the cases it created.
type coach struct {
	u     *user
	mu    sync.Mutex
	cases []int64
}

// pick returns one of the coach's cases at random; false if it has none.
func (c *coach) pick(rng *rand.Rand) (int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.cases) == 0 {
		return 0, false
	}
	return c.cases[rng.IntN(len(c.cases))], true
}

// add gives the coach a case it created.
func (c *coach) add(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cases = append(c.cases, id)
}

// driver sends the load of a round.
type driver struct {
	coaches []*coach
	token   string // makes names and note texts unique across runs
	round   int
	seed    uint64
	l       *ledger

	sent     atomic.Int64
	inFlight atomic.Int64
	serial   atomic.Uint64
}

// drive runs workers goroutines, the i-th acting as coaches[i % n], each
// sending its next request when the previous one was answered, until ctx
// is done.
func (d *driver) drive(ctx context.Context, workers int) {
	var wg sync.WaitGroup
	for i := range workers {
		rng := rand.New(rand.NewPCG(d.seed, uint64(d.round)<<16|uint64(i)))
		c := d.coaches[i%len(d.coaches)]
		wg.Go(func() {
			for ctx.Err() == nil {
				d.step(ctx, rng, c)
			}
		})
	}
	wg.Wait()
}

// step sends one request: a first contact, a note or a case view, a third
// each, and records what was acknowledged.
func (d *driver) step(ctx context.Context, rng *rand.Rand, c *coach) {
	d.sent.Add(1)
	d.inFlight.Add(1)
	defer d.inFlight.Add(-1)
	n := d.serial.Add(1)
	id, haveCase := c.pick(rng)
	switch k := rng.IntN(3); {
	case k == 1 && haveCase:
		// The final full stop: "Notiz 1." is no part of "Notiz 17.".
		text := fmt.Sprintf("Crashtest %s Runde %d Notiz %d.", d.token, d.round, n)
		a, _ := c.u.do(ctx, http.MethodPost, fmt.Sprintf("/cases/%d/note", id), url.Values{"text": {text}, "version": {"0"},
			"contact_on": {time.Now().In(berlin).Format("02.01.2006")}, "channel": {"phone"}, "visibility": {"internal"}})
		switch {
		case a.Status == http.StatusSeeOther:
			d.l.addNote(ackedNote{CaseID: id, Text: text, Coach: c.u.Name})
		case a.Status != 0:
			d.l.addOdd("POST /cases/{id}/note", a.Status)
		}
	case k == 2 && haveCase:
		a, _ := c.u.do(ctx, http.MethodGet, fmt.Sprintf("/cases/%d", id), nil)
		// The status line is the answer: the page and its audit entry are
		// committed before the server writes a byte.
		switch {
		case a.Status == http.StatusOK && a.RequestID != "":
			d.l.addView(a.RequestID)
		case a.Status != 0:
			d.l.addOdd("GET /cases/{id}", a.Status)
		}
	default:
		last := "Absturz" + d.token + letters(n, 5)
		a, _ := c.u.do(ctx, http.MethodPost, "/cases", firstContact(rng, last))
		m := caseURL.FindStringSubmatch(a.Location)
		switch {
		case a.Status == http.StatusSeeOther && m != nil:
			id, _ := strconv.ParseInt(m[1], 10, 64)
			d.l.addCase(ackedCase{ID: id, LastName: last, Coach: c.u.Name})
			c.add(id)
		case a.Status != 0:
			d.l.addOdd("POST /cases", a.Status)
		}
	}
}

// berlin is the time zone of the server's "today".
var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err) // embedded by time/tzdata
	}
	return loc
}()

// firstContact is a coach's first contact by phone today with a new person
// named last, between 19 and 60 years old, confirmed as no duplicate.
func firstContact(rng *rand.Rand, last string) url.Values {
	now := time.Now().In(berlin)
	return url.Values{
		"first_name": {[]string{"Mara", "Jan", "Ines", "Tom", "Selin", "Paul"}[rng.IntN(6)]},
		"last_name":  {last},
		"birth_date": {now.AddDate(-19-rng.IntN(40), 0, -rng.IntN(360)).Format("02.01.2006")},
		"channel":    {"phone"},
		"contact_on": {now.Format("02.01.2006")},
		"duplicate":  {"new"},
	}
}

// letters writes n in base 26 with width letters a–z, so that generated
// names stay names and none is the beginning of another.
func letters(n uint64, width int) string {
	b := make([]byte, width)
	for i := range b {
		b[i] = byte('a' + n%26)
		n /= 26
	}
	return string(b)
}
