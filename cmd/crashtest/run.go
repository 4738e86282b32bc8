package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"teilhabe/internal/serverproc"
)

// demoCoaches are the demo's coaches, one per location.
var demoCoaches = []string{"coach", "coach.wittlich", "coach.bitburg", "coach.daun"}

// run is the whole program; main only calls it, so that tests run it with
// their own arguments and output. The summary goes to stdout.
func run(ctx context.Context, name string, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig(name, args, stderr, rand.Uint64()%1_000_000)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "crashtest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	bin := cfg.Bin
	if bin == "" {
		if bin, err = serverproc.Build(ctx, work); err != nil {
			return err
		}
	}
	dataDir := cfg.DataDir
	if dataDir == "" {
		dataDir = filepath.Join(work, "data")
	}
	logPath := cfg.ServerLog
	if logPath == "" {
		logPath = filepath.Join(os.TempDir(), "crashtest-server-"+time.Now().Format("20060102-150405.000")+".log")
	}
	log, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer log.Close()
	serveArgs := []string{"--data-dir", dataDir, "--demo"}
	if cfg.DB == "postgres" {
		serveArgs = append(serveArgs, "--database-url", cfg.DatabaseURL)
	}
	env := []string{"TEILHABE_DEMO_PASSWORD=" + cfg.Password}
	fmt.Fprintf(stdout, "crashtest: %s, %d rounds, seed %d, %d workers; server log %s\n", cfg.DB, cfg.Rounds, cfg.Seed,
		cfg.Workers, logPath)

	start := func() (*serverproc.Server, map[string]*coach, error) {
		srv, err := serverproc.Start(ctx, bin, serveArgs, env, log, 2*time.Minute)
		if err != nil {
			return nil, nil, err
		}
		coaches, err := signInCoaches(ctx, srv.URL, cfg.Password)
		if err != nil {
			srv.Kill()
			return nil, nil, err
		}
		return srv, coaches, nil
	}
	srv, coaches, err := start()
	if err != nil {
		return err
	}
	defer func() {
		if srv != nil {
			srv.Kill()
		}
	}()

	rng := rand.New(rand.NewPCG(cfg.Seed, 0))
	// Not from the seed: names and note texts of a rerun with the same seed
	// on the same data must not match the first run's.
	token := strings.ToUpper(letters(rand.Uint64(), 1)) + letters(rand.Uint64(), 4)
	var all ledger // every round's acknowledgements
	failed := 0
	for round := 1; round <= cfg.Rounds; round++ {
		load := cfg.MinLoad + time.Duration(rng.Int64N(int64(cfg.MaxLoad-cfg.MinLoad)+1))
		var acked ledger
		d := &driver{token: token, round: round, seed: cfg.Seed, l: &acked}
		for _, name := range demoCoaches {
			d.coaches = append(d.coaches, coaches[name])
		}
		loadCtx, stopLoad := context.WithCancel(ctx)
		loaded := make(chan struct{})
		go func() {
			d.drive(loadCtx, cfg.Workers)
			close(loaded)
		}()
		select {
		case <-time.After(load):
		case <-ctx.Done():
		}
		inFlight, sent := d.inFlight.Load(), d.sent.Load()
		srv.Kill()
		stopLoad()
		<-loaded
		if err := ctx.Err(); err != nil {
			return err
		}

		dbc, err := checkDatabase(ctx, cfg, dataDir, acked.Views)
		if err != nil {
			return fmt.Errorf("round %d: database check: %w", round, err)
		}
		if srv, coaches, err = start(); err != nil {
			return fmt.Errorf("round %d: restart: %w", round, err)
		}
		all.Cases = append(all.Cases, acked.Cases...)
		all.Notes = append(all.Notes, acked.Notes...)
		total := verifyOverHTTP(ctx, coaches, &all)

		ok := (cfg.DB != "sqlite" || dbc.Integrity == "ok") && len(dbc.Missing) == 0 && len(total.Missing) == 0
		fmt.Fprintf(stdout, "round %d: SIGKILL after %s of load (%d requests sent, %d in flight)\n",
			round, load.Round(time.Millisecond), sent, inFlight)
		fmt.Fprintf(stdout, "  acknowledged: %d first contacts, %d notes; served: %d case pages\n",
			len(acked.Cases), len(acked.Notes), len(acked.Views))
		if len(acked.Odd) > 0 {
			fmt.Fprintf(stdout, "  other answers (not acknowledgements, no loss): %s\n", odd(acked.Odd))
		}
		if cfg.DB == "sqlite" {
			fmt.Fprintf(stdout, "  integrity_check: %s\n", dbc.Integrity)
		}
		fmt.Fprintf(stdout, "  audit entries of served pages: %d/%d\n", len(acked.Views)-len(dbc.Missing), len(acked.Views))
		fmt.Fprintf(stdout, "  after restart, acknowledged in this and earlier rounds: %d/%d cases and %d/%d notes found\n",
			total.CasesFound, total.Cases, total.NotesFound, total.Notes)
		for _, id := range dbc.Missing {
			fmt.Fprintf(stdout, "  LOST: audit entry of the case page served as request %s\n", id)
		}
		for _, m := range total.Missing {
			fmt.Fprintf(stdout, "  LOST: %s\n", m)
		}
		if ok {
			fmt.Fprintf(stdout, "  passed\n")
		} else {
			failed++
			fmt.Fprintf(stdout, "  FAILED\n")
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d rounds lost acknowledged data (seed %d)", failed, cfg.Rounds, cfg.Seed)
	}
	fmt.Fprintf(stdout, "crashtest: all %d rounds passed: %d first contacts, %d notes acknowledged and found\n",
		cfg.Rounds, len(all.Cases), len(all.Notes))
	return nil
}

// signInCoaches signs in the demo coaches, one after another, and loads
// each one's worklist.
func signInCoaches(ctx context.Context, base, password string) (map[string]*coach, error) {
	tr := newTransport()
	coaches := map[string]*coach{}
	var errs []error
	for _, name := range demoCoaches {
		c := &coach{u: newUser(base, name, tr)}
		if err := c.u.signIn(ctx, password); err != nil {
			errs = append(errs, err)
			continue
		}
		a, err := c.u.do(ctx, http.MethodGet, "/", nil)
		if err != nil || a.Status != http.StatusOK {
			errs = append(errs, fmt.Errorf("%s: worklist: status %d %v", name, a.Status, err))
			continue
		}
		c.cases = caseIDs(a.Body)
		coaches[name] = c
	}
	return coaches, errors.Join(errs...)
}

// odd formats counts of odd answers in a stable order.
func odd(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%d× %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}
