package teilhabe

import (
	"slices"
	"strings"
	"time"
)

// The support and integration plan (Förder- und Integrationsplan,
// PRODUCT.md step 8; domain-germany.md § 2.5): the participant's placement
// barriers, goals linked to them, and steps per goal — who does what by
// when. The coach edits a draft; once participant and coach agree to it,
// the version is frozen, and a later change is a new draft copying it
// (docs/decisions/0016-support-plan-versions.md).

// StepStatus is where a step of the plan stands.
type StepStatus string

// The statuses of a plan step.
const (
	StepOpen       StepStatus = "open"
	StepInProgress StepStatus = "in_progress"
	StepDone       StepStatus = "done"
	StepDropped    StepStatus = "dropped"
)

// StepStatuses lists every status in order.
func StepStatuses() []StepStatus {
	return []StepStatus{StepOpen, StepInProgress, StepDone, StepDropped}
}

// Valid reports whether s is a known StepStatus.
func (s StepStatus) Valid() bool { return oneOf(s, StepStatuses()) }

// Key names the label of s.
func (s StepStatus) Key() string { return "plan_step_status." + string(s) }

// Pending reports whether a step in s is still to be done: open or in
// progress.
func (s StepStatus) Pending() bool { return s == StepOpen || s == StepInProgress }

// StepOwner is who takes a step of the plan.
type StepOwner string

// The owners of a plan step.
const (
	OwnerParticipant StepOwner = "participant"
	OwnerCoach       StepOwner = "coach"
	OwnerSponsor     StepOwner = "sponsor" // the Agentur's or Jobcenter's caseworker
	OwnerEmployer    StepOwner = "employer"
	OwnerOther       StepOwner = "other"
)

// StepOwners lists every owner in the order forms offer them.
func StepOwners() []StepOwner {
	return []StepOwner{OwnerParticipant, OwnerCoach, OwnerSponsor, OwnerEmployer, OwnerOther}
}

// Valid reports whether o is a known StepOwner.
func (o StepOwner) Valid() bool { return oneOf(o, StepOwners()) }

// Key names the label of o.
func (o StepOwner) Key() string { return "plan_who." + string(o) }

// PlanChange is how a goal, a step or a barrier of one plan version differs
// from the same one in another.
type PlanChange string

// The changes between two plan versions.
const (
	PlanSame    PlanChange = "same"
	PlanAdded   PlanChange = "added"
	PlanRemoved PlanChange = "removed"
	PlanChanged PlanChange = "changed"
)

// PlanChanges lists every change.
func PlanChanges() []PlanChange { return []PlanChange{PlanSame, PlanAdded, PlanRemoved, PlanChanged} }

// Valid reports whether c is a known PlanChange.
func (c PlanChange) Valid() bool { return oneOf(c, PlanChanges()) }

// Key names the label of c.
func (c PlanChange) Key() string { return "plan_change." + string(c) }

// PlanReviewNoticeDays is how far ahead the worklist shows a plan's review.
const PlanReviewNoticeDays = 14

// Plan is one version of a case's support plan: the draft the coach edits
// (Agreed false) or a version participant and coach agreed to, which never
// changes again. Number counts the versions of a case from 1; a draft has
// the number it will have once agreed.
type Plan struct {
	ID       int64
	CaseID   int64
	Number   int
	Agreed   bool
	Barriers []Barrier
	Goals    []PlanGoal
	// ParticipantOn and CoachOn are the days each agreed; AgreedOn is the
	// later of them, the day the version took effect; AgreedBy names who
	// recorded it. ReviewOn is the day of the next review.
	ParticipantOn, CoachOn, AgreedOn time.Time
	AgreedBy                         string
	ReviewOn                         time.Time
	CreatedAt                        time.Time
	CreatedBy                        string
	UpdatedAt                        time.Time
	Version                          int
}

// PlanGoal is a goal of a plan, linked to none, one or more of its
// barriers. Origin is the same for a goal in every version that copied it
// (the id of the goal it was first written as), so versions compare goal by
// goal.
type PlanGoal struct {
	ID       int64
	Origin   int64
	Text     string
	Barriers []Barrier
	Steps    []PlanStep
}

