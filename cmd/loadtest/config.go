package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// config is every setting of a load test run.
type config struct {
	DB          string // "sqlite" or "postgres"
	DatabaseURL string // PostgreSQL only: the database to serve from
	DataDir     string // SQLite file and generation marker; empty for a temporary one
	Accounts    string // "demo" or "generated"
	Generate    int    // cases to generate; 0 to use the data as it is
	Seed        int64
	Password    string // of every account

	RefDuration  time.Duration // reference server load
	Duration     time.Duration // each mixed load
	Coaches      int
	Caseworkers  int
	WritePercent int
	Seq          int // sequential requests per page

	Out       string // also write the report here
	Bin       string // a prebuilt server binary; empty to build one
	ServerLog string // the server's stderr; empty for a file in the temporary directory

	// Command is the command line as the report shows it.
	Command string
}

// parseConfig reads the flags and validates them; each error names the flag.
func parseConfig(name string, args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.DB, "db", "sqlite", "database: sqlite or postgres")
	fs.StringVar(&cfg.DatabaseURL, "database-url", "", "with --db postgres: postgres:// URL of an empty database, or of one an earlier run prepared")
	fs.StringVar(&cfg.DataDir, "data-dir", "", "data directory to use and reuse (default: a temporary one)")
	fs.StringVar(&cfg.Accounts, "accounts", "demo", "account set: demo or generated")
	fs.IntVar(&cfg.Generate, "generate", 0, "with --accounts generated: generate this many cases first; a marker in --data-dir lets later runs reuse them")
	fs.Int64Var(&cfg.Seed, "seed", 1, "seed of the generated data and of the load's random choices")
	fs.StringVar(&cfg.Password, "password", "Lasttest-Passwort-2026", "password of every account (keep it when reusing --data-dir: --demo resets only some)")
	fs.DurationVar(&cfg.RefDuration, "ref-duration", 5*time.Second, "duration of the reference server load")
	fs.DurationVar(&cfg.Duration, "duration", 60*time.Second, "duration of each mixed load")
	fs.IntVar(&cfg.Coaches, "coaches", 30, "coach clients in the mixed load")
	fs.IntVar(&cfg.Caseworkers, "caseworkers", 10, "sponsor caseworker clients in the mixed load")
	fs.IntVar(&cfg.WritePercent, "write-percent", 20, "share of writes in the mixed load, in percent")
	fs.IntVar(&cfg.Seq, "seq", 200, "sequential requests per page")
	fs.StringVar(&cfg.Out, "out", "", "also write the report to this file")
	fs.StringVar(&cfg.Bin, "bin", "", "use this teilhabe binary instead of building one")
	fs.StringVar(&cfg.ServerLog, "server-log", "", "write the server's log here (default: a file in the temporary directory)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	cfg.Command = strings.TrimSpace(name + " " + shellJoin(redactURLs(args)))

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
		if cfg.DatabaseURL == "" {
			errs = append(errs, errors.New("--database-url: required with --db postgres (an empty database, or one this tool prepared)"))
		} else if !strings.HasPrefix(cfg.DatabaseURL, "postgres://") && !strings.HasPrefix(cfg.DatabaseURL, "postgresql://") {
			errs = append(errs, errors.New("--database-url: want a postgres:// URL"))
		}
	default:
		errs = append(errs, fmt.Errorf("--db %q: want sqlite or postgres", cfg.DB))
	}
	switch cfg.Accounts {
	case "demo":
		if cfg.Generate != 0 {
			errs = append(errs, errors.New("--generate: only with --accounts generated"))
		}
	case "generated":
		if cfg.Generate == 0 && cfg.DB == "sqlite" && cfg.DataDir == "" {
			errs = append(errs, errors.New("--accounts generated: give --generate N, or --data-dir with generated data"))
		}
	default:
		errs = append(errs, fmt.Errorf("--accounts %q: want demo or generated", cfg.Accounts))
	}
	if cfg.Generate < 0 {
		errs = append(errs, errors.New("--generate: must not be negative"))
	}
	if len(cfg.Password) < 12 {
		errs = append(errs, errors.New("--password: at least 12 characters"))
	}
	if cfg.Duration <= 0 || cfg.RefDuration <= 0 {
		errs = append(errs, errors.New("--duration and --ref-duration: must be positive"))
	}
	if cfg.Coaches < 1 || cfg.Caseworkers < 0 {
		errs = append(errs, errors.New("--coaches: at least 1; --caseworkers: not negative"))
	}
	if cfg.WritePercent < 0 || cfg.WritePercent > 100 {
		errs = append(errs, errors.New("--write-percent: between 0 and 100"))
	}
	if cfg.Seq < 1 {
		errs = append(errs, errors.New("--seq: at least 1"))
	}
	return cfg, errors.Join(errs...)
}

// redactURLs hides the passwords of database URLs among args, so that the
// command line can be shown.
func redactURLs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if at := strings.Index(a, "postgres"); at >= 0 && strings.Contains(a, "://") {
			out[i] = a[:at] + redactURL(a[at:])
		}
	}
	return out
}

// redactURL hides the password of a URL.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(a URL that does not parse)"
	}
	return u.Redacted()
}

// shellJoin quotes args for a POSIX shell where needed, so that the report's
// command line can be pasted.
func shellJoin(args []string) string {
	quoted := make([]string, len(args))
	for i, a := range args {
		if a != "" && strings.IndexFunc(a, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@,+%", r))
		}) < 0 {
			quoted[i] = a
			continue
		}
		quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(quoted, " ")
}
