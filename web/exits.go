package web

import (
	"errors"
	"net/http"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// exitPage records the exit of a participation with the facts it rests
// on: the assignment's dates, the placements and the last contact.
type exitPage struct {
	stepPage
	Kinds, Reasons, GoodCauses, Destinations []option
	// Ended is set when the assignment's planned end has passed.
	Ended bool
	Goal  teilhabe.Goal
}

// exitStep ends a participation: the exit and destination notice goes to
// the sponsor. It is offered from the assignment on; once the planned end
// has passed, the case page offers it first.
var exitStep = &caseStep[exitPage, *exitPage]{
	name: "exit", template: "step_exit", intro: "step.exit.intro", button: "step.exit.submit",
	action: teilhabe.ActExit, may: teilhabe.CanWorkCase,
	prepare: func(s *Server, r *http.Request, p *exitPage) error {
		prog, err := s.db.FindProgrammeByID(r.Context(), p.User.Actor(), p.Case.ProgrammeID)
		if err != nil {
			return err
		}
		p.Kinds = labelled(&p.page, teilhabe.ExitKinds())
		p.Reasons = labelled(&p.page, prog.ExitReasonCatalogue())
		p.GoodCauses = labelled(&p.page, teilhabe.GoodCauses())
		p.Destinations = labelled(&p.page, teilhabe.Destinations())
		p.Ended = p.Case.AssignmentEnded(p.Today)
		p.Goal = teilhabe.CaseGoal(p.Case, p.Detail.Prospects, p.Detail.Placements, p.Today)
		e := teilhabe.ProposeExit(p.Case, p.Detail.Placements, p.Today)
		p.Form["on"] = teilhabe.FormatDate(e.On)
		p.Form["kind"] = string(e.Kind)
		p.Form["reason"] = string(e.Reason)
		p.Form["destination"] = string(e.Destination)
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.Exit{On: f.date("on", true), Kind: teilhabe.ExitKind(f.str("kind")),
			Reason: teilhabe.ExitReason(f.str("reason")), GoodCause: teilhabe.GoodCause(f.str("good_cause")),
			Destination: teilhabe.Destination(f.str("destination")), Note: f.str("note")}
		if !f.bool("confirm") { // an exit cannot be undone: the user ticks to confirm
			f.pr.Add("confirm", "err.confirm")
		}
		return "flash.exited", f.err(errOr(f, func() error {
			return s.db.RecordExit(r.Context(), a, id, f.version(), in)
		}, func() error {
			// Without the case at hand, the checks that need none: the
			// store checks the rest once the exit is confirmed.
			return in.Validate(teilhabe.Case{}, teilhabe.Programme{}, s.db.Today())
		}))
	},
}

// exitDue reports whether the case page should offer the exit first: the
// assignment's planned end has passed.
func exitDue(d sqldb.CaseDetail, today time.Time) bool {
	return d.Case.AssignmentEnded(today) && teilhabe.Allowed(d.Case.Stage, teilhabe.ActExit)
}

// acknowledgeNotice records that the sponsor took note of a placement or
// an exit; the form sits in the lists of messages and leads back to the
// page it was sent from.
func (s *Server) acknowledgeNotice(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	msg, err := pathID(r, "msg")
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	if err := s.db.AcknowledgeNotice(r.Context(), u.Actor(), id, msg); err != nil {
		if errors.Is(err, teilhabe.ErrForbidden) {
			return teilhabe.ErrNotFound
		}
		return err
	}
	target := caseURL(id)
	if back, ok := returnPaths[f.str("return")]; ok {
		target = back
	}
	return s.redirect(w, r, target, "flash.notice_acknowledged")
}

// laterPage records where the participant was six months after the exit,
// with the exit's facts on the same form.
type laterPage struct {
	stepPage
	Due                   time.Time
	Destinations, Sources []option
}

// laterStep records the destination six months after the exit, the
// figure of the integration rate. It is offered with the exit's facts on
// the case page once the mark has passed, not among the case's steps.
var laterStep = &caseStep[laterPage, *laterPage]{
	name: "later-destination", template: "step_later-destination", intro: "step.later-destination.intro",
	button: "form.save", may: teilhabe.CanWorkCase,
	open: func(d sqldb.CaseDetail) bool {
		return d.Case.Stage == teilhabe.StageExited && !d.Case.Later.Recorded()
	},
	prepare: func(s *Server, r *http.Request, p *laterPage) error {
		p.Due = teilhabe.LaterDue(p.Case.ExitOn)
		p.Destinations = labelled(&p.page, teilhabe.Destinations())
		p.Sources = labelled(&p.page, teilhabe.SustainSources())
		if !p.Today.Before(p.Due) {
			p.Form["on"] = teilhabe.FormatDate(p.Today)
		}
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.LaterDestination{On: f.date("on", true), Destination: teilhabe.Destination(f.str("destination")),
			Source: teilhabe.SustainSource(f.str("source"))}
		return "flash.later_recorded", f.err(errOr(f, func() error {
			return s.db.RecordLaterDestination(r.Context(), a, id, in)
		}, func() error { return in.Validate(teilhabe.Case{}, s.db.Today()) }))
	},
}