// PlanStep is a step towards a goal: what, who, by when, and its status.
// Origin is kept across versions like a goal's.
type PlanStep struct {
	ID     int64
	GoalID int64
	Origin int64
	What   string
	Who    StepOwner
	Due    time.Time
	Status StepStatus
}

// Overdue reports whether s is still to be done and its due day passed.
func (s PlanStep) Overdue(today time.Time) bool { return s.Status.Pending() && s.Due.Before(today) }

// Goal returns goal id of p.
func (p Plan) Goal(id int64) (PlanGoal, bool) {
	for _, g := range p.Goals {
		if g.ID == id {
			return g, true
		}
	}
	return PlanGoal{}, false
}

// Step returns step id of p.
func (p Plan) Step(id int64) (PlanStep, bool) {
	for _, g := range p.Goals {
		for _, s := range g.Steps {
			if s.ID == id {
				return s, true
			}
		}
	}
	return PlanStep{}, false
}

// StepCounts counts the steps of p still to be done and, of them, those
// overdue on today.
func (p Plan) StepCounts(today time.Time) (pending, overdue int) {
	for _, g := range p.Goals {
		for _, s := range g.Steps {
			if s.Status.Pending() {
				pending++
			}
			if s.Overdue(today) {
				overdue++
			}
		}
	}
	return pending, overdue
}

// ReviewDue reports whether agreed version p is to be reviewed: its review
// day is at most PlanReviewNoticeDays after today, or passed.
func (p Plan) ReviewDue(today time.Time) bool {
	return p.Agreed && !p.ReviewOn.After(today.AddDate(0, 0, PlanReviewNoticeDays))
}

// PlanVersion names one version of a case's plan, for lists and links.
type PlanVersion struct {
	ID       int64
	Number   int
	Agreed   bool
	AgreedOn time.Time
	ReviewOn time.Time
}

// PlanBarriers are the placement barriers the plan works on, chosen from
// the programme's catalogue; a new plan starts with those of the
// eligibility assessment.
type PlanBarriers struct {
	Barriers []Barrier
}

// Validate requires at least one barrier, each from catalogue.
func (in PlanBarriers) Validate(catalogue []Barrier) error {
	var pr Problems
	switch {
	case len(in.Barriers) == 0:
		pr.Add("barriers", "err.plan_barriers_required")
	case slices.ContainsFunc(in.Barriers, func(b Barrier) bool { return !b.Valid() || !slices.Contains(catalogue, b) }):
		pr.Add("barriers", "err.choose")
	}
	return pr.Err()
}

// CheckPlan refuses to drop a barrier that a goal of draft p is linked to:
// the goal would lose its reason silently.
func (in PlanBarriers) CheckPlan(p Plan) error {
	for _, g := range p.Goals {
		for _, b := range g.Barriers {
			if !slices.Contains(in.Barriers, b) {
				return Invalid("barriers", "err.plan_barrier_in_use")
			}
		}
	}
	return nil
}

// GoalInput is a goal as the coach writes it.
type GoalInput struct {
	Text     string
	Barriers []Barrier
}

// Validate requires the goal's text, at most MaxReason characters, and
// known barriers.
func (in GoalInput) Validate() error {
	var pr Problems
	checkRequired(&pr, "goal_text", in.Text, MaxReason)
	if !validAll(in.Barriers) {
		pr.Add("goal_barriers", "err.choose")
	}
	return pr.Err()
}

// CheckPlan requires the goal's barriers to be barriers of draft p.
func (in GoalInput) CheckPlan(p Plan) error {
	for _, b := range in.Barriers {
		if !slices.Contains(p.Barriers, b) {
			return Invalid("goal_barriers", "err.choose")
		}
	}
	return nil
}

// StepInput is a step as the coach writes it.
type StepInput struct {
	What   string
	Who    StepOwner
	Due    time.Time
	Status StepStatus
}

