package sqldb

import (
	"context"
	"os"
	"slices"
	"teilhabe"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestMigrationsMatchAcrossDialects(t *testing.T) {
	lite, err := loadMigrations(sqliteDialect)
	if err != nil {
		t.Fatalf("sqlite migrations: %v", err)
	}
	pg, err := loadMigrations(postgresDialect)
	if err != nil {
		t.Fatalf("postgres migrations: %v", err)
	}
	if len(lite) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d; want twins", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].name != pg[i].name {
			t.Errorf("migration %d: sqlite %s, postgres %s", i+1, lite[i].name, pg[i].name)
		}
	}
}

func TestMigrate(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		ms, err := loadMigrations(db.dialect)
		must(t, err)
		latest := len(ms)
		v, err := db.SchemaVersion(ctx)
		if err != nil || v != latest {
			t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, latest)
		}
		if got := count(t, db, `SELECT COUNT(*) FROM schema_migrations`); got != latest {
			t.Errorf("schema_migrations rows = %d, want %d", got, latest)
		}
		// Every table of the schema answers.
		for _, table := range []string{"programmes", "organisations", "locations", "users", "sessions", "login_throttle",
			"audit_log", "persons", "cases", "appointments", "consents", "messages", "case_events"} {
			count(t, db, `SELECT COUNT(*) FROM `+table)
		}
		if err := db.CreateFirstAdmin(ctx, "admin", "Alex Admin", testPassword); err != nil {
			t.Fatalf("CreateFirstAdmin: %v", err)
		}

		// Migrating again, in place and by opening the database anew, is a
		// no-op that keeps the data.
		if err := db.migrate(ctx); err != nil {
			t.Fatalf("migrate again: %v", err)
		}
		again := reopen(t, db)
		v, err = again.SchemaVersion(ctx)
		if err != nil || v != latest {
			t.Fatalf("SchemaVersion after reopening = %d, %v; want %d", v, err, latest)
		}
		if got := count(t, again, `SELECT COUNT(*) FROM schema_migrations`); got != latest {
			t.Errorf("schema_migrations rows after reopening = %d, want %d", got, latest)
		}
		if got := count(t, again, `SELECT COUNT(*) FROM users WHERE username = 'admin'`); got != 1 {
			t.Errorf("admin accounts after reopening = %d, want 1", got)
		}
		if again.Dialect() != db.Dialect() {
			t.Errorf("Dialect = %s after reopening, want %s", again.Dialect(), db.Dialect())
		}
	})
}

func TestOpenRejectsOtherURLs(t *testing.T) {
	_, err := Open(context.Background(), Options{URL: "mysql://localhost/teilhabe"})
	if err == nil {
		t.Fatal("Open(mysql://…) succeeded, want an error")
	}
}

