package web

import (
	"net/http"
	"strconv"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// The steps of follow-up care: a contact, the sustainability check and
// the end of follow-up. A form whose values do not all parse is checked
// without its placement, so that every problem is named at once; the
// store checks the rest. Each works on one placement's follow-up, named by
// ?placement= (a hidden field on the form); by default the first that
// the step applies to.

// followUpPage is what every follow-up step shows: the placement with its
// follow-up so far, on the same form as the decision.
type followUpPage struct {
	stepPage
	FollowUp teilhabe.FollowUp
	// SustainDue and CheckDue: when the sustainability check is due, and
	// whether it is now.
	SustainDue time.Time
	CheckDue   bool
	Options    []option
	Modes      []option
	Sources    []option
	// Releases are the participant's releases towards employers in force.
	Releases []teilhabe.Consent
}

// followUpFor returns the follow-up of case d the request names, if it
// satisfies ok, or else the first that does; nil if none does.
func followUpFor(r *http.Request, d sqldb.CaseDetail, ok func(teilhabe.FollowUp) bool) *teilhabe.FollowUp {
	want, _ := strconv.ParseInt(r.FormValue("placement"), 10, 64)
	var first *teilhabe.FollowUp
	for i := range d.FollowUps {
		f := &d.FollowUps[i]
		if !ok(*f) {
			continue
		}
		if f.Placement.ID == want {
			return f
		}
		if first == nil {
			first = f
		}
	}
	return first
}

// anyFollowUp reports whether case d has a follow-up that satisfies ok.
func anyFollowUp(d sqldb.CaseDetail, ok func(teilhabe.FollowUp) bool) bool {
	for _, f := range d.FollowUps {
		if ok(f) {
			return true
		}
	}
	return false
}

// prepareFollowUp fills the facts of the follow-up the page works on.
func prepareFollowUp(r *http.Request, p *followUpPage, ok func(teilhabe.FollowUp) bool) {
	if f := followUpFor(r, p.Detail, ok); f != nil {
		p.FollowUp = *f
	}
	p.SustainDue, p.CheckDue = p.FollowUp.SustainDue(), p.FollowUp.CheckDue(p.Today)
	p.Form["placement"] = strconv.FormatInt(p.FollowUp.Placement.ID, 10)
	p.Form["on"] = teilhabe.FormatDate(p.Today)
	for _, k := range p.Detail.Consents {
		if k.Scope == teilhabe.ConsentEmployer && k.RevokedOn.IsZero() {
			p.Releases = append(p.Releases, k)
		}
	}
}

// followUpRuns and checkOpen say which follow-ups a step applies to: one
// still running, and one whose sustainability check is yet to take.
func followUpRuns(f teilhabe.FollowUp) bool { return f.Running() }

func checkOpen(f teilhabe.FollowUp) bool { return f.Check == nil && f.Placement.Lost.IsZero() }

// followUpStep records a contact of follow-up care with the participant,
// the employer or both.
var followUpStep = &caseStep[followUpPage, *followUpPage]{
	name: "followup", template: "step_followup", intro: "step.followup.intro", button: "form.save",
	may:  teilhabe.CanWorkCase,
	open: func(d sqldb.CaseDetail) bool { return anyFollowUp(d, followUpRuns) },
	prepare: func(s *Server, r *http.Request, p *followUpPage) error {
		prepareFollowUp(r, p, followUpRuns)
		p.Options = labelled(&p.page, teilhabe.FollowUpSides())
		p.Modes = labelled(&p.page, teilhabe.CoachingModes())
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.FollowUpContact{On: f.date("on", true), With: teilhabe.FollowUpSide(f.str("with")),
			Mode: teilhabe.Mode(f.str("mode")), Crisis: f.bool("crisis"), Problem: f.str("problem"), Solution: f.str("solution")}
		pid := f.id("placement")
		return "flash.followup_recorded", f.err(errOr(f, func() error {
			return s.db.RecordFollowUpContact(r.Context(), a, id, pid, in)
		}, func() error { return in.Validate(teilhabe.Placement{}, s.db.Today()) }))
	},
}

// sustainabilityStep records whether the job still exists six months
// after it started.
var sustainabilityStep = &caseStep[followUpPage, *followUpPage]{
	name: "sustainability", template: "step_sustainability", intro: "step.sustainability.intro", button: "form.save",
	may:  teilhabe.CanWorkCase,
	open: func(d sqldb.CaseDetail) bool { return anyFollowUp(d, checkOpen) },
	prepare: func(s *Server, r *http.Request, p *followUpPage) error {
		prepareFollowUp(r, p, checkOpen)
		if p.Today.Before(p.SustainDue) {
			p.Form["on"] = ""
		}
		p.Options = labelled(&p.page, teilhabe.SustainedResults())
		p.Sources = labelled(&p.page, teilhabe.SustainSources())
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.SustainabilityCheck{On: f.date("on", true), Result: teilhabe.Sustained(f.str("result")),
			Source: teilhabe.SustainSource(f.str("source")), Note: f.str("note")}
		pid := f.id("placement")
		return "flash.sustainability_checked", f.err(errOr(f, func() error {
			return s.db.CheckSustainability(r.Context(), a, id, pid, in)
		}, func() error { return in.Validate(teilhabe.Placement{}, s.db.Today()) }))
	},
}

// endFollowUpStep ends the follow-up of a placement; a job lost puts the
// case back to placement work.
var endFollowUpStep = &caseStep[followUpPage, *followUpPage]{
	name: "followup-end", template: "step_followup-end", intro: "step.followup-end.intro", button: "step.followup-end.submit",
	may:  teilhabe.CanWorkCase,
	open: func(d sqldb.CaseDetail) bool { return anyFollowUp(d, followUpRuns) },
	prepare: func(s *Server, r *http.Request, p *followUpPage) error {
		prepareFollowUp(r, p, followUpRuns)
		p.Options = labelled(&p.page, teilhabe.FollowUpEndReasons())
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.FollowUpEnd{On: f.date("on", true), Reason: teilhabe.FollowUpEndReason(f.str("reason")), Note: f.str("note")}
		pid := f.id("placement")
		return "flash.followup_ended", f.err(errOr(f, func() error {
			return s.db.EndFollowUp(r.Context(), a, id, pid, in)
		}, func() error { return in.Validate(teilhabe.Placement{}, s.db.Today()) }))
	},
}
