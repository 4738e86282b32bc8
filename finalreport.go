package teilhabe

import (
	"strings"
	"time"
)

// The final report to the sponsor (Abschlussbericht, PRODUCT.md step 11):
// the facts of the participation composed from the record, and the
// coach's texts beside them. The coach edits one draft; sending it freezes
// it as a version for good, and a later correction is a new draft that,
// once sent, is the next version with its own date
// (docs/decisions/0020-final-report-versions.md).

// GoalReach says how far a goal of the support plan was reached, judged by
// its steps: every step done, some, or none.
type GoalReach string

// The reaches of a goal.
const (
	GoalReached    GoalReach = "reached"
	GoalPartly     GoalReach = "partly"
	GoalNotReached GoalReach = "not_reached"
)

// GoalReaches lists every reach, the furthest first.
func GoalReaches() []GoalReach { return []GoalReach{GoalReached, GoalPartly, GoalNotReached} }

// Valid reports whether r is a known GoalReach.
func (r GoalReach) Valid() bool { return oneOf(r, GoalReaches()) }

// Key names the label of r.
func (r GoalReach) Key() string { return "goal_reach." + string(r) }

// ReportModule is a module of the case as the report names it.
type ReportModule struct {
	Name       string
	Kind       ModuleKind
	Start, End time.Time // planned
	Status     ModuleStatus
	Result     ModuleResult // once it ended; "" before
}

// ReportGoal is a goal of the last agreed support plan and how far it was
// reached: Done of Steps steps done (dropped steps do not count).
type ReportGoal struct {
	Text        string
	Steps, Done int
	Reach       GoalReach
}

// ReportProspect is a placement prospect as the report names it: no note.
type ReportProspect struct {
	Kind         ProspectKind
	On           time.Time
	EmployerName string
}

// ReportPlacement is a placement as the report names it: no note.
type ReportPlacement struct {
	Kind         PlacementKind
	EmployerName string
	JobTitle     string
	Start        time.Time
	Hours        int
	FixedEnd     time.Time
	Subsidy      Subsidy
}

// FinalReportDays is how soon after the exit the final report is due: the
// sponsor is to hear unverzüglich (§ 318 SGB III); two weeks is the
// service level the worklist holds the provider to. After FinalReportWindow
// days an exit without its report no longer shows in the worklist: by
// then the sponsor asks.
const (
	FinalReportDays   = 14
	FinalReportWindow = 90
)

// FinalReportFacts are the facts of a participation the final report
// states, composed from the record (ComposeFinalReport). They hold figures
// and codes only: no contact note, no note of a prospect or placement, no
// health detail.
type FinalReportFacts struct {
	AssignmentStart, AssignmentEnd time.Time
	ExitOn                         time.Time // zero while the case has not exited
	ExitKind                       ExitKind
	ExitReason                     ExitReason
	Destination                    Destination
	// Months and Days are the duration from the assignment's start to the
	// exit day (else the planned end), both days included.
	Months, Days int
	// Held, NoShow and Excused count the appointments of the coaching
	// year by outcome; excused are those the participant cancelled.
	Held, NoShow, Excused int
	Modules               []ReportModule
	// PlanNumber and PlanAgreedOn name the support plan's version the
	// goals come from; 0 if none was agreed.
	PlanNumber   int
	PlanAgreedOn time.Time
	Goals        []ReportGoal
	Prospects    []ReportProspect
	Placements   []ReportPlacement
	// FollowUps is the follow-up of each placement that counts so far.
	FollowUps []ReportFollowUp
}

// ReportFollowUp is the follow-up of one placement as the final report
// states it: counts and codes, never what was talked about.
type ReportFollowUp struct {
	JobTitle, EmployerName string
	Start                  time.Time
	// Contacts counts the follow-up contacts, WithEmployer those the
	// employer took part in, Crises the crisis interventions.
	Contacts, WithEmployer, Crises int
	// Sustained is the sustainability check's result, "" until it is
	// taken; SustainDue the day it is due.
	Sustained   Sustained
	SustainDue  time.Time
	EndedOn     time.Time // zero while follow-up runs
	EndedReason FollowUpEndReason
}

// FinalReportRecord is what a final report is composed from: the case and
// its appointments, modules, last agreed plan (nil if none), prospects and
// placements in the order recorded.
type FinalReportRecord struct {
	Case         Case
	Appointments []Appointment
	Modules      []CaseModule
	Plan         *Plan
	Prospects    []Prospect
	Placements   []Placement
	// FollowUps are the follow-ups of the placements that count, with
	// their contacts.
	FollowUps []FollowUp
}

// ComposeFinalReport composes the facts of the final report from the
// record r.
func ComposeFinalReport(r FinalReportRecord) FinalReportFacts {
	c := r.Case
	f := FinalReportFacts{AssignmentStart: c.AssignmentStart, AssignmentEnd: c.AssignmentEnd, ExitOn: c.ExitOn,
		ExitKind: c.ExitKind, Destination: c.ExitDestination}
	if !c.ExitOn.IsZero() {
		f.ExitReason = ExitReason(c.ClosedReason)
	}
	end := c.ExitOn
	if end.IsZero() {
		end = c.AssignmentEnd
	}
	f.Months, f.Days = Duration(c.AssignmentStart, end)
	for _, p := range r.Placements {
		f.Placements = append(f.Placements, ReportPlacement{Kind: p.Kind, EmployerName: p.EmployerName,
			JobTitle: p.JobTitle, Start: p.Start, Hours: p.Hours, FixedEnd: p.FixedEnd, Subsidy: p.Subsidy})
	}
	for _, ap := range r.Appointments {
		if ap.Kind == AppointmentInfo {
			continue
		}
		switch ap.Status {
		case OutcomeHeld:
			f.Held++
		case OutcomeNoShow:
			f.NoShow++
		case OutcomeCancelledByParticipant, OutcomeCancelled:
			f.Excused++
		}
	}
	for _, fu := range r.FollowUps {
		rf := ReportFollowUp{JobTitle: fu.Placement.JobTitle, EmployerName: fu.Placement.EmployerName,
			Start: fu.Placement.Start, Contacts: len(fu.Contacts), SustainDue: fu.SustainDue(),
			EndedOn: fu.Ended.On, EndedReason: fu.Ended.Reason}
		for _, c := range fu.Contacts {
			if c.With.MeetsEmployer() {
				rf.WithEmployer++
			}
			if c.Crisis {
				rf.Crises++
			}
		}
		if fu.Check != nil {
			rf.Sustained = fu.Check.Result
		}
		f.FollowUps = append(f.FollowUps, rf)
	}
	for _, m := range r.Modules {
		f.Modules = append(f.Modules, ReportModule{Name: m.Name, Kind: m.Kind, Start: m.Start, End: m.End,
			Status: m.Status, Result: m.Result})
	}
	if r.Plan != nil {
		f.PlanNumber, f.PlanAgreedOn = r.Plan.Number, r.Plan.AgreedOn
		for _, g := range r.Plan.Goals {
			f.Goals = append(f.Goals, reportGoal(g))
		}
	}
	for _, p := range r.Prospects {
		f.Prospects = append(f.Prospects, ReportProspect{Kind: p.Kind, On: p.On, EmployerName: p.EmployerName})
	}
	return f
}

// reportGoal is goal g with its steps counted: reached when every step
// that was not dropped is done, partly when some are, else not reached.
func reportGoal(g PlanGoal) ReportGoal {
	rg := ReportGoal{Text: g.Text, Reach: GoalNotReached}
	for _, s := range g.Steps {
		if s.Status == StepDropped {
			continue
		}
		rg.Steps++
		if s.Status == StepDone {
			rg.Done++
		}
	}
	switch {
	case rg.Steps > 0 && rg.Done == rg.Steps:
		rg.Reach = GoalReached
	case rg.Done > 0:
		rg.Reach = GoalPartly
	}
	return rg
}

