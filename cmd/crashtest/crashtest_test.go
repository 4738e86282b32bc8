package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"teilhabe/internal/serverproc"
)

// testBudget bounds the whole test: two rounds on SQLite and, when
// configured, two on PostgreSQL.
const testBudget = 90 * time.Second

// TestCrashtestLosesNothing runs two short rounds of the crash test and
// then shows that its checks notice a loss: an audit entry and writes that
// were never made are reported missing.
func TestCrashtestLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills the server repeatedly; skipped in -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), testBudget)
	defer cancel()
	bin, err := serverproc.Build(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	type target struct {
		name    string
		args    []string
		dataDir string
	}
	dir := t.TempDir()
	targets := []target{{"sqlite", []string{"--db", "sqlite", "--data-dir", dir}, dir}}
	if base := os.Getenv("TEILHABE_TEST_POSTGRES"); base != "" {
		targets = append(targets, target{"postgres", []string{"--db", "postgres", "--database-url", freshPostgres(t, base)}, t.TempDir()})
	}
	for _, tt := range targets {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--rounds", "2", "--seed", "7", "--max-load", "1500ms", "--bin", bin,
				"--server-log", filepath.Join(t.TempDir(), "server.log")}, tt.args...)
			var out strings.Builder
			if err := run(ctx, "crashtest", args, &out, io.Discard); err != nil {
				t.Fatalf("crashtest %s: %v\n%s", strings.Join(args, " "), err, out.String())
			}
			for _, want := range []string{"round 1: SIGKILL after", "round 2: SIGKILL after", "all 2 rounds passed"} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("summary lacks %q:\n%s", want, out.String())
				}
			}
			if strings.Count(out.String(), "  passed\n") != 2 {
				t.Errorf("summary:\n%s\nwant two passed rounds", out.String())
			}

			cfg, err := parseConfig("crashtest", args, io.Discard, 0)
			if err != nil {
				t.Fatal(err)
			}
			dbc, err := checkDatabase(ctx, cfg, tt.dataDir, []string{"000000000000"})
			if err != nil {
				t.Fatal(err)
			}
			if len(dbc.Missing) != 1 {
				t.Errorf("checkDatabase of a request never served: missing %v, want it reported", dbc.Missing)
			}
			serveArgs := []string{"--data-dir", tt.dataDir, "--demo"}
			if cfg.DB == "postgres" {
				serveArgs = append(serveArgs, "--database-url", cfg.DatabaseURL)
			}
			srv, err := serverproc.Start(ctx, bin, serveArgs, []string{"TEILHABE_DEMO_PASSWORD=" + cfg.Password}, io.Discard, 2*time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Kill()
			coaches, err := signInCoaches(ctx, srv.URL, cfg.Password)
			if err != nil {
				t.Fatal(err)
			}
			never := &ledger{
				Cases: []ackedCase{{ID: 999999, LastName: "Niemand", Coach: "coach"}},
				Notes: []ackedNote{{CaseID: coaches["coach"].cases[0], Text: "nie geschrieben.", Coach: "coach"}},
			}
			if hc := verifyOverHTTP(ctx, coaches, never); len(hc.Missing) != 2 || hc.CasesFound+hc.NotesFound != 0 {
				t.Errorf("verifyOverHTTP of writes never made: %+v, want both missing", hc)
			}
		})
	}
}

// freshPostgres creates an empty database next to the one base names and
// returns its URL; it is dropped when the test ends.
func freshPostgres(t *testing.T, base string) string {
	t.Helper()
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	name := fmt.Sprintf("crashtest_%d", time.Now().UnixNano())
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("TEILHABE_TEST_POSTGRES: create database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec("DROP DATABASE " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
