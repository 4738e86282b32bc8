package sqldb

import (
	"context"
	"errors"
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

// SignIn checks a username and password from address addr. On success it
// creates a session and returns its secret token; the caller sets it as the
// cookie. Failures count against both the account and the address; past the
// limits SignIn returns a *ThrottledError without checking the password.
func (db *DB) SignIn(ctx context.Context, username, password, addr string) (teilhabe.User, string, error) {
	username = teilhabe.NormalizeUsername(username)
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
		return teilhabe.User{}, "", err
	}
	if !until.IsZero() {
		return teilhabe.User{}, "", &ThrottledError{Until: until}
	}

	var u teilhabe.User
	var hash string
	err = db.read(ctx, func(t *tx) error {
		var err error
		u, hash, err = t.userByUsername(ctx, username)
		return err
	})
	if err != nil && !errors.Is(err, teilhabe.ErrNotFound) {
		return teilhabe.User{}, "", err
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
		return teilhabe.User{}, "", err
	}
	if !ok {
		return teilhabe.User{}, "", ErrBadCredentials
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
