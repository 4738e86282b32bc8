package sqldb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"time"

	"teilhabe"
)

// Session and sign-in limits.
const (
	// SessionIdle ends a session after this long without a request
	// (BSI: re-authentication after idle time).
	SessionIdle = 30 * time.Minute
	// SessionMax ends a session this long after sign-in, however busy.
	SessionMax = 12 * time.Hour
	// seenResolution limits writes: last_seen_at is updated at most this often.
	seenResolution = time.Minute

	throttleWindow     = 15 * time.Minute
	throttleLock       = 15 * time.Minute
	maxAccountFailures = 5
	maxAddressFailures = 20
	throttleAccountKey = "user:"
	throttleAddressKey = "addr:"
)

// ErrBadCredentials means the username or password is wrong, or the account
// is inactive; the three are indistinguishable to the caller.
var ErrBadCredentials = errors.New("bad credentials")

// ThrottledError means sign-in is paused after repeated failures.
type ThrottledError struct{ Until time.Time }

func (e *ThrottledError) Error() string {
	return "sign-in throttled until " + e.Until.Format(time.RFC3339)
}

// User is an account.
type User struct {
	ID          int64
	Username    string
	Name        string
	Role        teilhabe.Role
	ProgrammeID int64
	OrgID       int64
	LocationID  int64
	Lang        string
	Active      bool
	Version     int
	OrgName     string
	Location    string
}

// Actor returns the user as the actor of a request.
func (u User) Actor() teilhabe.Actor {
	return teilhabe.Actor{UserID: u.ID, Username: u.Username, Name: u.Name, Role: u.Role,
		ProgrammeID: u.ProgrammeID, OrgID: u.OrgID, LocationID: u.LocationID}
}

// NormalizeUsername trims and lower-cases a username.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// SignIn checks a username and password from address addr. On success it
// creates a session and returns its secret token; the caller sets it as the
// cookie. Failures count against both the account and the address; past the
// limits SignIn returns a *ThrottledError without checking the password.
func (db *DB) SignIn(ctx context.Context, username, password, addr string) (User, string, error) {
	username = NormalizeUsername(username)
	// The keys are hashed: a "username" is sometimes a password typed
	// into the wrong field.
	keys := []string{hashToken(throttleAccountKey + username), hashToken(throttleAddressKey + addr)}
	limits := []int{maxAccountFailures, maxAddressFailures}

	// Count the attempt before the (deliberately slow) password check, in
	// one atomic statement per key: parallel guesses cannot all slip
	// through a check made before any of them was counted.
	var until time.Time
	err := db.inTx(ctx, func(t *tx) error {
		for i, k := range keys {
			lu, err := t.countAttempt(ctx, k, limits[i])
			if err != nil {
				return err
			}
			if lu.After(until) {
				until = lu
			}
		}
		return nil
	})
	if err != nil {
		return User{}, "", err
	}
	if !until.IsZero() {
		return User{}, "", &ThrottledError{Until: until}
	}

	var u User
	var hash string
	err = db.read(ctx, func(t *tx) error {
		var err error
		u, hash, err = t.userByUsername(ctx, username)
		return err
	})
	if err != nil && !errors.Is(err, teilhabe.ErrNotFound) {
		return User{}, "", err
	}
	ok := err == nil && db.verifyPassword(hash, password) && u.Active
	if !ok && err != nil {
		// Spend the same time on unknown accounts, so timing does not tell
		// which usernames exist.
		db.verifyPassword(dummyHash(), password)
	}

	var token string
	err = db.inTx(ctx, func(t *tx) error {
		if !ok {
			locked := false
			for i, k := range keys {
				l, err := t.lockIfOver(ctx, k, limits[i])
				if err != nil {
					return err
				}
				locked = locked || l
			}
			detail := "address " + addr
			if locked {
				detail += ", locked"
			}
			// An unknown name is often a password typed into the wrong
			// field: it is not written down. A known account's failures go
			// to its programme's log, where its data protection officer
			// sees them.
			who := teilhabe.Actor{Username: "unknown account"}
			if u.ID != 0 {
				who = teilhabe.Actor{Username: u.Username, ProgrammeID: u.ProgrammeID, OrgID: u.OrgID}
			}
			return t.audit(ctx, who, auditEntry{action: "login.failed", objectType: "user", objectID: u.ID, detail: detail})
		}
		// A success clears the account's count and takes back the
		// address's count of this attempt: colleagues behind one address
		// do not lock each other out by signing in.
		if _, err := t.exec(ctx, `DELETE FROM login_throttle WHERE key = ?`, keys[0]); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE login_throttle SET failures = failures - 1 WHERE key = ? AND failures > 0`, keys[1]); err != nil {
			return err
		}
		var err error
		token, err = t.createSession(ctx, u.ID)
		if err != nil {
			return err
		}
		a := u.Actor()
		return t.audit(ctx, a, auditEntry{action: "login", objectType: "user", objectID: u.ID, detail: "address " + addr})
	})
	if err != nil {
		return User{}, "", err
	}
	if !ok {
		return User{}, "", ErrBadCredentials
	}
	return u, token, nil
}

// dummyHash is verified against when the account does not exist; made on
// first use, so that starting a program does not pay for it.
var dummyHash = sync.OnceValue(func() string {
	h, _ := teilhabe.HashPassword("no such account, constant work")
	return h
})

// countAttempt counts one sign-in attempt under key. The count restarts
// once the window has passed and no lock holds. It returns the time until
// which the key is locked — already, or now because this attempt is one
// more than limit allows — or the zero time.
func (t *tx) countAttempt(ctx context.Context, key string, limit int) (time.Time, error) {
	windowStart := ts(t.now.Add(-throttleWindow))
	var failures int
	var locked dbTime
	err := t.queryRow(ctx, `INSERT INTO login_throttle (key, failures, first_at) VALUES (?, 1, ?)
		ON CONFLICT (key) DO UPDATE SET
			failures = CASE WHEN login_throttle.first_at < ? AND (login_throttle.locked_until IS NULL OR login_throttle.locked_until <= ?)
				THEN 1 ELSE login_throttle.failures + 1 END,
			first_at = CASE WHEN login_throttle.first_at < ? AND (login_throttle.locked_until IS NULL OR login_throttle.locked_until <= ?)
				THEN excluded.first_at ELSE login_throttle.first_at END
		RETURNING failures, locked_until`,
		key, ts(t.now), windowStart, ts(t.now), windowStart, ts(t.now)).Scan(&failures, &locked)
	if err != nil {
		return time.Time{}, err
	}
	if locked.t.After(t.now) {
		return locked.t, nil
	}
	if failures > limit {
		until := t.now.Add(throttleLock)
		_, err := t.exec(ctx, `UPDATE login_throttle SET locked_until = ? WHERE key = ?`, ts(until), key)
		return until, err
	}
	return time.Time{}, nil
}

// lockIfOver locks key for the lock time once its failures (this one
// included, counted by countAttempt) reach limit. It reports whether the
// key is locked now.
func (t *tx) lockIfOver(ctx context.Context, key string, limit int) (bool, error) {
	res, err := t.exec(ctx, `UPDATE login_throttle SET locked_until = ? WHERE key = ? AND failures >= ?`,
		ts(t.now.Add(throttleLock)), key, limit)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func (t *tx) createSession(ctx context.Context, userID int64) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	_, err := t.exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)`,
		hashToken(token), userID, ts(t.now), ts(t.now))
	return token, err
}

// hashToken is what the database keeps of a session token, so a leaked
// database does not hand out live sessions.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// SessionUser returns the user of a live session and marks it as used.
// An unknown, idle or expired session returns teilhabe.ErrUnauthenticated
// (and is deleted).
func (db *DB) SessionUser(ctx context.Context, token string) (User, error) {
	if token == "" {
		return User{}, teilhabe.ErrUnauthenticated
	}
	h := hashToken(token)
	var u User
	var created, seen dbTime
	err := db.read(ctx, func(t *tx) error {
		var userID int64
		err := t.queryRow(ctx, `SELECT user_id, created_at, last_seen_at FROM sessions WHERE token_hash = ?`, h).Scan(&userID, &created, &seen)
		if errors.Is(err, sql.ErrNoRows) {
			return teilhabe.ErrUnauthenticated
		}
		if err != nil {
			return err
		}
		u, err = t.userByID(ctx, userID)
		return err
	})
	if err != nil {
		return User{}, err
	}
	now := db.now().UTC()
	expired := now.Sub(seen.t) > SessionIdle || now.Sub(created.t) > SessionMax || !u.Active
	if expired || now.Sub(seen.t) > seenResolution {
		err = db.inTx(ctx, func(t *tx) error {
			if expired {
				_, err := t.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, h)
				return err
			}
			_, err := t.exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, ts(now), h)
			return err
		})
		if err != nil {
			return User{}, err
		}
	}
	if expired {
		return User{}, teilhabe.ErrUnauthenticated
	}
	return u, nil
}

