package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

type firstContactPage struct {
	page
	Channels   []option
	Locations  []sqldb.ProviderLocation // for provider leads, who choose one
	Duplicates []sqldb.CaseListItem
	Today      time.Time
}

func (s *Server) firstContactPage(r *http.Request, u teilhabe.User) (firstContactPage, error) {
	p := firstContactPage{page: s.newPage(r, "title.first_contact"), Today: s.db.Today()}
	p.Channels = labelled(&p.page, teilhabe.ContactChannels())
	if u.Role == teilhabe.RoleProviderLead {
		var err error
		if p.Locations, err = s.ownLocations(r, u); err != nil {
			return p, err
		}
	}
	p.Form["contact_on"] = teilhabe.FormatDate(p.Today)
	return p, nil
}

// ownLocations lists the locations of the user's provider.
func (s *Server) ownLocations(r *http.Request, u teilhabe.User) ([]sqldb.ProviderLocation, error) {
	return s.db.FindLocations(r.Context(), u.Actor(), sqldb.LocationFilter{ProgrammeID: u.ProgrammeID, ProviderID: u.OrgID})
}

func (s *Server) firstContactForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	p, err := s.firstContactPage(r, u)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "first_contact", &p)
}

func readPerson(f *form) teilhabe.Person {
	return teilhabe.Person{FirstName: f.str("first_name"), LastName: f.str("last_name"),
		BirthDate: f.date("birth_date", true), Phone: f.str("phone"), Email: f.str("email"),
		Street: f.str("street"), Postcode: f.str("postcode"), City: f.str("city")}
}

// recordFirstContact records a new first contact. When a person with the
// same name and date of birth is already known in the user's scope, the
// form comes back with a warning: the user either picks the known person or
// confirms that this is someone else.
func (s *Server) recordFirstContact(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	in := teilhabe.FirstContact{Person: readPerson(f), Channel: teilhabe.Channel(f.str("channel")),
		ContactOn: f.date("contact_on", true), LocationID: f.id("location")}
	choice := f.str("duplicate") // "", "new" or a person id
	switch choice {
	case "":
	case "new":
		in.NewPerson = true
	default:
		in.PersonID, _ = strconv.ParseInt(choice, 10, 64)
	}
	var id int64
	var dups []sqldb.CaseListItem
	err = errOr(f, func() error {
		id, dups, err = s.db.RecordFirstContact(r.Context(), u.Actor(), in)
		return err
	}, func() error { return in.Validate(s.db.Today()) })
	invalid := asInvalid(f.err(err))
	if invalid == nil && err != nil {
		return err
	}
	if invalid == nil && len(dups) == 0 {
		return s.redirect(w, r, caseURL(id), "flash.first_contact")
	}
	p, perr := s.firstContactPage(r, u)
	if perr != nil {
		return perr
	}
	if invalid == nil {
		// Known persons: the user chooses.
		p.Duplicates = dups
		p.keepForm(r)
		return s.render(w, r, http.StatusConflict, "first_contact", &p)
	}
	p.withProblems(r, invalid)
	if choice != "" && !in.Person.BirthDate.IsZero() {
		// The choice is being made: offer the known persons again.
		if p.Duplicates, err = s.db.FindDuplicates(r.Context(), u.Actor(), in.Person.FirstName, in.Person.LastName,
			in.Person.BirthDate); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusUnprocessableEntity, "first_contact", &p)
}

func caseURL(id int64) string { return "/cases/" + strconv.FormatInt(id, 10) }

type announcePage struct {
	page
	Locations []sqldb.ProviderLocation
}

func (s *Server) announcePage(ctx context.Context, r *http.Request, u teilhabe.User) (announcePage, error) {
	p := announcePage{page: s.newPage(r, "title.announce")}
	var err error
	p.Locations, err = s.db.FindLocations(ctx, u.Actor(), sqldb.LocationFilter{ProgrammeID: u.ProgrammeID})
	return p, err
}

func (s *Server) announceForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	p, err := s.announcePage(r.Context(), r, u)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "announce", &p)
}

