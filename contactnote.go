package teilhabe

import (
	"strings"
	"time"
)

// NoteChannel is how the contact a contact note records took place.
type NoteChannel string

// The channels of a contact.
const (
	NoteInPerson  NoteChannel = "in_person"
	NotePhone     NoteChannel = "phone"
	NoteVideo     NoteChannel = "video"
	NoteEmail     NoteChannel = "email"
	NoteLetter    NoteChannel = "letter"
	NoteHomeVisit NoteChannel = "home_visit"
	NoteOther     NoteChannel = "other"
)

// NoteChannels lists the channels in the order forms offer them.
func NoteChannels() []NoteChannel {
	return []NoteChannel{NoteInPerson, NotePhone, NoteVideo, NoteEmail, NoteLetter, NoteHomeVisit, NoteOther}
}

// Valid reports whether c is a known NoteChannel.
func (c NoteChannel) Valid() bool { return oneOf(c, NoteChannels()) }

// Key names the label of c.
func (c NoteChannel) Key() string { return "note_channel." + string(c) }

// NoteVisibility says who reads a contact note: the provider only, or also
// the sponsor. It is fixed when the note is written: sharing a note
// discloses it to the sponsor, and taking the sharing back could not undo
// that (docs/decisions/0014-contact-notes.md).
type NoteVisibility string

// The visibilities of a contact note.
const (
	NoteInternal NoteVisibility = "internal" // provider staff only
	NoteShared   NoteVisibility = "shared"   // provider staff and the sponsor's caseworker
)

// NoteVisibilities lists both, internal first: the form's default.
func NoteVisibilities() []NoteVisibility { return []NoteVisibility{NoteInternal, NoteShared} }

// Valid reports whether v is a known NoteVisibility.
func (v NoteVisibility) Valid() bool { return oneOf(v, NoteVisibilities()) }

// Key names the label of v.
func (v NoteVisibility) Key() string { return "note_visibility." + string(v) }

// ContactNote is a dated note of one contact with a participant. A
// correction replaces its text and keeps the earlier one as a
// NoteRevision; its visibility never changes.
type ContactNote struct {
	ID         int64
	CaseID     int64
	On         time.Time // the day of the contact
	Channel    NoteChannel
	Visibility NoteVisibility
	Text       string
	// EmployerID and EmployerName name the employer a contact about the
	// participant was held with; 0 and "" for a contact with the person.
	EmployerID   int64
	EmployerName string
	CreatedAt    time.Time
	CreatedBy    string // the writer's display name
	// CorrectedAt and CorrectedBy name the latest correction; zero if none.
	CorrectedAt time.Time
	CorrectedBy string
	Version     int
}

// Shared reports whether the sponsor reads n.
func (n ContactNote) Shared() bool { return n.Visibility == NoteShared }

// Corrected reports whether n was corrected after it was written.
func (n ContactNote) Corrected() bool { return !n.CorrectedAt.IsZero() }

// NoteRevision is an earlier state of a contact note, kept when the note
// was corrected: what it said and who had written it when.
type NoteRevision struct {
	On      time.Time
	Channel NoteChannel
	Text    string
	At      time.Time // when this text was written
	By      string
}

// Note is a new contact note as the coach enters it.
type Note struct {
	On         time.Time
	Channel    NoteChannel
	Visibility NoteVisibility
	Text       string
	// EmployerID names the employer of the register the contact about the
	// participant was held with; 0 for a contact with the person. The
	// store checks the participant's release towards it.
	EmployerID int64
}

// Validate checks the contact's day (given, not after today, at most a
// year back), the channel, the visibility and the text (required, at most
// MaxNote characters), in form order.
func (n Note) Validate(today time.Time) error {
	var pr Problems
	checkRecentDate(&pr, "contact_on", n.On, today)
	if !n.Channel.Valid() {
		pr.Add("channel", "err.choose")
	}
	if !n.Visibility.Valid() {
		pr.Add("visibility", "err.choose")
	}
	checkRequired(&pr, "text", n.Text, MaxNote)
	return pr.Err()
}

// CheckCase requires the contact not to lie before case c's first contact.
func (n Note) CheckCase(c Case) error { return checkContactDay(n.On, c) }

// NoteCorrection is a corrected contact note: its day, channel and text.
type NoteCorrection struct {
	On      time.Time
	Channel NoteChannel
	Text    string
}

// Validate checks the day (given, not after today), the channel and the
// text. An old note may be corrected, so the day may lie more than a year
// back.
func (n NoteCorrection) Validate(today time.Time) error {
	var pr Problems
	switch {
	case n.On.IsZero():
		pr.Add("contact_on", "err.date")
	case n.On.After(today):
		pr.Add("contact_on", "err.date_future")
	}
	if !n.Channel.Valid() {
		pr.Add("channel", "err.choose")
	}
	checkRequired(&pr, "text", n.Text, MaxNote)
	return pr.Err()
}

// CheckCase requires the contact not to lie before case c's first contact.
func (n NoteCorrection) CheckCase(c Case) error { return checkContactDay(n.On, c) }

// Changes reports whether the correction changes note old at all.
func (n NoteCorrection) Changes(old ContactNote) bool {
	return !n.On.Equal(old.On) || n.Channel != old.Channel || strings.TrimSpace(n.Text) != old.Text
}

func checkContactDay(on time.Time, c Case) error {
	if on.Before(c.FirstContactOn) {
		return Invalid("contact_on", "err.contact_before_first", FormatDate(c.FirstContactOn))
	}
	return nil
}
