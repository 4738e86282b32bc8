package web

import (
	"errors"
	"net/http"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// A caseStep is one action on a case with its own form page at
// /cases/{id}/{name}; routes.go registers each step on its own line. The
// journey's state machine decides when a step is offered; the store checks
// scope, rights and journey again on submit, so no URL reaches a forbidden
// transition.
//
// P is the step's own page type, which embeds stepPage and holds what only
// this step's form needs.
type caseStep[P any, PT stepPageOf[P]] struct {
	name string
	// template is the page template; steps with the same form share one.
	template string
	// intro and button are the keys of the text above the form and of
	// its button.
	intro, button string
	// action is the journey action the step takes; "" for steps that do not
	// move the case (a consent, a note).
	action teilhabe.Action
	// may is who may take the step on a case (a teilhabe.Can… rule).
	may func(teilhabe.Actor, teilhabe.CaseScope) bool
	// open reports whether the step applies to the case beyond its stage.
	open func(d sqldb.CaseDetail) bool
	// prepare fills the step's own fields and the form's defaults.
	prepare func(s *Server, r *http.Request, p PT) error
	// submit reads the form and runs the store command: one transaction,
	// one audit entry. It returns the flash message's key.
	submit func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (flash string, err error)
	// next is the page a successful submit leads to; nil for the case
	// page.
	next func(id int64) string
	// leaves reports whether a successful submit took the case out of a's
	// scope; the user then goes to the start page instead of the case.
	leaves func(a teilhabe.Actor, f *form) bool
}

// stepPageOf is a pointer to a step's page type, which embeds stepPage.
type stepPageOf[P any] interface {
	*P
	base() *stepPage
}

// stepPage is what every step's form page shows: the case, the version the
// form was loaded with, and whether someone saved the case meanwhile.
type stepPage struct {
	page
	Step    string
	Intro   string
	Submit  string
	Case    teilhabe.Case
	Detail  sqldb.CaseDetail
	Version int
	Stale   bool
	Today   time.Time
}

func (p *stepPage) base() *stepPage { return p }

// step is what the case page and the tests need to know of every step,
// whatever its page type.
type step interface {
	Name() string
	Available(a teilhabe.Actor, d sqldb.CaseDetail) bool
	Action() teilhabe.Action
	keys() []string
	templateName() string
}

// Name is the step's path segment.
func (st *caseStep[P, PT]) Name() string { return st.name }

// Action is the journey action the step takes, "" for none.
func (st *caseStep[P, PT]) Action() teilhabe.Action { return st.action }

// Available reports whether the case page offers the step to a.
func (st *caseStep[P, PT]) Available(a teilhabe.Actor, d sqldb.CaseDetail) bool {
	return st.check(a, d) == nil
}

func (st *caseStep[P, PT]) templateName() string { return st.template }

func (st *caseStep[P, PT]) keys() []string {
	return []string{"step." + st.name, st.intro, st.button}
}

// check says why a may not take the step on case d: not found for a step
// outside the user's rights, a conflict naming what must come first for a
// step the journey does not allow yet.
func (st *caseStep[P, PT]) check(a teilhabe.Actor, d sqldb.CaseDetail) error {
	if !st.may(a, d.Case.Scope()) {
		return teilhabe.ErrNotFound
	}
	if st.action != "" {
		if _, err := teilhabe.Next(d.Case.Stage, st.action); err != nil {
			return err
		}
	}
	if st.open != nil && !st.open(d) {
		return teilhabe.Conflict("journey.step_not_open")
	}
	return nil
}

// page builds the step's form page for case d.
func (st *caseStep[P, PT]) page(s *Server, r *http.Request, a teilhabe.Actor, d sqldb.CaseDetail) (PT, error) {
	if err := st.check(a, d); err != nil {
		return nil, err
	}
	p := PT(new(P))
	b := p.base()
	label := stepLabel(st, d.Case.Stage)
	b.page = s.newPage(r, label)
	b.Title = b.T(label) + ": " + d.Case.Person.FullName()
	b.Step, b.Intro, b.Submit = st.name, b.T(st.intro), b.T(st.button)
	b.Case, b.Detail, b.Version, b.Today = d.Case, d, d.Case.Version, s.db.Today()
	if st.prepare != nil {
		if err := st.prepare(s, r, p); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// load reads case id as a sees it (a view of the case, logged as such) and
// builds the step's page for it.
func (st *caseStep[P, PT]) load(s *Server, r *http.Request, a teilhabe.Actor, id int64) (PT, error) {
	d, err := s.db.FindCaseByID(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	return st.page(s, r, a, d)
}

// handle serves the step: GET shows the form (a view of the case, logged
// as such), POST submits it. A rejected submission shows the form again
// with the problems (422) or, when someone saved the case meanwhile, with
// the current state and the user's input (409).
func (st *caseStep[P, PT]) handle(s *Server) authFunc {
	return func(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		a := u.Actor()
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			p, err := st.load(s, r, a, id)
			if err != nil {
				return err
			}
			return s.render(w, r, http.StatusOK, st.template, p)
		case http.MethodPost:
		default:
			w.Header().Set("Allow", "GET, HEAD, POST")
			return errMethod
		}
		f, err := parseForm(r)
		if err != nil {
			return err
		}
		flash, err := st.submit(s, r, a, id, f)
		if err == nil {
			target := caseURL(id)
			if st.next != nil {
				target = st.next(id)
			}
			if back, ok := returnPaths[f.str("return")]; ok {
				target = back
			}
			if st.leaves != nil && st.leaves(a, f) {
				target = "/"
			}
			return s.redirect(w, r, target, flash)
		}
		invalid, stale := asInvalid(err), errors.Is(err, teilhabe.ErrStale)
		var ineligible *teilhabe.IneligibleError
		if invalid == nil && !stale && !errors.As(err, &ineligible) {
			if errors.Is(err, teilhabe.ErrForbidden) {
				return teilhabe.ErrNotFound // a step outside the user's rights does not exist
			}
			return err
		}
		// Show the form again, with the case as it is now.
		p, err := st.load(s, r, a, id)
		if err != nil {
			return err
		}
		b := p.base()
		switch {
		case stale:
			b.keepForm(r)
			b.Stale = true
			return s.render(w, r, http.StatusConflict, st.template, p)
		case ineligible != nil:
			b.keepForm(r)
			b.Version = f.version()
			if e, ok := any(p).(interface {
				confirmIneligible([]teilhabe.IneligibleReason)
			}); ok {
				e.confirmIneligible(ineligible.Reasons)
			}
		default:
			b.withProblems(r, invalid)
			b.Version = f.version()
		}
		return s.render(w, r, http.StatusUnprocessableEntity, st.template, p)
	}
}

// stepLabel is the key of the name of step st on a case in stage: a
// booking that replaces the one the case waits for is a rescheduling.
func stepLabel(st step, stage teilhabe.Stage) string {
	if teilhabe.Repeats(stage, st.Action()) {
		return "step." + st.Name() + ".again"
	}
	return "step." + st.Name()
}

// returnPaths are the pages a step's form sent from a list (the inbox, the
// start page) leads back to, by the value of its "return" field. Any other
// value leads to the case: the field never names a URL.
var returnPaths = map[string]string{"inbox": "/inbox", "start": "/"}

// errMethod is answered to a request with a method the route does not take.
var errMethod = errors.New("method not allowed")

// notClosed offers a step only on cases that are still open.
func notClosed(d sqldb.CaseDetail) bool { return !d.Case.Stage.Closed() }

// steps lists every step, in the order the case page offers them.
var steps = []step{
	confirmStep, declineStep, bookInfoStep, infoOutcomeStep, eligibilityStep, signContractStep, consentStep,
	requestAssignmentStep, assignStep, refuseStep, bookFirstStep, firstOutcomeStep, requestExtensionStep,
	decideExtensionStep, acknowledgeStep, bookCoachingStep, coachingOutcomeStep, absenceStep, moveRequestStep,
	withdrawStep, noteStep, phaseStep, bookModuleStep, prospectStep, placementStep, exitStep,
	followUpStep, sustainabilityStep, endFollowUpStep, laterStep,
	finalReportStep,
}
