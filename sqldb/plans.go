package sqldb

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"teilhabe"
)

// The support and integration plan of a case (case_plans, plan_goals,
// plan_steps). The coach edits the case's one draft under its version
// column; agreeing freezes it, and every statement that changes a plan
// says agreed = 0, so an agreed version is never written again. A new
// draft copies the last agreed version, goals and steps keeping their
// origin (decision 16). The sponsor's caseworker reads agreed versions
// only: every query that reads plans for someone else than provider staff
// says agreed = 1 (planVisible).

const planColumns = `pl.id, pl.case_id, pl.number, pl.agreed, pl.barriers, pl.participant_on, pl.coach_on, pl.agreed_on,
	pl.agreed_by, pl.review_on, pl.created_at, pl.created_by, pl.updated_at, pl.version`

func scanPlan(s scanner) (teilhabe.Plan, error) {
	var p teilhabe.Plan
	var agreed int
	var barriers string
	var participant, coach, agreedOn, review dbDate
	var created, updated dbTime
	err := notFound(s.Scan(&p.ID, &p.CaseID, &p.Number, &agreed, &barriers, &participant, &coach, &agreedOn,
		&p.AgreedBy, &review, &created, &p.CreatedBy, &updated, &p.Version))
	p.Agreed, p.Barriers = agreed == 1, splitCodes[teilhabe.Barrier](barriers)
	p.ParticipantOn, p.CoachOn, p.AgreedOn, p.ReviewOn = participant.t, coach.t, agreedOn.t, review.t
	p.CreatedAt, p.UpdatedAt = created.t, updated.t
	return p, err
}

// planVisible is the condition that limits plans (alias pl) to those a
// may read: all for provider staff, the agreed ones for everyone else.
func planVisible(a teilhabe.Actor) string {
	if a.Role.IsProviderSide() {
		return "1 = 1"
	}
	return "pl.agreed = 1"
}

// planVersions lists the versions of case caseID that a may read, in order.
func (t *tx) planVersions(ctx context.Context, a teilhabe.Actor, caseID int64) ([]teilhabe.PlanVersion, error) {
	return queryAll(ctx, t, func(s scanner) (teilhabe.PlanVersion, error) {
		var v teilhabe.PlanVersion
		var agreed int
		var on, review dbDate
		err := s.Scan(&v.ID, &v.Number, &agreed, &on, &review)
		v.Agreed, v.AgreedOn, v.ReviewOn = agreed == 1, on.t, review.t
		return v, err
	}, `SELECT pl.id, pl.number, pl.agreed, pl.agreed_on, pl.review_on FROM case_plans pl
		WHERE pl.case_id = ? AND `+planVisible(a)+` ORDER BY pl.number`, caseID)
}

// planWhere loads the plan of case caseID that cond (on alias pl) picks,
// with its goals and steps, if a may read it; else teilhabe.ErrNotFound.
func (t *tx) planWhere(ctx context.Context, a teilhabe.Actor, caseID int64, cond string, args ...any) (teilhabe.Plan, error) {
	p, err := scanPlan(t.queryRow(ctx, `SELECT `+planColumns+` FROM case_plans pl
		WHERE pl.case_id = ? AND `+planVisible(a)+` AND `+cond, append([]any{caseID}, args...)...))
	if err != nil {
		return p, err
	}
	p.Goals, err = t.planGoals(ctx, p.ID)
	return p, err
}

// planNumber loads version number of case caseID, if a may read it.
func (t *tx) planNumber(ctx context.Context, a teilhabe.Actor, caseID int64, number int) (teilhabe.Plan, error) {
	return t.planWhere(ctx, a, caseID, `pl.number = ?`, number)
}

// currentPlan loads the last agreed version of case caseID; ErrNotFound if
// there is none.
func (t *tx) currentPlan(ctx context.Context, a teilhabe.Actor, caseID int64) (teilhabe.Plan, error) {
	return t.planWhere(ctx, a, caseID, `pl.agreed = 1 ORDER BY pl.number DESC LIMIT 1`)
}