// Validate checks a step in form order: what (required, at most MaxReason
// characters), who, the due day (given; at most two years back, so that a
// mistyped year is caught, and at most two years ahead) and the status.
// A due day may have passed: a step copied from an earlier version may be
// overdue.
func (in StepInput) Validate(today time.Time) error {
	var pr Problems
	checkRequired(&pr, "step_what", in.What, MaxReason)
	if !in.Who.Valid() {
		pr.Add("step_who", "err.choose")
	}
	switch {
	case in.Due.IsZero():
		pr.Add("step_due", "err.date")
	case in.Due.Before(today.AddDate(-2, 0, 0)):
		pr.Add("step_due", "err.date_too_old")
	case in.Due.After(today.AddDate(2, 0, 0)):
		pr.Add("step_due", "err.date_too_far")
	}
	if !in.Status.Valid() {
		pr.Add("step_status", "err.choose")
	}
	return pr.Err()
}

// Normal returns in with its text trimmed.
func (in StepInput) Normal() StepInput {
	in.What = strings.TrimSpace(in.What)
	return in
}

// PlanAgreement records that participant and coach agreed to the draft,
// each on a day, and when the plan is reviewed next.
type PlanAgreement struct {
	ParticipantOn time.Time
	CoachOn       time.Time
	ReviewOn      time.Time
}

// AgreedOn is the day the version takes effect: the later agreement.
func (in PlanAgreement) AgreedOn() time.Time {
	if in.CoachOn.After(in.ParticipantOn) {
		return in.CoachOn
	}
	return in.ParticipantOn
}

// Validate checks an agreement in form order: both days given, not in the
// future and at most a year back; the review day given, not in the past
// and at most reviewMonths (the programme's ReviewMonths) after the
// agreement.
func (in PlanAgreement) Validate(today time.Time, reviewMonths int) error {
	var pr Problems
	checkRecentDate(&pr, "participant_on", in.ParticipantOn, today)
	checkRecentDate(&pr, "coach_on", in.CoachOn, today)
	latest := in.AgreedOn().AddDate(0, reviewMonths, 0)
	switch {
	case in.ReviewOn.IsZero():
		pr.Add("review_on", "err.date")
	case in.ReviewOn.Before(today):
		pr.Add("review_on", "err.plan_review_past")
	case !pr.Has("participant_on") && !pr.Has("coach_on") && in.ReviewOn.After(latest):
		pr.Add("review_on", "err.plan_review_too_late", reviewMonths, FormatDate(latest))
	}
	return pr.Err()
}

// CheckPlan requires draft p to have a goal, and the agreement not to lie
// before that of the version before, previous (zero if p is the first).
func (in PlanAgreement) CheckPlan(p, previous Plan) error {
	var pr Problems
	if previous.Agreed && in.AgreedOn().Before(previous.AgreedOn) {
		pr.Add("participant_on", "err.plan_before_previous", previous.Number, FormatDate(previous.AgreedOn))
	}
	if len(p.Goals) == 0 {
		pr.Add("goals", "err.plan_no_goals")
	}
	return pr.Err()
}

// DefaultReviewOn is the review day a new agreement's form suggests: the
// programme's ReviewMonths after today.
func DefaultReviewOn(today time.Time, reviewMonths int) time.Time {
	return today.AddDate(0, reviewMonths, 0)
}

// PlanComparison is two versions of a plan side by side: what changed from
// Old to New, goal by goal and step by step.
type PlanComparison struct {
	Old, New Plan
	// Barriers lists the barriers of both, each with its change.
	Barriers []BarrierDiff
	Goals    []GoalDiff
}

// BarrierDiff is a barrier in one or both versions.
type BarrierDiff struct {
	Barrier Barrier
	Change  PlanChange
}

// GoalDiff is a goal in one or both versions: Old is zero for an added
// goal, New for a removed one.
type GoalDiff struct {
	Change                      PlanChange
	Old, New                    PlanGoal
	TextChanged, BarriersChange bool
	Steps                       []StepDiff
}

// StepDiff is a step in one or both versions, with what of it changed.
type StepDiff struct {
	Change                                          PlanChange
	Old, New                                        PlanStep
	WhatChanged, WhoChanged, DueChanged, StatusDiff bool
}

