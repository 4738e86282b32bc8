package sqldb

import (
	"context"
	"strings"
	"time"

	"teilhabe"
)

// checkUser validates in (teilhabe.AccountInput.Validate) and against the
// programme's organisations: each role belongs to the right kind of
// organisation, a coach to a location of it.
func (t *tx) checkUser(ctx context.Context, in teilhabe.AccountInput, creating bool) error {
	var pr teilhabe.Problems
	if invalid, ok := in.Validate(creating).(*teilhabe.InvalidError); ok {
		for _, f := range invalid.Fields {
			pr.Add(f.Field, f.Key, f.Args...)
		}
	}
	if in.Role.Valid() {
		if in.Role.NeedsProgramme() {
			if _, err := t.programme(ctx, in.ProgrammeID); err != nil {
				pr.Add("programme", "err.choose")
			}
		}
		needOrg := in.Role.NeedsSponsor() || in.Role.NeedsProvider()
		if needOrg || in.OrgID != 0 {
			o, err := t.organisation(ctx, in.OrgID)
			switch {
			case err != nil || o.ProgrammeID != in.ProgrammeID:
				pr.Add("organisation", "err.org_for_role")
			case in.Role.NeedsSponsor() && !o.Kind.IsSponsor(), in.Role.NeedsProvider() && o.Kind.IsSponsor():
				pr.Add("organisation", "err.org_for_role")
			}
		}
		if in.Role.NeedsLocation() || in.LocationID != 0 {
			l, err := t.location(ctx, in.LocationID)
			if err != nil || l.ProviderID != in.OrgID || !in.Role.NeedsLocation() {
				pr.Add("location", "err.location_for_role")
			}
		}
	}
	return pr.Err()
}

// CreateUser adds an account. Only the administrator may.
func (db *DB) CreateUser(ctx context.Context, a teilhabe.Actor, in teilhabe.AccountInput) (int64, error) {
	if !teilhabe.CanManageSetup(a) {
		return 0, teilhabe.ErrForbidden
	}
	in = in.Normalize()
	var id int64
	err := db.inTx(ctx, func(t *tx) error {
		if err := t.checkUser(ctx, in, true); err != nil {
			return err
		}
		var err error
		id, err = t.createUser(ctx, in)
		if err != nil {
			return err
		}
		a := a
		a.ProgrammeID = in.ProgrammeID
		return t.audit(ctx, a, auditEntry{action: teilhabe.AuditUserCreated, objectType: "user", objectID: id,
			detail: in.Username + " as " + string(in.Role)})
	})
	return id, err
}

func (t *tx) createUser(ctx context.Context, in teilhabe.AccountInput) (int64, error) {
	hash, err := t.passwords.Hash(in.Password)
	if err != nil {
		return 0, err
	}
	id, err := t.insert(ctx, `INSERT INTO users (username, name, password_hash, role, programme_id, organisation_id,
		location_id, active, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.Username, strings.TrimSpace(in.Name), hash, in.Role, nullID(in.ProgrammeID), nullID(in.OrgID),
		nullID(in.LocationID), boolInt(in.Active), ts(t.now), ts(t.now))
	if isUniqueViolation(err) {
		return 0, teilhabe.Invalid("username", "err.username_taken")
	}
	return id, err
}

// CreateFirstAdmin creates an administrator account when the installation
// has none; it is how a fresh installation without demo data is set up.
func (db *DB) CreateFirstAdmin(ctx context.Context, username, name, password string) error {
	in := teilhabe.AccountInput{Username: username, Name: name, Role: teilhabe.RoleAdmin, Password: password, Active: true}.Normalize()
	return db.inTx(ctx, func(t *tx) error {
		var admins int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin'`).Scan(&admins); err != nil {
			return err
		}
		if admins > 0 {
			return teilhabe.Conflict("err.admin_exists")
		}
		if err := t.checkUser(ctx, in, true); err != nil {
			return err
		}
		id, err := t.createUser(ctx, in)
		if err != nil {
			return err
		}
		return t.audit(ctx, teilhabe.Actor{}, auditEntry{action: teilhabe.AuditUserCreated, objectType: "user", objectID: id, detail: in.Username + " as admin (first)"})
	})
}

