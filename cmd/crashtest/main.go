// Command crashtest proves that killing teilhabe loses nothing it
// acknowledged: no write answered with a redirect, and no audit entry of a
// case page it served.
//
// Usage:
//
//	go run ./cmd/crashtest [--db sqlite|postgres] [--database-url postgres://…]
//	        [--rounds 5] [--seed S] [--workers 8]
//
// It builds the server and starts it with the demo data (SQLite in a fresh
// directory, or the given PostgreSQL database, which must be empty or hold
// the demo). In each round it signs in the four demo coaches, drives
// concurrent first contacts, internal notes with unique texts and case-page
// views, and records every acknowledged write (303: the case id with the
// person's last name, the case id with the note's text) and every served
// case page (200: its X-Request-Id). After a random 0.5–3 s of load it kills
// the server with SIGKILL. Then it checks the database directly (SQLite:
// PRAGMA integrity_check; both: a case.viewed audit entry for every served
// page), restarts the server on the same database, signs in again and
// checks over HTTP that every acknowledged case and note of every round so
// far is there.
//
// Requests in flight at the kill that got no answer were not acknowledged;
// they may or may not have been written. crashtest prints a summary per
// round and exits with status 1 on any loss.
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
	err := run(ctx, serverproc.CommandName("go run ./cmd/crashtest"), os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		// The flag package printed the usage.
	case err != nil:
		fmt.Fprintln(os.Stderr, "crashtest:", err)
		os.Exit(1)
	}
}
