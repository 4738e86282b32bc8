package sqldb

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"teilhabe"
)

func TestSignIn(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")

		u, token, err := db.SignIn(ctx, " Coach.A1 ", testPassword, "192.0.2.1")
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
		if su.ID != coach.UserID || su.Role != teilhabe.RoleCoach || su.LocationID != f.locA1 || su.Location != "Caritas Mitte" ||
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

		_, _, err = db.SignIn(ctx, "coach.a1", "falsches-passwort", "192.0.2.1")
		wantErr(t, err, ErrBadCredentials)
		_, _, err = db.SignIn(ctx, "niemand", testPassword, "192.0.2.1")
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
			_, _, err := db.SignIn(ctx, "admin", fmt.Sprintf("wrong password %d", i), addr)
			wantErr(t, err, ErrBadCredentials)
		}
		// Locked: even the right password is not checked.
		_, _, err := db.SignIn(ctx, "admin", testPassword, addr)
		var th *ThrottledError
		if !errors.As(err, &th) {
			t.Fatalf("SignIn after %d failures: err = %v, want a ThrottledError", maxAccountFailures, err)
		}
		if want := testNow.Add(throttleLock); !th.Until.Equal(want) {
			t.Errorf("throttled until %v, want %v", th.Until, want)
		}
		// From another address too: the lock is on the account.
		_, _, err = db.SignIn(ctx, "ADMIN", testPassword, "192.0.2.99")
		if !errors.As(err, &th) {
			t.Errorf("SignIn from another address: err = %v, want a ThrottledError", err)
		}

		// The lock lifts after the lock time, and a success resets the count.
		later := at(db, testNow.Add(throttleLock+time.Minute))
		if _, _, err := later.SignIn(ctx, "admin", testPassword, addr); err != nil {
			t.Fatalf("SignIn after the lock: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM login_throttle WHERE key = ?`, throttleAccountKey+"admin"); n != 0 {
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
			_, _, err := db.SignIn(ctx, fmt.Sprintf("nobody%02d", i), "wrong password", addr)
			wantErr(t, err, ErrBadCredentials)
		}
		_, _, err := db.SignIn(ctx, "admin", testPassword, addr)
		var th *ThrottledError
		if !errors.As(err, &th) {
			t.Fatalf("SignIn from an address after %d failures: err = %v, want a ThrottledError", maxAddressFailures, err)
		}
		if _, _, err := db.SignIn(ctx, "admin", testPassword, "198.51.100.8"); err != nil {
			t.Errorf("SignIn from another address: %v", err)
		}
	})
}

func TestSessionIdleExpiry(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		seed(t, db)
		_, token, err := db.SignIn(ctx, "admin", testPassword, "192.0.2.1")
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
		_, token, err := db.SignIn(ctx, "admin", testPassword, "192.0.2.1")
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
		u, token, err := db.SignIn(ctx, "admin", testPassword, "192.0.2.1")
		must(t, err)
		must(t, db.SignOut(ctx, u.Actor(), token))
		_, err = db.SessionUser(ctx, token)
		wantErr(t, err, teilhabe.ErrUnauthenticated)
		if got := auditCount(t, db, "logout", 0); got != 1 {
			t.Errorf("logout audit entries = %d, want 1", got)
		}
	})
}

func TestChangePassword(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		seed(t, db)
		u, current, err := db.SignIn(ctx, "admin", testPassword, "192.0.2.1")
		must(t, err)
		_, other, err := db.SignIn(ctx, "admin", testPassword, "192.0.2.2")
		must(t, err)
		a := u.Actor()
		const next = "ein-ganz-neues-passwort"

		wantInvalid(t, db.ChangePassword(ctx, a, current, "wrong password", next), "current", "err.password_wrong")
		wantInvalid(t, db.ChangePassword(ctx, a, current, testPassword, "kurz"), "password", "err.password_short")
		if err := db.ChangePassword(ctx, a, current, testPassword, next); err != nil {
			t.Fatalf("ChangePassword: %v", err)
		}
		if _, err := db.SessionUser(ctx, current); err != nil {
			t.Errorf("current session after the change: %v", err)
		}
		_, err = db.SessionUser(ctx, other)
		wantErr(t, err, teilhabe.ErrUnauthenticated)
		_, _, err = db.SignIn(ctx, "admin", testPassword, "192.0.2.1")
		wantErr(t, err, ErrBadCredentials)
		if _, _, err := db.SignIn(ctx, "admin", next, "192.0.2.1"); err != nil {
			t.Errorf("SignIn with the new password: %v", err)
		}
		if got := auditCount(t, db, "user.password_changed", 0); got != 1 {
			t.Errorf("password_changed audit entries = %d, want 1", got)
		}
	})
}