// draft loads the draft of case caseID for provider staff a; ErrNotFound
// if there is none.
func (t *tx) draft(ctx context.Context, a teilhabe.Actor, caseID int64) (teilhabe.Plan, error) {
	return t.planWhere(ctx, a, caseID, `pl.agreed = 0`)
}

// planGoals returns the goals of plan planID in order, each with its steps:
// two queries, however many goals.
func (t *tx) planGoals(ctx context.Context, planID int64) ([]teilhabe.PlanGoal, error) {
	goals, err := queryAll(ctx, t, func(s scanner) (teilhabe.PlanGoal, error) {
		var g teilhabe.PlanGoal
		var barriers string
		err := s.Scan(&g.ID, &g.Origin, &g.Text, &barriers)
		g.Barriers = splitCodes[teilhabe.Barrier](barriers)
		return g, err
	}, `SELECT id, origin, text, barriers FROM plan_goals WHERE plan_id = ? ORDER BY position, id`, planID)
	if err != nil || len(goals) == 0 {
		return goals, err
	}
	steps, err := queryAll(ctx, t, func(s scanner) (teilhabe.PlanStep, error) {
		var st teilhabe.PlanStep
		var due dbDate
		err := s.Scan(&st.ID, &st.GoalID, &st.Origin, &st.What, &st.Who, &due, &st.Status)
		st.Due = due.t
		return st, err
	}, `SELECT id, goal_id, origin, what, who, due_on, status FROM plan_steps WHERE plan_id = ? ORDER BY position, id`, planID)
	if err != nil {
		return nil, err
	}
	for i := range goals {
		for _, st := range steps {
			if st.GoalID == goals[i].ID {
				goals[i].Steps = append(goals[i].Steps, st)
			}
		}
	}
	return goals, nil
}

// casePlans loads, for the case page, the last agreed version of case
// caseID and, for provider staff, its draft; nil where there is none.
func (t *tx) casePlans(ctx context.Context, a teilhabe.Actor, caseID int64) (current, draft *teilhabe.Plan, err error) {
	if p, err := t.currentPlan(ctx, a, caseID); err == nil {
		current = &p
	} else if !errors.Is(err, teilhabe.ErrNotFound) {
		return nil, nil, err
	}
	if !a.Role.IsProviderSide() {
		return current, nil, nil
	}
	if p, err := t.draft(ctx, a, caseID); err == nil {
		draft = &p
	} else if !errors.Is(err, teilhabe.ErrNotFound) {
		return nil, nil, err
	}
	return current, draft, nil
}

// PlanView is one version of a case's plan as the plan page shows it,
// with the versions the reader may open.
type PlanView struct {
	Case teilhabe.Case
	// Plan is the version shown; zero (ID 0) when the case has no plan the
	// reader may see.
	Plan     teilhabe.Plan
	Versions []teilhabe.PlanVersion
	// ReviewMonths is the programme's longest time between reviews.
	ReviewMonths int
}

// PlanFilter chooses the version the plan page shows: Number, or with 0
// the last agreed version (for provider staff the draft if none is
// agreed yet); Draft the draft, for provider staff (not found without
// one). Print marks the printable page, which the audit log names.
type PlanFilter struct {
	Number int
	Draft  bool
	Print  bool
}

