package sqldb

import (
	"context"
	"strings"
	"unicode"

	"teilhabe"
)

// UserInput is what the administrator enters for an account.
type UserInput struct {
	Username    string
	Name        string
	Role        teilhabe.Role
	ProgrammeID int64
	OrgID       int64
	LocationID  int64
	Active      bool
	Password    string // initial or new password; empty keeps the current one on update
	Version     int    // for updates
}

// validUsername allows lower-case letters, digits, dot, dash and underscore.
func validUsername(s string) bool {
	if len(s) < 2 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// checkUser validates in against the programme's organisations: each role
// belongs to the right kind of organisation, a coach to a location of it.
func (t *tx) checkUser(ctx context.Context, in UserInput, creating bool) error {
	var pr teilhabe.Problems
	if creating && !validUsername(in.Username) {
		pr.Add("username", "err.username")
	}
	if strings.TrimSpace(in.Name) == "" {
		pr.Add("name", "err.required")
	}
	if !in.Role.Valid() {
		pr.Add("role", "err.choose")
	}
	if in.Password != "" || creating {
		if err := teilhabe.CheckNewPassword(in.Password, in.Username); err != nil {
			pr.Add("password", err.(*teilhabe.InvalidError).Fields[0].Key, teilhabe.MinPasswordLength)
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
func (db *DB) CreateUser(ctx context.Context, a teilhabe.Actor, in UserInput) (int64, error) {
	if !teilhabe.CanManageSetup(a) {
		return 0, teilhabe.ErrForbidden
	}
	in.Username = NormalizeUsername(in.Username)
	if in.Role == teilhabe.RoleAdmin {
		in.ProgrammeID, in.OrgID, in.LocationID = 0, 0, 0
	}
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
		return t.audit(ctx, a, auditEntry{action: "user.created", objectType: "user", objectID: id,
			detail: in.Username + " as " + string(in.Role)})
	})
	return id, err
}

func (t *tx) createUser(ctx context.Context, in UserInput) (int64, error) {
	hash, err := teilhabe.HashPassword(in.Password)
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
	in := UserInput{Username: NormalizeUsername(username), Name: name, Role: teilhabe.RoleAdmin, Password: password, Active: true}
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
		return t.audit(ctx, teilhabe.Actor{}, auditEntry{action: "user.created", objectType: "user", objectID: id, detail: in.Username + " as admin (first)"})
	})
}

// UpdateUser changes an account if its version is still in.Version. A
// deactivated account's sessions end at once. Only the administrator may,
// and not on their own account's role or activity.
func (db *DB) UpdateUser(ctx context.Context, a teilhabe.Actor, id int64, in UserInput) error {
	if !teilhabe.CanManageSetup(a) {
		return teilhabe.ErrForbidden
	}
	if in.Role == teilhabe.RoleAdmin {
		in.ProgrammeID, in.OrgID, in.LocationID = 0, 0, 0
	}
	return db.inTx(ctx, func(t *tx) error {
		old, err := t.userByID(ctx, id)
		if err != nil {
			return err
		}
		in.Username = old.Username
		if id == a.UserID && (in.Role != old.Role || !in.Active) {
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
			hash, err := teilhabe.HashPassword(in.Password)
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
		return t.audit(ctx, a, auditEntry{action: "user.updated", objectType: "user", objectID: id, detail: detail})
	})
}

// FindUsers lists accounts by username. Only the administrator may.
func (db *DB) FindUsers(ctx context.Context, a teilhabe.Actor, programmeID int64) ([]User, error) {
	if !teilhabe.CanManageSetup(a) {
		return nil, teilhabe.ErrForbidden
	}
	var list []User
	err := db.read(ctx, func(t *tx) error {
		q := `SELECT ` + userColumns + userFrom
		var args []any
		if programmeID != 0 {
			q += ` WHERE u.programme_id = ? OR u.programme_id IS NULL`
			args = append(args, programmeID)
		}
		rows, err := t.query(ctx, q+` ORDER BY u.username`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			list = append(list, u)
		}
		return rows.Err()
	})
	return list, err
}

// FindUserByID returns an account. Only the administrator may.
func (db *DB) FindUserByID(ctx context.Context, a teilhabe.Actor, id int64) (User, error) {
	if !teilhabe.CanManageSetup(a) {
		return User{}, teilhabe.ErrNotFound
	}
	var u User
	err := db.read(ctx, func(t *tx) error {
		var err error
		u, err = t.userByID(ctx, id)
		return err
	})
	return u, err
}

// SetPasswordByUsername sets the password of an existing account without an
// actor. Only the demo set-up uses it, so that a restart with --demo prints
// logins that work; it is audited as the system.
func (db *DB) SetPasswordByUsername(ctx context.Context, username, password string) error {
	hash, err := teilhabe.HashPassword(password)
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
		return t.audit(ctx, teilhabe.Actor{}, auditEntry{action: "user.password_set", objectType: "user", detail: username + " (demo)"})
	})
}
