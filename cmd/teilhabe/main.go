// Command teilhabe runs the teilhabe web application.
//
// Usage:
//
//	teilhabe [serve] [--demo] [--addr host:port] [--data-dir dir] [--database-url postgres://…]
//	teilhabe create-admin --username name [--name "Full Name"]   (password from stdin)
//	teilhabe demo generate --cases n [--seed n] --password pw [--data-dir dir] [--database-url postgres://…]
//
// Settings come from flags or the environment (TEILHABE_ADDR,
// TEILHABE_DATA_DIR, TEILHABE_DATABASE_URL, TEILHABE_DEMO,
// TEILHABE_DEMO_PASSWORD, TEILHABE_SECURE_COOKIES, TEILHABE_TRUSTED_PROXIES);
// flags win.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "teilhabe:", err)
		os.Exit(1)
	}
}