// FindPlan returns a version of the support plan of case id, if a may
// read the case (teilhabe.CanReadPlan) and the version: the sponsor's
// caseworker reads agreed versions only, a draft is not found for them.
// A case without a plan gives a zero Plan, not an error. Reading it is
// written to the audit log.
func (db *DB) FindPlan(ctx context.Context, a teilhabe.Actor, id int64, f PlanFilter) (PlanView, error) {
	var v PlanView
	err := db.read(ctx, func(t *tx) error {
		var err error
		if v.Case, err = t.caseInScope(ctx, a, id); err != nil {
			return err
		}
		if !teilhabe.CanReadPlan(a, v.Case.Scope()) {
			return teilhabe.ErrNotFound
		}
		prog, err := t.programme(ctx, v.Case.ProgrammeID)
		if err != nil {
			return err
		}
		v.ReviewMonths = prog.ReviewMonths
		if v.Versions, err = t.planVersions(ctx, a, id); err != nil {
			return err
		}
		switch {
		case f.Draft:
			v.Plan, err = t.draft(ctx, a, id)
			if errors.Is(err, teilhabe.ErrNotFound) && a.Role.IsProviderSide() {
				return teilhabe.Conflict("err.plan_no_draft")
			}
			return err
		case f.Number != 0:
			v.Plan, err = t.planNumber(ctx, a, id, f.Number)
			return err
		case len(v.Versions) == 0:
			return nil
		}
		v.Plan, err = t.currentPlan(ctx, a, id)
		if errors.Is(err, teilhabe.ErrNotFound) {
			v.Plan, err = t.draft(ctx, a, id)
		}
		return err
	})
	if err != nil {
		return PlanView{}, err
	}
	detail := "no plan"
	if v.Plan.ID != 0 {
		detail = fmt.Sprintf("version %d", v.Plan.Number)
	}
	if f.Print {
		detail += ", print"
	}
	return v, db.logRead(ctx, a, caseAudit(teilhabe.AuditPlanViewed, v.Case, detail))
}

// PlanComparisonView is two versions of a case's plan compared.
type PlanComparisonView struct {
	Case teilhabe.Case
	teilhabe.PlanComparison
	Versions []teilhabe.PlanVersion
}

// ComparePlans compares versions from and to of the support plan of case
// id, for whoever may read both (as FindPlan: the sponsor's caseworker
// agreed versions only; any other is not found). to 0 is the latest
// version a may read, from 0 the one before to; with fewer than two
// versions the comparison is empty. The comparison is written to the
// audit log.
func (db *DB) ComparePlans(ctx context.Context, a teilhabe.Actor, id int64, from, to int) (PlanComparisonView, error) {
	var v PlanComparisonView
	err := db.read(ctx, func(t *tx) error {
		var err error
		if v.Case, err = t.caseInScope(ctx, a, id); err != nil {
			return err
		}
		if !teilhabe.CanReadPlan(a, v.Case.Scope()) {
			return teilhabe.ErrNotFound
		}
		if v.Versions, err = t.planVersions(ctx, a, id); err != nil {
			return err
		}
		if to == 0 && len(v.Versions) > 0 {
			to = v.Versions[len(v.Versions)-1].Number
		}
		if from == 0 {
			for _, ver := range v.Versions {
				if ver.Number < to {
					from = ver.Number
				}
			}
		}
		if from == 0 || to == 0 {
			return nil // nothing to compare yet
		}
		if from > to {
			from, to = to, from // the older version on the left
		}
		old, err := t.planNumber(ctx, a, id, from)
		if err != nil {
			return err
		}
		new, err := t.planNumber(ctx, a, id, to)
		if err != nil {
			return err
		}
		v.PlanComparison = teilhabe.ComparePlans(old, new)
		return nil
	})
	if err != nil {
		return PlanComparisonView{}, err
	}
	detail := "no comparison"
	if v.Old.ID != 0 {
		detail = fmt.Sprintf("version %d, version %d", v.Old.Number, v.New.Number)
	}
	return v, db.logRead(ctx, a, caseAudit(teilhabe.AuditPlanCompared, v.Case, detail))
}

