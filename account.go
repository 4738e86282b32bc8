package teilhabe

import (
	"strings"
	"unicode"
)

// User is a staff account.
type User struct {
	ID          int64
	Username    string
	Name        string
	Role        Role
	ProgrammeID int64
	OrgID       int64
	LocationID  int64
	Lang        string // interface language, "de" or "en"
	Active      bool
	Version     int

	// Names joined for display.
	OrgName      string
	LocationName string
}

// Actor returns the user as the actor of a request.
func (u User) Actor() Actor {
	return Actor{UserID: u.ID, Username: u.Username, Name: u.Name, Role: u.Role,
		ProgrammeID: u.ProgrammeID, OrgID: u.OrgID, LocationID: u.LocationID}
}

// Languages lists the interface languages a user can choose.
func Languages() []string { return []string{"de", "en"} }

// ValidLanguage reports whether lang is an interface language.
func ValidLanguage(lang string) bool { return oneOf(lang, Languages()) }

// NormalizeUsername trims and lower-cases a username.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// validUsername allows 2 to 64 lower-case letters, digits, dots, dashes and
// underscores.
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

// AccountInput is what the administrator enters for an account.
type AccountInput struct {
	Username    string
	Name        string
	Role        Role
	ProgrammeID int64
	OrgID       int64
	LocationID  int64
	Active      bool
	Password    string // initial or new password; empty keeps the current one on update
	Version     int    // for updates
}

// Normalize returns in with its username normalised and, for the
// administrator, who belongs to no programme, its scope cleared.
func (in AccountInput) Normalize() AccountInput {
	in.Username = NormalizeUsername(in.Username)
	if in.Role == RoleAdmin {
		in.ProgrammeID, in.OrgID, in.LocationID = 0, 0, 0
	}
	return in
}

// Validate checks what needs no database, in form order: a new account
// (creating) needs a valid username and a password; the organisation and
// location are checked against the role by the store, which knows them.
func (in AccountInput) Validate(creating bool) error {
	var pr Problems
	if creating && !validUsername(in.Username) {
		pr.Add("username", "err.username")
	}
	checkName(&pr, "name", in.Name, true)
	if !in.Role.Valid() {
		pr.Add("role", "err.choose")
	}
	if in.Password != "" || creating {
		if err := CheckNewPassword(in.Password, in.Username); err != nil {
			fe := err.(*InvalidError).Fields[0]
			pr.Add("password", fe.Key, fe.Args...)
		}
	}
	return pr.Err()
}
