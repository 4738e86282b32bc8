package sqldb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"

	"teilhabe"
)

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
func (db *DB) SessionUser(ctx context.Context, token string) (teilhabe.User, error) {
	if token == "" {
		return teilhabe.User{}, teilhabe.ErrUnauthenticated
	}
	h := hashToken(token)
	var u teilhabe.User
	var created, seen dbTime
	err := db.read(ctx, func(t *tx) error {
		var err error
		u, err = scanUserWith(t.queryRow(ctx, `SELECT `+userColumns+`, s.created_at, s.last_seen_at`+userFrom+`
			JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = ?`, h), &created, &seen)
		if errors.Is(err, teilhabe.ErrNotFound) {
			return teilhabe.ErrUnauthenticated
		}
		return err
	})
	if err != nil {
		return teilhabe.User{}, err
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
			return teilhabe.User{}, err
		}
	}
	if expired {
		return teilhabe.User{}, teilhabe.ErrUnauthenticated
	}
	return u, nil
}

// SignOut ends the session with token.
func (db *DB) SignOut(ctx context.Context, a teilhabe.Actor, token string) error {
	return db.inTx(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(token)); err != nil {
			return err
		}
		return t.audit(ctx, a, auditEntry{action: teilhabe.AuditLogout, objectType: "user", objectID: a.UserID})
	})
}