// Changes counts the goals and steps that differ.
func (c PlanComparison) Changes() int {
	n := 0
	for _, g := range c.Goals {
		if g.TextChanged || g.BarriersChange || g.Change == PlanAdded || g.Change == PlanRemoved {
			n++
		}
		for _, s := range g.Steps {
			if s.Change != PlanSame {
				n++
			}
		}
	}
	for _, b := range c.Barriers {
		if b.Change != PlanSame {
			n++
		}
	}
	return n
}

// ComparePlans compares version old with version new of the same plan.
// Goals and steps are matched by their Origin: a goal copied into a new
// version is the same goal, however its text changed. The goals come in
// new's order, the removed ones after them.
func ComparePlans(old, new Plan) PlanComparison {
	c := PlanComparison{Old: old, New: new}
	for _, b := range Barriers() {
		inOld, inNew := slices.Contains(old.Barriers, b), slices.Contains(new.Barriers, b)
		switch {
		case inOld && inNew:
			c.Barriers = append(c.Barriers, BarrierDiff{b, PlanSame})
		case inNew:
			c.Barriers = append(c.Barriers, BarrierDiff{b, PlanAdded})
		case inOld:
			c.Barriers = append(c.Barriers, BarrierDiff{b, PlanRemoved})
		}
	}
	matched := map[int64]bool{}
	for _, ng := range new.Goals {
		og, ok := goalByOrigin(old, ng.Origin)
		if !ok {
			d := GoalDiff{Change: PlanAdded, New: ng}
			for _, s := range ng.Steps {
				d.Steps = append(d.Steps, StepDiff{Change: PlanAdded, New: s})
			}
			c.Goals = append(c.Goals, d)
			continue
		}
		matched[og.Origin] = true
		c.Goals = append(c.Goals, compareGoals(og, ng))
	}
	for _, og := range old.Goals {
		if matched[og.Origin] {
			continue
		}
		d := GoalDiff{Change: PlanRemoved, Old: og}
		for _, s := range og.Steps {
			d.Steps = append(d.Steps, StepDiff{Change: PlanRemoved, Old: s})
		}
		c.Goals = append(c.Goals, d)
	}
	return c
}

func goalByOrigin(p Plan, origin int64) (PlanGoal, bool) {
	for _, g := range p.Goals {
		if g.Origin == origin {
			return g, true
		}
	}
	return PlanGoal{}, false
}

// compareGoals compares a goal present in both versions.
func compareGoals(og, ng PlanGoal) GoalDiff {
	d := GoalDiff{Change: PlanSame, Old: og, New: ng, TextChanged: og.Text != ng.Text,
		BarriersChange: !sameSet(og.Barriers, ng.Barriers)}
	matched := map[int64]bool{}
	for _, ns := range ng.Steps {
		i := slices.IndexFunc(og.Steps, func(s PlanStep) bool { return s.Origin == ns.Origin })
		if i < 0 {
			d.Steps = append(d.Steps, StepDiff{Change: PlanAdded, New: ns})
			continue
		}
		os := og.Steps[i]
		matched[os.Origin] = true
		sd := StepDiff{Change: PlanSame, Old: os, New: ns, WhatChanged: os.What != ns.What, WhoChanged: os.Who != ns.Who,
			DueChanged: !os.Due.Equal(ns.Due), StatusDiff: os.Status != ns.Status}
		if sd.WhatChanged || sd.WhoChanged || sd.DueChanged || sd.StatusDiff {
			sd.Change = PlanChanged
		}
		d.Steps = append(d.Steps, sd)
	}
	for _, os := range og.Steps {
		if !matched[os.Origin] {
			d.Steps = append(d.Steps, StepDiff{Change: PlanRemoved, Old: os})
		}
	}
	if d.TextChanged || d.BarriersChange || slices.ContainsFunc(d.Steps, func(s StepDiff) bool { return s.Change != PlanSame }) {
		d.Change = PlanChanged
	}
	return d
}

// sameSet reports whether a and b hold the same barriers, in any order.
func sameSet(a, b []Barrier) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}
