package web

import (
	"errors"
	"net/http"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// step is one action on a case with its own form page at
// /cases/{id}/{name}. The journey's state machine decides when a step is
// available; the store checks it again on submit, so no URL reaches a
// forbidden transition.
type step struct {
	name   string
	action teilhabe.Action // "" for steps that do not move the stage
	may    func(teilhabe.Actor, teilhabe.CaseScope) bool
	// open reports whether the step applies to the case beyond its stage.
	open    func(d sqldb.CaseDetail) bool
	prepare func(s *Server, r *http.Request, u sqldb.User, p *stepPage) error
	submit  func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (flash string, err error)
}

func (st step) available(a teilhabe.Actor, d sqldb.CaseDetail) bool {
	if !st.may(a, d.Case.Scope()) {
		return false
	}
	if st.action != "" && !teilhabe.Allowed(d.Case.Stage, st.action) {
		return false
	}
	return st.open == nil || st.open(d)
}

// stepPage is the form page of a step.
type stepPage struct {
	page
	Step        string
	Case        teilhabe.Case
	Detail      sqldb.CaseDetail
	Version     int
	Stale       bool
	Ineligible  []string
	Options     map[string][]option
	Locations   []teilhabe.Location
	Sponsors    []teilhabe.Organisation
	Caseworkers []sqldb.User
	Extension   *sqldb.Message
	Default     time.Time
}

// Opts returns the options of a catalogue for the form.
func (p *stepPage) Opts(name string) []option { return p.Options[name] }

func openExtension(d sqldb.CaseDetail) *sqldb.Message {
	for i := range d.Messages {
		if m := &d.Messages[i]; m.Kind == sqldb.MsgExtensionRequest && m.Awaiting != sqldb.SideNone {
			return m
		}
	}
	return nil
}

func notClosed(d sqldb.CaseDetail) bool { return !d.Case.Stage.Closed() }

var steps = []step{
	{name: "confirm", action: teilhabe.ActConfirmAnnouncement, may: teilhabe.CanWorkCase, prepare: prepareAppointment,
		submit: func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (string, error) {
			in := readAppointment(f)
			return "flash.confirmed", f.err(errOr(f, func() error {
				return s.db.ConfirmAnnouncement(r.Context(), u.Actor(), p.Case.ID, f.version(), in)
			}, func() error { return in.Validate(s.db.Today()) }))
		}},
	{name: "decline", action: teilhabe.ActDeclineAnnouncement, may: teilhabe.CanWorkCase, prepare: prepareReasons("decline", teilhabe.DeclineReasons),
		submit: func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (string, error) {
			return "flash.declined", s.db.DeclineAnnouncement(r.Context(), u.Actor(), p.Case.ID, f.version(), f.str("reason"), f.str("note"))
		}},
	{name: "book-info", action: teilhabe.ActBookInfo, may: teilhabe.CanWorkCase, prepare: prepareAppointment,
		submit: func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (string, error) {
			in := readAppointment(f)
			return "flash.booked", f.err(errOr(f, func() error {
				return s.db.BookAppointment(r.Context(), u.Actor(), p.Case.ID, f.version(), "info", in)
			}, func() error { return in.Validate(s.db.Today()) }))
		}},
	{name: "info-outcome", action: teilhabe.ActInfoHeld, may: teilhabe.CanWorkCase, prepare: prepareOutcome,
		submit: func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (string, error) {
			return "flash.saved", s.db.SetAppointmentOutcome(r.Context(), u.Actor(), p.Case.ID, f.version(), "info", f.str("outcome"))
		}},
	{name: "eligibility", action: teilhabe.ActEligible, may: teilhabe.CanWorkCase, prepare: prepareEligibility,
		submit: func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (string, error) {
			e := readEligibility(f)
			err := errOr(f, func() error {
				return s.db.RecordEligibility(r.Context(), u.Actor(), p.Case.ID, f.version(), e, f.bool("confirm"))
			}, e.Validate)
			var inel *sqldb.IneligibleError
			if errors.As(err, &inel) {
				p.Ineligible = inel.Reasons
			}
			return "flash.eligibility", f.err(err)
		}},
	{name: "sign-contract", action: teilhabe.ActSignContract, may: teilhabe.CanWorkCase,
		prepare: func(s *Server, r *http.Request, u sqldb.User, p *stepPage) error {
			p.Form["signed_on"] = teilhabe.FormatDate(s.db.Today())
			return nil
		},
		submit: func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (string, error) {
			on := f.date("signed_on", true)
			return "flash.contract_signed", f.err(errOr(f, func() error {
				return s.db.SignContract(r.Context(), u.Actor(), p.Case.ID, f.version(), on, f.bool("easy_language"))
			}, nil))
		}},
	{name: "consent", may: teilhabe.CanWorkCase, open: notClosed,
		prepare: func(s *Server, r *http.Request, u sqldb.User, p *stepPage) error {
			p.Options["scope"] = p.codeOptions("consent", teilhabe.ConsentScopes)
			p.Form["given_on"] = teilhabe.FormatDate(s.db.Today())
			return nil
		},
		submit: func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (string, error) {
			on := f.date("given_on", true)
			return "flash.consent_given", f.err(errOr(f, func() error {
				return s.db.AddConsent(r.Context(), u.Actor(), p.Case.ID, f.str("scope"), f.str("recipient"), on)
			}, nil))
		}},
	{name: "request-assignment", action: teilhabe.ActRequestAssignment, may: teilhabe.CanWorkCase,
		open: func(d sqldb.CaseDetail) bool { return d.Case.Stage == teilhabe.StageContractSigned },
		submit: func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (string, error) {
			waiting, err := s.db.RequestAssignment(r.Context(), u.Actor(), p.Case.ID, f.version(), f.str("note"))
			if waiting {
				return "flash.waiting_list", err
			}
			return "flash.requested", err
		}},
	{name: "assign", action: teilhabe.ActAssign, may: teilhabe.CanDecideForSponsor,
		prepare: func(s *Server, r *http.Request, u sqldb.User, p *stepPage) error {
			cws, err := s.db.FindCaseworkers(r.Context(), u.Actor())
			p.Caseworkers = cws
			p.Form["start"] = teilhabe.FormatDate(s.db.Today())
			p.Form["caseworker"] = idStr(u.ID)
			return err
		},
		submit: func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (string, error) {
			in := sqldb.Assignment{Start: f.date("start", true), End: f.date("end", false), CaseworkerID: f.id("caseworker")}
			return "flash.assigned", f.err(errOr(f, func() error {
				return s.db.Assign(r.Context(), u.Actor(), p.Case.ID, f.version(), in)
			}, nil))
		}},
	{name: "refuse", action: teilhabe.ActRefuseAssignment, may: teilhabe.CanDecideForSponsor, prepare: prepareReasons("refuse", teilhabe.RefuseReasons),
		submit: func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (string, error) {
			return "flash.refused", s.db.RefuseAssignment(r.Context(), u.Actor(), p.Case.ID, f.version(), f.str("reason"), f.str("note"))
		}},
	{name: "book-first", action: teilhabe.ActBookFirst, may: teilhabe.CanWorkCase, prepare: prepareAppointment,
		submit: func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (string, error) {
			in := readAppointment(f)
			return "flash.booked", f.err(errOr(f, func() error {
				return s.db.BookAppointment(r.Context(), u.Actor(), p.Case.ID, f.version(), "first", in)
			}, func() error { return in.Validate(s.db.Today()) }))
		}},
	{name: "first-outcome", action: teilhabe.ActFirstHeld, may: teilhabe.CanWorkCase, prepare: prepareOutcome,
		submit: func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (string, error) {
			return "flash.saved", s.db.SetAppointmentOutcome(r.Context(), u.Actor(), p.Case.ID, f.version(), "first", f.str("outcome"))
		}},
	{name: "request-extension", action: teilhabe.ActRequestExtension, may: teilhabe.CanWorkCase,
		open: func(d sqldb.CaseDetail) bool { return openExtension(d) == nil },
		submit: func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (string, error) {
			end := f.date("proposed_end", true)
			return "flash.extension_requested", f.err(errOr(f, func() error {
				return s.db.RequestExtension(r.Context(), u.Actor(), p.Case.ID, f.version(), end, f.str("reason"))
			}, nil))
		}},
	{name: "decide-extension", action: teilhabe.ActDecideExtension, may: teilhabe.CanDecideForSponsor,
		open: func(d sqldb.CaseDetail) bool { return openExtension(d) != nil },
		prepare: func(s *Server, r *http.Request, u sqldb.User, p *stepPage) error {
			p.Extension = openExtension(p.Detail)
			p.Form["end"] = teilhabe.FormatDate(p.Extension.ProposedEnd)
			return nil
		},
		submit: func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (string, error) {
			end := f.date("end", false)
			decision := f.str("decision")
			if decision != "approve" && decision != "refuse" {
				f.pr.Add("decision", "err.choose")
			}
			return "flash.extension_decided", f.err(errOr(f, func() error {
				return s.db.DecideExtension(r.Context(), u.Actor(), p.Case.ID, f.version(), decision == "approve", end, f.str("note"))
			}, nil))
		}},
	{name: "withdraw", action: teilhabe.ActWithdraw, may: teilhabe.CanWorkCase, prepare: prepareReasons("withdraw", teilhabe.WithdrawReasons),
		submit: func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (string, error) {
			return "flash.withdrawn", s.db.Withdraw(r.Context(), u.Actor(), p.Case.ID, f.version(), f.str("reason"), f.str("note"))
		}},
	{name: "note", may: func(a teilhabe.Actor, c teilhabe.CaseScope) bool {
		return teilhabe.CanWorkCase(a, c) && teilhabe.CanSeeInternalNotes(a)
	},
		submit: func(s *Server, r *http.Request, u sqldb.User, f *form, p *stepPage) (string, error) {
			return "flash.note_added", s.db.AddNote(r.Context(), u.Actor(), p.Case.ID, f.str("text"))
		}},
}

func findStep(name string) (step, bool) {
	for _, st := range steps {
		if st.name == name {
			return st, true
		}
	}
	return step{}, false
}

func prepareAppointment(s *Server, r *http.Request, u sqldb.User, p *stepPage) error {
	locs, err := s.db.FindLocations(r.Context(), u.Actor(), p.Case.ProgrammeID)
	if err != nil {
		return err
	}
	for _, l := range locs {
		if l.ProviderID == p.Case.ProviderID {
			p.Locations = append(p.Locations, l)
		}
	}
	p.Options["needs"] = p.codeOptions("need", teilhabe.Needs)
	p.Options["mode"] = p.codeOptions("mode", []string{"in_person", "remote"})
	p.Form["mode"] = "in_person"
	p.Form["location"] = idStr(p.Case.LocationID)
	p.Form["at"] = "10:00"
	if p.Case.Stage == teilhabe.StageAnnounced || p.Case.Stage == teilhabe.StageContacted || p.Case.Stage == teilhabe.StageInfoBooked {
		p.Default = p.Case.InfoDueOn
	}
	return nil
}

func readAppointment(f *form) sqldb.AppointmentInput {
	return sqldb.AppointmentInput{On: f.date("on", true), At: f.str("at"), Mode: f.str("mode"), LocationID: f.id("location"),
		Needs: f.list("needs"), Note: f.str("note")}
}

func prepareOutcome(s *Server, r *http.Request, u sqldb.User, p *stepPage) error {
	p.Options["outcome"] = p.codeOptions("outcome", []string{"held", "no_show", "cancelled"})
	return nil
}

func prepareReasons(catalogue string, codes []string) func(*Server, *http.Request, sqldb.User, *stepPage) error {
	return func(s *Server, r *http.Request, u sqldb.User, p *stepPage) error {
		p.Options["reason"] = p.codeOptions(catalogue, codes)
		return nil
	}
}

func prepareEligibility(s *Server, r *http.Request, u sqldb.User, p *stepPage) error {
	orgs, err := s.db.FindOrganisations(r.Context(), u.Actor(), p.Case.ProgrammeID)
	if err != nil {
		return err
	}
	for _, o := range orgs {
		if o.Kind.IsSponsor() {
			p.Sponsors = append(p.Sponsors, o)
		}
	}
	p.Options["kind"] = p.codeOptions("disability", strs(teilhabe.DisabilityKinds()))
	p.Options["proof_kind"] = p.codeOptions("proof", teilhabe.ProofKinds)
	p.Options["merkzeichen"] = p.codeOptions("merkzeichen", teilhabe.Merkzeichen)
	prog, err := s.db.FindProgrammeByID(r.Context(), u.Actor(), p.Case.ProgrammeID)
	if err != nil {
		return err
	}
	p.Options["barriers"] = p.codeOptions("barrier", prog.BarrierCatalogue())
	p.Options["legal_domain"] = p.codeOptions("domain", []string{string(teilhabe.SGB2), string(teilhabe.SGB3)})
	e := p.Case.Eligibility
	p.Form["legal_domain"] = string(e.LegalDomain)
	p.Form["sponsor"] = idStr(p.Case.SponsorID)
	p.Form["customer_number"] = e.CustomerNumber
	return nil
}

func readEligibility(f *form) teilhabe.Eligibility {
	e := teilhabe.Eligibility{JobSeeking: f.str("job_seeking") == "yes", Kind: teilhabe.DisabilityKind(f.str("kind")),
		GdB: f.int("gdb", false), ProofKind: f.str("proof_kind"), ProofIssued: f.date("proof_issued", false),
		ProofValidUntil: f.monthYear("proof_valid_until"), ProofUnlimited: f.bool("proof_unlimited"),
		Merkzeichen: f.list("merkzeichen"), Barriers: f.list("barriers"), LegalDomain: teilhabe.LegalDomain(f.str("legal_domain")),
		SponsorID: f.id("sponsor"), CustomerNumber: f.str("customer_number")}
	if v := f.str("job_seeking"); v != "yes" && v != "no" {
		f.pr.Add("job_seeking", "err.choose")
	}
	return e
}

// loadStep loads the case and checks that the step is available to the
// user now: a step outside the user's rights is not found; a step the
// journey does not allow yet is a conflict that says what must come first.
func (s *Server) loadStep(r *http.Request, u sqldb.User) (step, *stepPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return step{}, nil, err
	}
	st, ok := findStep(r.PathValue("step"))
	if !ok {
		return step{}, nil, teilhabe.ErrNotFound
	}
	d, err := s.db.FindCaseByID(r.Context(), u.Actor(), id)
	if err != nil {
		return st, nil, err
	}
	if !st.may(u.Actor(), d.Case.Scope()) {
		return st, nil, teilhabe.ErrNotFound
	}
	if st.action != "" {
		if _, err := teilhabe.Next(d.Case.Stage, st.action); err != nil {
			return st, nil, err
		}
	}
	if st.open != nil && !st.open(d) {
		return st, nil, teilhabe.Conflict("journey.step_not_open")
	}
	p := &stepPage{page: s.newPage(r, "step."+st.name), Step: st.name, Case: d.Case, Detail: d, Version: d.Case.Version,
		Options: map[string][]option{}}
	p.Title = p.T("step."+st.name) + ": " + d.Case.Person.FullName()
	if st.prepare != nil {
		if err := st.prepare(s, r, u, p); err != nil {
			return st, nil, err
		}
	}
	return st, p, nil
}

