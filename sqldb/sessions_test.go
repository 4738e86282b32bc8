package sqldb

import (
	"context"
	"teilhabe"
	"testing"
	"time"
)

func TestSessionIdleExpiry(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		seed(t, db)
		_, token, err := db.SignIn(ctx, "admin", testPassword, "192.0.2.1", "")
		must(t, err)
		// Each request within the idle time keeps the session alive.
		for _, m := range []time.Duration{29, 58} {
			if _, err := at(db, testNow.Add(m*time.Minute)).SessionUser(ctx, token); err != nil {
				t.Fatalf("SessionUser after %d minutes: %v", m, err)
			}
		}
		_, err = at(db, testNow.Add((58+31)*time.Minute)).SessionUser(ctx, token)
		wantErr(t, err, teilhabe.ErrUnauthenticated)
		if n := count(t, db, `SELECT COUNT(*) FROM sessions`); n != 0 {
			t.Errorf("sessions after idle expiry = %d, want 0", n)
		}
	})
}

func TestSessionAbsoluteExpiry(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		seed(t, db)
		_, token, err := db.SignIn(ctx, "admin", testPassword, "192.0.2.1", "")
		must(t, err)
		step := 25 * time.Minute
		var now time.Time
		for now = testNow.Add(step); now.Sub(testNow) <= SessionMax; now = now.Add(step) {
			if _, err := at(db, now).SessionUser(ctx, token); err != nil {
				t.Fatalf("SessionUser %v after sign-in: %v", now.Sub(testNow), err)
			}
		}
		_, err = at(db, now).SessionUser(ctx, token)
		wantErr(t, err, teilhabe.ErrUnauthenticated)
		if n := count(t, db, `SELECT COUNT(*) FROM sessions`); n != 0 {
			t.Errorf("sessions after %v = %d, want 0", now.Sub(testNow), n)
		}
	})
}

func TestSignOut(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		seed(t, db)
		u, token, err := db.SignIn(ctx, "admin", testPassword, "192.0.2.1", "")
		must(t, err)
		must(t, db.SignOut(ctx, u.Actor(), token))
		_, err = db.SessionUser(ctx, token)
		wantErr(t, err, teilhabe.ErrUnauthenticated)
		if got := auditCount(t, db, "logout", 0); got != 1 {
			t.Errorf("logout audit entries = %d, want 1", got)
		}
	})
}