// StartPlan opens a new draft of the support plan of case id, which must
// be in coaching, and returns its number. The first draft takes the
// barriers of the eligibility assessment; a later one copies the last
// agreed version, its goals and steps keeping their origin. Who:
// teilhabe.CanEditPlan. Errors: see the package documentation; a conflict
// err.plan_draft_open if a draft is open already.
func (db *DB) StartPlan(ctx context.Context, a teilhabe.Actor, id int64) (int, error) {
	var number int
	cmd := command{may: teilhabe.CanEditPlan, audit: teilhabe.AuditPlanDrafted, adds: true}
	err := db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		if ch.c.Stage != teilhabe.StageActive {
			return teilhabe.Conflict("journey.need.active")
		}
		if _, err := ch.t.draft(ctx, a, ch.c.ID); err == nil {
			return teilhabe.Conflict("err.plan_draft_open")
		} else if !errors.Is(err, teilhabe.ErrNotFound) {
			return err
		}
		from, err := ch.t.currentPlan(ctx, a, ch.c.ID)
		switch {
		case errors.Is(err, teilhabe.ErrNotFound):
			from = teilhabe.Plan{Barriers: ch.c.Eligibility.Barriers}
		case err != nil:
			return err
		}
		number = from.Number + 1
		planID, err := ch.t.insert(ctx, `INSERT INTO case_plans (case_id, number, agreed, barriers, created_at, created_by,
			updated_at) VALUES (?, ?, 0, ?, ?, ?, ?)`, ch.c.ID, number, joinCodes(from.Barriers), ts(ch.t.now), a.DisplayName(),
			ts(ch.t.now))
		if isUniqueViolation(err) {
			return teilhabe.Conflict("err.plan_draft_open")
		}
		if err != nil {
			return err
		}
		for _, g := range from.Goals {
			goalID, err := ch.t.insertGoal(ctx, planID, g.Origin, teilhabe.GoalInput{Text: g.Text, Barriers: g.Barriers})
			if err != nil {
				return err
			}
			for _, s := range g.Steps {
				in := teilhabe.StepInput{What: s.What, Who: s.Who, Due: s.Due, Status: s.Status}
				if _, err := ch.t.insertStep(ctx, planID, goalID, s.Origin, in); err != nil {
					return err
				}
			}
		}
		ch.detail = fmt.Sprintf("version %d", number)
		return nil
	})
	return number, err
}

// insertGoal adds a goal at the end of plan planID; origin 0 makes it a
// new goal, its own origin.
func (t *tx) insertGoal(ctx context.Context, planID, origin int64, in teilhabe.GoalInput) (int64, error) {
	id, err := t.insert(ctx, `INSERT INTO plan_goals (plan_id, origin, position, text, barriers)
		VALUES (?, ?, (SELECT COALESCE(MAX(g.position), 0) + 1 FROM plan_goals g WHERE g.plan_id = ?), ?, ?)`,
		planID, origin, planID, strings.TrimSpace(in.Text), joinCodes(in.Barriers))
	if err != nil || origin != 0 {
		return id, err
	}
	_, err = t.exec(ctx, `UPDATE plan_goals SET origin = id WHERE id = ?`, id)
	return id, err
}

// insertStep adds a step at the end of goal goalID of plan planID; origin
// 0 makes it a new step.
func (t *tx) insertStep(ctx context.Context, planID, goalID, origin int64, in teilhabe.StepInput) (int64, error) {
	in = in.Normal()
	id, err := t.insert(ctx, `INSERT INTO plan_steps (plan_id, goal_id, origin, position, what, who, due_on, status)
		VALUES (?, ?, ?, (SELECT COALESCE(MAX(s.position), 0) + 1 FROM plan_steps s WHERE s.goal_id = ?), ?, ?, ?, ?)`,
		planID, goalID, origin, goalID, in.What, in.Who, date(in.Due), in.Status)
	if err != nil || origin != 0 {
		return id, err
	}
	_, err = t.exec(ctx, `UPDATE plan_steps SET origin = id WHERE id = ?`, id)
	return id, err
}