func (s *Server) stepForm(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	_, p, err := s.loadStep(r, u)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "step_"+p.Step, p)
}

func (s *Server) stepSubmit(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	st, p, err := s.loadStep(r, u)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	flash, err := st.submit(s, r, u, f, p)
	switch {
	case isStale(err):
		// Someone saved the case since this form was loaded: show the
		// current state and keep the user's input to submit again.
		p.keepForm(r)
		p.Stale = true
		return s.render(w, r, http.StatusConflict, "step_"+p.Step, p)
	case p.Ineligible != nil:
		p.keepForm(r)
		p.Version = f.version()
		return s.render(w, r, http.StatusUnprocessableEntity, "step_"+p.Step, p)
	case asInvalid(err) != nil:
		p.withProblems(r, asInvalid(err))
		p.Version = f.version()
		return s.render(w, r, http.StatusUnprocessableEntity, "step_"+p.Step, p)
	case err != nil:
		return err
	}
	return s.redirect(w, r, caseURL(p.Case.ID), flash)
}

// YesNo offers a yes/no choice.
func (p *stepPage) YesNo() []option {
	return []option{{Value: "yes", Label: p.T("form.yes")}, {Value: "no", Label: p.T("form.no")}}
}

// Decisions offers approving or refusing an extension.
func (p *stepPage) Decisions() []option {
	return []option{{Value: "approve", Label: p.T("decision.approve")}, {Value: "refuse", Label: p.T("decision.refuse")}}
}
