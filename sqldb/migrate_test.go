package sqldb

import (
	"context"
	"testing"
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
