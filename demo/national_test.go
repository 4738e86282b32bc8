package demo

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// The national data set's tests generate a small set (nationalCases) on a
// fresh SQLite database and, when TEILHABE_TEST_POSTGRES holds the URL of a
// PostgreSQL database, in a fresh schema of it too.

const (
	nationalCases    = 2000
	nationalPassword = "ein-langes-Passwort"
)

// nationalToday is the day the test data sets lead up to.
var nationalToday = teilhabe.Day(2026, 11, 25)

// testDB is a store and a plain connection to its database, for the
// checksums the store has no method for.
type testDB struct {
	db  *sqldb.DB
	raw *sql.DB
}

// forEachDB runs fn on a fresh SQLite database and, if configured, on a
// fresh PostgreSQL schema, as parallel subtests.
func forEachDB(t *testing.T, fn func(t *testing.T, open func() testDB)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, func() testDB {
			dir := t.TempDir()
			return openTestDB(t, sqldb.Options{DataDir: dir}, "sqlite", "file:"+filepath.Join(dir, "teilhabe.db"))
		})
	})
	if base := os.Getenv("TEILHABE_TEST_POSTGRES"); base != "" {
		t.Run("postgres", func(t *testing.T) {
			t.Parallel()
			fn(t, func() testDB {
				u := postgresSchema(t, base)
				return openTestDB(t, sqldb.Options{URL: u}, "pgx", u)
			})
		})
	}
}

func openTestDB(t *testing.T, opt sqldb.Options, driver, dsn string) testDB {
	t.Helper()
	now := time.Date(nationalToday.Year(), nationalToday.Month(), nationalToday.Day(), 10, 0, 0, 0, teilhabe.Germany)
	opt.Now = func() time.Time { return now }
	db, err := sqldb.Open(context.Background(), opt)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		raw.Close()
		db.Close()
	})
	return testDB{db: db, raw: raw}
}

// postgresSchema creates a schema of the test's own in the database at base,
// drops it at the end, and returns base with the schema as search path.
func postgresSchema(t *testing.T, base string) string {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	schema := "test_" + hex.EncodeToString([]byte(rand.Text()[:6]))
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// generate generates the test data set with seed into tdb.
func generate(t *testing.T, tdb testDB, seed uint64) NationalSummary {
	t.Helper()
	sum, err := GenerateNational(context.Background(), tdb.db, NationalOptions{Cases: nationalCases, Seed: seed,
		Password: nationalPassword, Today: nationalToday})
	if err != nil {
		t.Fatalf("GenerateNational: %v", err)
	}
	return sum
}

// checksum hashes the rows of the tables a data set consists of, but the
// password hashes, whose salt is random.
func checksum(t *testing.T, raw *sql.DB) string {
	t.Helper()
	h := sha256.New()
	for _, table := range []string{"programmes", "organisations", "locations", "persons", "cases", "appointments",
		"consents", "messages", "case_events", "employers", "case_prospects", "case_placements", "followup_contacts",
		"audit_log"} {
		rows, err := raw.Query(`SELECT * FROM ` + table + ` ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%s%v\n", table, vals)
		}
		rows.Close()
	}
	var users []string
	rows, err := raw.Query(`SELECT username, name, role, programme_id, organisation_id, location_id FROM users ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var u, n, r string
		var p, o, l sql.NullInt64
		rows.Scan(&u, &n, &r, &p, &o, &l)
		users = append(users, fmt.Sprint(u, n, r, p, o, l))
	}
	rows.Close()
	fmt.Fprint(h, users)
	return hex.EncodeToString(h.Sum(nil))
}

func TestNationalSameSeedSameData(t *testing.T) {
	forEachDB(t, func(t *testing.T, open func() testDB) {
		a, b, c := open(), open(), open()
		generate(t, a, 1)
		generate(t, b, 1)
		generate(t, c, 2)
		sumA, sumB, sumC := checksum(t, a.raw), checksum(t, b.raw), checksum(t, c.raw)
		if sumA != sumB {
			t.Errorf("seed 1 twice: checksums %s and %s differ", sumA, sumB)
		}
		if sumA == sumC {
			t.Errorf("seeds 1 and 2 give the same data")
		}
	})
}

func TestNationalRefusesAFilledDatabase(t *testing.T) {
	dir := t.TempDir()
	tdb := openTestDB(t, sqldb.Options{DataDir: dir}, "sqlite", "file:"+filepath.Join(dir, "teilhabe.db"))
	if err := tdb.db.CreateFirstAdmin(context.Background(), "alice", "Alice", nationalPassword); err != nil {
		t.Fatal(err)
	}
	_, err := GenerateNational(context.Background(), tdb.db, NationalOptions{Cases: 10, Seed: 1, Password: nationalPassword})
	if err == nil {
		t.Fatal("GenerateNational on a database with an account succeeded")
	}
	for _, bad := range []NationalOptions{{Cases: 0, Password: nationalPassword}, {Cases: 10, Password: "kurz"}} {
		if _, err := GenerateNational(context.Background(), tdb.db, bad); err == nil {
			t.Errorf("GenerateNational(%+v) succeeded", bad)
		}
	}
}
