package web

import (
	"net/http"
	"slices"
	"strconv"

	"teilhabe"
	"teilhabe/sqldb"
)

// coachingBookingPage is the form of an appointment of the coaching year.
type coachingBookingPage struct {
	stepPage
	Kinds, Modes, Needs []option
	Locations           []sqldb.ProviderLocation
	Holders             []option
	// Modules are the case's modules not yet ended, for a module session.
	Modules []option
}

// Overlap reports whether the submitted appointment overlaps another of
// the same coach: the form then offers to book it anyway.
func (p *coachingBookingPage) Overlap() bool {
	return slices.ContainsFunc(p.Problems, func(pr problem) bool { return pr.key == "err.overlap" })
}

func prepareCoachingBooking(s *Server, r *http.Request, p *coachingBookingPage) error {
	c, a := p.Case, p.User.Actor()
	var err error
	if p.Locations, err = s.db.FindLocations(r.Context(), a,
		sqldb.LocationFilter{ProgrammeID: c.ProgrammeID, ProviderID: c.ProviderID}); err != nil {
		return err
	}
	holders, err := s.db.FindHolders(r.Context(), a, c)
	if err != nil {
		return err
	}
	for _, u := range holders {
		p.Holders = append(p.Holders, option{Value: idStr(u.ID), Label: u.Name + " (" + p.Label(u.Role) + ")"})
	}
	p.Kinds = labelled(&p.page, teilhabe.CoachingKinds())
	p.Modes = labelled(&p.page, teilhabe.CoachingModes())
	p.Needs = labelled(&p.page, teilhabe.Needs())
	for _, m := range p.Detail.Modules {
		if !m.Status.Ended() {
			p.Modules = append(p.Modules, option{Value: idStr(m.ID),
				Label: m.Name + " (" + teilhabe.FormatDate(m.Start) + " – " + teilhabe.FormatDate(m.End) + ")"})
		}
	}
	q := r.URL.Query()
	p.Form["kind"] = string(teilhabe.AppointmentCoaching)
	if k := teilhabe.AppointmentKind(q.Get("kind")); slices.Contains(teilhabe.CoachingKinds(), k) {
		p.Form["kind"] = string(k)
	}
	p.Form["module"] = q.Get("module")
	p.Form["on"] = teilhabe.FormatDate(p.Today.AddDate(0, 0, 1))
	p.Form["at"] = "10:00"
	p.Form["minutes"] = strconv.Itoa(teilhabe.DefaultMins)
	p.Form["weeks"] = "1"
	p.Form["mode"] = string(teilhabe.ModeInPerson)
	p.Form["location"] = idStr(c.LocationID)
	if a.Role == teilhabe.RoleCoach {
		p.Form["staff"] = idStr(a.UserID)
	}
	return nil
}

func readCoachingBooking(f *form) teilhabe.CoachingBooking {
	return teilhabe.CoachingBooking{Kind: teilhabe.AppointmentKind(f.str("kind")), Booking: readBooking(f),
		Minutes: f.int("minutes", true), Weeks: f.int("weeks", true), Address: f.str("address"),
		StaffID: f.id("staff"), ModuleID: f.id("module")}
}

// bookCoachingStep books an appointment of the coaching year, or a weekly
// series of them.
var bookCoachingStep = &caseStep[coachingBookingPage, *coachingBookingPage]{
	name: "book-appointment", template: "step_book-appointment", intro: "step.book-appointment.intro",
	button: "step.book.submit", may: teilhabe.CanWorkCase, open: inCoaching, prepare: prepareCoachingBooking,
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := readCoachingBooking(f)
		return "flash.booked", f.err(errOr(f, func() error {
			_, err := s.db.BookCoaching(r.Context(), a, id, in, f.bool("confirm_overlap"))
			return err
		}, func() error { return in.Validate(s.db.Today()) }))
	},
}

// coachingOutcomePage records what became of an appointment of the
// coaching year.
type coachingOutcomePage struct {
	stepPage
	Outcomes    []option
	Appointment teilhabe.Appointment
}

