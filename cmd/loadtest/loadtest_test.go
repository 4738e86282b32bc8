package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"teilhabe/internal/serverproc"
)

// testBudget bounds the whole test: the tool at a tiny size on SQLite and,
// when configured, on PostgreSQL (about 15 s each on a quiet machine). It
// is a guard against a hang, not a timing: CI runs the packages side by
// side, and 60 s ran out there, so it is generous.
const testBudget = 5 * time.Minute

// TestLoadtestRuns runs the whole tool at a tiny size and checks that it
// completes, that its report has every section and that the server
// answered no request with a 5xx status.
func TestLoadtestRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the server and loads it for seconds; skipped in -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), testBudget)
	defer cancel()
	// One build for both databases, by the tool's own buildServer.
	bin, err := serverproc.Build(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	type target struct {
		name string
		args []string
	}
	dbs := []target{{"sqlite", []string{"--db", "sqlite"}}}
	if base := os.Getenv("TEILHABE_TEST_POSTGRES"); base != "" {
		dbs = append(dbs, target{"postgres", []string{"--db", "postgres", "--database-url", freshPostgres(t, base)}})
	}
	for _, db := range dbs {
		t.Run(db.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "report.md")
			args := append([]string{"--accounts", "demo", "--duration", "2s", "--ref-duration", "500ms", "--seq", "3",
				"--coaches", "3", "--caseworkers", "2", "--out", out, "--server-log", filepath.Join(dir, "server.log"), "--bin", bin}, db.args...)
			var stdout strings.Builder
			if err := run(ctx, "loadtest", args, &stdout, testLog{t}); err != nil {
				t.Fatalf("loadtest %s: %v", strings.Join(args, " "), err)
			}
			report := stdout.String()
			if file, err := os.ReadFile(out); err != nil || string(file) != report {
				t.Errorf("--out file differs from stdout (err %v)", err)
			}
			for _, want := range []string{"## ", "Machine: ", "Command: `loadtest --accounts demo",
				"### Reference", "### Sequential page timings", "| coach start (worklist) |", "| DPO audit log |",
				"### Mixed load: 3 coaches and 2 sponsor caseworkers", "### Mixed load with a coordinator",
				"| coordinator: capacity |", "### Sign-in bursts", "| 8 sign-ins to one account |", "### Server log"} {
				if !strings.Contains(report, want) {
					t.Errorf("report lacks %q", want)
				}
			}
			for _, m := range regexp.MustCompile(`5xx: (\d+)`).FindAllStringSubmatch(report, -1) {
				if m[1] != "0" {
					t.Errorf("report: %s", m[0])
				}
			}
			if m := regexp.MustCompile(`\b5\d\d ×\d+`).FindString(report); m != "" {
				t.Errorf("report shows a server error: %s", m)
			}
			if !strings.Contains(report, " 0 requests logged with a 5xx status") {
				t.Error("the server logged 5xx statuses")
			}
			if t.Failed() {
				t.Logf("report:\n%s", report)
			}
		})
	}
}

// testLog writes the tool's progress to the test log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
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
	name := fmt.Sprintf("loadtest_%d", time.Now().UnixNano())
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
