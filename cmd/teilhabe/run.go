package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"teilhabe/demo"
	"teilhabe/sqldb"
	"teilhabe/web"
)

// run is the whole program; main only calls it, so tests can start
// teilhabe with their own arguments, environment and output.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, stdout, stderr)
	case "create-admin":
		return createAdmin(ctx, args, getenv, stdin, stdout, stderr)
	case "demo":
		return demoCommand(ctx, args, getenv, stdout, stderr)
	}
	return fmt.Errorf("unknown command %q (want serve, create-admin or demo)", cmd)
}

func openDB(ctx context.Context, cfg config) (*sqldb.DB, error) {
	return sqldb.Open(ctx, sqldb.Options{URL: cfg.DatabaseURL, DataDir: cfg.DataDir})
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if getenv("GOMEMLIMIT") == "" {
		// A soft limit: the collector works harder near it instead of
		// letting the heap double (password checks allocate in bursts).
		debug.SetMemoryLimit(int64(cfg.MemoryLimitMiB) << 20)
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()

	if cfg.Demo {
		password := cfg.DemoPassword
		if password == "" {
			password = generatePassword()
		}
		start := time.Now()
		if err := demo.Load(ctx, db, password, mrand.New(mrand.NewPCG(2026, 11))); err != nil {
			return err
		}
		log.Info("demo data ready", "ms", time.Since(start).Milliseconds())
		printLogins(stdout, password)
	}

	wc := web.Config{DB: db, Logger: log, SecureCookies: cfg.SecureCookies, TrustedProxies: cfg.TrustedProxies,
		ServerTiming: cfg.ServerTiming, BaseURL: cfg.BaseURL}
	if cfg.Demo {
		for _, l := range demo.Logins {
			wc.DemoLogins = append(wc.DemoLogins, web.DemoLogin{Username: l.Username, Role: l.Role, Org: l.Org})
		}
	}
	srv, err := web.New(wc)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("TEILHABE_ADDR %s: %w", cfg.Addr, err)
	}
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	fmt.Fprintf(stdout, "teilhabe läuft auf http://%s (Datenbank: %s)\n", ln.Addr(), db.Dialect())
	if cfg.PprofAddr != "" {
		stop, err := servePprof(cfg.PprofAddr, log)
		if err != nil {
			return err
		}
		defer stop()
	}

	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := httpSrv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func printLogins(w io.Writer, password string) {
	fmt.Fprintln(w, "Demo-Zugänge (Passwort für alle):", password)
	for _, l := range demo.Logins {
		fmt.Fprintf(w, "  %-15s %s\n", l.Username, l.Who)
	}
}

// generatePassword returns a random demo password, printed at start.
func generatePassword() string {
	return "demo-" + rand.Text()[:16]
}

// createAdmin creates the first administrator of a fresh installation.
// The password is read from the first line of stdin, so it never appears
// in the process list or shell history.
func createAdmin(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("teilhabe create-admin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	username := fs.String("username", "", "username of the administrator")
	name := fs.String("name", "Administration", "full name")
	dataDir := fs.String("data-dir", "", "as for serve (TEILHABE_DATA_DIR)")
	dbURL := fs.String("database-url", "", "as for serve (TEILHABE_DATABASE_URL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var serveArgs []string
	if *dataDir != "" {
		serveArgs = append(serveArgs, "--data-dir", *dataDir)
	}
	if *dbURL != "" {
		serveArgs = append(serveArgs, "--database-url", *dbURL)
	}
	cfg, err := parseConfig(serveArgs, getenv, stderr)
	if err != nil {
		return err
	}
	if *username == "" {
		return errors.New("--username is required")
	}
	fmt.Fprintln(stdout, "Passwort für", *username, "(eine Zeile, mindestens 12 Zeichen):")
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return errors.New("no password on stdin")
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CreateFirstAdmin(ctx, *username, *name, strings.TrimRight(line, "\r\n")); err != nil {
		return fmt.Errorf("create administrator: %w", err)
	}
	fmt.Fprintln(stdout, "Administrationskonto angelegt:", *username)
	return nil
}