// changeDraft runs one edit of the draft of case id, if the draft's
// version is still version (else teilhabe.ErrStale): edit does what is
// special, then the draft's version goes up, and the audit entry
// case.plan_changed names the version and what (the edit's own detail).
// Who: teilhabe.CanEditPlan, while coaching runs. Without a draft, a
// conflict err.plan_no_draft.
func (db *DB) changeDraft(ctx context.Context, a teilhabe.Actor, id int64, version int, what string,
	edit func(ctx context.Context, ch *change, p teilhabe.Plan) error) error {
	cmd := command{may: teilhabe.CanEditPlan, audit: teilhabe.AuditPlanChanged, adds: true}
	return db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		if ch.c.Stage != teilhabe.StageActive {
			return teilhabe.Conflict("journey.need.active")
		}
		p, err := ch.t.draft(ctx, a, ch.c.ID)
		if errors.Is(err, teilhabe.ErrNotFound) {
			return teilhabe.Conflict("err.plan_no_draft")
		}
		if err != nil {
			return err
		}
		if p.Version != version {
			return teilhabe.ErrStale
		}
		if err := edit(ctx, ch, p); err != nil {
			return err
		}
		res, err := ch.t.exec(ctx, `UPDATE case_plans SET updated_at = ?, version = version + 1
			WHERE id = ? AND version = ? AND agreed = 0`, ts(ch.t.now), p.ID, version)
		if err := checkVersion(res, err); err != nil {
			return err
		}
		ch.detail = fmt.Sprintf("version %d, %s", p.Number, what)
		return nil
	})
}

// SetPlanBarriers sets the barriers the draft of case id works on, from
// the programme's catalogue and the eligibility assessment's; a barrier a
// goal is linked to stays. Who and errors: as changeDraft.
func (db *DB) SetPlanBarriers(ctx context.Context, a teilhabe.Actor, id int64, version int, in teilhabe.PlanBarriers) error {
	if err := in.Validate(teilhabe.Barriers()); err != nil {
		return err
	}
	return db.changeDraft(ctx, a, id, version, "barriers", func(ctx context.Context, ch *change, p teilhabe.Plan) error {
		prog, err := ch.t.programme(ctx, ch.c.ProgrammeID)
		if err != nil {
			return err
		}
		if err := in.Validate(PlanBarrierChoices(prog, ch.c, p)); err != nil {
			return err
		}
		if err := in.CheckPlan(p); err != nil {
			return err
		}
		_, err = ch.t.exec(ctx, `UPDATE case_plans SET barriers = ? WHERE id = ? AND agreed = 0`, joinCodes(in.Barriers), p.ID)
		return err
	})
}

// PlanBarrierChoices are the barriers a plan of case c may name: the
// programme's catalogue, and those of the assessment and of plan p, in
// case the catalogue changed since.
func PlanBarrierChoices(prog teilhabe.Programme, c teilhabe.Case, p teilhabe.Plan) []teilhabe.Barrier {
	var out []teilhabe.Barrier
	for _, b := range teilhabe.Barriers() {
		if prog.OffersBarrier(b) || slices.Contains(c.Eligibility.Barriers, b) || slices.Contains(p.Barriers, b) {
			out = append(out, b)
		}
	}
	return out
}

// AddPlanGoal adds a goal to the draft of case id and returns its id. Who
// and errors: as changeDraft.
func (db *DB) AddPlanGoal(ctx context.Context, a teilhabe.Actor, id int64, version int, in teilhabe.GoalInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	var goalID int64
	err := db.changeDraft(ctx, a, id, version, "goal added", func(ctx context.Context, ch *change, p teilhabe.Plan) error {
		if err := in.CheckPlan(p); err != nil {
			return err
		}
		var err error
		goalID, err = ch.t.insertGoal(ctx, p.ID, 0, in)
		return err
	})
	return goalID, err
}

// UpdatePlanGoal changes goal goalID of the draft of case id; a goal of
// another plan is not found. Who and errors: as changeDraft.
func (db *DB) UpdatePlanGoal(ctx context.Context, a teilhabe.Actor, id int64, version int, goalID int64, in teilhabe.GoalInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	return db.changeDraft(ctx, a, id, version, "goal changed", func(ctx context.Context, ch *change, p teilhabe.Plan) error {
		if _, ok := p.Goal(goalID); !ok {
			return teilhabe.ErrNotFound
		}
		if err := in.CheckPlan(p); err != nil {
			return err
		}
		_, err := ch.t.exec(ctx, `UPDATE plan_goals SET text = ?, barriers = ? WHERE id = ? AND plan_id = ?`,
			strings.TrimSpace(in.Text), joinCodes(in.Barriers), goalID, p.ID)
		return err
	})
}

