package teilhabe

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Length limits of free text, in characters. Every input type checks its
// fields against these, so that each limit is stated once.
const (
	MaxName      = 200  // names, address lines, phone numbers, e-mail addresses, recipients
	MaxCode      = 40   // customer numbers
	MaxShortNote = 500  // notes on an appointment
	MaxReason    = 1000 // reasons and notes of requests and decisions
	MaxNote      = 4000 // contact notes
)

// CheckSearch adds a problem if s, the text of a search field, is longer
// than any name it could find.
func CheckSearch(pr *Problems, field, s string) { checkLength(pr, field, s, MaxName) }

// checkLength adds a problem if s is longer than max characters.
func checkLength(pr *Problems, field, s string, max int) {
	if utf8.RuneCountInString(s) > max && !pr.Has(field) {
		pr.Add(field, "err.too_long", max)
	}
}

// checkPlain adds a problem if s, a name or another field that identifies
// someone, holds invisible formatting characters: bidirectional controls
// (U+202E turns "Anna" into something that reads like another name) and
// zero-width characters.
func checkPlain(pr *Problems, field, s string) {
	if strings.ContainsFunc(s, invisible) && !pr.Has(field) {
		pr.Add(field, "err.invisible")
	}
}

// invisible reports whether r is a bidirectional control or a zero-width
// character.
func invisible(r rune) bool {
	switch {
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidirectional controls
	case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff:
		return true // zero-width characters
	}
	return false
}

// checkName checks a name or another identifying field: required if
// required, at most MaxName characters, no invisible characters.
func checkName(pr *Problems, field, s string, required bool) {
	if required {
		checkRequired(pr, field, s, MaxName)
	} else {
		checkLength(pr, field, s, MaxName)
	}
	checkPlain(pr, field, s)
}

// checkRequired adds a problem if s is blank or longer than max characters.
func checkRequired(pr *Problems, field, s string, max int) {
	if strings.TrimSpace(s) == "" {
		pr.Add(field, "err.required")
		return
	}
	checkLength(pr, field, s, max)
}

// checkRecentDate requires a date that is not in the future and at most a
// year back, for facts being recorded.
func checkRecentDate(pr *Problems, field string, d, today time.Time) {
	switch {
	case d.IsZero():
		pr.Add(field, "err.date")
	case d.After(today):
		pr.Add(field, "err.date_future")
	case d.Before(today.AddDate(-1, 0, 0)):
		pr.Add(field, "err.date_too_old")
	}
}

// checkPastDay checks the day something happened on: given, not after
// today, and — if earliest is set — not before earliest, which the key
// early names with args.
func checkPastDay(pr *Problems, field string, d, earliest, today time.Time, early string, args ...any) {
	switch {
	case d.IsZero():
		pr.Add(field, "err.date")
	case d.After(today):
		pr.Add(field, "err.date_future")
	case !earliest.IsZero() && d.Before(earliest):
		pr.Add(field, early, args...)
	}
}

// A Reason is a coded reason whose "other" needs a note: a constraint for
// Closure.
type Reason interface {
	~string
	Code
	Valid() bool
	IsOther() bool
}

// Closure ends a case, or answers a request, with a coded reason and an
// optional note: a provider declining an announcement (DeclineReason), a
// case withdrawn before it started (WithdrawReason), a sponsor refusing an
// assignment (RefuseReason).
type Closure[R Reason] struct {
	Reason R
	Note   string
}

// Validate requires a reason of the catalogue and, for "other", a note.
func (c Closure[R]) Validate() error {
	var pr Problems
	switch {
	case !c.Reason.Valid():
		pr.Add("reason", "err.choose")
	case c.Reason.IsOther() && strings.TrimSpace(c.Note) == "":
		pr.Add("note", "err.note_for_other")
	}
	checkLength(&pr, "note", c.Note, MaxReason)
	return pr.Err()
}
