package web

import (
	"net/http"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// requestAssignmentStep asks the sponsor to assign the case, or puts it on
// the location's waiting list when the location is full.
var requestAssignmentStep = &caseStep[stepPage, *stepPage]{
	name: "request-assignment", template: "step_request-assignment", intro: "step.request-assignment.intro",
	button: "step.request-assignment.submit", action: teilhabe.ActRequestAssignment, may: teilhabe.CanWorkCase,
	open: func(d sqldb.CaseDetail) bool { return d.Case.Stage == teilhabe.StageContractSigned },
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		waiting, err := s.db.RequestAssignment(r.Context(), a, id, f.version(), teilhabe.AssignmentRequest{Note: f.str("note")})
		if waiting {
			return "flash.notice.waiting_list", err
		}
		return "flash.requested", err
	},
}

// assignPage is the sponsor's assignment form, with the facts the
// decision rests on.
type assignPage struct {
	stepPage
	Caseworkers []teilhabe.User
	// Places is how full the case's location is this year; the request
	// already holds one of its places.
	Places sqldb.LocationCapacity
	// PlannedEnd is the end that results from the start without an end of
	// its own: the programme's length.
	PlannedEnd time.Time
	Months     int
	// Request is the provider's assignment request, with its note.
	Request *teilhabe.Message
}

// ProofValid reports whether the proof of disability is valid today.
func (p *assignPage) ProofValid() bool {
	e := p.Case.Eligibility
	return e.ProofUnlimited || !e.ProofValidUntil.Before(p.Today)
}

// assignStep assigns the case: start, planned end, responsible caseworker.
var assignStep = &caseStep[assignPage, *assignPage]{
	name: "assign", template: "step_assign", intro: "step.assign.intro", button: "step.assign.submit",
	action: teilhabe.ActAssign, may: teilhabe.CanDecideForSponsor,
	prepare: func(s *Server, r *http.Request, p *assignPage) error {
		ctx, a := r.Context(), p.User.Actor()
		today := p.Today
		var err error
		if p.Caseworkers, err = s.db.FindCaseworkers(ctx, a); err != nil {
			return err
		}
		if p.Places, err = s.db.PlacesAt(ctx, a, p.Case, today.Year()); err != nil {
			return err
		}
		prog, err := s.db.FindProgrammeByID(ctx, a, p.Case.ProgrammeID)
		if err != nil {
			return err
		}
		start := today
		if d, err := teilhabe.ParseDate(r.PostFormValue("start")); err == nil {
			start = d
		}
		p.PlannedEnd, p.Months = prog.PlannedEnd(start), prog.AssignmentMonths
		for i := range p.Detail.Messages {
			if m := &p.Detail.Messages[i]; m.Kind == teilhabe.MsgAssignmentRequest && (p.Request == nil || m.CreatedAt.After(p.Request.CreatedAt)) {
				p.Request = m
			}
		}
		p.Form["start"] = teilhabe.FormatDate(today)
		p.Form["caseworker"] = idStr(p.User.ID)
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.Assignment{Start: f.date("start", true), End: f.date("end", false), CaseworkerID: f.id("caseworker")}
		return "flash.assigned", f.err(errOr(f, func() error {
			return s.db.Assign(r.Context(), a, id, f.version(), in)
		}, func() error { return in.Validate(s.db.Today()) }))
	},
}

// refuseStep refuses an assignment request with a coded reason.
var refuseStep = reasonStep("refuse", teilhabe.ActRefuseAssignment, teilhabe.CanDecideForSponsor, "flash.refused",
	teilhabe.RefuseReasons(), (*sqldb.DB).RefuseAssignment)

// requestExtensionStep asks the sponsor to extend the assignment; one
// request may be open at a time.
var requestExtensionStep = &caseStep[stepPage, *stepPage]{
	name: "request-extension", template: "step_request-extension", intro: "step.request-extension.intro",
	button: "step.request-extension.submit", action: teilhabe.ActRequestExtension, may: teilhabe.CanWorkCase,
	open: func(d sqldb.CaseDetail) bool { return d.OpenExtension() == nil },
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.ExtensionRequest{ProposedEnd: f.date("proposed_end", true), Reason: f.str("reason")}
		return "flash.extension_requested", f.err(errOr(f, func() error {
			return s.db.RequestExtension(r.Context(), a, id, f.version(), in)
		}, in.Validate))
	},
}

// decidePage is the sponsor's form to decide an extension request.
type decidePage struct {
	stepPage
	Extension *teilhabe.Message
	Decisions []option
}

// decideExtensionStep answers the open extension request.
var decideExtensionStep = &caseStep[decidePage, *decidePage]{
	name: "decide-extension", template: "step_decide-extension", intro: "step.decide-extension.intro", button: "form.save",
	action: teilhabe.ActDecideExtension, may: teilhabe.CanDecideForSponsor,
	open: func(d sqldb.CaseDetail) bool { return d.OpenExtension() != nil },
	prepare: func(s *Server, r *http.Request, p *decidePage) error {
		p.Extension = p.Detail.OpenExtension()
		p.Decisions = labelled(&p.page, teilhabe.Decisions())
		p.Form["end"] = teilhabe.FormatDate(p.Extension.ProposedEnd)
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.ExtensionDecision{Decision: teilhabe.Decision(f.str("decision")), End: f.date("end", false), Note: f.str("note")}
		return "flash.extension_decided", f.err(errOr(f, func() error {
			return s.db.DecideExtension(r.Context(), a, id, f.version(), in)
		}, in.Validate))
	},
}

// movePage offers the locations of the provider with a free place.
type movePage struct {
	stepPage
	Free []option
}

// moveRequestStep moves a waiting request to a location of the same
// provider that has a free place now.
var moveRequestStep = &caseStep[movePage, *movePage]{
	name: "move-request", template: "step_move-request", intro: "step.move-request.intro",
	button: "step.move-request.submit", action: teilhabe.ActLeaveWaitingList, may: teilhabe.CanMoveRequest,
	open: func(d sqldb.CaseDetail) bool { return len(movable(d)) > 0 },
	prepare: func(s *Server, r *http.Request, p *movePage) error {
		for _, l := range movable(p.Detail) {
			p.Free = append(p.Free, option{Value: idStr(l.ID), Label: l.Name + ", " + l.City + " – " + p.T("case.free_places", l.Free)})
		}
		if len(p.Free) == 1 {
			p.Form["location"] = p.Free[0].Value
		}
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		location := f.id("location")
		if location == 0 && !f.pr.Has("location") {
			f.pr.Add("location", "err.choose")
		}
		return "flash.request_moved", f.err(errOr(f, func() error {
			return s.db.MoveRequest(r.Context(), a, id, f.version(), location)
		}, nil))
	},
	// A coach hands the case over to the coach of the other location.
	leaves: func(a teilhabe.Actor, f *form) bool {
		return a.Role == teilhabe.RoleCoach && f.id("location") != a.LocationID
	},
}

// movable lists the free locations a waiting request of d can move to.
func movable(d sqldb.CaseDetail) []sqldb.FreeLocation {
	if d.Waiting == nil {
		return nil
	}
	var out []sqldb.FreeLocation
	for _, l := range d.Waiting.Free {
		if l.SameProvider {
			out = append(out, l)
		}
	}
	return out
}