// RemovePlanGoal removes goal goalID and its steps from the draft of case
// id. Who and errors: as changeDraft.
func (db *DB) RemovePlanGoal(ctx context.Context, a teilhabe.Actor, id int64, version int, goalID int64) error {
	return db.changeDraft(ctx, a, id, version, "goal removed", func(ctx context.Context, ch *change, p teilhabe.Plan) error {
		if _, ok := p.Goal(goalID); !ok {
			return teilhabe.ErrNotFound
		}
		if _, err := ch.t.exec(ctx, `DELETE FROM plan_steps WHERE goal_id = ? AND plan_id = ?`, goalID, p.ID); err != nil {
			return err
		}
		_, err := ch.t.exec(ctx, `DELETE FROM plan_goals WHERE id = ? AND plan_id = ?`, goalID, p.ID)
		return err
	})
}

// AddPlanStep adds a step to goal goalID of the draft of case id and
// returns its id. Who and errors: as changeDraft.
func (db *DB) AddPlanStep(ctx context.Context, a teilhabe.Actor, id int64, version int, goalID int64, in teilhabe.StepInput) (int64, error) {
	if err := in.Validate(db.Today()); err != nil {
		return 0, err
	}
	var stepID int64
	err := db.changeDraft(ctx, a, id, version, "step added", func(ctx context.Context, ch *change, p teilhabe.Plan) error {
		if _, ok := p.Goal(goalID); !ok {
			return teilhabe.ErrNotFound
		}
		var err error
		stepID, err = ch.t.insertStep(ctx, p.ID, goalID, 0, in)
		return err
	})
	return stepID, err
}

// UpdatePlanStep changes step stepID of the draft of case id. Who and
// errors: as changeDraft.
func (db *DB) UpdatePlanStep(ctx context.Context, a teilhabe.Actor, id int64, version int, stepID int64, in teilhabe.StepInput) error {
	if err := in.Validate(db.Today()); err != nil {
		return err
	}
	in = in.Normal()
	return db.changeDraft(ctx, a, id, version, "step changed", func(ctx context.Context, ch *change, p teilhabe.Plan) error {
		if _, ok := p.Step(stepID); !ok {
			return teilhabe.ErrNotFound
		}
		_, err := ch.t.exec(ctx, `UPDATE plan_steps SET what = ?, who = ?, due_on = ?, status = ? WHERE id = ? AND plan_id = ?`,
			in.What, in.Who, date(in.Due), in.Status, stepID, p.ID)
		return err
	})
}

// RemovePlanStep removes step stepID from the draft of case id. Who and
// errors: as changeDraft.
func (db *DB) RemovePlanStep(ctx context.Context, a teilhabe.Actor, id int64, version int, stepID int64) error {
	return db.changeDraft(ctx, a, id, version, "step removed", func(ctx context.Context, ch *change, p teilhabe.Plan) error {
		if _, ok := p.Step(stepID); !ok {
			return teilhabe.ErrNotFound
		}
		_, err := ch.t.exec(ctx, `DELETE FROM plan_steps WHERE id = ? AND plan_id = ?`, stepID, p.ID)
		return err
	})
}

