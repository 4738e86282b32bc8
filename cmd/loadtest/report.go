package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// report is everything a run measured and the circumstances, rendered as
// Markdown for docs/benchmarks.md.
type report struct {
	Date    time.Time
	Machine string
	// LoadBefore and LoadAfter are the machine's one-minute load averages
	// before the run and at its end (which includes the run itself).
	LoadBefore, LoadAfter string
	Server                string // Go version, commit, drivers
	Database              string // "SQLite" or "PostgreSQL", with size
	Data                  string
	Command               string
	cfg                   config

	Reference       loadResult
	Sequential      []pageTiming
	Mixed           loadResult
	WithCoordinator loadResult
	Bursts          []burstResult
	Log             logSummary
}

// markdown renders the report.
func (r *report) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	db := "SQLite"
	if r.cfg.DB == "postgres" {
		db = "PostgreSQL"
	}
	p("## %s — HTTP load, %s, %s accounts\n\n", r.Date.Format("2006-01-02"), db, r.cfg.Accounts)
	p("Machine: %s; load average %s before the run, %s at its end. Server: %s.\n", r.Machine, r.LoadBefore,
		r.LoadAfter, r.Server)
	p("Database: %s. Data: %s.\n", r.Database, r.Data)
	p("Command: `%s`\n\n", r.Command)
	p("Client and server share the machine. Every client sends its next request as soon as the previous one\n")
	p("was answered (closed loop, no think time), with a session of its own. Times are the client's, until the\n")
	p("last byte, in ms; percentiles are taken from all samples. \"–\": the server sent no Server-Timing.\n\n")

	ref := r.Reference
	p("### Reference: a trivial net/http server in the load generator's process\n\n")
	p("The ceiling of this machine and load generator: a handler writing a fixed %d-byte page.\n\n", len(referencePage))
	p("| clients | duration | requests | req/s | p50 | p95 | p99 | errors |\n|---|---|---|---|---|---|---|---|\n")
	p("| %d | %s | %d | %.0f | %s | %s | %s | %d |\n\n", ref.Clients, ref.Elapsed.Round(time.Millisecond), ref.Total.Count,
		ref.ReqPerSec(), ms(ref.Total.P50), ms(ref.Total.P95), ms(ref.Total.P99), ref.Total.Errors())

	p("### Sequential page timings\n\n")
	p("One signed-in user at a time, %d requests per page.\n\n", r.cfg.Seq)
	p("| page | path | p50 | p95 | p99 | statuses | SQL statements | db ms (p50) |\n|---|---|---|---|---|---|---|---|\n")
	for _, t := range r.Sequential {
		s := t.Summary
		p("| %s | `%s` | %s | %s | %s | %s | %s | %s |\n", t.Name, t.Path, ms(s.P50), ms(s.P95), ms(s.P99),
			statuses(s.Statuses), s.Statements, dbMs(s.DBP50))
	}
	p("\n")

	mixedTitle := fmt.Sprintf("%d coaches and %d sponsor caseworkers, %d%% writes, %s", r.cfg.Coaches, r.cfg.Caseworkers,
		r.cfg.WritePercent, r.cfg.Duration)
	p("### Mixed load: %s\n\n", mixedTitle)
	writeLoad(&b, r.Mixed)
	p("### Mixed load with a coordinator: %s, plus one coordinator opening `/capacity` and `/` in turn\n\n", mixedTitle)
	writeLoad(&b, r.WithCoordinator)
	p("The coordinator's own requests (not in the figures above):\n\n")
	writeKinds(&b, r.WithCoordinator.Observer, r.WithCoordinator.Elapsed)

	p("### Sign-in bursts\n\n")
	p("Goroutines released at the same moment, each signing in with a session of its own, all from one\n")
	p("loopback address (another one per burst, not the other measurements' one).\n\n")
	p("| burst | signed in | 429 throttled | other | p50 | slowest | server memory before | peak |\n|---|---|---|---|---|---|---|---|\n")
	for _, x := range r.Bursts {
		other := "–"
		if len(x.Other) > 0 {
			other = statuses(x.Other)
		}
		p("| %s | %d | %d | %s | %s | %s | %s | %s |\n", x.Name, x.OK, x.Throttled, other, ms(x.P50), ms(x.Max),
			kib(x.StartKB), kib(x.PeakKB))
	}
	p("\n### Server log\n\n")
	p("%d lines, %d warnings, %d errors; %d requests logged with a 5xx status.\n", r.Log.Lines, r.Log.Warnings, r.Log.Errors,
		r.Log.Status5xx)
	for i, n := range r.Log.Notable {
		if i == 10 {
			p("- … %d more distinct lines\n", len(r.Log.Notable)-i)
			break
		}
		p("- %d× `%s`\n", n.Count, strings.ReplaceAll(truncate(n.Text, 300), "`", "'"))
	}
	p("\n")
	return b.String()
}

