package teilhabe

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// PasswordParams are the argon2id parameters of new password hashes. Each
// hash stores its own parameters, so they can change without breaking old
// hashes; a sign-in rehashes a password stored with other ones.
type PasswordParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8  // lanes
}

// DefaultPasswordParams are OWASP's recommended minimum for argon2id
// (Password Storage Cheat Sheet): 19 MiB, 2 passes, 1 lane. A check takes
// about 30 ms here and its memory only while it runs; the store runs at most
// two at once, so a burst of sign-ins stays within 40 MiB.
var DefaultPasswordParams = PasswordParams{Memory: 19 * 1024, Time: 2, Threads: 1}

// CheapPasswordParams are for tests only: the same code path, a thousandth
// of the cost.
var CheapPasswordParams = PasswordParams{Memory: 64, Time: 1, Threads: 1}

const (
	argonKeyLen  = 32
	argonSaltLen = 16

	// maxArgonMemory bounds the memory (KiB) a stored hash may ask
	// VerifyPassword for: 1 GiB.
	maxArgonMemory = 1 << 20
)

// MinPasswordLength is the shortest password accepted. Length beats
// composition rules (BSI ORP.4.A22, NIST SP 800-63B).
const MinPasswordLength = 12

// CheckNewPassword validates a password a user chose.
func CheckNewPassword(pw, username string) error {
	switch {
	case utf8.RuneCountInString(pw) < MinPasswordLength:
		return Invalid("password", "err.password_short", MinPasswordLength)
	case utf8.RuneCountInString(pw) > 200:
		return Invalid("password", "err.password_long")
	case username != "" && strings.Contains(strings.ToLower(pw), strings.ToLower(username)):
		return Invalid("password", "err.password_username")
	}
	return nil
}

// HashPassword returns an encoded argon2id hash of pw with the default
// parameters.
func HashPassword(pw string) (string, error) { return DefaultPasswordParams.Hash(pw) }

// Hash returns an encoded argon2id hash of pw in the PHC string format.
func (p PasswordParams) Hash(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Outdated reports whether encoded was hashed with other parameters than
// p, so that a sign-in should store a new hash.
func (p PasswordParams) Outdated(encoded string) bool {
	return !strings.HasPrefix(encoded, fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$", argon2.Version, p.Memory, p.Time, p.Threads))
}

// VerifyPassword reports whether pw matches the encoded hash.
func VerifyPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var mem, iter uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &iter, &threads); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false
	}
	// Refuse what this package never writes: argon2 panics on zero passes,
	// lanes or key length, an empty key would match every password, and the
	// memory named is allocated as is.
	if iter < 1 || threads < 1 || mem > maxArgonMemory || len(salt) < 8 || len(want) < 16 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, iter, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}
