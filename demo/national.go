package demo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// The national data set: ten programmes, one per group of federal states,
// with 550 sponsors, 1,000 providers, 2,000 locations, an account for each
// of them and as many cases as asked for, spread over the last three years,
// each with the history its journey would have written. It is a benchmark
// and demonstration set: every record is built through the domain's inputs
// and rules and passes the validation a user's input passes, but it is
// written with sqldb.Bulk instead of the store's journey methods, which
// would take hours for a million cases.

// NationalOptions configure GenerateNational.
type NationalOptions struct {
	// Cases is how many cases to generate, 1 to MaxNationalCases.
	Cases int
	// Seed seeds the random numbers (a PCG generator).
	Seed uint64
	// Password is every account's password, at least 12 characters.
	Password string
	// Today is the day the data set leads up to: its history ends at the
	// start of that day in Germany. The same seed and day give the same
	// data. Zero means the store's today.
	Today time.Time
	// Progress receives a line every 5 % of the cases; nil for none.
	Progress io.Writer
}

// NationalSummary counts what GenerateNational wrote.
type NationalSummary struct {
	Today                                                   time.Time
	Programmes, Sponsors, Providers, Locations, Accounts    int
	Cases, Appointments, Consents, Messages, Events, Audits int
	// Employers counts the providers' registers; Placements and Exits
	// the cases' placements (of every kind) and exits.
	Employers, Placements, Exits int
	ByStage                      map[teilhabe.Stage]int
	// Overdue counts open cases whose next step was due before Today.
	Overdue int
	Elapsed time.Duration
}

// String is the summary in one line.
func (s NationalSummary) String() string {
	var closed, open int
	for st, n := range s.ByStage {
		if st.Closed() {
			closed += n
		} else {
			open += n
		}
	}
	return fmt.Sprintf("%d cases (%d open, %d closed, %d overdue, %d active) as of %s in %d programmes, "+
		"%d sponsors, %d providers, %d locations, %d accounts, %d employers; %d events, %d messages, %d appointments, "+
		"%d consents, %d placements, %d exits, %d audit entries; %s", s.Cases, open, closed, s.Overdue,
		s.ByStage[teilhabe.StageActive], teilhabe.FormatDate(s.Today), s.Programmes, s.Sponsors, s.Providers, s.Locations,
		s.Accounts, s.Employers, s.Events, s.Messages, s.Appointments, s.Consents, s.Placements, s.Exits, s.Audits,
		s.Elapsed.Round(time.Second))
}

// MaxNationalCases bounds GenerateNational's Cases.
const MaxNationalCases = 20_000_000

// GenerateNational fills the empty database db with the national data set
// (see NationalOptions). Every account has the username its role and number
// give (admin, coordinator-01, dpo-01, coach-0001, lead-0001,
// caseworker-0001, …) and opt.Password. It fails, writing nothing, if db is
// not empty (sqldb.ErrNotEmpty), if a generated record fails validation, or
// if a write fails.
func GenerateNational(ctx context.Context, db *sqldb.DB, opt NationalOptions) (NationalSummary, error) {
	started := time.Now()
	if opt.Cases < 1 || opt.Cases > MaxNationalCases {
		return NationalSummary{}, fmt.Errorf("cases: want 1 to %d, not %d", MaxNationalCases, opt.Cases)
	}
	if err := teilhabe.CheckNewPassword(opt.Password, ""); err != nil {
		return NationalSummary{}, fmt.Errorf("password: at least %d characters, at most 200", teilhabe.MinPasswordLength)
	}
	if opt.Today.IsZero() {
		opt.Today = db.Today()
	}
	opt.Today = teilhabe.Day(opt.Today.Date())
	// One hash for every account: argon2id takes a tenth of a second and
	// 64 MiB per password, so hashing 3,571 accounts would take minutes.
	// This is a generated benchmark data set; accounts a person creates get
	// their own salt.
	hash, err := teilhabe.HashPassword(opt.Password)
	if err != nil {
		return NationalSummary{}, err
	}
	b, err := db.Bulk(ctx)
	if err != nil {
		return NationalSummary{}, err
	}
	defer b.Rollback()

	g := newNational(opt)
	g.setup(b, hash)
	plan := g.plan()
	progress := newProgress(opt.Progress, len(plan))
	for i, p := range plan {
		rec := g.journey(i, p)
		if _, err := b.Case(rec); err != nil {
			return g.sum, err
		}
		g.count(rec)
		if i%1000 == 0 && ctx.Err() != nil {
			return g.sum, ctx.Err()
		}
		progress.step(i + 1)
	}
	if g.invalid > 0 {
		return g.sum, fmt.Errorf("%d generated records failed validation, nothing was written; the first: %w", g.invalid, g.firstInvalid)
	}
	progress.say("building indexes and statistics")
	if err := b.Commit(); err != nil {
		return g.sum, err
	}
	g.sum.Elapsed = time.Since(started)
	return g.sum, nil
}

// progress prints a line every 5 % of the cases.
type progress struct {
	w       io.Writer
	total   int
	every   int
	started time.Time
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total, every: max(total/20, 1), started: time.Now()}
}