// writeLoad writes the summary and per-kind table of a mixed load.
func writeLoad(b *strings.Builder, l loadResult) {
	t := l.Total
	fmt.Fprintf(b, "%d requests in %s: **%.0f req/s**, p50 %s ms, p95 %s ms, p99 %s ms. ", t.Count,
		l.Elapsed.Round(time.Millisecond), l.ReqPerSec(), ms(t.P50), ms(t.P95), ms(t.P99))
	fmt.Fprintf(b, "Errors: %d (5xx: %d, transport: %d, unexpected status: %d). ", t.Errors(), t.ServerErrors,
		t.TransportErrors, t.Unexpected)
	fmt.Fprintf(b, "Server memory: %s resident at the start, peak %s (VmHWM).\n\n", kib(l.StartKB), kib(l.PeakKB))
	writeKinds(b, l.Kinds, l.Elapsed)
	var errs []string
	for _, k := range l.Kinds {
		if k.Errors() == 0 {
			continue
		}
		errs = append(errs, fmt.Sprintf("- %s: %s", k.Kind, statuses(k.Bad)))
	}
	if len(errs) > 0 {
		fmt.Fprintf(b, "Errors by kind:\n\n%s\n\n", strings.Join(errs, "\n"))
	}
}

// writeKinds writes a table of request kinds.
func writeKinds(b *strings.Builder, kinds []kindSummary, elapsed time.Duration) {
	total := 0
	for _, k := range kinds {
		total += k.Count
	}
	fmt.Fprintf(b, "| request | count | req/s | p50 | p95 | p99 | max | SQL statements | db ms (p50) | errors |\n")
	fmt.Fprintf(b, "|---|---|---|---|---|---|---|---|---|---|\n")
	for _, k := range kinds {
		fmt.Fprintf(b, "| %s | %d | %.1f | %s | %s | %s | %s | %s | %s | %d |\n", k.Kind, k.Count,
			float64(k.Count)/elapsed.Seconds(), ms(k.P50), ms(k.P95), ms(k.P99), ms(k.Max), k.Statements, dbMs(k.DBP50), k.Errors())
	}
	fmt.Fprintln(b)
}

// ms formats a duration in milliseconds.
func ms(d time.Duration) string {
	f := float64(d) / float64(time.Millisecond)
	if f >= 100 {
		return fmt.Sprintf("%.0f", f)
	}
	return fmt.Sprintf("%.1f", f)
}

// dbMs formats a database time from Server-Timing; "–" if unknown.
func dbMs(f float64) string {
	if f < 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f", f)
}

// kib formats KiB as MiB.
func kib(n int64) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f MiB", float64(n)/1024)
}

// statuses formats status counts, e.g. "200 ×198, 500 ×2".
func statuses(m map[int]int) string {
	var parts []string
	for _, code := range slices.Sorted(maps.Keys(m)) {
		name := fmt.Sprint(code)
		if code == 0 {
			name = "transport error"
		}
		parts = append(parts, fmt.Sprintf("%s ×%d", name, m[code]))
	}
	return strings.Join(parts, ", ")
}

// truncate shortens s to n bytes, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
