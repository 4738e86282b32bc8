package teilhabe

import (
	"strings"
	"testing"
	"time"
)

func TestPlanBarriersValidate(t *testing.T) {
	catalogue := []Barrier{"mobility", "debt", "language"}
	tests := []struct {
		name     string
		barriers []Barrier
		field    string
		key      string
	}{
		{"fine", []Barrier{"mobility", "debt"}, "", ""},
		{"none", nil, "barriers", "err.plan_barriers_required"},
		{"unknown", []Barrier{"mobility", "bad_luck"}, "barriers", "err.choose"},
		{"not in the programme's catalogue", []Barrier{"addiction"}, "barriers", "err.choose"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblem(t, PlanBarriers{Barriers: tt.barriers}.Validate(catalogue), tt.field, tt.key)
		})
	}
	p := Plan{Barriers: []Barrier{"mobility", "debt"}, Goals: []PlanGoal{{Text: "Führerschein", Barriers: []Barrier{"mobility"}}}}
	checkProblem(t, PlanBarriers{Barriers: []Barrier{"debt"}}.CheckPlan(p), "barriers", "err.plan_barrier_in_use")
	checkProblem(t, PlanBarriers{Barriers: []Barrier{"mobility"}}.CheckPlan(p), "", "")
}

func TestGoalInputValidate(t *testing.T) {
	tests := []struct {
		name  string
		in    GoalInput
		field string
		key   string
	}{
		{"fine", GoalInput{Text: "Eine Ausbildung beginnen", Barriers: []Barrier{"no_qualification"}}, "", ""},
		{"no barrier is fine", GoalInput{Text: "Tagesstruktur"}, "", ""},
		{"no text", GoalInput{Text: "  "}, "goal_text", "err.required"},
		{"text too long", GoalInput{Text: strings.Repeat("x", MaxReason+1)}, "goal_text", "err.too_long"},
		{"unknown barrier", GoalInput{Text: "x", Barriers: []Barrier{"bad_luck"}}, "goal_barriers", "err.choose"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkProblem(t, tt.in.Validate(), tt.field, tt.key) })
	}
	p := Plan{Barriers: []Barrier{"mobility"}}
	checkProblem(t, GoalInput{Text: "x", Barriers: []Barrier{"debt"}}.CheckPlan(p), "goal_barriers", "err.choose")
	checkProblem(t, GoalInput{Text: "x", Barriers: []Barrier{"mobility"}}.CheckPlan(p), "", "")
}

func TestStepInputValidate(t *testing.T) {
	today := Day(2026, 11, 25)
	ok := StepInput{What: "Bewerbungsmappe erstellen", Who: OwnerParticipant, Due: today.AddDate(0, 1, 0), Status: StepOpen}
	tests := []struct {
		name  string
		edit  func(in *StepInput)
		field string
		key   string
	}{
		{"fine", func(in *StepInput) {}, "", ""},
		{"overdue is fine", func(in *StepInput) { in.Due = today.AddDate(0, -1, 0) }, "", ""},
		{"no text", func(in *StepInput) { in.What = "" }, "step_what", "err.required"},
		{"text too long", func(in *StepInput) { in.What = strings.Repeat("x", MaxReason+1) }, "step_what", "err.too_long"},
		{"unknown who", func(in *StepInput) { in.Who = "neighbour" }, "step_who", "err.choose"},
		{"no due day", func(in *StepInput) { in.Due = time.Time{} }, "step_due", "err.date"},
		{"due long ago", func(in *StepInput) { in.Due = today.AddDate(-2, 0, -1) }, "step_due", "err.date_too_old"},
		{"due far ahead", func(in *StepInput) { in.Due = today.AddDate(2, 0, 1) }, "step_due", "err.date_too_far"},
		{"unknown status", func(in *StepInput) { in.Status = "later" }, "step_status", "err.choose"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.edit(&in)
			checkProblem(t, in.Validate(today), tt.field, tt.key)
		})
	}
}

func TestPlanAgreementValidate(t *testing.T) {
	today := Day(2026, 11, 25)
	ok := PlanAgreement{ParticipantOn: today.AddDate(0, 0, -2), CoachOn: today, ReviewOn: today.AddDate(0, 6, 0)}
	tests := []struct {
		name  string
		edit  func(in *PlanAgreement)
		field string
		key   string
	}{
		{"fine", func(in *PlanAgreement) {}, "", ""},
		{"review today", func(in *PlanAgreement) { in.ReviewOn = today }, "", ""},
		{"no participant day", func(in *PlanAgreement) { in.ParticipantOn = time.Time{} }, "participant_on", "err.date"},
		{"participant in the future", func(in *PlanAgreement) { in.ParticipantOn = today.AddDate(0, 0, 1) }, "participant_on", "err.date_future"},
		{"no coach day", func(in *PlanAgreement) { in.CoachOn = time.Time{} }, "coach_on", "err.date"},
		{"coach in the future", func(in *PlanAgreement) { in.CoachOn = today.AddDate(0, 0, 1) }, "coach_on", "err.date_future"},
		{"no review day", func(in *PlanAgreement) { in.ReviewOn = time.Time{} }, "review_on", "err.date"},
		{"review in the past", func(in *PlanAgreement) { in.ReviewOn = today.AddDate(0, 0, -1) }, "review_on", "err.plan_review_past"},
		{"review later than six months after the later agreement", func(in *PlanAgreement) { in.ReviewOn = today.AddDate(0, 6, 1) },
			"review_on", "err.plan_review_too_late"},
		{"the later agreement counts", func(in *PlanAgreement) {
			in.ParticipantOn, in.CoachOn = today, today.AddDate(0, 0, -2)
		}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.edit(&in)
			checkProblem(t, in.Validate(today, 6), tt.field, tt.key)
		})
	}
	if err := ok.Validate(today, 3); err == nil {
		t.Errorf("review in 6 months with ReviewMonths 3: Validate = nil, want a problem")
	}
	previous := Plan{Number: 1, Agreed: true, AgreedOn: today.AddDate(0, 0, -1)}
	draft := Plan{Number: 2, Goals: []PlanGoal{{Text: "x"}}}
	checkProblem(t, ok.CheckPlan(draft, previous), "", "")
	checkProblem(t, ok.CheckPlan(Plan{Number: 2}, previous), "goals", "err.plan_no_goals")
	early := ok
	early.ParticipantOn, early.CoachOn = today.AddDate(0, 0, -3), today.AddDate(0, 0, -2)
	checkProblem(t, early.CheckPlan(draft, previous), "participant_on", "err.plan_before_previous")
	checkProblem(t, early.CheckPlan(draft, Plan{}), "", "")
}