func TestUpdateUser(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		_, token, err := db.SignIn(ctx, "coach.a1", testPassword, "192.0.2.1")
		must(t, err)
		u, err := db.FindUserByID(ctx, f.admin, coach.UserID)
		must(t, err)
		in := UserInput{Name: "Carla Clemens", Role: u.Role, ProgrammeID: u.ProgrammeID, OrgID: u.OrgID,
			LocationID: u.LocationID, Active: true, Version: u.Version}

		// A new name keeps the session.
		must(t, db.UpdateUser(ctx, f.admin, u.ID, in))
		if _, err := db.SessionUser(ctx, token); err != nil {
			t.Fatalf("SessionUser after renaming: %v", err)
		}
		// The old version is stale now.
		in.Name = "Carla C."
		wantErr(t, db.UpdateUser(ctx, f.admin, u.ID, in), teilhabe.ErrStale)
		if got, _ := db.FindUserByID(ctx, f.admin, u.ID); got.Name != "Carla Clemens" || got.Version != u.Version+1 {
			t.Errorf("after the stale update: name %q version %d, want Carla Clemens, %d", got.Name, got.Version, u.Version+1)
		}

		// Deactivation ends the sessions and the sign-in.
		in.Version, in.Active = u.Version+1, false
		must(t, db.UpdateUser(ctx, f.admin, u.ID, in))
		_, err = db.SessionUser(ctx, token)
		wantErr(t, err, teilhabe.ErrUnauthenticated)
		if n := count(t, db, `SELECT COUNT(*) FROM sessions WHERE user_id = ?`, u.ID); n != 0 {
			t.Errorf("sessions of the deactivated account = %d, want 0", n)
		}
		_, _, err = db.SignIn(ctx, "coach.a1", testPassword, "192.0.2.1")
		wantErr(t, err, ErrBadCredentials)

		// The administrator cannot lock themselves out; nobody else may edit accounts.
		admin, err := db.FindUserByID(ctx, f.admin, f.admin.UserID)
		must(t, err)
		wantInvalid(t, db.UpdateUser(ctx, f.admin, admin.ID, UserInput{Name: admin.Name, Role: teilhabe.RoleAdmin,
			Version: admin.Version}), "role", "err.own_account")
		wantErr(t, db.UpdateUser(ctx, f.actor("lead.a"), u.ID, in), teilhabe.ErrForbidden)
	})
}

func TestCreateUserChecksRoleAndOrganisation(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		base := func(role teilhabe.Role, org, loc int64) UserInput {
			return UserInput{Username: "neu", Name: "Neu", Role: role, ProgrammeID: f.prog.ID, OrgID: org,
				LocationID: loc, Active: true, Password: testPassword}
		}
		for _, tc := range []struct {
			name       string
			in         UserInput
			field, key string
		}{
			{"coach without location", base(teilhabe.RoleCoach, f.provA, 0), "location", "err.location_for_role"},
			{"coach at another provider's location", base(teilhabe.RoleCoach, f.provA, f.locB), "location", "err.location_for_role"},
			{"caseworker at a provider", base(teilhabe.RoleSponsorCaseworker, f.provA, 0), "organisation", "err.org_for_role"},
			{"provider lead at a sponsor", base(teilhabe.RoleProviderLead, f.agentur, 0), "organisation", "err.org_for_role"},
			{"coordinator with a location", base(teilhabe.RoleCoordinator, f.agentur, f.locA1), "location", "err.location_for_role"},
			{"caseworker without organisation", base(teilhabe.RoleSponsorCaseworker, 0, 0), "organisation", "err.org_for_role"},
			{"no programme", func() UserInput { in := base(teilhabe.RoleDataProtection, 0, 0); in.ProgrammeID = 0; return in }(),
				"programme", "err.choose"},
			{"unknown role", base("boss", f.provA, 0), "role", "err.choose"},
			{"bad username", func() UserInput { in := base(teilhabe.RoleDataProtection, 0, 0); in.Username = "a b"; return in }(),
				"username", "err.username"},
			{"short password", func() UserInput { in := base(teilhabe.RoleDataProtection, 0, 0); in.Password = "kurz"; return in }(),
				"password", "err.password_short"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := db.CreateUser(ctx, f.admin, tc.in)
				wantInvalid(t, err, tc.field, tc.key)
			})
		}
		if n := count(t, db, `SELECT COUNT(*) FROM users`); n != 1 {
			t.Errorf("accounts after rejected creations = %d, want 1 (the admin)", n)
		}
		if n := auditCount(t, db, "user.created", 0); n != 1 {
			t.Errorf("user.created audit entries = %d, want 1 (the admin)", n)
		}

		coach := f.actor("coach.a1")
		dup := base(teilhabe.RoleCoach, f.provA, f.locA1)
		dup.Username = "Coach.A1"
		_, err := db.CreateUser(ctx, f.admin, dup)
		wantInvalid(t, err, "username", "err.username_taken")
		_, err = db.CreateUser(ctx, coach, base(teilhabe.RoleCoach, f.provA, f.locA1))
		wantErr(t, err, teilhabe.ErrForbidden)

		err = db.CreateFirstAdmin(ctx, "admin2", "Zweiter Admin", testPassword)
		wantConflict(t, err, "err.admin_exists")
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
				_, _, err := db.SignIn(context.Background(), "coach.a1", "wrong password 123", "192.0.2.7")
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
