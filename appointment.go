package teilhabe

import (
	"strings"
	"time"
)

// AppointmentKind is what an appointment is for.
type AppointmentKind string

// The kinds of appointments of the journey, part 1.
const (
	AppointmentInfo  AppointmentKind = "info"  // the information appointment (step 2)
	AppointmentFirst AppointmentKind = "first" // the first detailed conversation (step 6)
)

// AppointmentKinds lists every kind.
func AppointmentKinds() []AppointmentKind {
	return []AppointmentKind{AppointmentInfo, AppointmentFirst}
}

// Valid reports whether k is a known AppointmentKind.
func (k AppointmentKind) Valid() bool { return oneOf(k, AppointmentKinds()) }

// Key names the label of k.
func (k AppointmentKind) Key() string { return "appointment." + string(k) }

// BookAction is the journey action that books (or rebooks) an appointment
// of kind k.
func (k AppointmentKind) BookAction() Action {
	if k == AppointmentFirst {
		return ActBookFirst
	}
	return ActBookInfo
}

// OutcomeAction is the journey action that records outcome o of an
// appointment of kind k: held moves the case on, the others send it back to
// booking.
func (k AppointmentKind) OutcomeAction(o Outcome) Action {
	held := o == OutcomeHeld
	switch {
	case k == AppointmentFirst && held:
		return ActFirstHeld
	case k == AppointmentFirst:
		return ActFirstMissed
	case held:
		return ActInfoHeld
	}
	return ActInfoMissed
}

// BookedEvent is the timeline event of booking (or rebooking) an
// appointment of kind k.
func (k AppointmentKind) BookedEvent(rebooked bool) EventKind {
	switch {
	case k == AppointmentFirst && rebooked:
		return EventFirstRebooked
	case k == AppointmentFirst:
		return EventFirstBooked
	case rebooked:
		return EventInfoRebooked
	}
	return EventInfoBooked
}

// OutcomeEvent is the timeline event of outcome o of an appointment of
// kind k.
func (k AppointmentKind) OutcomeEvent(o Outcome) EventKind {
	events := map[Outcome][2]EventKind{
		OutcomeHeld:      {EventInfoHeld, EventFirstHeld},
		OutcomeNoShow:    {EventInfoNoShow, EventFirstNoShow},
		OutcomeCancelled: {EventInfoCancelled, EventFirstCancelled},
	}[o]
	if k == AppointmentFirst {
		return events[1]
	}
	return events[0]
}

// Outcome is the status of an appointment: booked until it took place or
// did not.
type Outcome string

// The outcomes of an appointment.
const (
	OutcomeBooked    Outcome = "booked"
	OutcomeHeld      Outcome = "held"
	OutcomeNoShow    Outcome = "no_show"
	OutcomeCancelled Outcome = "cancelled"
	// OutcomeRescheduled is an appointment that a new booking replaced.
	OutcomeRescheduled Outcome = "rescheduled"
)

// Outcomes lists the outcomes a coach records once an appointment is due.
func Outcomes() []Outcome { return []Outcome{OutcomeHeld, OutcomeNoShow, OutcomeCancelled} }

// AllOutcomes lists every status, booked and rescheduled included.
func AllOutcomes() []Outcome {
	return append(append([]Outcome{OutcomeBooked}, Outcomes()...), OutcomeRescheduled)
}

// Valid reports whether o is an outcome a coach may record.
func (o Outcome) Valid() bool { return oneOf(o, Outcomes()) }

// Key names the label of o.
func (o Outcome) Key() string { return "outcome." + string(o) }

// Mode is where an appointment takes place.
type Mode string

// The modes of an appointment.
const (
	ModeInPerson Mode = "in_person" // at a location of the provider
	ModeRemote   Mode = "remote"    // by phone or video
)

// Modes lists every mode.
func Modes() []Mode { return []Mode{ModeInPerson, ModeRemote} }

// Valid reports whether m is a known Mode.
func (m Mode) Valid() bool { return oneOf(m, Modes()) }

// Key names the label of m.
func (m Mode) Key() string { return "mode." + string(m) }

// Appointment is a booked info appointment or first conversation.
type Appointment struct {
	ID         int64
	Kind       AppointmentKind
	On         time.Time
	At         string // HH:MM
	Mode       Mode
	LocationID int64
	Location   string // the location's name
	Needs      []Need
	Note       string // provider-internal
	Status     Outcome
}

// Booking is what a coach enters to book an appointment.
type Booking struct {
	On         time.Time
	At         string // HH:MM
	Mode       Mode
	LocationID int64 // for ModeInPerson
	Needs      []Need
	Note       string
}

// Validate checks a booking in form order; today bounds the date: at most
// 30 days back (a booking recorded late), at most a year ahead.
func (b Booking) Validate(today time.Time) error {
	var pr Problems
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
	switch {
	case !b.Mode.Valid():
		pr.Add("mode", "err.choose")
	case b.Mode == ModeInPerson && b.LocationID == 0:
		pr.Add("location", "err.choose")
	}
	if !validAll(b.Needs) {
		pr.Add("needs", "err.choose")
	}
	checkLength(&pr, "note", b.Note, MaxShortNote)
	return pr.Err()
}

// NormalTime returns b.At as "HH:MM", or as it is if it does not parse.
func (b Booking) NormalTime() string {
	h, m, err := ParseTime(b.At)
	if err != nil {
		return strings.TrimSpace(b.At)
	}
	return twoDigits(h) + ":" + twoDigits(m)
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }
