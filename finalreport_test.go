package teilhabe

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDuration(t *testing.T) {
	for _, tc := range []struct {
		name         string
		from, to     time.Time
		months, days int
	}{
		{"a whole year", Day(2026, time.January, 1), Day(2026, time.December, 31), 12, 0},
		{"two months and six days", Day(2026, time.January, 15), Day(2026, time.March, 20), 2, 6},
		{"one day", Day(2026, time.May, 4), Day(2026, time.May, 4), 0, 1},
		// 31 January + 1 month ends on 28 February; 1 March is the day after.
		{"from the 31st", Day(2026, time.January, 31), Day(2026, time.March, 1), 1, 2},
		{"a year and a leap day", Day(2027, time.March, 1), Day(2028, time.February, 29), 12, 0},
		{"end before start", Day(2026, time.May, 4), Day(2026, time.May, 3), 0, 0},
		{"no start", time.Time{}, Day(2026, time.May, 3), 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, d := Duration(tc.from, tc.to)
			if m != tc.months || d != tc.days {
				t.Errorf("Duration(%s, %s) = %d months %d days, want %d months %d days",
					FormatDate(tc.from), FormatDate(tc.to), m, d, tc.months, tc.days)
			}
		})
	}
}

func TestComposeFinalReport(t *testing.T) {
	start, end := Day(2026, time.January, 15), Day(2027, time.January, 14)
	exited := Case{Stage: StageExited, AssignmentStart: start, AssignmentEnd: end, ExitOn: Day(2026, time.March, 20),
		ExitKind: ExitEarly, ClosedReason: string(ExitEmployment), ExitDestination: DestEmploymentPart}
	appts := []Appointment{
		{Kind: AppointmentInfo, Status: OutcomeHeld, On: Day(2026, time.January, 2)}, // not the coaching year
		{Kind: AppointmentFirst, Status: OutcomeHeld, On: Day(2026, time.January, 16)},
		{Kind: AppointmentCoaching, Status: OutcomeNoShow, On: Day(2026, time.January, 23)},
		{Kind: AppointmentCoaching, Status: OutcomeCancelledByParticipant, On: Day(2026, time.January, 30)},
		{Kind: AppointmentCoaching, Status: OutcomeCancelledByProvider, On: Day(2026, time.February, 6)},
		{Kind: AppointmentCoaching, Status: OutcomeHeld, On: Day(2026, time.March, 1)},  // the placement's start
		{Kind: AppointmentCoaching, Status: OutcomeHeld, On: Day(2026, time.March, 10)}, // follow-up
		{Kind: AppointmentCoaching, Status: OutcomeBooked, On: Day(2026, time.March, 30)},
	}
	mod := CaseModule{Name: "Bewerbungstraining", Kind: ModuleApplicationTraining, Start: Day(2026, time.February, 2),
		End: Day(2026, time.February, 27), Status: ModuleCompleted, Result: ModuleSucceeded}
	plan := &Plan{Number: 2, AgreedOn: Day(2026, time.February, 1), Goals: []PlanGoal{
		{Text: "Bewerbungsunterlagen", Steps: []PlanStep{{Status: StepDone}, {Status: StepDone}, {Status: StepDropped}}},
		{Text: "Mobilität", Steps: []PlanStep{{Status: StepDone}, {Status: StepOpen}}},
		{Text: "Praktikum", Steps: []PlanStep{{Status: StepInProgress}}},
		{Text: "Ohne Schritte"},
	}}
	prospect := Prospect{Kind: ProspectFinalRound, On: Day(2026, time.February, 10), EmployerName: "Bäckerei Klein",
		Note: "intern"}
	marginal := Placement{Kind: PlacementMarginal, EmployerName: "Kiosk", Start: Day(2026, time.February, 1)}
	job := Placement{Kind: PlacementPartTime, EmployerName: "Bäckerei Klein", JobTitle: "Verkauf", Start: Day(2026, time.March, 1),
		Hours: 25, Subsidy: SubsidyEGZDisabled, Note: "intern"}

	for _, tc := range []struct {
		name string
		in   FinalReportRecord
		want FinalReportFacts
	}{
		{"nothing but the assignment", FinalReportRecord{Case: Case{Stage: StageActive, AssignmentStart: start, AssignmentEnd: end}},
			FinalReportFacts{AssignmentStart: start, AssignmentEnd: end, Months: 12, Days: 0}},
		{"an early exit into part-time work", FinalReportRecord{Case: exited, Appointments: appts,
			Modules: []CaseModule{mod}, Plan: plan, Prospects: []Prospect{prospect}, Placements: []Placement{marginal, job},
			FollowUps: []FollowUp{{Placement: job, Check: &SustainabilityCheck{Result: SustainedYes}, Contacts: []FollowUpContact{
				{With: WithEmployer, Crisis: true, Problem: "intern"}, {With: WithBoth}, {With: WithParticipant}}}}},
			FinalReportFacts{AssignmentStart: start, AssignmentEnd: end, ExitOn: Day(2026, time.March, 20),
				ExitKind: ExitEarly, ExitReason: ExitEmployment, Destination: DestEmploymentPart,
				Months: 2, Days: 6, Held: 3, NoShow: 1, Excused: 1,
				Modules: []ReportModule{{Name: "Bewerbungstraining", Kind: ModuleApplicationTraining,
					Start: Day(2026, time.February, 2), End: Day(2026, time.February, 27), Status: ModuleCompleted,
					Result: ModuleSucceeded}},
				PlanNumber: 2, PlanAgreedOn: Day(2026, time.February, 1),
				Goals: []ReportGoal{
					{Text: "Bewerbungsunterlagen", Steps: 2, Done: 2, Reach: GoalReached},
					{Text: "Mobilität", Steps: 2, Done: 1, Reach: GoalPartly},
					{Text: "Praktikum", Steps: 1, Done: 0, Reach: GoalNotReached},
					{Text: "Ohne Schritte", Reach: GoalNotReached},
				},
				Prospects: []ReportProspect{{Kind: ProspectFinalRound, On: Day(2026, time.February, 10),
					EmployerName: "Bäckerei Klein"}},
				Placements: []ReportPlacement{
					{Kind: PlacementMarginal, EmployerName: "Kiosk", Start: Day(2026, time.February, 1)},
					{Kind: PlacementPartTime, EmployerName: "Bäckerei Klein", JobTitle: "Verkauf",
						Start: Day(2026, time.March, 1), Hours: 25, Subsidy: SubsidyEGZDisabled}},
				FollowUps: []ReportFollowUp{{JobTitle: "Verkauf", EmployerName: "Bäckerei Klein", Start: Day(2026, time.March, 1),
					Contacts: 3, WithEmployer: 2, Crises: 1, Sustained: SustainedYes, SustainDue: Day(2026, time.September, 1)}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, ComposeFinalReport(tc.in)); diff != "" {
				t.Errorf("ComposeFinalReport (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFinalReportValidate(t *testing.T) {
	long := strings.Repeat("x", MaxNote+1)
	for _, tc := range []struct {
		name    string
		texts   FinalReportTexts
		sending bool
		want    string
	}{
		{"an empty draft", FinalReportTexts{}, false, ""},
		{"sent without recommendation", FinalReportTexts{Course: "gut"}, true, "recommendation=err.required"},
		{"blank recommendation", FinalReportTexts{Recommendation: "  "}, true, "recommendation=err.required"},
		{"sent", FinalReportTexts{Recommendation: "Weiter so."}, true, ""},
		{"long recommendation", FinalReportTexts{Recommendation: strings.Repeat("x", MaxReason+1)}, false,
			"recommendation=err.too_long"},
		{"long texts", FinalReportTexts{Course: long, FollowUp: long, Recommendation: "ok"}, true,
			"course=err.too_long follow_up=err.too_long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(problems(t, tc.texts.Validate(tc.sending)), " "); got != tc.want {
				t.Errorf("Validate(%t) = %q, want %q", tc.sending, got, tc.want)
			}
		})
	}
	r := FinalReport{Texts: FinalReportTexts{Recommendation: "ok"}}
	var conflict *ConflictError
	if err := r.Validate(); !errors.As(err, &conflict) || conflict.Key != "err.final_report_not_exited" {
		t.Errorf("Validate before the exit = %v, want err.final_report_not_exited", err)
	}
	r.Facts.ExitOn = Day(2026, time.March, 20)
	if err := r.Validate(); err != nil {
		t.Errorf("Validate = %v, want nil", err)
	}
}

func TestFinalReportNotice(t *testing.T) {
	m := Message{Kind: MsgFinalReport, Awaiting: SideSponsor}
	if !m.IsNotice() || !m.AwaitsNote() {
		t.Errorf("a final report waiting for the sponsor: IsNotice %t, AwaitsNote %t, want both", m.IsNotice(), m.AwaitsNote())
	}
	if (Message{Kind: MsgAttendance, Awaiting: SideSponsor}).IsNotice() {
		t.Error("an attendance message is a notice")
	}
}
