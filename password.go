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

// Argon2id parameters, the second recommended option of RFC 9106 §4 with
// less memory: 64 MiB, 3 passes, 2 lanes (the machine has 2 cores).
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
	argonSaltLen = 16

	// maxArgonMemory bounds the memory (KiB) a stored hash may ask
	// VerifyPassword for: 1 GiB, sixteen times today's setting.
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

// HashPassword returns an encoded argon2id hash of pw in the PHC string
// format, so the parameters can change later without breaking old hashes.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
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
