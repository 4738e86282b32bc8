package web

import (
	"net/http"
	"net/url"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// bookingPage is the one appointment form: confirming an announcement,
// booking the info appointment, booking the first conversation.
type bookingPage struct {
	stepPage
	Locations []sqldb.ProviderLocation // the provider's locations
	Modes     []option
	Needs     []option
	// Deadline is the info appointment's deadline, while it is to be met.
	Deadline time.Time
	// Days are the working days from the chosen one on, with what is
	// already booked at the case's location, to find a free time.
	Days []bookingDay
	// More shows the working days after the last one of Days.
	More string
}

// bookingDay is a working day with the appointments booked on it.
type bookingDay struct {
	On     time.Time
	Booked []teilhabe.Appointment
}

// DeadlinePassed reports whether the info appointment's deadline has passed.
func (p *bookingPage) DeadlinePassed() bool {
	return !p.Deadline.IsZero() && p.Deadline.Before(p.Today)
}

// bookingDays is how many working days the booking form shows.
const bookingDays = 5

func prepareBooking(s *Server, r *http.Request, p *bookingPage) error {
	c := p.Case
	a := p.User.Actor()
	var err error
	if p.Locations, err = s.db.FindLocations(r.Context(), a,
		sqldb.LocationFilter{ProgrammeID: c.ProgrammeID, ProviderID: c.ProviderID}); err != nil {
		return err
	}
	p.Modes = labelled(&p.page, teilhabe.JourneyModes())
	p.Needs = labelled(&p.page, teilhabe.Needs())
	p.Form["mode"] = string(teilhabe.ModeInPerson)
	p.Form["location"] = idStr(c.LocationID)
	p.Form["at"] = "10:00"
	switch c.Stage {
	case teilhabe.StageAnnounced, teilhabe.StageContacted, teilhabe.StageInfoBooked:
		p.Deadline = c.InfoDueOn
	}

	// The day: the one asked for (?on=, or the date of a rejected form),
	// else the next working day, or today when only today meets the
	// deadline.
	var state teilhabe.State
	for _, l := range p.Locations {
		if l.ID == c.LocationID {
			state = l.State
		}
	}
	day := teilhabe.NextWorkingDay(p.Today, state)
	if !p.Deadline.IsZero() && day.After(p.Deadline) && !p.Deadline.Before(p.Today) && teilhabe.IsWorkingDay(p.Today, state) {
		day = p.Today
	}
	asked := r.URL.Query().Get("on")
	if r.Method == http.MethodPost {
		asked = r.PostFormValue("on")
	}
	if d, err := teilhabe.ParseDate(asked); err == nil && !d.Before(p.Today) && d.Before(p.Today.AddDate(2, 0, 0)) {
		day = d
	}
	p.Form["on"] = teilhabe.FormatDate(day)

	days := []time.Time{day}
	for len(days) < bookingDays {
		days = append(days, teilhabe.NextWorkingDay(days[len(days)-1], state))
	}
	booked, err := s.db.FindBookedAt(r.Context(), a, c.LocationID, days[0], days[len(days)-1])
	if err != nil {
		return err
	}
	for _, d := range days {
		bd := bookingDay{On: d}
		for _, ap := range booked {
			if ap.On.Equal(d) {
				bd.Booked = append(bd.Booked, ap)
			}
		}
		p.Days = append(p.Days, bd)
	}
	q := url.Values{"on": {teilhabe.FormatDate(teilhabe.NextWorkingDay(days[len(days)-1], state))}}
	p.More = r.URL.Path + "?" + q.Encode()
	return nil
}

func readBooking(f *form) teilhabe.Booking {
	return teilhabe.Booking{On: f.date("on", true), At: f.str("at"), Mode: teilhabe.Mode(f.str("mode")),
		LocationID: f.id("location"), Needs: codes[teilhabe.Need](f, "needs"), Note: f.str("note")}
}

// bookingStep books (or rebooks) an appointment of kind.
func bookingStep(name string, kind teilhabe.AppointmentKind) *caseStep[bookingPage, *bookingPage] {
	return &caseStep[bookingPage, *bookingPage]{
		name: name, template: "step_booking", intro: "step." + name + ".intro", button: "step.book.submit",
		action: kind.BookAction(), may: teilhabe.CanWorkCase, prepare: prepareBooking,
		submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
			in := readBooking(f)
			return "flash.booked", f.err(errOr(f, func() error {
				return s.db.BookAppointment(r.Context(), a, id, f.version(), kind, in)
			}, func() error { return in.Validate(s.db.Today()) }))
		},
	}
}

var (
	bookInfoStep  = bookingStep("book-info", teilhabe.AppointmentInfo)
	bookFirstStep = bookingStep("book-first", teilhabe.AppointmentFirst)
)

// outcomePage records whether a booked appointment took place.
type outcomePage struct {
	stepPage
	Outcomes []option
	// Appointment is the booked appointment whose outcome is recorded.
	Appointment *teilhabe.Appointment
}

// outcomeStep records the outcome of the booked appointment of kind.
func outcomeStep(name string, kind teilhabe.AppointmentKind) *caseStep[outcomePage, *outcomePage] {
	return &caseStep[outcomePage, *outcomePage]{
		name: name, template: "step_outcome", intro: "step." + name + ".intro", button: "form.save",
		action: kind.OutcomeAction(teilhabe.OutcomeHeld), may: teilhabe.CanWorkCase,
		prepare: func(s *Server, r *http.Request, p *outcomePage) error {
			p.Outcomes = labelled(&p.page, teilhabe.Outcomes())
			p.Appointment = p.Detail.Booked(kind)
			return nil
		},
		submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
			return "flash.saved", s.db.SetAppointmentOutcome(r.Context(), a, id, f.version(), kind, teilhabe.Outcome(f.str("outcome")))
		},
	}
}

var (
	infoOutcomeStep  = outcomeStep("info-outcome", teilhabe.AppointmentInfo)
	firstOutcomeStep = outcomeStep("first-outcome", teilhabe.AppointmentFirst)
)
