package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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

	// Sign-in throttling counts failed password checks, never attempts: a
	// correct password costs nothing, so colleagues signing in at once do
	// not lock each other out, while guessing stops at the limits.
	throttleWindow     = 15 * time.Minute
	throttleLock       = 15 * time.Minute
	maxAccountFailures = 5  // per account, from anywhere
	maxAddressFailures = 50 // per client address: an office behind one router mistypes now and then
	throttleAccountKey = "user:"
	throttleAddressKey = "addr:"
)

// ErrBadCredentials means the username or password is wrong, or the account
// is inactive; the three are indistinguishable to the caller.
var ErrBadCredentials = errors.New("bad credentials")

// ThrottledError means sign-in is paused after repeated failures.
// SignedOut reports that the failures also ended the user's sessions.
type ThrottledError struct {
	Until     time.Time
	SignedOut bool
}

func (e *ThrottledError) Error() string {
	return "sign-in throttled until " + e.Until.Format(time.RFC3339)
}

// SignIn checks a username and password from address addr. On success it
// creates a session and returns its secret token; the caller sets it as the
// cookie. The session the browser held before (previous, a token or "")
// ends, whoever it belonged to. A failed check counts against the account and the address; while
// either is locked, SignIn returns a *ThrottledError without checking the
// password. The checks of one account run one after another in this
// process, so that parallel guesses are counted one by one. A correct
// password stored with outdated parameters is hashed anew.
func (db *DB) SignIn(ctx context.Context, username, password, addr, previous string) (teilhabe.User, string, error) {
	username = teilhabe.NormalizeUsername(username)
	// The keys are hashed: a "username" is sometimes a password typed
	// into the wrong field.
	keys := []string{hashToken(throttleAccountKey + username), hashToken(throttleAddressKey + addr)}
	limits := []int{maxAccountFailures, maxAddressFailures}

	unlock := db.signins.lock(keys[0])
	defer unlock()
	if err := db.acquireHashing(ctx); err != nil {
		return teilhabe.User{}, "", err
	}
	defer db.releaseHashing()

	var u teilhabe.User
	var hash string
	var until time.Time
	err := db.read(ctx, func(t *tx) error {
		var err error
		if until, err = t.lockedUntil(ctx, keys); err != nil {
			return err
		}
		u, hash, err = t.userByUsername(ctx, username)
		return err
	})
	if err != nil && !errors.Is(err, teilhabe.ErrNotFound) {
		return teilhabe.User{}, "", err
	}
	if !until.IsZero() {
		return teilhabe.User{}, "", &ThrottledError{Until: until}
	}
	known := err == nil
	if !known {
		// Spend the same time on unknown accounts, so timing does not tell
		// which usernames exist.
		hash = db.dummyHash()
	}
	ok := teilhabe.VerifyPassword(hash, password) && known && u.Active

	var token string
	err = db.inTx(ctx, func(t *tx) error {
		if !ok {
			locked := false
			for i, k := range keys {
				l, err := t.countFailure(ctx, k, limits[i])
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
			// field: only its first characters are written down. A known
			// account's failures go to its programme's log, where its data
			// protection officer sees them.
			who := teilhabe.Actor{Username: teilhabe.AuditNameUnknown}
			if u.ID != 0 {
				who = teilhabe.Actor{Username: u.Username, Role: u.Role, ProgrammeID: u.ProgrammeID, OrgID: u.OrgID}
			} else {
				detail = "username " + truncated(username) + ", " + detail
			}
			return t.audit(ctx, who, auditEntry{action: teilhabe.AuditLoginFailed, objectType: "user", objectID: u.ID, detail: detail})
		}
		// A success clears the account's failures and ends the session the
		// browser held.
		if _, err := t.exec(ctx, `DELETE FROM login_throttle WHERE key = ?`, keys[0]); err != nil {
			return err
		}
		if previous != "" {
			if _, err := t.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(previous)); err != nil {
				return err
			}
		}
		if db.passwords.Outdated(hash) {
			newHash, err := db.passwords.Hash(password)
			if err != nil {
				return err
			}
			if _, err := t.exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, newHash, u.ID); err != nil {
				return err
			}
		}
		var err error
		if token, err = t.createSession(ctx, u.ID); err != nil {
			return err
		}
		return t.audit(ctx, u.Actor(), auditEntry{action: teilhabe.AuditLogin, objectType: "user", objectID: u.ID, detail: "address " + addr})
	})
	if err != nil {
		return teilhabe.User{}, "", err
	}
	if !ok {
		return teilhabe.User{}, "", ErrBadCredentials
	}
	return u, token, nil
}

