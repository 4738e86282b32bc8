package sqldb

import (
	"context"
	"testing"
	"time"
)

// TestReadsRunBesideAWriter checks that a read does not wait for a write
// transaction in progress (WAL on SQLite, MVCC on PostgreSQL): a session
// check must not queue behind a long save.
func TestReadsRunBesideAWriter(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		f.contact(coach, person("Anna", "Arend"))

		writer, err := db.writer.BeginTx(ctx, nil)
		must(t, err)
		defer writer.Rollback()
		if _, err := writer.ExecContext(ctx, db.dialect.rebind(`UPDATE cases SET customer_number = ?`), "in progress"); err != nil {
			t.Fatal(err)
		}

		rctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		// CaseVersion is a pure read (case lists write an audit entry and
		// so queue behind the writer, as they must).
		if _, err := db.CaseVersion(rctx, coach, 1); err != nil {
			t.Fatalf("CaseVersion while a write is in progress: %v", err)
		}
		if _, err := db.SessionUser(rctx, "no-such-token"); err == nil || rctx.Err() != nil {
			t.Errorf("SessionUser while a write is in progress: %v (context %v), want a quick ErrUnauthenticated", err, rctx.Err())
		}
	})
}
