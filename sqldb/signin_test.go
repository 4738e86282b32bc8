package sqldb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"teilhabe"
)

func TestSignIn(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")

		u, token, err := db.SignIn(ctx, " Coach.A1 ", testPassword, "192.0.2.1", "")
		if err != nil {
			t.Fatalf("SignIn: %v", err)
		}
		if token == "" || u.ID != coach.UserID {
			t.Fatalf("SignIn = user %d, token %q; want user %d and a token", u.ID, token, coach.UserID)
		}
		su, err := db.SessionUser(ctx, token)
		if err != nil {
			t.Fatalf("SessionUser: %v", err)
		}
		if su.ID != coach.UserID || su.Role != teilhabe.RoleCoach || su.LocationID != f.locA1 || su.LocationName != "Caritas Mitte" ||
			su.OrgName != "Caritas Trier" || !su.Active {
			t.Errorf("SessionUser = %+v, want the coach at Caritas Mitte", su)
		}
		// The database keeps a hash of the token, never the token.
		if n := count(t, db, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, token); n != 0 {
			t.Error("the session token is stored in clear")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, hashToken(token)); n != 1 {
			t.Errorf("sessions with the token's hash = %d, want 1", n)
		}

		_, _, err = db.SignIn(ctx, "coach.a1", "falsches-passwort", "192.0.2.1", "")
		wantErr(t, err, ErrBadCredentials)
		_, _, err = db.SignIn(ctx, "niemand", testPassword, "192.0.2.1", "")
		wantErr(t, err, ErrBadCredentials)

		for _, token := range []string{"", "not-a-token"} {
			_, err := db.SessionUser(ctx, token)
			wantErr(t, err, teilhabe.ErrUnauthenticated)
		}
		if got := auditCount(t, db, "login", 0); got != 1 {
			t.Errorf("login audit entries = %d, want 1", got)
		}
		if got := auditCount(t, db, "login.failed", 0); got != 2 {
			t.Errorf("login.failed audit entries = %d, want 2", got)
		}
	})
}