func (p *progress) step(done int) {
	if p.w == nil || (done%p.every != 0 && done != p.total) {
		return
	}
	rate := float64(done) / max(time.Since(p.started).Seconds(), 1e-3)
	p.say(fmt.Sprintf("%d of %d cases (%d %%), %.0f cases/s", done, p.total, done*100/p.total, rate))
}

func (p *progress) say(s string) {
	if p.w != nil {
		fmt.Fprintf(p.w, "demo generate: %s\n", s)
	}
}

// national is the generator's state: the organisations, locations and
// accounts it made, the calendars, and the validation count.
type national struct {
	opt   NationalOptions
	rng   *rand.Rand
	today time.Time // opt.Today
	asOf  time.Time // the start of today in Germany: every step happened before it
	first time.Time // the earliest first contact

	admin    teilhabe.Actor
	progs    []*natProgramme
	sponsors []*natSponsor
	locs     []*natLocation
	pickLoc  []float64 // cumulative weights of locs: how many cases each gets

	workdays     map[teilhabe.State][]int8 // by day since first: 0 unknown, 1 working day, 2 not
	infoDue      map[dueKey]time.Time
	caseRand     *rand.PCG
	caseRNG      *rand.Rand
	invalid      int
	firstInvalid error // the first record that failed validation
	sum          NationalSummary
}

// dueKey memoises teilhabe.DeadlineRule.Due, which walks a holiday calendar.
type dueKey struct {
	rule  teilhabe.DeadlineRule
	state teilhabe.State
	day   time.Time
}

func newNational(opt NationalOptions) *national {
	g := &national{opt: opt, rng: rand.New(rand.NewPCG(opt.Seed, 0x7e11_4abe)), today: opt.Today,
		workdays: map[teilhabe.State][]int8{}, infoDue: map[dueKey]time.Time{}}
	g.asOf = time.Date(opt.Today.Year(), opt.Today.Month(), opt.Today.Day(), 0, 0, 0, 0, teilhabe.Germany)
	g.first = opt.Today.AddDate(-3, 0, 0)
	g.caseRand = rand.NewPCG(0, 0)
	g.caseRNG = rand.New(g.caseRand)
	g.sum = NationalSummary{Today: opt.Today, ByStage: map[teilhabe.Stage]int{}}
	return g
}

// check counts err, a generated record that failed validation.
func (g *national) check(what string, err error) {
	if err == nil {
		return
	}
	g.invalid++
	if g.firstInvalid == nil {
		g.firstInvalid = fmt.Errorf("%s: %w", what, err)
	}
}

// planned is a case before its journey: where and when it starts, and the
// seed of its own random numbers, so that each case's history depends on
// the seed and its place in the plan only.
type planned struct {
	day  int32 // days after g.first
	loc  int32
	seed uint64
}

// plan draws every case's location and first day, in date order: case ids
// grow with time as in a real installation. Intake grows over the three
// years, as a programme's does when it becomes known.
func (g *national) plan() []planned {
	span := int(g.today.Sub(g.first).Hours() / 24)
	const a = 0.55 // density at the start, relative to 1 at the end
	plan := make([]planned, g.opt.Cases)
	for i := range plan {
		// Inverse of the distribution with density a + (1-a)·x on [0, 1].
		u := g.rng.Float64() * (a + (1-a)/2)
		x := (-a + math.Sqrt(a*a+2*(1-a)*u)) / (1 - a)
		loc := g.pickLocation()
		day := g.first.AddDate(0, 0, min(int(x*float64(span)), span-1))
		day = g.workdayBefore(day, g.locs[loc].State)
		plan[i] = planned{day: int32(day.Sub(g.first).Hours() / 24), loc: int32(loc), seed: g.rng.Uint64()}
	}
	slices.SortStableFunc(plan, func(x, y planned) int { return cmp.Compare(x.day, y.day) })
	return plan
}

func (g *national) pickLocation() int {
	total := g.pickLoc[len(g.pickLoc)-1]
	i, _ := slices.BinarySearch(g.pickLoc, g.rng.Float64()*total)
	return min(i, len(g.pickLoc)-1)
}

// count adds a written case to the summary.
func (g *national) count(r *sqldb.CaseRecord) {
	s := &g.sum
	s.Cases++
	s.ByStage[r.Case.Stage]++
	if !r.Case.NextDueOn.IsZero() && r.Case.NextDueOn.Before(g.today) {
		s.Overdue++
	}
	s.Appointments += len(r.Appointments)
	s.Consents += len(r.Consents)
	s.Messages += len(r.Messages)
	s.Events += len(r.Events)
	s.Audits += len(r.Audit) + len(r.Prospects) + len(r.Placements)
}

// errStep reports a journey step the generator got wrong.
var errStep = errors.New("generated step breaks the journey")

// asciiLetters spells the letters of the name lists that e-mail addresses
// do without.
var asciiLetters = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "Ä", "ae", "Ö", "oe", "Ü", "ue",
	"ı", "i", "ş", "s", "Ş", "s", "ç", "c", "Ç", "c", "ğ", "g", "ś", "s", "ą", "a", "é", "e", "ë", "e")

// foldASCII spells a name in the letters of an e-mail address.
func foldASCII(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(asciiLetters.Replace(s)) {
		if c >= 'a' && c <= 'z' {
			b.WriteRune(c)
		}
	}
	return b.String()
}