// UpdateUser changes an account if its version is still in.Version. A
// deactivated account's sessions end at once. Only the administrator may,
// and not on their own account's role or activity
// (teilhabe.CanChangeRoleOrActivity).
func (db *DB) UpdateUser(ctx context.Context, a teilhabe.Actor, id int64, in teilhabe.AccountInput) error {
	if !teilhabe.CanManageSetup(a) {
		return teilhabe.ErrForbidden
	}
	in = in.Normalize()
	return db.inTx(ctx, func(t *tx) error {
		old, err := t.userByID(ctx, id)
		if err != nil {
			return err
		}
		in.Username = old.Username
		if (in.Role != old.Role || !in.Active) && !teilhabe.CanChangeRoleOrActivity(a, id) {
			return teilhabe.Invalid("role", "err.own_account")
		}
		if err := t.checkUser(ctx, in, false); err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE users SET name = ?, role = ?, programme_id = ?, organisation_id = ?, location_id = ?,
			active = ?, version = version + 1 WHERE id = ? AND version = ?`,
			strings.TrimSpace(in.Name), in.Role, nullID(in.ProgrammeID), nullID(in.OrgID), nullID(in.LocationID),
			boolInt(in.Active), id, in.Version)
		if err := checkVersion(res, err); err != nil {
			return err
		}
		if in.Password != "" {
			hash, err := t.passwords.Hash(in.Password)
			if err != nil {
				return err
			}
			if _, err := t.exec(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?`, hash, ts(t.now), id); err != nil {
				return err
			}
		}
		if !in.Active || in.Password != "" || in.Role != old.Role || in.OrgID != old.OrgID || in.LocationID != old.LocationID {
			// A changed scope or credential takes effect at once.
			if _, err := t.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return err
			}
		}
		detail := "role " + string(old.Role) + "→" + string(in.Role)
		if old.Active != in.Active {
			detail += map[bool]string{true: ", activated", false: ", deactivated"}[in.Active]
		}
		if in.Password != "" {
			detail += ", password reset"
		}
		a := a
		a.ProgrammeID = in.ProgrammeID
		return t.audit(ctx, a, auditEntry{action: teilhabe.AuditUserUpdated, objectType: "user", objectID: id, detail: detail})
	})
}

// FindUsers lists accounts by username. Only the administrator may.
func (db *DB) FindUsers(ctx context.Context, a teilhabe.Actor, programmeID int64) ([]teilhabe.User, error) {
	if !teilhabe.CanManageSetup(a) {
		return nil, teilhabe.ErrForbidden
	}
	q := `SELECT ` + userColumns + userFrom
	var args []any
	if programmeID != 0 {
		q += ` WHERE u.programme_id = ? OR u.programme_id IS NULL`
		args = append(args, programmeID)
	}
	var list []teilhabe.User
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = queryAll(ctx, t, scanUser, q+` ORDER BY u.username`, args...)
		return err
	})
	return list, err
}

// FindUserByID returns an account. Only the administrator may.
func (db *DB) FindUserByID(ctx context.Context, a teilhabe.Actor, id int64) (teilhabe.User, error) {
	if !teilhabe.CanManageSetup(a) {
		return teilhabe.User{}, teilhabe.ErrNotFound
	}
	var u teilhabe.User
	err := db.read(ctx, func(t *tx) error {
		var err error
		u, err = t.userByID(ctx, id)
		return err
	})
	return u, err
}

// checkCurrentPassword checks a's password, counting a failure against the
// account's throttle key; see ChangePassword.
func (db *DB) checkCurrentPassword(ctx context.Context, a teilhabe.Actor, key, password string) (bool, error) {
	var hash string
	var until time.Time
	err := db.read(ctx, func(t *tx) error {
		var err error
		if until, err = t.lockedUntil(ctx, []string{key}); err != nil {
			return err
		}
		_, hash, err = t.userByUsername(ctx, a.Username)
		return err
	})
	if err != nil {
		return false, err
	}
	if !until.IsZero() {
		return false, &ThrottledError{Until: until}
	}
	if teilhabe.VerifyPassword(hash, password) {
		return true, nil
	}
	var locked bool
	err = db.inTx(ctx, func(t *tx) error {
		if locked, err = t.countFailure(ctx, key, maxAccountFailures); err != nil {
			return err
		}
		detail := "current password wrong"
		if locked {
			if _, err := t.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, a.UserID); err != nil {
				return err
			}
			detail += ", locked, sessions ended"
		}
		return t.audit(ctx, a, auditEntry{action: teilhabe.AuditPasswordChangeFailed, objectType: "user", objectID: a.UserID, detail: detail})
	})
	if err == nil && locked {
		err = &ThrottledError{Until: db.now().UTC().Add(throttleLock), SignedOut: true}
	}
	return false, err
}

