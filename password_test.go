package teilhabe

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Each argon2id hash with the default parameters takes about 30 ms and
// 19 MiB, so the tests below hash only twice and reuse the result.

func TestPassword(t *testing.T) {
	const pw = "korrekt Pferd Batterie Heftklammer"
	h1, err := HashPassword(pw)
	if err != nil {
		t.Fatalf("HashPassword error: %v", err)
	}
	h2, err := HashPassword(pw)
	if err != nil {
		t.Fatalf("HashPassword error: %v", err)
	}

	t.Run("format", func(t *testing.T) {
		if want := "$argon2id$v=19$m=19456,t=2,p=1$"; !strings.HasPrefix(h1, want) {
			t.Errorf("HashPassword(…) = %q, want prefix %q", h1, want)
		}
		if strings.Contains(h1, pw) {
			t.Errorf("HashPassword(…) = %q contains the password", h1)
		}
	})
	t.Run("salted", func(t *testing.T) {
		if h1 == h2 {
			t.Errorf("two hashes of the same password are both %q, want them different", h1)
		}
	})

	verify := []struct {
		name    string
		encoded string
		pw      string
		want    bool
	}{
		{"right password", h1, pw, true},
		{"right password, second hash", h2, pw, true},
		{"wrong password", h1, "korrekt Pferd Batterie Heftklammer!", false},
		{"empty password", h1, "", false},
	}
	for _, tt := range verify {
		t.Run(tt.name, func(t *testing.T) {
			if got := VerifyPassword(tt.encoded, tt.pw); got != tt.want {
				t.Errorf("VerifyPassword(%q, %q) = %t, want %t", tt.encoded, tt.pw, got, tt.want)
			}
		})
	}
}

// TestVerifyPasswordMalformed needs no real hash: each encoding is refused
// before argon2 runs, or runs it with tiny parameters.
func TestVerifyPasswordMalformed(t *testing.T) {
	const (
		salt = "c2FsdHNhbHRzYWx0c2FsdA"                      // 16 bytes
		key  = "a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U" // 32 bytes
	)
	tests := []struct {
		name    string
		encoded string
	}{
		{"empty", ""},
		{"plain text", "korrekt Pferd Batterie Heftklammer"},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", "$argon2i$v=19$m=65536,t=3,p=2$" + salt + "$" + key},
		{"too few parts", "$argon2id$v=19$m=65536,t=3,p=2$" + salt},
		{"too many parts", "$argon2id$v=19$m=65536,t=3,p=2$" + salt + "$" + key + "$x"},
		{"other version", "$argon2id$v=16$m=65536,t=3,p=2$" + salt + "$" + key},
		{"version missing", "$argon2id$$m=65536,t=3,p=2$" + salt + "$" + key},
		{"parameters garbled", "$argon2id$v=19$m=lots,t=3,p=2$" + salt + "$" + key},
		{"salt not base64", "$argon2id$v=19$m=65536,t=3,p=2$!!!$" + key},
		{"key not base64", "$argon2id$v=19$m=65536,t=3,p=2$" + salt + "$!!!"},
		// Hashes this package never writes; each must fail, not panic or
		// match every password.
		{"no key", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$"},
		{"no salt", "$argon2id$v=19$m=64,t=1,p=1$$" + key},
		{"zero passes", "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key},
		{"zero lanes", "$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + key},
		{"absurd memory", "$argon2id$v=19$m=4294967295,t=1,p=1$" + salt + "$" + key},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, pw := range []string{"", "korrekt Pferd Batterie Heftklammer"} {
				if got := VerifyPassword(tt.encoded, pw); got {
					t.Errorf("VerifyPassword(%q, %q) = %t, want false", tt.encoded, pw, got)
				}
			}
		})
	}
}

func TestCheckNewPassword(t *testing.T) {
	tests := []struct {
		name     string
		pw       string
		username string
		want     []string
	}{
		{"long enough", "zwölf Zeichen", "anna", nil},
		{"exactly 12 characters", "abcdefghijkl", "anna", nil},
		{"11 characters", "abcdefghijk", "anna", []string{"password=err.password_short"}},
		{"12 runes, more bytes", "ääääääääääää", "anna", nil},
		{"11 runes, more bytes", "äääääääääää", "anna", []string{"password=err.password_short"}},
		{"empty", "", "anna", []string{"password=err.password_short"}},
		{"200 characters", strings.Repeat("x", 200), "anna", nil},
		{"201 characters", strings.Repeat("x", 201), "anna", []string{"password=err.password_long"}},
		{"contains username", "geheim-anna-2026", "anna", []string{"password=err.password_username"}},
		{"contains username in other case", "geheim-ANNA-2026", "Anna", []string{"password=err.password_username"}},
		{"is username", "anna.schmidt.trier", "anna.schmidt.trier", []string{"password=err.password_username"}},
		{"no username given", "geheim-anna-2026", "", nil},
		{"short beats username", "anna", "anna", []string{"password=err.password_short"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := problems(t, CheckNewPassword(tt.pw, tt.username))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CheckNewPassword(%q, %q) problems (-want +got):\n%s", tt.pw, tt.username, diff)
			}
		})
	}
}

func TestPasswordParamsOutdated(t *testing.T) {
	cheap, err := CheapPasswordParams.Hash("korrekt Pferd Batterie Heftklammer")
	if err != nil {
		t.Fatal(err)
	}
	if !DefaultPasswordParams.Outdated(cheap) {
		t.Errorf("a hash with the cheap parameters is not outdated for the default ones")
	}
	if CheapPasswordParams.Outdated(cheap) {
		t.Errorf("a hash is outdated for its own parameters")
	}
	old := "$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"
	if !DefaultPasswordParams.Outdated(old) {
		t.Errorf("a hash with the former 64 MiB parameters is not outdated")
	}
	if !VerifyPassword(cheap, "korrekt Pferd Batterie Heftklammer") {
		t.Errorf("a cheap hash does not verify")
	}
}
