package web

import (
	"net/http"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

type casePage struct {
	page
	Detail sqldb.CaseDetail
	Case   teilhabe.Case
	Today  time.Time
	// Next is the step that takes the case forward, the page's one primary
	// button; Steps are the other steps the user may take, and Closing the
	// steps that end the case, offered apart.
	Next     *stepLink
	Steps    []stepLink
	Closing  []stepLink
	Internal bool // the user may read and write internal notes
}

type stepLink struct {
	Href  string
	Label string
}

// NextStep is what happens next to the case, from the user's side.
func (p *casePage) NextStep() string {
	return p.T(nextStepKey(p.Side(), p.Case.Stage, p.Case.AssignmentEnd, p.Today))
}

// Progress sums up the coaching year so far, for both sides.
func (p *casePage) Progress() teilhabe.Progress {
	return teilhabe.CaseProgress(p.Case, p.Detail.Appointments, p.Detail.Modules, p.Today)
}

// Goal is the case's distance to the programme's goal.
func (p *casePage) Goal() teilhabe.Goal {
	return teilhabe.CaseGoal(p.Case, p.Detail.Prospects, p.Detail.Placements, p.Today)
}

// FinalReports are the versions of the final report the user may read,
// for the case page's list.
func (p *casePage) FinalReports() []teilhabe.FinalReportVersion {
	out := make([]teilhabe.FinalReportVersion, len(p.Detail.FinalReports))
	for i, r := range p.Detail.FinalReports {
		out[i] = teilhabe.FinalReportVersion{Number: r.Number, Sent: r.Sent, SentAt: r.SentAt, SentBy: r.SentBy}
	}
	return out
}

// ReportHref is the printable page of version n of the final report.
func (p *casePage) ReportHref(n int) string { return finalReportURL(p.Case.ID, n) }

// Side is the side of the programme the user works on.
func (p *casePage) Side() teilhabe.Side { return p.User.Role.Side() }

// Due is the date by which the user's side has to take the next step; the
// zero time when nobody can act by a date (a waiting list, coaching under
// way) or when the case waits on the other side.
func (p *casePage) Due() time.Time {
	switch c := p.Case; {
	case c.Stage == teilhabe.StageWaitingList, c.Stage == teilhabe.StageActive:
		return time.Time{}
	case c.Stage == teilhabe.StageAssignmentRequested && p.Side() == teilhabe.SideProvider:
		return time.Time{}
	default:
		return c.NextDueOn
	}
}

// DeadlineMet reports whether the info appointment was held in time.
func (p *casePage) DeadlineMet() bool {
	met, _ := p.Case.InfoDeadlineMet()
	return met
}

// CloseReason says why a closed case ended, in the vocabulary of the stage
// it closed in.
func (p *casePage) CloseReason() string {
	c := p.Case
	if c.Stage == teilhabe.StageNotEligible {
		return p.T("case.not_eligible") + ": " + p.Labels(c.IneligibleReasons)
	}
	return p.Label(c.Closure())
}

// followUpSteps are offered per placement, in the case page's follow-up
// section, not among the case's steps.
var followUpSteps = map[step]bool{followUpStep: true, sustainabilityStep: true, endFollowUpStep: true}

func (s *Server) casePage(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := u.Actor()
	d, err := s.db.FindCaseByID(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := casePage{page: s.newPage(r, "title.case"), Detail: d, Case: d.Case, Today: s.db.Today(),
		Internal: teilhabe.CanSeeInternalNotes(a)}
	p.Title = d.Case.Person.FullName()
	var later *stepLink
	for _, st := range steps {
		if !st.Available(a, d) || followUpSteps[st] {
			continue // a follow-up's steps stand with its placement
		}
		l := stepLink{Href: caseURL(id) + "/" + st.Name(), Label: p.T(stepLabel(st, d.Case.Stage))}
		switch {
		case st == step(laterStep):
			// Offered once the six-month mark has passed; first, unless
			// the final report still is to write.
			if !d.Case.LaterDue.After(p.Today) {
				later = &l
			}
		case st == step(finalReportStep) && finalReportDue(d):
			// The case has exited: the final report is the next step
			// until a version is sent.
			p.Next = &l
		case st == step(finalReportStep):
			l.Label = p.T("step.final-report.correct")
			p.Steps = append(p.Steps, l)
		case st == step(exitStep) && exitDue(d, p.Today):
			// The assignment is over: recording the exit is the next step.
			p.Next = &l
		case st.Action().Closes():
			p.Closing = append(p.Closing, l)
		case p.Next == nil && teilhabe.Advances(d.Case.Stage, st.Action()):
			p.Next = &l
		default:
			p.Steps = append(p.Steps, l)
		}
	}
	switch {
	case later != nil && p.Next == nil:
		p.Next = later
	case later != nil:
		p.Steps = append(p.Steps, *later)
	}
	return s.render(w, r, http.StatusOK, "case", &p)
}