// TestMigrationTypesEventDetails checks that migration 4 moves the details
// of existing timeline events out of the old prefix language into typed
// columns, and that a note keeps its text whatever it looks like.
func TestMigrationTypesEventDetails(t *testing.T) {
	forEachDB(t, func(t *testing.T, opened *DB) {
		ctx := context.Background()
		opt, _ := openOptions.Load(opened)
		o := opt.(Options)
		if o.DataDir != "" {
			o.DataDir = t.TempDir() // a database of its own, migrated step by step
		} else {
			o.URL = postgresSchema(t, os.Getenv(postgresEnv))
		}
		db, err := connect(ctx, o)
		must(t, err)
		defer db.Close()
		must(t, db.migrateTo(ctx, 3))
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := db.writer.ExecContext(ctx, db.dialect.rebind(q), args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		now := ts(testNow)
		exec(`INSERT INTO programmes (id, name, region, state, period_start, period_end, places_per_year, assignment_months,
			info_deadline_kind, info_deadline_days, created_at) VALUES (1, 'P', 'R', 'RP', '2026-01-01', '2027-12-31', 10, 12,
			'calendar_days', 7, ?)`, now)
		exec(`INSERT INTO organisations (id, programme_id, kind, name, state, created_at) VALUES (1, 1, 'provider', 'T', 'RP', ?)`, now)
		exec(`INSERT INTO locations (id, provider_id, name, street, postcode, city, state, places_per_year, created_at)
			VALUES (1, 1, 'L', 'S', '54290', 'Trier', 'RP', 10, ?)`, now)
		exec(`INSERT INTO persons (id, programme_id, first_name, last_name, name_key, birth_date, created_at)
			VALUES (1, 1, 'A', 'B', 'b|a', '1980-01-01', ?)`, now)
		exec(`INSERT INTO cases (id, programme_id, person_id, provider_id, location_id, origin, channel, started_by,
			first_contact_on, info_due_on, stage, created_at, updated_at)
			VALUES (1, 1, 1, 1, 1, 'self', 'phone', 'x', '2026-11-01', '2026-11-09', 'active', ?, ?)`, now, now)
		old := []struct{ kind, detail string }{
			{"first_contact", "code:channel.phone"},
			{"not_eligible", "codes:ineligible:proof_expired,no_barrier"},
			{"note", "code:decline.other – so begann die Notiz"},
			{"announced", "Jobcenter Trier Stadt"},
			{"info_booked", "02.12.2026 09:05"},
			{"contract_signed", "03.12.2026"},
			{"assigned", "07.12.2026 – 06.12.2027"},
			{"extension_declined", ""},
		}
		for i, e := range old {
			exec(`INSERT INTO case_events (case_id, at, actor_name, kind, detail) VALUES (1, ?, 'x', ?, ?)`,
				ts(testNow.Add(time.Duration(i)*time.Minute)), e.kind, e.detail)
		}
		must(t, db.migrateTo(ctx, 4))

		var events []teilhabe.Event
		must(t, db.read(ctx, func(t *tx) error {
			var err error
			events, err = t.events(ctx, 1, true)
			return err
		}))
		slices.Reverse(events) // oldest first, as inserted
		at := func(i int) teilhabe.Event { e := events[i]; e.At, e.ActorName = time.Time{}, ""; return e }
		want := []teilhabe.Event{
			{Kind: "first_contact", Codes: []string{"phone"}},
			{Kind: "not_eligible", Codes: []string{"proof_expired", "no_barrier"}},
			{Kind: "note", Text: "code:decline.other – so begann die Notiz"},
			{Kind: "announced", Text: "Jobcenter Trier Stadt"},
			{Kind: "info_booked", On: teilhabe.Day(2026, 12, 2), Time: "09:05"},
			{Kind: "contract_signed", On: teilhabe.Day(2026, 12, 3)},
			{Kind: "assigned", On: teilhabe.Day(2026, 12, 7), Until: teilhabe.Day(2027, 12, 6)},
			{Kind: "extension_declined"},
		}
		if len(events) != len(want) {
			t.Fatalf("%d events after the migration, want %d", len(events), len(want))
		}
		for i := range want {
			if diff := cmp.Diff(want[i], at(i), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("event %s (-want +got):\n%s", want[i].Kind, diff)
			}
		}
	})
}

// TestMigrationTypesMessageDates checks that migration 7 moves the dates
// that confirmations and assignments wrote into their notes into the typed
// column, leaves other notes alone, and gives every settled message the
// time it was settled.
func TestMigrationTypesMessageDates(t *testing.T) {
	forEachDB(t, func(t *testing.T, opened *DB) {
		ctx := context.Background()
		opt, _ := openOptions.Load(opened)
		o := opt.(Options)
		if o.DataDir != "" {
			o.DataDir = t.TempDir()
		} else {
			o.URL = postgresSchema(t, os.Getenv(postgresEnv))
		}
		db, err := connect(ctx, o)
		must(t, err)
		defer db.Close()
		must(t, db.migrateTo(ctx, 7))
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := db.writer.ExecContext(ctx, db.dialect.rebind(q), args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		now := ts(testNow)
		exec(`INSERT INTO programmes (id, name, region, state, period_start, period_end, places_per_year, assignment_months,
			info_deadline_kind, info_deadline_days, created_at) VALUES (1, 'P', 'R', 'RP', '2026-01-01', '2027-12-31', 10, 12,
			'calendar_days', 7, ?)`, now)
		exec(`INSERT INTO organisations (id, programme_id, kind, name, state, created_at) VALUES (1, 1, 'provider', 'T', 'RP', ?)`, now)
		exec(`INSERT INTO organisations (id, programme_id, kind, name, state, created_at) VALUES (2, 1, 'agentur', 'A', 'RP', ?)`, now)
		exec(`INSERT INTO locations (id, provider_id, name, street, postcode, city, state, places_per_year, created_at)
			VALUES (1, 1, 'L', 'S', '54290', 'Trier', 'RP', 10, ?)`, now)
		exec(`INSERT INTO persons (id, programme_id, first_name, last_name, name_key, birth_date, created_at)
			VALUES (1, 1, 'A', 'B', 'b|a', '1980-01-01', ?)`, now)
		exec(`INSERT INTO cases (id, programme_id, person_id, provider_id, location_id, sponsor_id, origin, channel, started_by,
			first_contact_on, info_due_on, stage, created_at, updated_at)
			VALUES (1, 1, 1, 1, 1, 2, 'self', 'phone', 'x', '2026-11-01', '2026-11-09', 'active', ?, ?)`, now, now)
		old := []struct {
			kind, awaiting, status, note, end string
		}{
			{"announcement_reply", "none", "accepted", "02.12.2026", ""},
			{"assignment_reply", "none", "accepted", "07.12.2026 – 06.12.2027", "2027-12-06"},
			{"announcement_reply", "none", "declined", "12.12.2026 ist zu spät", ""},
			{"extension_request", "sponsor", "open", "Praktikum läuft noch.", "2028-03-31"},
		}
		for i, m := range old {
			var end any
			if m.end != "" {
				end = m.end
			}
			exec(`INSERT INTO messages (programme_id, case_id, kind, sponsor_id, provider_id, location_id, awaiting, status,
				note, proposed_end, created_at) VALUES (1, 1, ?, 2, 1, 1, ?, ?, ?, ?, ?)`,
				m.kind, m.awaiting, m.status, m.note, end, ts(testNow.Add(time.Duration(i)*time.Minute)))
		}
		must(t, db.migrateTo(ctx, 8))
		// The message query of today reads columns of later migrations
		// (the support plan an extension request names, 014), which leave
		// these columns as 008 made them.
		ms, err := loadMigrations(db.dialect)
		must(t, err)
		must(t, db.migrateTo(ctx, len(ms)))

		var got []teilhabe.Message
		must(t, db.read(ctx, func(t *tx) error {
			var err error
			got, err = t.caseMessages(ctx, 1)
			return err
		}))
		slices.Reverse(got) // oldest first, as inserted
		type msg struct {
			Note            string
			On, End, Answer time.Time
		}
		want := []msg{
			{On: teilhabe.Day(2026, 12, 2), Answer: testNow},
			{On: teilhabe.Day(2026, 12, 7), End: teilhabe.Day(2027, 12, 6), Answer: testNow.Add(time.Minute)},
			{Note: "12.12.2026 ist zu spät", Answer: testNow.Add(2 * time.Minute)},
			{Note: "Praktikum läuft noch.", End: teilhabe.Day(2028, 3, 31)},
		}
		if len(got) != len(want) {
			t.Fatalf("%d messages after the migration, want %d", len(got), len(want))
		}
		for i, m := range got {
			if diff := cmp.Diff(want[i], msg{m.Note, m.On, m.ProposedEnd, m.AnsweredAt}); diff != "" {
				t.Errorf("message %d, %s (-want +got):\n%s", i, m.Kind, diff)
			}
		}
	})
}