// SetPasswordByUsername sets the password of an existing account without an
// actor and ends its sessions. Only the demo set-up uses it, so that a
// restart with --demo prints logins that work; it is audited as the system.
func (db *DB) SetPasswordByUsername(ctx context.Context, username, password string) error {
	hash, err := db.passwords.Hash(password)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ? WHERE username = ?`, hash, ts(t.now), username)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return teilhabe.ErrNotFound
		}
		if _, err := t.exec(ctx, `DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = ?)`, username); err != nil {
			return err
		}
		return t.audit(ctx, teilhabe.Actor{}, auditEntry{action: teilhabe.AuditPasswordSet, objectType: "user", detail: username + " (demo)"})
	})
}

// ChangePassword sets a new password for the signed-in user after checking
// the current one, and ends the user's other sessions. A wrong current
// password counts as a failed sign-in of the account: after too many, the
// account is locked for a while and all its sessions end, this one too
// (a *ThrottledError with SignedOut set), so that a session left open on a
// shared computer does not let anyone guess the password.
func (db *DB) ChangePassword(ctx context.Context, a teilhabe.Actor, token, current, next string) error {
	key := hashToken(throttleAccountKey + a.Username)
	unlock := db.signins.lock(key)
	defer unlock()
	if err := db.acquireHashing(ctx); err != nil {
		return err
	}
	ok, err := db.checkCurrentPassword(ctx, a, key, current)
	db.releaseHashing()
	if err != nil {
		return err
	}
	if !ok {
		return teilhabe.Invalid("current", "err.password_wrong")
	}
	if err := teilhabe.CheckNewPassword(next, a.Username); err != nil {
		return err
	}
	newHash, err := db.passwords.Hash(next)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ?, version = version + 1 WHERE id = ?`,
			newHash, ts(t.now), a.UserID); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, a.UserID, hashToken(token)); err != nil {
			return err
		}
		return t.audit(ctx, a, auditEntry{action: teilhabe.AuditPasswordChanged, objectType: "user", objectID: a.UserID})
	})
}

// SetLanguage stores the user's interface language ("de" or "en").
func (db *DB) SetLanguage(ctx context.Context, a teilhabe.Actor, lang string) error {
	if !teilhabe.ValidLanguage(lang) {
		return teilhabe.Invalid("lang", "err.choose")
	}
	return db.inTx(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `UPDATE users SET lang = ? WHERE id = ?`, lang, a.UserID)
		return err
	})
}

const userColumns = `u.id, u.username, u.name, u.role, COALESCE(u.programme_id, 0), COALESCE(u.organisation_id, 0),
	COALESCE(u.location_id, 0), u.lang, u.active, u.version, COALESCE(o.name, ''), COALESCE(l.name, '')`

const userFrom = ` FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id
	LEFT JOIN locations l ON l.id = u.location_id`

func scanUser(s scanner) (teilhabe.User, error) { return scanUserWith(s) }

// scanUserWith scans a user followed by extra columns.
func scanUserWith(s scanner, extra ...any) (teilhabe.User, error) {
	var u teilhabe.User
	var active int
	dest := append([]any{&u.ID, &u.Username, &u.Name, &u.Role, &u.ProgrammeID, &u.OrgID, &u.LocationID,
		&u.Lang, &active, &u.Version, &u.OrgName, &u.LocationName}, extra...)
	err := s.Scan(dest...)
	if err = notFound(err); err != nil {
		return u, err
	}
	u.Active = active == 1
	return u, err
}

func (t *tx) userByID(ctx context.Context, id int64) (teilhabe.User, error) {
	return scanUser(t.queryRow(ctx, `SELECT `+userColumns+userFrom+` WHERE u.id = ?`, id))
}

func (t *tx) userByUsername(ctx context.Context, username string) (teilhabe.User, string, error) {
	var hash string
	u, err := scanUserWith(t.queryRow(ctx, `SELECT `+userColumns+`, u.password_hash`+userFrom+` WHERE u.username = ?`, username), &hash)
	return u, hash, err
}