// Overlap reports whether the new time of a moved appointment overlaps
// another of the same coach.
func (p *coachingOutcomePage) Overlap() bool {
	return slices.ContainsFunc(p.Problems, func(pr problem) bool { return pr.key == "err.overlap" })
}

// dueCoaching returns the booked appointments of the coaching year of d,
// in order of day and time.
func dueCoaching(d sqldb.CaseDetail) []teilhabe.Appointment {
	var out []teilhabe.Appointment
	for _, ap := range d.Appointments {
		if !ap.Kind.Journey() && ap.Status == teilhabe.OutcomeBooked {
			out = append(out, ap)
		}
	}
	return out
}

// coachingOutcomeStep records the outcome of the appointment the form
// names (?appointment=), by default the earliest one still booked.
var coachingOutcomeStep = &caseStep[coachingOutcomePage, *coachingOutcomePage]{
	name: "appointment-outcome", template: "step_appointment-outcome", intro: "step.appointment-outcome.intro",
	button: "form.save", may: teilhabe.CanWorkCase,
	open: func(d sqldb.CaseDetail) bool { return !d.Case.Stage.Closed() && len(dueCoaching(d)) > 0 },
	prepare: func(s *Server, r *http.Request, p *coachingOutcomePage) error {
		want, _ := strconv.ParseInt(r.FormValue("appointment"), 10, 64)
		due := dueCoaching(p.Detail)
		p.Appointment = due[0]
		for _, ap := range p.Detail.Appointments {
			if ap.ID == want && !ap.Kind.Journey() {
				p.Appointment = ap
			}
		}
		options := append(teilhabe.CoachingOutcomes(), teilhabe.OutcomeRescheduled)
		if p.Appointment.Status != teilhabe.OutcomeBooked {
			options = teilhabe.CoachingOutcomes()
		}
		p.Outcomes = labelled(&p.page, options)
		p.Form["outcome"] = string(p.Appointment.Status)
		p.Form["held_minutes"] = strconv.Itoa(p.Appointment.Minutes)
		if p.Appointment.HeldMinutes > 0 {
			p.Form["held_minutes"] = strconv.Itoa(p.Appointment.HeldMinutes)
		}
		p.Form["new_at"] = p.Appointment.At
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.CoachingOutcome{Outcome: teilhabe.Outcome(f.str("outcome")), Note: f.str("note"),
			ConfirmOverlap: f.bool("confirm_overlap")}
		switch in.Outcome {
		case teilhabe.OutcomeHeld:
			in.HeldMinutes = f.int("held_minutes", true)
		case teilhabe.OutcomeRescheduled:
			in.NewOn, in.NewAt = f.date("new_on", true), f.str("new_at")
		}
		if !slices.Contains(append(teilhabe.CoachingOutcomes(), teilhabe.OutcomeRescheduled), in.Outcome) {
			f.pr.Add("outcome", "err.choose")
		}
		version, err := strconv.Atoi(f.str("appointment_version"))
		if err != nil {
			version = -1
		}
		return "flash.saved", f.err(errOr(f, func() error {
			return s.db.RecordCoachingOutcome(r.Context(), a, id, f.id("appointment"), version, in)
		}, nil))
	},
}

// absencePage records a day type for a period.
type absencePage struct {
	stepPage
	Types []option
}

// absenceStep records an absence, or a presence type such as a holiday,
// for one or more days.
var absenceStep = &caseStep[absencePage, *absencePage]{
	name: "absence", template: "step_absence", intro: "step.absence.intro", button: "form.save",
	may: teilhabe.CanWorkCase, open: inCoaching,
	prepare: func(s *Server, r *http.Request, p *absencePage) error {
		p.Types = labelled(&p.page, teilhabe.DayTypes())
		p.Form["from"] = teilhabe.FormatDate(p.Today)
		p.Form["until"] = teilhabe.FormatDate(p.Today)
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.Absence{Type: teilhabe.DayType(f.str("type")), From: f.date("from", true),
			Until: f.date("until", true), Note: f.str("note")}
		return "flash.saved", f.err(errOr(f, func() error {
			return s.db.RecordAbsence(r.Context(), a, id, in)
		}, func() error { return in.Validate(s.db.Today()) }))
	},
}