func TestComparePlans(t *testing.T) {
	due := Day(2026, 12, 1)
	old := Plan{Number: 1, Barriers: []Barrier{"mobility", "debt"}, Goals: []PlanGoal{
		{Origin: 1, Text: "Führerschein", Barriers: []Barrier{"mobility"}, Steps: []PlanStep{
			{Origin: 10, What: "Fahrschule suchen", Who: OwnerParticipant, Due: due, Status: StepOpen},
			{Origin: 11, What: "Förderung klären", Who: OwnerSponsor, Due: due, Status: StepOpen},
		}},
		{Origin: 2, Text: "Schulden ordnen", Barriers: []Barrier{"debt"}, Steps: []PlanStep{
			{Origin: 20, What: "Schuldnerberatung", Who: OwnerCoach, Due: due, Status: StepOpen},
		}},
	}}
	new := Plan{Number: 2, Barriers: []Barrier{"mobility", "language"}, Goals: []PlanGoal{
		{Origin: 1, Text: "Führerschein Klasse B", Barriers: []Barrier{"mobility"}, Steps: []PlanStep{
			{Origin: 10, What: "Fahrschule suchen", Who: OwnerParticipant, Due: due, Status: StepDone},
			{Origin: 12, What: "Theorieprüfung", Who: OwnerParticipant, Due: due.AddDate(0, 2, 0), Status: StepOpen},
		}},
		{Origin: 3, Text: "Deutschkurs", Barriers: []Barrier{"language"}, Steps: []PlanStep{
			{Origin: 30, What: "Kurs anmelden", Who: OwnerCoach, Due: due, Status: StepOpen},
		}},
	}}
	c := ComparePlans(old, new)
	var got []string
	for _, b := range c.Barriers {
		got = append(got, string(b.Barrier)+" "+string(b.Change))
	}
	for _, g := range c.Goals {
		text := g.New.Text
		if g.Change == PlanRemoved {
			text = g.Old.Text
		}
		got = append(got, text+" "+string(g.Change))
		for _, s := range g.Steps {
			what := s.New.What
			if s.Change == PlanRemoved {
				what = s.Old.What
			}
			line := "  " + what + " " + string(s.Change)
			if s.StatusDiff {
				line += " status"
			}
			got = append(got, line)
		}
	}
	want := []string{"mobility same", "language added", "debt removed",
		"Führerschein Klasse B changed", "  Fahrschule suchen changed status", "  Theorieprüfung added", "  Förderung klären removed",
		"Deutschkurs added", "  Kurs anmelden added",
		"Schulden ordnen removed", "  Schuldnerberatung removed"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ComparePlans:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := c.Changes(); n != 10 {
		t.Errorf("Changes() = %d, want 10", n)
	}
	if n := ComparePlans(old, old).Changes(); n != 0 {
		t.Errorf("a version compared with itself has %d changes, want 0", n)
	}
}

func TestPlanStepCounts(t *testing.T) {
	today := Day(2026, 11, 25)
	p := Plan{Agreed: true, ReviewOn: today.AddDate(0, 0, PlanReviewNoticeDays), Goals: []PlanGoal{{Steps: []PlanStep{
		{Due: today.AddDate(0, 0, -1), Status: StepOpen}, {Due: today.AddDate(0, 0, -1), Status: StepInProgress},
		{Due: today, Status: StepOpen}, {Due: today.AddDate(0, 0, -9), Status: StepDone}, {Due: today.AddDate(0, 0, -9), Status: StepDropped},
	}}}}
	if pending, overdue := p.StepCounts(today); pending != 3 || overdue != 2 {
		t.Errorf("StepCounts = %d, %d; want 3 pending, 2 overdue", pending, overdue)
	}
	if !p.ReviewDue(today) {
		t.Errorf("review in %d days: ReviewDue = false, want true", PlanReviewNoticeDays)
	}
	p.ReviewOn = p.ReviewOn.AddDate(0, 0, 1)
	if p.ReviewDue(today) {
		t.Errorf("review in %d days: ReviewDue = true, want false", PlanReviewNoticeDays+1)
	}
}
