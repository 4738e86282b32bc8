// Command loadtest measures what teilhabe's users feel over HTTP: how long
// pages take one at a time and under a mixed load of coaches and sponsor
// caseworkers, how much memory the server needs, and how sign-in behaves in
// a burst. It builds the server, prepares its data, starts it as a child
// process on a free port, runs the measurements from this process and prints
// a Markdown report for docs/benchmarks.md.
//
// Usage:
//
//	go run ./cmd/loadtest [--db sqlite|postgres] [--database-url postgres://…]
//	        [--data-dir dir] [--accounts demo|generated] [--generate N] [--seed S]
//	        [--duration 60s] [--coaches 30] [--caseworkers 10] [--write-percent 20]
//	        [--seq 200] [--out file]
//
// The measurements, in order:
//
//  1. Reference: a trivial net/http server inside this process, loaded by the
//     same closed-loop generator and number of clients: the machine's ceiling.
//  2. Sequential page timings: one signed-in user at a time, --seq requests
//     per hot page; p50/p95/p99, status codes and, when the server sends a
//     Server-Timing header, SQL statements and database time per page.
//  3. Mixed load: --coaches plus --caseworkers clients in a closed loop (each
//     sends its next request when the previous one was answered) for
//     --duration, --write-percent of them writes.
//  4. The same mixed load while a coordinator opens /capacity and / in a loop.
//  5. Sign-in bursts: 8 simultaneous sign-ins to one account, and one to each
//     of up to 50 accounts, from a loopback address of their own.
//
// It is a benchmark, not a test: nothing fails on a slow figure. Percentiles
// come from all samples. The client shares the machine with the server, so it
// reads bodies without parsing them, except for the few pages whose case
// links it needs.
//
// With --accounts generated and --generate N, the data is made by
// "teilhabe demo generate" into the data directory (or database); a marker
// file there lets later runs with the same size and seed reuse it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"teilhabe/internal/serverproc"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, serverproc.CommandName("go run ./cmd/loadtest"), os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		// The flag package printed the usage.
	case err != nil:
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}
