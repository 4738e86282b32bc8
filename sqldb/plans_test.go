package sqldb

import (
	"context"
	"testing"

	"teilhabe"
)

// planDraft returns the draft of case id as coach sees it on the case page.
func (f *fixture) planDraft(coach teilhabe.Actor, id int64) teilhabe.Plan {
	f.t.Helper()
	d, err := f.db.FindCaseByID(f.ctx, coach, id)
	if err != nil {
		f.t.Fatalf("FindCaseByID: %v", err)
	}
	if d.Draft == nil {
		f.t.Fatalf("case %d has no draft", id)
	}
	return *d.Draft
}

// agreement is an agreement of today with a review in three months.
func agreement() teilhabe.PlanAgreement {
	return teilhabe.PlanAgreement{ParticipantOn: testToday, CoachOn: testToday, ReviewOn: testToday.AddDate(0, 3, 0)}
}

// TestPlanVersions: a first draft takes the assessment's barriers; goals
// and steps are added under the draft's version; agreeing freezes it as
// version 1; the next draft copies it, and comparing shows what changed.
// Each action is one audit entry; the sponsor reads agreed versions only.
func TestPlanVersions(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		id := f.inCoaching(coach, person("Paula", "Plan"))
		audits := auditCount(t, db, "", id)

		n, err := db.StartPlan(ctx, coach, id)
		must(t, err)
		if n != 1 {
			t.Fatalf("first draft's number = %d, want 1", n)
		}
		_, err = db.StartPlan(ctx, coach, id)
		wantConflict(t, err, "err.plan_draft_open")
		p := f.planDraft(coach, id)
		if want := f.load(coach, id).Eligibility.Barriers; len(p.Barriers) == 0 || len(p.Barriers) != len(want) {
			t.Fatalf("draft's barriers = %v, want the assessment's %v", p.Barriers, want)
		}
		barrier := p.Barriers[0]
		goalID, err := db.AddPlanGoal(ctx, coach, id, p.Version, teilhabe.GoalInput{Text: "Führerschein machen", Barriers: []teilhabe.Barrier{barrier}})
		must(t, err)
		_, err = db.AddPlanGoal(ctx, coach, id, p.Version, teilhabe.GoalInput{Text: "zu spät"})
		wantErr(t, err, teilhabe.ErrStale)
		step := teilhabe.StepInput{What: "Fahrschule suchen", Who: teilhabe.OwnerParticipant, Due: days(-3), Status: teilhabe.StepOpen}
		stepID, err := db.AddPlanStep(ctx, coach, id, p.Version+1, goalID, step)
		must(t, err)
		p = f.planDraft(coach, id)
		if len(p.Goals) != 1 || len(p.Goals[0].Steps) != 1 || p.Goals[0].Steps[0].ID != stepID || p.Goals[0].Origin != goalID {
			t.Fatalf("draft = %+v, want one goal (its own origin) with one step", p)
		}

		// The sponsor sees no draft, on the case page or the plan page.
		d, err := db.FindCaseByID(ctx, cw, id)
		must(t, err)
		if d.Draft != nil || d.Plan != nil {
			t.Errorf("sponsor's case page: plan %v, draft %v; want neither", d.Plan, d.Draft)
		}
		_, err = db.FindPlan(ctx, cw, id, PlanFilter{Number: 1})
		wantErr(t, err, teilhabe.ErrNotFound)
		v, err := db.FindPlan(ctx, cw, id, PlanFilter{})
		must(t, err)
		if v.Plan.ID != 0 || len(v.Versions) != 0 {
			t.Errorf("sponsor's plan page before the agreement = %+v, want no plan", v.Plan)
		}

		number, err := db.AgreePlan(ctx, coach, id, p.Version, agreement())
		must(t, err)
		if number != 1 {
			t.Errorf("agreed version = %d, want 1", number)
		}
		v, err = db.FindPlan(ctx, cw, id, PlanFilter{})
		must(t, err)
		if !v.Plan.Agreed || v.Plan.Number != 1 || len(v.Plan.Goals) != 1 || !v.Plan.AgreedOn.Equal(testToday) {
			t.Fatalf("sponsor's plan = %+v, want agreed version 1 with its goal", v.Plan)
		}

		// Frozen: no draft to edit, and the agreed rows stay as they were.
		wantConflict(t, db.UpdatePlanGoal(ctx, coach, id, p.Version+1, goalID, teilhabe.GoalInput{Text: "anders"}), "err.plan_no_draft")
		n, err = db.StartPlan(ctx, coach, id)
		must(t, err)
		if n != 2 {
			t.Fatalf("second draft's number = %d, want 2", n)
		}
		p2 := f.planDraft(coach, id)
		if len(p2.Goals) != 1 || p2.Goals[0].Origin != goalID || p2.Goals[0].ID == goalID || len(p2.Goals[0].Steps) != 1 {
			t.Fatalf("second draft = %+v, want a copy of version 1", p2)
		}
		// Goal and step of version 1 are not the draft's.
		wantErr(t, db.UpdatePlanGoal(ctx, coach, id, p2.Version, goalID, teilhabe.GoalInput{Text: "anders"}), teilhabe.ErrNotFound)
		wantErr(t, db.RemovePlanStep(ctx, coach, id, p2.Version, stepID), teilhabe.ErrNotFound)
		done := step
		done.Status = teilhabe.StepDone
		must(t, db.UpdatePlanStep(ctx, coach, id, p2.Version, p2.Goals[0].Steps[0].ID, done))
		if _, err := db.AddPlanGoal(ctx, coach, id, p2.Version+1, teilhabe.GoalInput{Text: "Deutschkurs"}); err != nil {
			t.Fatal(err)
		}
		v1, err := db.FindPlan(ctx, coach, id, PlanFilter{Number: 1})
		must(t, err)
		if got := v1.Plan.Goals[0]; got.Text != "Führerschein machen" || got.Steps[0].Status != teilhabe.StepOpen {
			t.Errorf("version 1 after editing version 2 = %+v, want it unchanged", got)
		}
		_, err = db.AgreePlan(ctx, coach, id, p2.Version+2, agreement())
		must(t, err)

		c, err := db.ComparePlans(ctx, cw, id, 1, 2)
		must(t, err)
		if len(c.Goals) != 2 || c.Goals[0].Change != teilhabe.PlanChanged || !c.Goals[0].Steps[0].StatusDiff ||
			c.Goals[1].Change != teilhabe.PlanAdded {
			t.Errorf("comparison = %+v, want the step's status changed and a goal added", c.Goals)
		}

		// One entry per action: 2 drafts, 5 edits, 2 agreements; reads: 1
		// case view by planDraft ×3, 3 plan views, 1 comparison, 1 case view
		// of the sponsor, 2 refused reads write nothing.
		for _, w := range []struct {
			action teilhabe.AuditAction
			n      int
		}{{teilhabe.AuditPlanDrafted, 2}, {teilhabe.AuditPlanChanged, 4}, {teilhabe.AuditPlanAgreed, 2},
			{teilhabe.AuditPlanViewed, 3}, {teilhabe.AuditPlanCompared, 1}} {
			if got := auditCount(t, db, string(w.action), id); got != w.n {
				t.Errorf("%d %s entries, want %d", got, w.action, w.n)
			}
		}
		if got := auditCount(t, db, "", id) - audits; got < 12 {
			t.Errorf("%d audit entries in all, want at least 12", got)
		}
	})
}

