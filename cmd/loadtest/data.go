package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver, for the database's version and size

	"teilhabe/internal/serverproc"
)

// dataset says what the server serves and how to start it.
type dataset struct {
	ServeArgs []string // arguments of teilhabe serve after --addr
	Env       []string // extra environment
	About     string   // for the report, e.g. "demo (Region Trier)"
	Generated string   // how generating went, for the report; empty if not generated in this run
}

// markerFile records in the data directory what "teilhabe demo generate"
// made there, so that a later run with the same size and seed reuses it.
const markerFile = "loadtest-generated.txt"

// prepareData makes sure the data the run needs exists: the demo is loaded
// by the server itself (--demo); generated data is made by
// "teilhabe demo generate" unless the marker says it is there already.
func prepareData(ctx context.Context, cfg config, bin, dataDir string, log io.Writer) (dataset, error) {
	var d dataset
	d.ServeArgs = []string{"--data-dir", dataDir}
	if cfg.DB == "postgres" {
		d.ServeArgs = append(d.ServeArgs, "--database-url", cfg.DatabaseURL)
	}
	if cfg.Accounts == "demo" {
		d.ServeArgs = append(d.ServeArgs, "--demo")
		d.Env = []string{"TEILHABE_DEMO_PASSWORD=" + cfg.Password}
		d.About = "demo (Inklusionsinitiative Region Trier, 220 cases at load, plus what earlier runs on the same data wrote)"
		return d, nil
	}
	d.About = "generated national data set"
	if cfg.Generate == 0 {
		d.About += " (prepared before this run)"
		return d, nil
	}
	d.About = fmt.Sprintf("generated national data set, %d cases, seed %d", cfg.Generate, cfg.Seed)
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return d, err
	}
	target := "sqlite"
	if cfg.DB == "postgres" {
		target = redactURL(cfg.DatabaseURL)
	}
	marker := fmt.Sprintf("cases=%d seed=%d database=%s\n", cfg.Generate, cfg.Seed, target)
	path := filepath.Join(dataDir, markerFile)
	if have, err := os.ReadFile(path); err == nil && string(have) == marker {
		d.Generated = "reused from an earlier run"
		return d, nil
	}
	args := []string{"demo", "generate", "--cases", fmt.Sprint(cfg.Generate), "--seed", fmt.Sprint(cfg.Seed),
		"--password", cfg.Password}
	if cfg.DB == "postgres" {
		args = append(args, "--database-url", cfg.DatabaseURL)
	} else {
		// A fresh file: what an earlier, different generation left is gone.
		for _, f := range []string{"teilhabe.db", "teilhabe.db-wal", "teilhabe.db-shm"} {
			if err := os.Remove(filepath.Join(dataDir, f)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return d, err
			}
		}
		args = append(args, "--data-dir", dataDir)
	}
	os.Remove(path)
	start := time.Now()
	var out bytes.Buffer
	cmd := serverproc.Command(ctx, bin, args...)
	cmd.Stdout = io.MultiWriter(log, &out)
	cmd.Stderr = cmd.Stdout
	if err := cmd.Run(); err != nil {
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		return d, fmt.Errorf("teilhabe demo generate: %w:\n%s", err, strings.Join(lines[max(0, len(lines)-5):], "\n"))
	}
	d.Generated = fmt.Sprintf("generated in %s", time.Since(start).Round(time.Second))
	return d, os.WriteFile(path, []byte(marker), 0o644)
}

// databaseSize describes the size of the served database: the SQLite file
// with its write-ahead log, or PostgreSQL's version and database size.
func databaseSize(ctx context.Context, cfg config, dataDir string) string {
	if cfg.DB == "sqlite" {
		var total int64
		for _, f := range []string{"teilhabe.db", "teilhabe.db-wal"} {
			if fi, err := os.Stat(filepath.Join(dataDir, f)); err == nil {
				total += fi.Size()
			}
		}
		return fmt.Sprintf("SQLite file %s (with its WAL)", mib(total))
	}
	db, err := sql.Open("pgx", cfg.DatabaseURL)
	if err != nil {
		return "PostgreSQL (size unknown: " + err.Error() + ")"
	}
	defer db.Close()
	var version string
	var size int64
	err = db.QueryRowContext(ctx, `SELECT current_setting('server_version'), pg_database_size(current_database())`).Scan(&version, &size)
	if err != nil {
		return "PostgreSQL (size unknown: " + err.Error() + ")"
	}
	return fmt.Sprintf("PostgreSQL %s, database %s", version, mib(size))
}

// mib formats a byte count in MiB.
func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
