package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// The support and integration plan of a case: the plan page (an agreed
// version, or the draft for provider staff), its printable form, the
// comparison of two versions, the draft page with its edit links, and the
// steps that edit the draft and record the agreement. The sponsor's
// caseworker reads agreed versions only; the store enforces it.

func planURL(id int64) string  { return caseURL(id) + "/plan" }
func draftURL(id int64) string { return planURL(id) + "/draft" }

// planVersionURL is the plan page of version n.
func planVersionURL(id int64, n int) string { return planURL(id) + "?version=" + strconv.Itoa(n) }

// queryNumber reads a version number of the query; anything but a
// positive number is 0, the default version.
func queryNumber(r *http.Request, name string) int {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// planPage shows one version of a case's plan, on screen or to print.
type planPage struct {
	page
	sqldb.PlanView
	Today time.Time
	// CanEdit is set for provider staff, who see and edit the draft.
	CanEdit bool
}

// Counterpart says what the support plan is the basis of on the
// sponsor's side: the Kooperationsplan of a Jobcenter (SGB II), the
// Eingliederungsvereinbarung of the Agentur (SGB III); "" without a legal
// domain.
func (p *planPage) Counterpart() string { return counterpart(&p.page, p.Case, "plan.lead.") }

// PrintCounterpart says it to the participant.
func (p *planPage) PrintCounterpart() string {
	return counterpart(&p.page, p.Case, "plan.print_counterpart.")
}

// counterpart is the text prefix+"sgb2" or prefix+"sgb3" by case c's legal
// domain: German names the two plans with different articles.
func counterpart(p *page, c teilhabe.Case, prefix string) string {
	switch c.Eligibility.LegalDomain {
	case teilhabe.SGB2:
		return p.T(prefix + "sgb2")
	case teilhabe.SGB3:
		return p.T(prefix + "sgb3")
	}
	return ""
}

// Overdue reports whether step s is overdue today.
func (p *planPage) Overdue(s teilhabe.PlanStep) bool { return s.Overdue(p.Today) }

// ReviewDue reports whether the version shown is to be reviewed soon.
func (p *planPage) ReviewDue() bool { return p.Plan.ReviewDue(p.Today) }

// Draft is the open draft among the versions, or nil.
func (p *planPage) Draft() *teilhabe.PlanVersion {
	for i := range p.Versions {
		if !p.Versions[i].Agreed {
			return &p.Versions[i]
		}
	}
	return nil
}

// Previous is the version before the one shown, 0 if none.
func (p *planPage) Previous() int {
	prev := 0
	for _, v := range p.Versions {
		if v.Number < p.Plan.Number {
			prev = v.Number
		}
	}
	return prev
}

// VersionHref is the plan page of version n.
func (p *planPage) VersionHref(n int) string { return planVersionURL(p.Case.ID, n) }

// PrintHref is the printable page of the version shown.
func (p *planPage) PrintHref() string {
	return planURL(p.Case.ID) + "/print?version=" + strconv.Itoa(p.Plan.Number)
}

// CompareHref compares the version shown with the one before.
func (p *planPage) CompareHref() string { return compareURL(p.Case.ID, p.Previous(), p.Plan.Number) }

func compareURL(id int64, from, to int) string {
	return planURL(id) + "/compare?from=" + strconv.Itoa(from) + "&to=" + strconv.Itoa(to)
}

// plan shows a version of the plan: ?version=n, else the agreed version
// in force (provider staff: the draft if none is agreed yet).
func (s *Server) plan(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	return s.showPlan(w, r, u, false)
}

// planPrint shows a version of the plan to print for the participant.
func (s *Server) planPrint(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	return s.showPlan(w, r, u, true)
}

func (s *Server) showPlan(w http.ResponseWriter, r *http.Request, u teilhabe.User, print bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := u.Actor()
	v, err := s.db.FindPlan(r.Context(), a, id, sqldb.PlanFilter{Number: queryNumber(r, "version"), Print: print})
	if err != nil {
		return err
	}
	p := planPage{page: s.newPage(r, "title.plan"), PlanView: v, Today: s.db.Today(),
		CanEdit: teilhabe.CanEditPlan(a, v.Case.Scope())}
	p.Title = p.T("title.plan") + ": " + v.Case.Person.FullName()
	if print {
		return s.render(w, r, http.StatusOK, "plan_print", &p)
	}
	return s.render(w, r, http.StatusOK, "plan", &p)
}

// planComparePage shows two versions side by side.
type planComparePage struct {
	page
	sqldb.PlanComparisonView
	Choices []option
}

// Compared reports whether two versions were compared.
func (p *planComparePage) Compared() bool { return p.Old.ID != 0 && p.New.ID != 0 }

// Back is the plan page of the newer version.
func (p *planComparePage) Back() string { return planVersionURL(p.Case.ID, p.New.Number) }

// planCompare compares ?from= with ?to=; without them, the latest version
// with the one before.
func (s *Server) planCompare(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.db.ComparePlans(r.Context(), u.Actor(), id, queryNumber(r, "from"), queryNumber(r, "to"))
	if err != nil {
		return err
	}
	p := planComparePage{page: s.newPage(r, "title.plan_compare"), PlanComparisonView: v}
	p.Title = p.T("title.plan_compare") + ": " + v.Case.Person.FullName()
	for _, ver := range v.Versions {
		p.Choices = append(p.Choices, option{Value: strconv.Itoa(ver.Number), Label: versionLabel(&p.page, ver)})
	}
	p.Form["from"], p.Form["to"] = strconv.Itoa(v.Old.Number), strconv.Itoa(v.New.Number)
	return s.render(w, r, http.StatusOK, "plan_compare", &p)
}

// versionLabel names a version: "Version 2 vom 01.12.2026", "Version 3
// (Entwurf)".
func versionLabel(p *page, v teilhabe.PlanVersion) string {
	if !v.Agreed {
		return p.T("plan.version_draft", v.Number)
	}
	return p.T("plan.version_of", v.Number, teilhabe.FormatDate(v.AgreedOn))
}

// VersionLabel names version v.
func (p *page) VersionLabel(v teilhabe.PlanVersion) string { return versionLabel(p, v) }

// PlanLabel names plan version pl.
func (p *page) PlanLabel(pl teilhabe.Plan) string {
	return versionLabel(p, teilhabe.PlanVersion{Number: pl.Number, Agreed: pl.Agreed, AgreedOn: pl.AgreedOn})
}

// planDraftPage is the draft with a link to each edit.
type planDraftPage struct {
	planPage
}

// planDraft shows the draft of the plan with its edit links and buttons.
func (s *Server) planDraft(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := u.Actor()
	v, err := s.db.FindPlan(r.Context(), a, id, sqldb.PlanFilter{Draft: true})
	if err != nil {
		return err
	}
	p := planDraftPage{planPage{page: s.newPage(r, "title.plan_draft"), PlanView: v, Today: s.db.Today(), CanEdit: true}}
	p.Title = p.T("title.plan_draft") + ": " + v.Case.Person.FullName()
	return s.render(w, r, http.StatusOK, "plan_draft", &p)
}

// planEditPage is what every form that edits the draft shows: the draft,
// whose version the form carries as plan_version.
type planEditPage struct {
	stepPage
	Draft teilhabe.Plan
	// Goal and PlanStep are the goal or step the form is about, if any.
	Goal     teilhabe.PlanGoal
	PlanStep teilhabe.PlanStep
	// Options of the form.
	Barriers, Owners, Statuses []option
}

// PlanVersion is the draft's version the form carries: the one the
// rejected form was loaded with, else the current one.
func (p *planEditPage) PlanVersion() string {
	if v := p.Value("plan_version"); v != "" && len(p.Problems) > 0 {
		return v
	}
	return strconv.Itoa(p.Draft.Version)
}

// loadDraft puts the case's draft on p; without one the form does not
// exist yet.
func (p *planEditPage) loadDraft() error {
	if p.Detail.Draft == nil {
		return teilhabe.Conflict("err.plan_no_draft")
	}
	p.Draft = *p.Detail.Draft
	return nil
}

// planVersion reads the draft's version the form carried; -1 (stale) if
// none.
func planVersion(f *form) int {
	n, err := strconv.Atoi(f.r.PostForm.Get("plan_version"))
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// planStartStep opens a new draft: the first takes the assessment's
// barriers, a later one copies the version in force.
var planStartStep = &caseStep[planEditPage, *planEditPage]{
	name: "plan-start", template: "step_plan-start", intro: "step.plan-start.intro", button: "step.plan-start.submit",
	may: teilhabe.CanEditPlan, open: func(d sqldb.CaseDetail) bool { return inCoaching(d) && d.Draft == nil },
	next: draftURL,
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		_, err := s.db.StartPlan(r.Context(), a, id)
		return "flash.plan_started", err
	},
}

// planBarriersStep chooses the barriers the draft works on.
var planBarriersStep = &caseStep[planEditPage, *planEditPage]{
	name: "plan-barriers", template: "step_plan-barriers", intro: "step.plan-barriers.intro", button: "form.save",
	may: teilhabe.CanEditPlan, open: inCoaching, next: draftURL,
	prepare: func(s *Server, r *http.Request, p *planEditPage) error {
		if err := p.loadDraft(); err != nil {
			return err
		}
		prog, err := s.db.FindProgrammeByID(r.Context(), p.User.Actor(), p.Case.ProgrammeID)
		if err != nil {
			return err
		}
		p.Barriers = labelled(&p.page, sqldb.PlanBarrierChoices(prog, p.Case, p.Draft))
		p.Form["barriers"] = strings.Join(teilhabe.Strings(p.Draft.Barriers), ",")
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.PlanBarriers{Barriers: codes[teilhabe.Barrier](f, "barriers")}
		return "flash.saved", f.err(s.db.SetPlanBarriers(r.Context(), a, id, planVersion(f), in))
	},
}

// planGoalStep adds a goal to the draft (/plan/goals/new) or changes one
// (/plan/goals/{goal}).
var planGoalStep = &caseStep[planEditPage, *planEditPage]{
	name: "plan-goal", template: "step_plan-goal", intro: "step.plan-goal.intro", button: "form.save",
	may: teilhabe.CanEditPlan, open: inCoaching, next: draftURL,
	prepare: func(s *Server, r *http.Request, p *planEditPage) error {
		if err := p.loadDraft(); err != nil {
			return err
		}
		p.Barriers = labelled(&p.page, p.Draft.Barriers)
		if r.PathValue("goal") == "" {
			return nil
		}
		goalID, err := pathID(r, "goal")
		if err != nil {
			return err
		}
		g, ok := p.Draft.Goal(goalID)
		if !ok {
			return teilhabe.ErrNotFound
		}
		p.Goal = g
		p.Form["goal_text"], p.Form["goal_barriers"] = g.Text, strings.Join(teilhabe.Strings(g.Barriers), ",")
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.GoalInput{Text: f.str("goal_text"), Barriers: codes[teilhabe.Barrier](f, "goal_barriers")}
		if r.PathValue("goal") == "" {
			_, err := s.db.AddPlanGoal(r.Context(), a, id, planVersion(f), in)
			return "flash.plan_goal_added", f.err(err)
		}
		goalID, err := pathID(r, "goal")
		if err != nil {
			return "", err
		}
		return "flash.saved", f.err(s.db.UpdatePlanGoal(r.Context(), a, id, planVersion(f), goalID, in))
	},
}

// planStepStep adds a step to a goal of the draft
// (/plan/goals/{goal}/steps/new) or changes one (/plan/steps/{step}).
var planStepStep = &caseStep[planEditPage, *planEditPage]{
	name: "plan-step", template: "step_plan-step", intro: "step.plan-step.intro", button: "form.save",
	may: teilhabe.CanEditPlan, open: inCoaching, next: draftURL,
	prepare: func(s *Server, r *http.Request, p *planEditPage) error {
		if err := p.loadDraft(); err != nil {
			return err
		}
		p.Owners = labelled(&p.page, teilhabe.StepOwners())
		p.Statuses = labelled(&p.page, teilhabe.StepStatuses())
		if r.PathValue("step") != "" {
			stepID, err := pathID(r, "step")
			if err != nil {
				return err
			}
			st, ok := p.Draft.Step(stepID)
			if !ok {
				return teilhabe.ErrNotFound
			}
			p.PlanStep = st
			p.Goal, _ = p.Draft.Goal(st.GoalID)
			p.Form["step_what"], p.Form["step_who"] = st.What, string(st.Who)
			p.Form["step_due"], p.Form["step_status"] = teilhabe.FormatDate(st.Due), string(st.Status)
			return nil
		}
		goalID, err := pathID(r, "goal")
		if err != nil {
			return err
		}
		g, ok := p.Draft.Goal(goalID)
		if !ok {
			return teilhabe.ErrNotFound
		}
		p.Goal = g
		p.Form["step_status"] = string(teilhabe.StepOpen)
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.StepInput{What: f.str("step_what"), Who: teilhabe.StepOwner(f.str("step_who")),
			Due: f.date("step_due", true), Status: teilhabe.StepStatus(f.str("step_status"))}
		validate := func() error { return in.Validate(s.db.Today()) }
		if r.PathValue("step") == "" {
			goalID, err := pathID(r, "goal")
			if err != nil {
				return "", err
			}
			return "flash.plan_step_added", f.err(errOr(f, func() error {
				_, err := s.db.AddPlanStep(r.Context(), a, id, planVersion(f), goalID, in)
				return err
			}, validate))
		}
		stepID, err := pathID(r, "step")
		if err != nil {
			return "", err
		}
		return "flash.saved", f.err(errOr(f, func() error {
			return s.db.UpdatePlanStep(r.Context(), a, id, planVersion(f), stepID, in)
		}, validate))
	},
}

// planRemoveStep asks before it removes a goal with its steps
// (/plan/goals/{goal}/remove) or a step (/plan/steps/{step}/remove).
var planRemoveStep = &caseStep[planEditPage, *planEditPage]{
	name: "plan-remove", template: "step_plan-remove", intro: "step.plan-remove.intro", button: "step.plan-remove.submit",
	may: teilhabe.CanEditPlan, open: inCoaching, next: draftURL,
	prepare: func(s *Server, r *http.Request, p *planEditPage) error {
		if err := p.loadDraft(); err != nil {
			return err
		}
		if r.PathValue("step") != "" {
			stepID, err := pathID(r, "step")
			if err != nil {
				return err
			}
			st, ok := p.Draft.Step(stepID)
			if !ok {
				return teilhabe.ErrNotFound
			}
			p.PlanStep = st
			p.Goal, _ = p.Draft.Goal(st.GoalID)
			return nil
		}
		goalID, err := pathID(r, "goal")
		if err != nil {
			return err
		}
		g, ok := p.Draft.Goal(goalID)
		if !ok {
			return teilhabe.ErrNotFound
		}
		p.Goal = g
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		if r.PathValue("step") != "" {
			stepID, err := pathID(r, "step")
			if err != nil {
				return "", err
			}
			return "flash.plan_step_removed", s.db.RemovePlanStep(r.Context(), a, id, planVersion(f), stepID)
		}
		goalID, err := pathID(r, "goal")
		if err != nil {
			return "", err
		}
		return "flash.plan_goal_removed", s.db.RemovePlanGoal(r.Context(), a, id, planVersion(f), goalID)
	},
}

// planAgreePage records the agreement of the draft.
type planAgreePage struct {
	planEditPage
	ReviewMonths int
}

// planAgreeStep records that participant and coach agreed to the draft
// and when it is reviewed next; the version is frozen from then on.
var planAgreeStep = &caseStep[planAgreePage, *planAgreePage]{
	name: "plan-agree", template: "step_plan-agree", intro: "step.plan-agree.intro", button: "step.plan-agree.submit",
	may: teilhabe.CanEditPlan, open: inCoaching, next: planURL,
	prepare: func(s *Server, r *http.Request, p *planAgreePage) error {
		if err := p.loadDraft(); err != nil {
			return err
		}
		prog, err := s.db.FindProgrammeByID(r.Context(), p.User.Actor(), p.Case.ProgrammeID)
		if err != nil {
			return err
		}
		p.ReviewMonths = prog.ReviewMonths
		today := teilhabe.FormatDate(p.Today)
		p.Form["participant_on"], p.Form["coach_on"] = today, today
		p.Form["review_on"] = teilhabe.FormatDate(teilhabe.DefaultReviewOn(p.Today, prog.ReviewMonths))
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.PlanAgreement{ParticipantOn: f.date("participant_on", true), CoachOn: f.date("coach_on", true),
			ReviewOn: f.date("review_on", true)}
		return "flash.plan_agreed", f.err(errOr(f, func() error {
			_, err := s.db.AgreePlan(r.Context(), a, id, planVersion(f), in)
			return err
		}, func() error { return in.Validate(s.db.Today(), teilhabe.MaxReviewMonths) }))
	},
}

// PlanSummary is what the case page says of the support plan.
type PlanSummary struct {
	Plan             *teilhabe.Plan // the version in force, or nil
	Draft            *teilhabe.Plan // provider staff: the open draft, or nil
	Goals            int
	Pending, Overdue int
	ReviewDue        bool
}

// PlanSummary sums up the case's plan for its section on the case page.
func (p *casePage) PlanSummary() PlanSummary {
	sum := PlanSummary{Plan: p.Detail.Plan, Draft: p.Detail.Draft}
	if sum.Plan != nil {
		sum.Goals = len(sum.Plan.Goals)
		sum.Pending, sum.Overdue = sum.Plan.StepCounts(p.Today)
		sum.ReviewDue = sum.Plan.ReviewDue(p.Today)
	}
	return sum
}

// CanEditPlan reports whether the user may edit the case's plan.
func (p *casePage) CanEditPlan() bool {
	return p.User != nil && teilhabe.CanEditPlan(p.User.Actor(), p.Case.Scope())
}

// PlanCounterpart names the sponsor's plan the support plan feeds.
func (p *casePage) PlanCounterpart() string { return counterpart(&p.page, p.Case, "plan.lead.") }

// planGoalsView is the dot of the "plangoals" and "planfacts" partials.
type planGoalsView struct {
	P     *page
	Plan  teilhabe.Plan
	Today time.Time
	// Edit shows the edit links of a draft, under Base.
	Edit bool
	Base string
}

// PlanGoals prepares plan pl of case caseID for the "plangoals" partial.
func (p *page) PlanGoals(pl teilhabe.Plan, today time.Time, edit bool, caseID int64) planGoalsView {
	return planGoalsView{P: p, Plan: pl, Today: today, Edit: edit && !pl.Agreed, Base: planURL(caseID)}
}

// planMark is the dot of the "planmark" partial: a change said in words.
type planMark struct {
	Show   bool
	Change teilhabe.PlanChange
	Label  string
}

// Mark says change c in words; an unchanged item has no mark.
func (p *planComparePage) Mark(c teilhabe.PlanChange) planMark {
	return planMark{Show: c != teilhabe.PlanSame, Change: c, Label: p.Label(c)}
}