// AgreePlan records that participant and coach agreed to the draft of
// case id, if its version is still version (else teilhabe.ErrStale), and
// the day of its next review, at most the programme's ReviewMonths after
// the agreement. The version is frozen from then on. It returns the
// version's number. Who: teilhabe.CanEditPlan, while coaching runs.
// Errors: see the package documentation; without a draft, a conflict
// err.plan_no_draft.
func (db *DB) AgreePlan(ctx context.Context, a teilhabe.Actor, id int64, version int, in teilhabe.PlanAgreement) (int, error) {
	today := db.Today()
	if err := in.Validate(today, teilhabe.MaxReviewMonths); err != nil {
		return 0, err
	}
	var number int
	cmd := command{may: teilhabe.CanEditPlan, audit: teilhabe.AuditPlanAgreed, adds: true}
	err := db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		if ch.c.Stage != teilhabe.StageActive {
			return teilhabe.Conflict("journey.need.active")
		}
		p, err := ch.t.draft(ctx, a, ch.c.ID)
		if errors.Is(err, teilhabe.ErrNotFound) {
			return teilhabe.Conflict("err.plan_no_draft")
		}
		if err != nil {
			return err
		}
		if p.Version != version {
			return teilhabe.ErrStale
		}
		prog, err := ch.t.programme(ctx, ch.c.ProgrammeID)
		if err != nil {
			return err
		}
		if err := in.Validate(today, prog.ReviewMonths); err != nil {
			return err
		}
		previous, err := ch.t.currentPlan(ctx, a, ch.c.ID)
		if err != nil && !errors.Is(err, teilhabe.ErrNotFound) {
			return err
		}
		if err := in.CheckPlan(p, previous); err != nil {
			return err
		}
		res, err := ch.t.exec(ctx, `UPDATE case_plans SET agreed = 1, participant_on = ?, coach_on = ?, agreed_on = ?,
			agreed_by = ?, review_on = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND agreed = 0`,
			date(in.ParticipantOn), date(in.CoachOn), date(in.AgreedOn()), a.DisplayName(), date(in.ReviewOn), ts(ch.t.now),
			p.ID, version)
		if err := checkVersion(res, err); err != nil {
			return err
		}
		number = p.Number
		ch.event(teilhabe.Event{Kind: teilhabe.EventPlanAgreed, Text: fmt.Sprintf("Version %d", p.Number), On: in.AgreedOn()})
		ch.detail = fmt.Sprintf("version %d", p.Number)
		return nil
	})
	return number, err
}

// currentPlanID is the id of the last agreed version of case caseID's
// plan, 0 if there is none, for a message that refers to it.
func (t *tx) currentPlanID(ctx context.Context, caseID int64) (int64, error) {
	var id int64
	err := notFound(t.queryRow(ctx, `SELECT id FROM case_plans WHERE case_id = ? AND agreed = 1
		ORDER BY number DESC LIMIT 1`, caseID).Scan(&id))
	if errors.Is(err, teilhabe.ErrNotFound) {
		return 0, nil
	}
	return id, err
}

// workPlanStepsOverdue is the worklist's "plan steps overdue": the cases in
// coaching whose current plan — the draft while one is open, else the last
// agreed version — has a step open or in progress whose due day passed;
// due is the earliest such day, detail its text.
func workPlanStepsOverdue(scope string) string {
	return `SELECT pl.case_id, MIN(s.due_on) AS due, '' AS detail
		FROM plan_steps s JOIN case_plans pl ON pl.id = s.plan_id JOIN cases c ON c.id = pl.case_id
		WHERE ` + scope + ` AND c.stage = ? AND s.status IN ('open', 'in_progress') AND s.due_on < ?
		AND pl.number = (SELECT MAX(p2.number) FROM case_plans p2 WHERE p2.case_id = pl.case_id)
		GROUP BY pl.case_id`
}

// workPlanReviews is the worklist's "plan review due": the cases in
// coaching whose last agreed version is to be reviewed by the given day
// (today plus teilhabe.PlanReviewNoticeDays) or should have been.
func workPlanReviews(scope string) string {
	return `SELECT pl.case_id, pl.review_on AS due, '' AS detail
		FROM case_plans pl JOIN cases c ON c.id = pl.case_id
		WHERE ` + scope + ` AND c.stage = ? AND pl.agreed = 1 AND pl.review_on <= ?
		AND pl.number = (SELECT MAX(p2.number) FROM case_plans p2 WHERE p2.case_id = pl.case_id AND p2.agreed = 1)`
}
