package web

import (
	"net/http"
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
}

func prepareBooking(s *Server, r *http.Request, p *bookingPage) error {
	c := p.Case
	var err error
	if p.Locations, err = s.db.FindLocations(r.Context(), p.User.Actor(),
		sqldb.LocationFilter{ProgrammeID: c.ProgrammeID, ProviderID: c.ProviderID}); err != nil {
		return err
	}
	p.Modes = labelled(&p.page, teilhabe.Modes())
	p.Needs = labelled(&p.page, teilhabe.Needs())
	p.Form["mode"] = string(teilhabe.ModeInPerson)
	p.Form["location"] = idStr(c.LocationID)
	p.Form["at"] = "10:00"
	switch c.Stage {
	case teilhabe.StageAnnounced, teilhabe.StageContacted, teilhabe.StageInfoBooked:
		p.Deadline = c.InfoDueOn
	}
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
