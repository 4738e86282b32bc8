package main

import (
	"fmt"
	"slices"
	"time"
)

// sample is one measured request.
type sample struct {
	Kind       string // what was asked, e.g. "coach: case page"
	Want       int    // the status a correct answer has
	Status     int    // 0 after a transport error
	Dur        time.Duration
	Statements int     // -1 without Server-Timing
	DBMs       float64 // -1 without Server-Timing
}

// newSample records r as a request of kind that should answer want.
func newSample(kind string, want int, r result) sample {
	return sample{Kind: kind, Want: want, Status: r.Status, Dur: r.Dur, Statements: r.Statements, DBMs: r.DBMs}
}

// summary are the figures of a set of samples.
type summary struct {
	Count         int
	P50, P95, P99 time.Duration
	Max           time.Duration
	Statuses      map[int]int // status → count; 0 is a transport error
	Bad           map[int]int // the statuses among them that are errors
	// Errors are server errors (5xx), transport errors and unexpected
	// statuses.
	ServerErrors, TransportErrors, Unexpected int
	// Statements is the range of SQL statements per request, "–" unknown.
	Statements string
	DBP50      float64 // median database time in ms; -1 unknown
}

// Errors counts every failed request.
func (s summary) Errors() int { return s.ServerErrors + s.TransportErrors + s.Unexpected }

// summarize computes percentiles from all samples (sorted, nearest rank).
func summarize(samples []sample) summary {
	s := summary{Count: len(samples), Statuses: map[int]int{}, Bad: map[int]int{}, Statements: "–", DBP50: -1}
	if len(samples) == 0 {
		return s
	}
	durs := make([]time.Duration, len(samples))
	var stmts []int
	var db []float64
	for i, x := range samples {
		durs[i] = x.Dur
		s.Statuses[x.Status]++
		switch {
		case x.Status == 0:
			s.TransportErrors++
		case x.Status >= 500:
			s.ServerErrors++
		case x.Status != x.Want:
			s.Unexpected++
		}
		if x.Status == 0 || x.Status >= 500 || x.Status != x.Want {
			s.Bad[x.Status]++
		}
		if x.Statements >= 0 {
			stmts = append(stmts, x.Statements)
		}
		if x.DBMs >= 0 {
			db = append(db, x.DBMs)
		}
	}
	slices.Sort(durs)
	s.P50, s.P95, s.P99, s.Max = percentile(durs, 50), percentile(durs, 95), percentile(durs, 99), durs[len(durs)-1]
	if len(stmts) > 0 {
		lo, hi := slices.Min(stmts), slices.Max(stmts)
		s.Statements = fmt.Sprint(lo)
		if hi != lo {
			s.Statements = fmt.Sprintf("%d–%d", lo, hi)
		}
	}
	if len(db) > 0 {
		slices.Sort(db)
		s.DBP50 = db[(len(db)-1)/2]
	}
	return s
}

// percentile returns the p-th percentile of sorted by the nearest-rank
// method: the smallest value with at least p percent of all at or below it.
func percentile[T any](sorted []T, p int) T {
	i := (len(sorted)*p + 99) / 100
	return sorted[max(i, 1)-1]
}

// byKind groups samples by kind, in the order kinds first appear.
func byKind(samples []sample) (kinds []string, groups map[string][]sample) {
	groups = map[string][]sample{}
	for _, x := range samples {
		if _, ok := groups[x.Kind]; !ok {
			kinds = append(kinds, x.Kind)
		}
		groups[x.Kind] = append(groups[x.Kind], x)
	}
	return kinds, groups
}
