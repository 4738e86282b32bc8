package sqldb

import (
	"context"
	"sync/atomic"
	"time"
)

// Stats counts what one request asked of the database: the statements it
// ran and the time it spent in transactions and waiting for its audit
// entries. The web layer reports them in a Server-Timing header, so a load
// test sees the database's share of each page.
type Stats struct {
	statements atomic.Int64
	nanos      atomic.Int64
}

// Statements returns the number of statements run.
func (s *Stats) Statements() int64 { return s.statements.Load() }

// Duration returns the time spent in the database.
func (s *Stats) Duration() time.Duration { return time.Duration(s.nanos.Load()) }

func (s *Stats) statement() {
	if s != nil {
		s.statements.Add(1)
	}
}

func (s *Stats) since(start time.Time) {
	if s != nil {
		s.nanos.Add(int64(time.Since(start)))
	}
}

type statsKey struct{}

// WithStats returns a context whose database work is counted in s.
func WithStats(ctx context.Context, s *Stats) context.Context {
	return context.WithValue(ctx, statsKey{}, s)
}

func statsFrom(ctx context.Context) *Stats {
	s, _ := ctx.Value(statsKey{}).(*Stats)
	return s
}
