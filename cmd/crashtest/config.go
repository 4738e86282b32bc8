package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// config is every setting of a crash test.
type config struct {
	DB          string // "sqlite" or "postgres"
	DatabaseURL string // PostgreSQL: an empty database, or one holding the demo
	DataDir     string // SQLite; empty for a temporary one
	Rounds      int
	Seed        uint64 // of the kill moments and the load's choices
	Workers     int    // concurrent requests
	MinLoad     time.Duration
	MaxLoad     time.Duration
	Password    string
	Bin         string // a prebuilt server binary; empty to build one
	ServerLog   string // the server's output; empty for a file in the temporary directory
}

// parseConfig reads the flags and validates them; each error names the flag.
func parseConfig(name string, args []string, stderr io.Writer, defaultSeed uint64) (config, error) {
	var cfg config
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.DB, "db", "sqlite", "database: sqlite or postgres")
	fs.StringVar(&cfg.DatabaseURL, "database-url", "", "with --db postgres: postgres:// URL of an empty database (or one holding the demo)")
	fs.StringVar(&cfg.DataDir, "data-dir", "", "SQLite data directory (default: a fresh temporary one)")
	fs.IntVar(&cfg.Rounds, "rounds", 5, "load-and-kill rounds")
	fs.Uint64Var(&cfg.Seed, "seed", defaultSeed, "seed of the kill moments and the load (default: random, printed)")
	fs.IntVar(&cfg.Workers, "workers", 8, "concurrent requests")
	fs.DurationVar(&cfg.MinLoad, "min-load", 500*time.Millisecond, "shortest load before the kill")
	fs.DurationVar(&cfg.MaxLoad, "max-load", 3*time.Second, "longest load before the kill")
	fs.StringVar(&cfg.Password, "password", "Absturz-Passwort-2026", "password of the demo accounts")
	fs.StringVar(&cfg.Bin, "bin", "", "use this teilhabe binary instead of building one")
	fs.StringVar(&cfg.ServerLog, "server-log", "", "write the server's log here (default: a file in the temporary directory)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	var errs []error
	if fs.NArg() > 0 {
		errs = append(errs, fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	switch cfg.DB {
	case "sqlite":
		if cfg.DatabaseURL != "" {
			errs = append(errs, errors.New("--database-url: only with --db postgres"))
		}
	case "postgres":
		if !strings.HasPrefix(cfg.DatabaseURL, "postgres://") && !strings.HasPrefix(cfg.DatabaseURL, "postgresql://") {
			errs = append(errs, errors.New("--database-url: with --db postgres, want the postgres:// URL of an empty database"))
		}
	default:
		errs = append(errs, fmt.Errorf("--db %q: want sqlite or postgres", cfg.DB))
	}
	if cfg.Rounds < 1 {
		errs = append(errs, errors.New("--rounds: at least 1"))
	}
	if cfg.Workers < 1 {
		errs = append(errs, errors.New("--workers: at least 1"))
	}
	if cfg.MinLoad <= 0 || cfg.MaxLoad < cfg.MinLoad {
		errs = append(errs, errors.New("--min-load, --max-load: positive, the first not above the second"))
	}
	if len(cfg.Password) < 12 {
		errs = append(errs, errors.New("--password: at least 12 characters"))
	}
	return cfg, errors.Join(errs...)
}