// TestPlanRefusals: outside the scope a plan is not found, the sponsor may
// not edit, a stale or bad agreement changes nothing.
func TestPlanRefusals(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		id := f.inCoaching(coach, person("Rita", "Refus"))

		_, err := db.StartPlan(ctx, f.actor("coach.b"), id)
		wantErr(t, err, teilhabe.ErrNotFound)
		_, err = db.FindPlan(ctx, f.actor("coach.b"), id, PlanFilter{})
		wantErr(t, err, teilhabe.ErrNotFound)
		_, err = db.FindPlan(ctx, f.actor("cw.jc"), id, PlanFilter{})
		wantErr(t, err, teilhabe.ErrNotFound)
		_, err = db.StartPlan(ctx, cw, id)
		wantErr(t, err, teilhabe.ErrForbidden)
		wantConflict(t, db.SetPlanBarriers(ctx, coach, id, 1, teilhabe.PlanBarriers{Barriers: []teilhabe.Barrier{"mobility"}}), "err.plan_no_draft")

		_, err = db.StartPlan(ctx, coach, id)
		must(t, err)
		p := f.planDraft(coach, id)
		_, err = db.AddPlanGoal(ctx, cw, id, p.Version, teilhabe.GoalInput{Text: "x"})
		wantErr(t, err, teilhabe.ErrForbidden)
		_, err = db.AgreePlan(ctx, coach, id, p.Version, agreement())
		wantInvalid(t, err, "goals", "err.plan_no_goals")
		_, err = db.AddPlanGoal(ctx, coach, id, p.Version, teilhabe.GoalInput{Text: "Arbeit finden", Barriers: []teilhabe.Barrier{"addiction"}})
		wantInvalid(t, err, "goal_barriers", "err.choose")
		goalID, err := db.AddPlanGoal(ctx, coach, id, p.Version, teilhabe.GoalInput{Text: "Arbeit finden", Barriers: p.Barriers[:1]})
		must(t, err)
		err = db.SetPlanBarriers(ctx, coach, id, p.Version+1, teilhabe.PlanBarriers{Barriers: []teilhabe.Barrier{"addiction"}})
		wantInvalid(t, err, "barriers", "err.plan_barrier_in_use")
		_, err = db.AddPlanStep(ctx, coach, id, p.Version+1, goalID+1000, teilhabe.StepInput{What: "x", Who: teilhabe.OwnerCoach,
			Due: testToday, Status: teilhabe.StepOpen})
		wantErr(t, err, teilhabe.ErrNotFound)

		before := auditCount(t, db, "", id)
		bad := agreement()
		bad.ReviewOn = testToday.AddDate(0, 7, 0)
		_, err = db.AgreePlan(ctx, coach, id, p.Version+1, bad)
		wantInvalid(t, err, "review_on", "err.plan_review_too_late")
		bad = agreement()
		bad.CoachOn = testToday.AddDate(0, 0, 1)
		_, err = db.AgreePlan(ctx, coach, id, p.Version+1, bad)
		wantInvalid(t, err, "coach_on", "err.date_future")
		_, err = db.AgreePlan(ctx, coach, id, p.Version, agreement())
		wantErr(t, err, teilhabe.ErrStale)
		if got := auditCount(t, db, "", id); got != before {
			t.Errorf("refused agreements wrote %d audit entries", got-before)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM case_plans WHERE case_id = ? AND agreed = 1`, id); n != 0 {
			t.Errorf("%d agreed versions after refused agreements, want 0", n)
		}
		// The programme's ReviewMonths bounds the review day.
		prog := f.prog
		prog.ReviewMonths = 2
		prog.ContactLapseDays, prog.NoShowNotice = teilhabe.DefaultContactLapseDays, teilhabe.DefaultNoShowNotice
		prog.FollowUp = teilhabe.FollowUpCadence{Weekly: teilhabe.DefaultFollowUpWeekly, Months: teilhabe.DefaultFollowUpMonths}
		must(t, db.UpdateProgramme(ctx, f.admin, prog))
		_, err = db.AgreePlan(ctx, coach, id, p.Version+1, agreement())
		wantInvalid(t, err, "review_on", "err.plan_review_too_late")
	})
}

// TestPlanWork: the worklist shows a plan step overdue and a review due;
// an extension request names the agreed version.
func TestPlanWork(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.inCoaching(coach, person("Wanda", "Work"))
		kinds := func() map[string]int {
			w, err := db.FindWorklist(ctx, coach, 0)
			must(t, err)
			out := map[string]int{}
			for _, g := range w.Coaching {
				out[g.Kind] = g.Count
			}
			return out
		}
		if k := kinds(); k[WorkPlanSteps] != 0 || k[WorkPlanReview] != 0 {
			t.Fatalf("worklist without a plan = %v", k)
		}
		_, err := db.StartPlan(ctx, coach, id)
		must(t, err)
		p := f.planDraft(coach, id)
		goalID, err := db.AddPlanGoal(ctx, coach, id, p.Version, teilhabe.GoalInput{Text: "Bewerben"})
		must(t, err)
		_, err = db.AddPlanStep(ctx, coach, id, p.Version+1, goalID, teilhabe.StepInput{What: "Lebenslauf", Who: teilhabe.OwnerCoach,
			Due: days(-1), Status: teilhabe.StepInProgress})
		must(t, err)
		in := agreement()
		in.ReviewOn = days(teilhabe.PlanReviewNoticeDays)
		_, err = db.AgreePlan(ctx, coach, id, p.Version+2, in)
		must(t, err)
		if k := kinds(); k[WorkPlanSteps] != 1 || k[WorkPlanReview] != 1 {
			t.Errorf("worklist = %v, want one case with a step overdue and one with a review due", k)
		}

		must(t, db.RequestExtension(ctx, coach, id, f.version(coach, id), teilhabe.ExtensionRequest{ProposedEnd: testToday.AddDate(1, 3, 0),
			Reason: "Die Ausbildung beginnt später."}))
		d, err := db.FindCaseByID(ctx, coach, id)
		must(t, err)
		m := d.OpenExtension()
		if m == nil || m.PlanNumber != 1 || !m.PlanAgreedOn.Equal(testToday) {
			t.Errorf("extension request = %+v, want it to name plan version 1 of today", m)
		}
	})
}