// acquireHashing waits for one of the password-check slots, which bound
// the memory a burst of sign-ins takes.
func (db *DB) acquireHashing(ctx context.Context) error {
	select {
	case db.hashing <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (db *DB) releaseHashing() { <-db.hashing }

// lockedUntil returns the latest lock on keys that still holds, or the zero
// time.
func (t *tx) lockedUntil(ctx context.Context, keys []string) (time.Time, error) {
	var until time.Time
	for _, k := range keys {
		var locked dbTime
		err := t.queryRow(ctx, `SELECT locked_until FROM login_throttle WHERE key = ?`, k).Scan(&locked)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return time.Time{}, err
		}
		if locked.t.After(t.now) && locked.t.After(until) {
			until = locked.t
		}
	}
	return until, nil
}

// countFailure counts one failed password check under key, in one atomic
// statement; the count restarts once the window has passed and no lock
// holds. When the failures reach limit, the key is locked for the lock
// time. It reports whether the key is locked now.
func (t *tx) countFailure(ctx context.Context, key string, limit int) (bool, error) {
	windowStart := ts(t.now.Add(-throttleWindow))
	var failures int
	err := t.queryRow(ctx, `INSERT INTO login_throttle (key, failures, first_at) VALUES (?, 1, ?)
		ON CONFLICT (key) DO UPDATE SET
			failures = CASE WHEN login_throttle.first_at < ? AND (login_throttle.locked_until IS NULL OR login_throttle.locked_until <= ?)
				THEN 1 ELSE login_throttle.failures + 1 END,
			first_at = CASE WHEN login_throttle.first_at < ? AND (login_throttle.locked_until IS NULL OR login_throttle.locked_until <= ?)
				THEN excluded.first_at ELSE login_throttle.first_at END
		RETURNING failures`,
		key, ts(t.now), windowStart, ts(t.now), windowStart, ts(t.now)).Scan(&failures)
	if err != nil || failures < limit {
		return false, err
	}
	_, err = t.exec(ctx, `UPDATE login_throttle SET locked_until = ? WHERE key = ?`, ts(t.now.Add(throttleLock)), key)
	return err == nil, err
}

// keyedLocks is a mutex per key that exists while someone holds or waits
// for it.
type keyedLocks struct {
	mu    sync.Mutex
	locks map[string]*keyedLock
}

type keyedLock struct {
	mu      sync.Mutex
	waiters int
}

func newKeyedLocks() *keyedLocks { return &keyedLocks{locks: map[string]*keyedLock{}} }

// lock locks key and returns the function that unlocks it.
func (k *keyedLocks) lock(key string) (unlock func()) {
	k.mu.Lock()
	l, ok := k.locks[key]
	if !ok {
		l = &keyedLock{}
		k.locks[key] = l
	}
	l.waiters++
	k.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		k.mu.Lock()
		if l.waiters--; l.waiters == 0 {
			delete(k.locks, key)
		}
		k.mu.Unlock()
	}
}

// truncated returns the first four characters of an unknown username and
// its length, enough to see a typo, too little to give away a password typed
// into the wrong field.
func truncated(username string) string {
	r := []rune(username)
	if len(r) <= 4 {
		return fmt.Sprintf("%q", username)
	}
	return fmt.Sprintf("%q (%d characters)", string(r[:4])+"…", len(r))
}
