package teilhabe

import (
	"strings"
	"time"
)

// AppointmentKind is what an appointment is for.
type AppointmentKind string

// The kinds of appointments. The first two are steps of the journey and
// move the case on; the others fill the coaching year.
const (
	AppointmentInfo             AppointmentKind = "info"  // the information appointment (step 2)
	AppointmentFirst            AppointmentKind = "first" // the first detailed conversation (step 6)
	AppointmentCoaching         AppointmentKind = "coaching"
	AppointmentModuleSession    AppointmentKind = "module_session" // a session of a booked module
	AppointmentWorkTrial        AppointmentKind = "work_trial"
	AppointmentApplication      AppointmentKind = "application" // a job interview or application appointment
	AppointmentAccompaniedVisit AppointmentKind = "accompanied_visit"
	AppointmentFollowUp         AppointmentKind = "follow_up"
)

// AppointmentKinds lists every kind.
func AppointmentKinds() []AppointmentKind {
	return append([]AppointmentKind{AppointmentInfo, AppointmentFirst}, CoachingKinds()...)
}

// CoachingKinds lists the kinds a coach books while coaching runs.
func CoachingKinds() []AppointmentKind {
	return []AppointmentKind{AppointmentCoaching, AppointmentModuleSession, AppointmentWorkTrial,
		AppointmentApplication, AppointmentAccompaniedVisit, AppointmentFollowUp}
}

// Journey reports whether k is a step of the journey (the info appointment
// or the first conversation), booked and recorded through journey actions.
func (k AppointmentKind) Journey() bool { return k == AppointmentInfo || k == AppointmentFirst }

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
	OutcomeCancelled Outcome = "cancelled" // by either side, as part 1 recorded it
	// OutcomeRescheduled is an appointment that a new booking replaced
	// ("moved").
	OutcomeRescheduled Outcome = "rescheduled"
	// The cancellations of a coaching appointment say who cancelled: the
	// attendance report counts the participant's, not the provider's.
	OutcomeCancelledByParticipant Outcome = "cancelled_participant"
	OutcomeCancelledByProvider    Outcome = "cancelled_provider"
)

// Outcomes lists the outcomes a coach records once a journey appointment
// is due.
func Outcomes() []Outcome { return []Outcome{OutcomeHeld, OutcomeNoShow, OutcomeCancelled} }

// CoachingOutcomes lists the outcomes a coach records for an appointment
// of the coaching year; moving it is a rebooking.
func CoachingOutcomes() []Outcome {
	return []Outcome{OutcomeHeld, OutcomeNoShow, OutcomeCancelledByParticipant, OutcomeCancelledByProvider}
}

// AllOutcomes lists every status, booked and rescheduled included.
func AllOutcomes() []Outcome {
	return append(append([]Outcome{OutcomeBooked}, Outcomes()...), OutcomeRescheduled,
		OutcomeCancelledByParticipant, OutcomeCancelledByProvider)
}

// Valid reports whether o is an outcome a coach may record for an
// appointment of some kind; Accepts says which kind.
func (o Outcome) Valid() bool { return oneOf(o, Outcomes()) || oneOf(o, CoachingOutcomes()) }

// Accepts reports whether a coach may record outcome o for an appointment
// of kind k.
func (k AppointmentKind) Accepts(o Outcome) bool {
	if k.Journey() {
		return oneOf(o, Outcomes())
	}
	return oneOf(o, CoachingOutcomes())
}

// Key names the label of o.
func (o Outcome) Key() string { return "outcome." + string(o) }

// Mode is where an appointment takes place.
type Mode string

// The modes of an appointment.
const (
	ModeInPerson       Mode = "in_person" // at a location of the provider
	ModeRemote         Mode = "remote"    // by phone or video, as part 1 recorded it
	ModePhone          Mode = "phone"
	ModeVideo          Mode = "video"
	ModeHomeVisit      Mode = "home_visit"      // at the participant's home, at an address
	ModeWorkplaceVisit Mode = "workplace_visit" // at an employer, at an address
)

// Modes lists every mode, the one part 1 recorded included.
func Modes() []Mode { return append([]Mode{ModeInPerson, ModeRemote}, CoachingModes()[1:]...) }

// JourneyModes lists the modes of the info appointment and the first
// conversation: at a location, or by phone or video.
func JourneyModes() []Mode { return []Mode{ModeInPerson, ModeRemote} }

// CoachingModes lists the modes a coach chooses from for an appointment of
// the coaching year.
func CoachingModes() []Mode {
	return []Mode{ModeInPerson, ModePhone, ModeVideo, ModeHomeVisit, ModeWorkplaceVisit}
}

// AtAddress reports whether m takes place at an address rather than at a
// location of the provider or remotely.
func (m Mode) AtAddress() bool { return m == ModeHomeVisit || m == ModeWorkplaceVisit }

// Valid reports whether m is a known Mode.
func (m Mode) Valid() bool { return oneOf(m, Modes()) }

// Key names the label of m.
func (m Mode) Key() string { return "mode." + string(m) }

// Appointment is an appointment of a case: a step of the journey or one of
// the coaching year.
type Appointment struct {
	ID         int64
	CaseID     int64
	Kind       AppointmentKind
	On         time.Time
	At         string // HH:MM
	Minutes    int    // planned duration
	Mode       Mode
	LocationID int64
	Location   string // the location's name
	Address    string // for a home or workplace visit
	Needs      []Need
	Note       string // provider-internal
	Status     Outcome
	// HeldMinutes is how long a held appointment took; 0 if not recorded.
	HeldMinutes int
	StaffID     int64  // the coach it is booked for; 0 if none
	Staff       string // the coach's name
	SeriesID    int64  // the first appointment of a repeating series; 0 if single
	ModuleID    int64  // the case module a module session belongs to; 0 if none
	Version     int
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