func (s *Server) announce(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	in := teilhabe.Announcement{Person: readPerson(f), LocationID: f.id("location"), CustomerNumber: f.str("customer_number"),
		Reason: f.str("reason")}
	var id int64
	err = errOr(f, func() error {
		id, err = s.db.Announce(r.Context(), u.Actor(), in)
		return err
	}, func() error { return in.Validate(s.db.Today()) })
	if invalid := asInvalid(f.err(err)); invalid != nil {
		p, err := s.announcePage(r.Context(), r, u)
		if err != nil {
			return err
		}
		p.withProblems(r, invalid)
		return s.render(w, r, http.StatusUnprocessableEntity, "announce", &p)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, caseURL(id), "flash.announced")
}

// confirmStep confirms a sponsor's announcement by booking the info
// appointment.
var confirmStep = &caseStep[bookingPage, *bookingPage]{
	name: "confirm", template: "step_booking", intro: "step.confirm.intro", button: "step.confirm.submit",
	action: teilhabe.ActConfirmAnnouncement, may: teilhabe.CanWorkCase, prepare: prepareBooking,
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := readBooking(f)
		return "flash.confirmed", f.err(errOr(f, func() error {
			return s.db.ConfirmAnnouncement(r.Context(), a, id, f.version(), in)
		}, func() error { return in.Validate(s.db.Today()) }))
	},
}

// declineStep declines a sponsor's announcement with a coded reason.
var declineStep = reasonStep("decline", teilhabe.ActDeclineAnnouncement, teilhabe.CanWorkCase, "flash.declined",
	teilhabe.DeclineReasons(), (*sqldb.DB).DeclineAnnouncement)

// acknowledgePage shows the refusal the sponsor takes note of.
type acknowledgePage struct {
	stepPage
	Refusal teilhabe.Message
}

// acknowledgeStep takes a provider's refusal of an announcement off the
// sponsor's desk.
var acknowledgeStep = &caseStep[acknowledgePage, *acknowledgePage]{
	name: "acknowledge", template: "step_acknowledge", intro: "step.acknowledge.intro", button: "step.acknowledge.submit",
	action: teilhabe.ActAcknowledgeDecline, may: teilhabe.CanAcknowledgeDecline, open: refusalToAcknowledge,
	prepare: func(s *Server, r *http.Request, p *acknowledgePage) error {
		for _, m := range p.Detail.Messages {
			if m.NeedsAcknowledgement() {
				p.Refusal = m
			}
		}
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		return "flash.acknowledged", s.db.AcknowledgeDecline(r.Context(), a, id, f.version())
	},
}

// refusalToAcknowledge offers the acknowledgement while the refusal waits
// for the sponsor.
func refusalToAcknowledge(d sqldb.CaseDetail) bool {
	for _, m := range d.Messages {
		if m.NeedsAcknowledgement() {
			return true
		}
	}
	return false
}

// withdrawStep closes a case before it starts, with a non-start reason.
var withdrawStep = reasonStep("withdraw", teilhabe.ActWithdraw, teilhabe.CanWorkCase, "flash.withdrawn",
	teilhabe.WithdrawReasons(), (*sqldb.DB).Withdraw)

// reasonPage is the form of a step that closes or refuses with a coded
// reason and a note.
type reasonPage struct {
	stepPage
	Reasons []option
}

// reasonStep is a step whose form is a coded reason with a note, answered
// by close.
func reasonStep[R teilhabe.Reason](name string, action teilhabe.Action, may func(teilhabe.Actor, teilhabe.CaseScope) bool,
	flash string, reasons []R,
	close func(db *sqldb.DB, ctx context.Context, a teilhabe.Actor, id int64, version int, in teilhabe.Closure[R]) error,
) *caseStep[reasonPage, *reasonPage] {
	return &caseStep[reasonPage, *reasonPage]{
		name: name, template: "step_reason", intro: "step." + name + ".intro", button: "step." + name + ".submit",
		action: action, may: may,
		prepare: func(s *Server, r *http.Request, p *reasonPage) error {
			p.Reasons = labelled(&p.page, reasons)
			return nil
		},
		submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
			in := teilhabe.Closure[R]{Reason: R(f.str("reason")), Note: f.str("note")}
			if !f.bool("confirm") { // closing cannot be undone: the user ticks to confirm
				f.pr.Add("confirm", "err.confirm")
			}
			return flash, f.err(errOr(f, func() error {
				return close(s.db, r.Context(), a, id, f.version(), in)
			}, in.Validate))
		},
	}
}
