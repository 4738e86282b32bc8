package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"teilhabe"
	"teilhabe/demo"
	"teilhabe/sqldb"
)

// demoCommand runs a subcommand of "teilhabe demo"; there is one.
func demoCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "generate" {
		return errors.New(`demo: want the subcommand "generate", as in: teilhabe demo generate --cases 1000000 --password …`)
	}
	return generate(ctx, args[1:], getenv, stdout, stderr)
}

// generate fills an empty database with the national data set
// (demo.GenerateNational), printing progress to stderr and a summary line
// to stdout.
func generate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("teilhabe demo generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cases := fs.Int("cases", 0, "number of cases, 1 to 20,000,000 (required)")
	seed := fs.Uint64("seed", 1, "seed of the random numbers: the same seed gives the same data on the same day")
	password := fs.String("password", "", "password of every account, at least 12 characters (TEILHABE_DEMO_PASSWORD)")
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
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	if fs.NArg() > 0 {
		errs = append(errs, fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	if *cases < 1 || *cases > demo.MaxNationalCases {
		errs = append(errs, fmt.Errorf("--cases: want 1 to %d", demo.MaxNationalCases))
	}
	pw := *password
	if pw == "" {
		pw = cfg.DemoPassword
	}
	switch {
	case pw == "":
		errs = append(errs, errors.New("--password (or TEILHABE_DEMO_PASSWORD) is required: the password of every account"))
	case *password != "" && (utf8.RuneCountInString(pw) < teilhabe.MinPasswordLength || teilhabe.CheckNewPassword(pw, "") != nil):
		errs = append(errs, fmt.Errorf("--password: at least %d characters, at most 200", teilhabe.MinPasswordLength))
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}

	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := demo.GenerateNational(ctx, db, demo.NationalOptions{Cases: *cases, Seed: *seed, Password: pw, Progress: stderr})
	if errors.Is(err, sqldb.ErrNotEmpty) {
		where := "--data-dir " + cfg.DataDir
		if cfg.DatabaseURL != "" {
			where = "--database-url of an empty database"
		}
		return fmt.Errorf("%w; demo generate fills an empty database only: use a new %s", err, strings.TrimSpace(where))
	}
	if err != nil {
		return fmt.Errorf("demo generate: %w", err)
	}
	fmt.Fprintln(stdout, "Generated", sum)
	return nil
}
