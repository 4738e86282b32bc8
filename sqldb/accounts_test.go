package sqldb

import (
	"context"
	"errors"
	"fmt"
	"teilhabe"
	"testing"
)

func TestChangePassword(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		seed(t, db)
		u, current, err := db.SignIn(ctx, "admin", testPassword, "192.0.2.1", "")
		must(t, err)
		_, other, err := db.SignIn(ctx, "admin", testPassword, "192.0.2.2", "")
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
		_, _, err = db.SignIn(ctx, "admin", testPassword, "192.0.2.1", "")
		wantErr(t, err, ErrBadCredentials)
		if _, _, err := db.SignIn(ctx, "admin", next, "192.0.2.1", ""); err != nil {
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
		_, token, err := db.SignIn(ctx, "coach.a1", testPassword, "192.0.2.1", "")
		must(t, err)
		u, err := db.FindUserByID(ctx, f.admin, coach.UserID)
		must(t, err)
		in := teilhabe.AccountInput{Name: "Carla Clemens", Role: u.Role, ProgrammeID: u.ProgrammeID, OrgID: u.OrgID,
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
		_, _, err = db.SignIn(ctx, "coach.a1", testPassword, "192.0.2.1", "")
		wantErr(t, err, ErrBadCredentials)

		// The administrator cannot lock themselves out; nobody else may edit accounts.
		admin, err := db.FindUserByID(ctx, f.admin, f.admin.UserID)
		must(t, err)
		wantInvalid(t, db.UpdateUser(ctx, f.admin, admin.ID, teilhabe.AccountInput{Name: admin.Name, Role: teilhabe.RoleAdmin,
			Version: admin.Version}), "role", "err.own_account")
		wantErr(t, db.UpdateUser(ctx, f.actor("lead.a"), u.ID, in), teilhabe.ErrForbidden)
	})
}

func TestCreateUserChecksRoleAndOrganisation(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		base := func(role teilhabe.Role, org, loc int64) teilhabe.AccountInput {
			return teilhabe.AccountInput{Username: "neu", Name: "Neu", Role: role, ProgrammeID: f.prog.ID, OrgID: org,
				LocationID: loc, Active: true, Password: testPassword}
		}
		for _, tc := range []struct {
			name       string
			in         teilhabe.AccountInput
			field, key string
		}{
			{"coach without location", base(teilhabe.RoleCoach, f.provA, 0), "location", "err.location_for_role"},
			{"coach at another provider's location", base(teilhabe.RoleCoach, f.provA, f.locB), "location", "err.location_for_role"},
			{"caseworker at a provider", base(teilhabe.RoleSponsorCaseworker, f.provA, 0), "organisation", "err.org_for_role"},
			{"provider lead at a sponsor", base(teilhabe.RoleProviderLead, f.agentur, 0), "organisation", "err.org_for_role"},
			{"coordinator with a location", base(teilhabe.RoleCoordinator, f.agentur, f.locA1), "location", "err.location_for_role"},
			{"caseworker without organisation", base(teilhabe.RoleSponsorCaseworker, 0, 0), "organisation", "err.org_for_role"},
			{"no programme", func() teilhabe.AccountInput {
				in := base(teilhabe.RoleDataProtection, 0, 0)
				in.ProgrammeID = 0
				return in
			}(),
				"programme", "err.choose"},
			{"unknown role", base("boss", f.provA, 0), "role", "err.choose"},
			{"bad username", func() teilhabe.AccountInput {
				in := base(teilhabe.RoleDataProtection, 0, 0)
				in.Username = "a b"
				return in
			}(),
				"username", "err.username"},
			{"short password", func() teilhabe.AccountInput {
				in := base(teilhabe.RoleDataProtection, 0, 0)
				in.Password = "kurz"
				return in
			}(),
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

// TestChangePasswordIsThrottled: the current password cannot be guessed
// through an open session: wrong answers count as failed sign-ins, and at
// the limit every session of the account ends.
func TestChangePasswordIsThrottled(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		_, token, err := db.SignIn(ctx, "coach.a1", testPassword, "192.0.2.1", "")
		must(t, err)
		_, other, err := db.SignIn(ctx, "coach.a1", testPassword, "192.0.2.2", "")
		must(t, err)
		for i := range maxAccountFailures - 1 {
			err := db.ChangePassword(ctx, coach, token, fmt.Sprintf("guess %d", i), "ein-neues-langes-passwort")
			wantInvalid(t, err, "current", "err.password_wrong")
		}
		err = db.ChangePassword(ctx, coach, token, "last guess", "ein-neues-langes-passwort")
		var th *ThrottledError
		if !errors.As(err, &th) || !th.SignedOut {
			t.Fatalf("ChangePassword at the limit: err = %v, want a ThrottledError that signed out", err)
		}
		for _, tok := range []string{token, other} {
			_, err := db.SessionUser(ctx, tok)
			wantErr(t, err, teilhabe.ErrUnauthenticated)
		}
		_, _, err = db.SignIn(ctx, "coach.a1", testPassword, "192.0.2.3", "")
		if !errors.As(err, &th) {
			t.Errorf("SignIn after the guessed password changes: err = %v, want a ThrottledError", err)
		}
		if n := auditCount(t, db, "user.password_change_failed", 0); n != maxAccountFailures {
			t.Errorf("user.password_change_failed entries = %d, want %d", n, maxAccountFailures)
		}
		if err := db.ChangePassword(ctx, coach, token, testPassword, "ein-neues-langes-passwort"); !errors.As(err, &th) {
			t.Errorf("ChangePassword while locked: err = %v, want a ThrottledError", err)
		}
	})
}

// TestSignInEndsThePreviousSession: signing in as B in a browser that holds
// A's session ends A's session on the server; so does the demo's password
// reset at a restart.
func TestSignInEndsThePreviousSession(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		f.actor("coach.a1")
		_, tokenA, err := db.SignIn(ctx, "admin", testPassword, "192.0.2.1", "")
		must(t, err)
		_, tokenB, err := db.SignIn(ctx, "coach.a1", testPassword, "192.0.2.1", tokenA)
		must(t, err)
		_, err = db.SessionUser(ctx, tokenA)
		wantErr(t, err, teilhabe.ErrUnauthenticated)
		if _, err := db.SessionUser(ctx, tokenB); err != nil {
			t.Errorf("the new session: %v", err)
		}
		must(t, db.SetPasswordByUsername(ctx, "coach.a1", "ein-anderes-demo-passwort"))
		_, err = db.SessionUser(ctx, tokenB)
		wantErr(t, err, teilhabe.ErrUnauthenticated)
	})
}