// Duration is the time from from to to, both days included, in whole
// months and the days left over; zero if either is zero or to is before
// from. A month from the 31st ends on the last day of a shorter month.
func Duration(from, to time.Time) (months, days int) {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return 0, 0
	}
	after := to.AddDate(0, 0, 1)
	months = monthsBetween(from, after)
	for months > 0 && addMonths(from, months).After(after) {
		months--
	}
	days = int(after.Sub(addMonths(from, months)).Hours()+12) / 24
	return months, days
}

// addMonths adds n months to d, keeping the day but ending on the last
// day of a shorter month (31 January plus one month is 28 February).
func addMonths(d time.Time, n int) time.Time {
	first := time.Date(d.Year(), d.Month()+time.Month(n), 1, 0, 0, 0, 0, d.Location())
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d.Day(), last), 0, 0, 0, 0, d.Location())
}

// FinalReportTexts are the coach's texts of the final report, one per
// section; all but the recommendation may stay empty.
type FinalReportTexts struct {
	Course         string // the course of the participation
	Attendance     string
	Modules        string
	Goals          string
	Prospects      string
	Placement      string
	FollowUp       string
	Recommendation string
}

// FinalReportFields names the form field of each text, in form order.
var FinalReportFields = []string{"course", "attendance", "modules", "goals", "prospects", "placement", "follow_up",
	"recommendation"}

// Values returns the texts in the order of FinalReportFields.
func (t FinalReportTexts) Values() []string {
	return []string{t.Course, t.Attendance, t.Modules, t.Goals, t.Prospects, t.Placement, t.FollowUp, t.Recommendation}
}

// Trimmed returns the texts without leading and trailing space.
func (t FinalReportTexts) Trimmed() FinalReportTexts {
	for _, p := range []*string{&t.Course, &t.Attendance, &t.Modules, &t.Goals, &t.Prospects, &t.Placement,
		&t.FollowUp, &t.Recommendation} {
		*p = strings.TrimSpace(*p)
	}
	return t
}

// Validate checks the texts of a draft being saved, in form order: each at
// most MaxNote characters, the recommendation at most MaxReason. With
// sending set, the recommendation is required too.
func (t FinalReportTexts) Validate(sending bool) error {
	var pr Problems
	values := t.Values()
	for i, field := range FinalReportFields {
		switch {
		case field == "recommendation" && sending:
			checkRequired(&pr, field, values[i], MaxReason)
		case field == "recommendation":
			checkLength(&pr, field, values[i], MaxReason)
		default:
			checkLength(&pr, field, values[i], MaxNote)
		}
	}
	return pr.Err()
}

// FinalReport is one version of a case's final report: the draft the
// coach edits (Sent false) or a version sent to the sponsor, which never
// changes again. Number counts the versions of a case from 1; a draft has
// the number it will have once sent.
type FinalReport struct {
	ID     int64
	CaseID int64
	Number int
	Sent   bool
	Facts  FinalReportFacts
	Texts  FinalReportTexts
	// SentAt and SentBy say when and by whom the version was sent.
	SentAt    time.Time
	SentBy    string
	CreatedAt time.Time
	CreatedBy string
	UpdatedAt time.Time
	// Version is the draft's version for optimistic locking.
	Version int
}

// Validate checks a report before it is sent: its texts with the
// recommendation required, and facts of a case that has exited.
func (r FinalReport) Validate() error {
	if err := r.Texts.Validate(true); err != nil {
		return err
	}
	if r.Facts.ExitOn.IsZero() {
		return Conflict("err.final_report_not_exited")
	}
	return nil
}

// FinalReportVersion names one version of a case's final report for a
// list of versions.
type FinalReportVersion struct {
	Number int
	Sent   bool
	SentAt time.Time
	SentBy string
}