// SignOut ends the session with token.
func (db *DB) SignOut(ctx context.Context, a teilhabe.Actor, token string) error {
	return db.inTx(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(token)); err != nil {
			return err
		}
		return t.audit(ctx, a, auditEntry{action: "logout", objectType: "user", objectID: a.UserID})
	})
}

// ChangePassword sets a new password for the signed-in user after checking
// the current one, and ends the user's other sessions.
func (db *DB) ChangePassword(ctx context.Context, a teilhabe.Actor, token, current, next string) error {
	var hash string
	err := db.read(ctx, func(t *tx) error {
		var err error
		_, hash, err = t.userByUsername(ctx, a.Username)
		return err
	})
	if err != nil {
		return err
	}
	if !db.verifyPassword(hash, current) {
		return teilhabe.Invalid("current", "err.password_wrong")
	}
	if err := teilhabe.CheckNewPassword(next, a.Username); err != nil {
		return err
	}
	newHash, err := teilhabe.HashPassword(next)
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
		return t.audit(ctx, a, auditEntry{action: "user.password_changed", objectType: "user", objectID: a.UserID})
	})
}

// SetLanguage stores the user's interface language ("de" or "en").
func (db *DB) SetLanguage(ctx context.Context, a teilhabe.Actor, lang string) error {
	if lang != "de" && lang != "en" {
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

func scanUser(s interface{ Scan(...any) error }, extra ...any) (User, error) {
	var u User
	var active int
	dest := append([]any{&u.ID, &u.Username, &u.Name, &u.Role, &u.ProgrammeID, &u.OrgID, &u.LocationID,
		&u.Lang, &active, &u.Version, &u.OrgName, &u.Location}, extra...)
	err := s.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return u, teilhabe.ErrNotFound
	}
	u.Active = active == 1
	return u, err
}

func (t *tx) userByID(ctx context.Context, id int64) (User, error) {
	return scanUser(t.queryRow(ctx, `SELECT `+userColumns+userFrom+` WHERE u.id = ?`, id))
}

func (t *tx) userByUsername(ctx context.Context, username string) (User, string, error) {
	var hash string
	u, err := scanUser(t.queryRow(ctx, `SELECT `+userColumns+`, u.password_hash`+userFrom+` WHERE u.username = ?`, username), &hash)
	return u, hash, err
}
