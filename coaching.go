package teilhabe

import (
	"slices"
	"time"
)

// CoachingBooking is an appointment of the coaching year that a coach
// books: a coaching session, a module session, a work trial, an
// application, an accompanied visit or a follow-up contact. With Weeks > 1
// it repeats weekly, and each occurrence is its own appointment.
type CoachingBooking struct {
	Kind AppointmentKind
	Booking
	Minutes int
	Weeks   int    // occurrences, one a week; 1 books a single appointment
	Address string // for a home or workplace visit
	// StaffID is the coach who holds the appointment; 0 books it for the
	// coach who books it.
	StaffID int64
	// ModuleID is the case module a module session belongs to.
	ModuleID int64
}

// The bounds of a coaching booking.
const (
	MinMinutes  = 5
	MaxMinutes  = 600 // a work trial day
	MaxRepeats  = 26  // weekly for half a year
	DefaultMins = 60
)

// Validate checks a coaching booking in form order. today bounds the date
// as for every booking (Booking.Validate); the series must end within a
// year as well.
func (b CoachingBooking) Validate(today time.Time) error {
	var pr Problems
	if !slices.Contains(CoachingKinds(), b.Kind) {
		pr.Add("kind", "err.choose")
	}
	switch {
	case b.Kind == AppointmentModuleSession && b.ModuleID == 0:
		pr.Add("module", "err.choose")
	case b.Kind != AppointmentModuleSession && b.ModuleID != 0:
		pr.Add("module", "err.module_not_session")
	}
	switch {
	case b.On.IsZero():
		pr.Add("on", "err.date")
	case b.On.Before(today.AddDate(0, 0, -30)):
		pr.Add("on", "err.date_too_old")
	case b.On.After(today.AddDate(1, 0, 0)):
		pr.Add("on", "err.date_too_far")
	}
	if _, _, err := ParseTime(b.At); err != nil {
		pr.Add("at", "err.time")
	}
	if b.Minutes < MinMinutes || b.Minutes > MaxMinutes {
		pr.Add("minutes", "err.range")
	}
	switch {
	case b.Weeks < 1 || b.Weeks > MaxRepeats:
		pr.Add("weeks", "err.range")
	case !b.On.IsZero() && b.Weeks > 1 && b.Last().After(today.AddDate(1, 0, 0)):
		pr.Add("weeks", "err.date_too_far")
	}
	switch {
	case !slices.Contains(CoachingModes(), b.Mode):
		pr.Add("mode", "err.choose")
	case b.Mode == ModeInPerson && b.LocationID == 0:
		pr.Add("location", "err.choose")
	case b.Mode.AtAddress():
		checkRequired(&pr, "address", b.Address, MaxName)
	}
	if !validAll(b.Needs) {
		pr.Add("needs", "err.choose")
	}
	checkLength(&pr, "note", b.Note, MaxShortNote)
	return pr.Err()
}

// Dates lists the days of the booking's occurrences, a week apart.
func (b CoachingBooking) Dates() []time.Time {
	days := make([]time.Time, 0, max(b.Weeks, 1))
	for i := range max(b.Weeks, 1) {
		days = append(days, b.On.AddDate(0, 0, 7*i))
	}
	return days
}

// Last is the day of the booking's last occurrence.
func (b CoachingBooking) Last() time.Time { return b.On.AddDate(0, 0, 7*(max(b.Weeks, 1)-1)) }

// CoachingOutcome is what a coach records once an appointment of the
// coaching year is due: whether it was held, and for how long.
type CoachingOutcome struct {
	// Outcome is one of CoachingOutcomes, or OutcomeRescheduled to move
	// the appointment to NewOn at NewAt.
	Outcome Outcome
	// HeldMinutes is how long a held appointment took.
	HeldMinutes int
	NewOn       time.Time
	NewAt       string
	// ConfirmOverlap books a moved appointment even where it overlaps
	// another of the same coach.
	ConfirmOverlap bool
	Note           string
}

// Validate checks a coaching outcome for appointment ap; today bounds it:
// an appointment is held, or missed, on its day or after.
func (o CoachingOutcome) Validate(ap Appointment, today time.Time) error {
	var pr Problems
	switch {
	case o.Outcome == OutcomeRescheduled:
		if ap.Status != OutcomeBooked {
			pr.Add("outcome", "err.choose")
		}
		switch {
		case o.NewOn.IsZero():
			pr.Add("new_on", "err.date")
		case o.NewOn.Before(today.AddDate(0, 0, -30)):
			pr.Add("new_on", "err.date_too_old")
		case o.NewOn.After(today.AddDate(1, 0, 0)):
			pr.Add("new_on", "err.date_too_far")
		}
		if _, _, err := ParseTime(o.NewAt); err != nil {
			pr.Add("new_at", "err.time")
		}
	case !slices.Contains(CoachingOutcomes(), o.Outcome):
		pr.Add("outcome", "err.choose")
	case o.Outcome != OutcomeCancelledByParticipant && o.Outcome != OutcomeCancelledByProvider && ap.On.After(today):
		pr.Add("outcome", "err.appointment_in_future")
	}
	if o.Outcome == OutcomeHeld && (o.HeldMinutes < 1 || o.HeldMinutes > MaxMinutes) {
		pr.Add("held_minutes", "err.range")
	}
	checkLength(&pr, "note", o.Note, MaxShortNote)
	return pr.Err()
}

// Overlaps reports whether two appointments on the same day overlap: one
// starts before the other ends.
func Overlaps(at1 string, min1 int, at2 string, min2 int) bool {
	s1, ok1 := minuteOfDay(at1)
	s2, ok2 := minuteOfDay(at2)
	return ok1 && ok2 && s1 < s2+max(min2, 1) && s2 < s1+max(min1, 1)
}

// minuteOfDay is the minute of the day of a time "HH:MM".
func minuteOfDay(at string) (int, bool) {
	h, m, err := ParseTime(at)
	return h*60 + m, err == nil
}

// EndTime is the time an appointment starting at at and lasting minutes
// ends, "HH:MM"; "" if at does not parse.
func EndTime(at string, minutes int) string {
	start, ok := minuteOfDay(at)
	if !ok {
		return ""
	}
	end := (start + minutes) % (24 * 60)
	return twoDigits(end/60) + ":" + twoDigits(end%60)
}