func TestSignInThrottlesAccount(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		seed(t, db)
		const addr = "192.0.2.2"
		for i := range maxAccountFailures {
			_, _, err := db.SignIn(ctx, "admin", fmt.Sprintf("wrong password %d", i), addr, "")
			wantErr(t, err, ErrBadCredentials)
		}
		// Locked: even the right password is not checked.
		_, _, err := db.SignIn(ctx, "admin", testPassword, addr, "")
		var th *ThrottledError
		if !errors.As(err, &th) {
			t.Fatalf("SignIn after %d failures: err = %v, want a ThrottledError", maxAccountFailures, err)
		}
		if want := testNow.Add(throttleLock); !th.Until.Equal(want) {
			t.Errorf("throttled until %v, want %v", th.Until, want)
		}
		// From another address too: the lock is on the account.
		_, _, err = db.SignIn(ctx, "ADMIN", testPassword, "192.0.2.99", "")
		if !errors.As(err, &th) {
			t.Errorf("SignIn from another address: err = %v, want a ThrottledError", err)
		}

		// The lock lifts after the lock time, and a success resets the count.
		later := at(db, testNow.Add(throttleLock+time.Minute))
		if _, _, err := later.SignIn(ctx, "admin", testPassword, addr, ""); err != nil {
			t.Fatalf("SignIn after the lock: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM login_throttle WHERE key = ?`, hashToken(throttleAccountKey+"admin")); n != 0 {
			t.Errorf("account throttle rows after success = %d, want 0", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'login.failed' AND detail LIKE '%locked'`); n != 1 {
			t.Errorf("login.failed entries noting the lock = %d, want 1", n)
		}
	})
}

func TestSignInThrottlesAddress(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		seed(t, db)
		const addr = "198.51.100.7"
		// Failures spread over many accounts, so none of them locks.
		for i := range maxAddressFailures {
			_, _, err := db.SignIn(ctx, fmt.Sprintf("nobody%02d", i), "wrong password", addr, "")
			wantErr(t, err, ErrBadCredentials)
		}
		_, _, err := db.SignIn(ctx, "admin", testPassword, addr, "")
		var th *ThrottledError
		if !errors.As(err, &th) {
			t.Fatalf("SignIn from an address after %d failures: err = %v, want a ThrottledError", maxAddressFailures, err)
		}
		if _, _, err := db.SignIn(ctx, "admin", testPassword, "198.51.100.8", ""); err != nil {
			t.Errorf("SignIn from another address: %v", err)
		}
	})
}

// TestThrottleHoldsUnderParallelGuesses: guesses sent at the same moment
// cannot all pass the check before any was counted; at most the limit of
// them reach the password check.
func TestThrottleHoldsUnderParallelGuesses(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		f := seed(t, db)
		f.actor("coach.a1")
		const guesses = 12
		errs := make(chan error, guesses)
		for range guesses {
			go func() {
				_, _, err := db.SignIn(context.Background(), "coach.a1", "wrong password 123", "192.0.2.7", "")
				errs <- err
			}()
		}
		checked := 0
		for range guesses {
			err := <-errs
			var throttled *ThrottledError
			switch {
			case errors.Is(err, ErrBadCredentials):
				checked++
			case errors.As(err, &throttled):
			default:
				t.Errorf("SignIn: %v", err)
			}
		}
		if checked > maxAccountFailures {
			t.Errorf("%d guesses reached the password check, want at most %d", checked, maxAccountFailures)
		}
	})
}

// TestSimultaneousSignInsSucceed: correct passwords cost nothing. Eight
// people signing in to one account at the same moment, and a whole office
// behind one address, all get in.
func TestSimultaneousSignInsSucceed(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		const office = 60 // more than the address's failure limit
		var names []string
		for i := range office {
			name := fmt.Sprintf("office%02d", i)
			_, err := db.CreateUser(ctx, f.admin, teilhabe.AccountInput{Username: name, Name: "Office " + name,
				Role: teilhabe.RoleDataProtection, ProgrammeID: f.prog.ID, Active: true, Password: testPassword})
			must(t, err)
			names = append(names, name)
		}
		var wg sync.WaitGroup
		errs := make(chan error, office+8)
		for _, name := range names {
			wg.Go(func() {
				_, _, err := db.SignIn(ctx, name, testPassword, "203.0.113.1", "")
				errs <- err
			})
		}
		for range 8 {
			wg.Go(func() {
				_, _, err := db.SignIn(ctx, "office00", testPassword, "203.0.113.1", "")
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("simultaneous sign-in: %v", err)
			}
		}
		// A few typos in the office do not lock it either.
		for i := range 3 {
			_, _, err := db.SignIn(ctx, names[i], "vertippt", "203.0.113.1", "")
			wantErr(t, err, ErrBadCredentials)
		}
		if _, _, err := db.SignIn(ctx, names[10], testPassword, "203.0.113.1", ""); err != nil {
			t.Errorf("sign-in after colleagues' typos: %v", err)
		}
	})
}

// TestSignInRehashesOutdatedPasswords: a password stored with other
// parameters than the store's is hashed anew at the next sign-in.
func TestSignInRehashesOutdatedPasswords(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		seed(t, db)
		hash := func() string {
			var h string
			must(t, db.reader.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE username = 'admin'`).Scan(&h))
			return h
		}
		if !strings.Contains(hash(), "m=64,") {
			t.Fatalf("admin's hash %q, want the cheap test parameters", hash())
		}
		newer := *db
		newer.passwords = teilhabe.PasswordParams{Memory: 128, Time: 1, Threads: 1}
		if _, _, err := newer.SignIn(ctx, "admin", testPassword, "192.0.2.1", ""); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(hash(), "m=128,") {
			t.Errorf("after the sign-in the hash is %q, want the store's parameters m=128", hash())
		}
		if _, _, err := newer.SignIn(ctx, "admin", testPassword, "192.0.2.1", ""); err != nil {
			t.Errorf("sign-in with the new hash: %v", err)
		}
	})
}
