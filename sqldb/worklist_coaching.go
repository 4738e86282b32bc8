package sqldb

import (
	"context"
	"time"

	"teilhabe"
)

// CoachingWork is one kind of work of the coaching year that is due at
// the user's locations: appointments to record, attendance messages to
// send, modules ending, contacts that lapsed.
type CoachingWork struct {
	// Kind names the work; the web layer's texts are keyed by it.
	Kind string
	WorkGroup
}

// The kinds of coaching work, in the order the worklist shows them.
const (
	WorkUnrecorded    = "unrecorded"     // past appointments without an outcome
	WorkAttendance    = "attendance"     // last month's attendance message to send
	WorkModulesEnding = "modules_ending" // a module ends soon or ended without an outcome
	WorkContactLapse  = "contact_lapse"  // no contact for longer than the programme allows
	WorkPlanSteps     = "plan_steps"     // a step of the support plan is overdue
	WorkPlanReview    = "plan_review"    // the support plan is to be reviewed
	WorkFollowUp      = "followup"       // a follow-up contact is due within the week
	WorkSustain       = "sustain"        // a sustainability check is due
	WorkFinalReport   = "final_report"   // an exit without its final report
	WorkLater         = "later"          // the destination six months after an exit to ask
)

// WorkKinds lists the kinds of coaching work in the worklist's order.
var WorkKinds = []string{WorkUnrecorded, WorkAttendance, WorkModulesEnding, WorkContactLapse, WorkPlanSteps, WorkPlanReview,
	WorkFollowUp, WorkSustain, WorkFinalReport, WorkLater}

// coachingWork returns the coaching year's work due for the cases that
// scope admits, on today.
func (t *tx) coachingWork(ctx context.Context, scope string, args []any, today time.Time) ([]CoachingWork, error) {
	var out []CoachingWork
	unrecorded, err := t.workGroup(ctx, WorkUnrecorded, `SELECT a.case_id, MIN(a.on_date) AS due, '' AS detail
		FROM appointments a JOIN cases c ON c.id = a.case_id
		WHERE `+scope+` AND c.stage = ? AND a.status = ? AND a.on_date < ? AND a.kind NOT IN (?, ?)
		GROUP BY a.case_id`, append(append([]any{}, args...), teilhabe.StageActive, teilhabe.OutcomeBooked, date(today),
		teilhabe.AppointmentInfo, teilhabe.AppointmentFirst))
	if err != nil {
		return nil, err
	}
	out = append(out, unrecorded)

	// Last month's message is due from the 1st to the 9th, and overdue
	// after; the cases whose assignment ran in that month have one.
	this := teilhabe.MonthOf(today)
	last := this.AddDate(0, -1, 0)
	attendance, err := t.workGroup(ctx, WorkAttendance, `SELECT c.id AS case_id, c.assignment_start AS due, '' AS detail FROM cases c
		WHERE `+scope+` AND c.stage = ? AND c.assignment_start < ? AND c.assignment_end >= ?
		AND NOT EXISTS (SELECT 1 FROM attendance_reports r WHERE r.case_id = c.id AND r.month = ?)`,
		append(append([]any{}, args...), teilhabe.StageActive, date(this), date(last), date(last)))
	if err != nil {
		return nil, err
	}
	for i := range attendance.Items {
		attendance.Items[i].WorkDue = teilhabe.AttendanceDue(last)
	}
	out = append(out, attendance)

	modules, err := t.workModulesEnding(ctx, scope, args, today)
	if err != nil {
		return nil, err
	}
	lapses, err := t.workContactLapses(ctx, scope, args, today)
	if err != nil {
		return nil, err
	}
	out = append(out, modules, lapses)

	planSteps, err := t.workGroup(ctx, WorkPlanSteps, workPlanStepsOverdue(scope),
		append(append([]any{}, args...), teilhabe.StageActive, date(today)))
	if err != nil {
		return nil, err
	}
	out = append(out, planSteps)

	planReview, err := t.workGroup(ctx, WorkPlanReview, workPlanReviews(scope),
		append(append([]any{}, args...), teilhabe.StageActive, date(today.AddDate(0, 0, teilhabe.PlanReviewNoticeDays))))
	if err != nil {
		return nil, err
	}
	out = append(out, planReview)

	// Follow-up outlasts the participation: a case exited into the job
	// keeps its contacts and its check.
	followUp, err := t.workGroup(ctx, WorkFollowUp, `SELECT cp.case_id, MIN(cp.next_followup_on) AS due, '' AS detail
		FROM case_placements cp JOIN cases c ON c.id = cp.case_id
		WHERE `+scope+` AND c.stage IN (?, ?) AND cp.next_followup_on <= ? GROUP BY cp.case_id`,
		append(append([]any{}, args...), teilhabe.StageActive, teilhabe.StageExited,
			date(today.AddDate(0, 0, teilhabe.FollowUpNoticeDays))))
	if err != nil {
		return nil, err
	}
	sustain, err := t.workGroup(ctx, WorkSustain, `SELECT cp.case_id, MIN(cp.sustain_due_on) AS due, '' AS detail
		FROM case_placements cp JOIN cases c ON c.id = cp.case_id
		WHERE `+scope+` AND c.stage IN (?, ?) AND cp.sustain_due_on <= ? GROUP BY cp.case_id`,
		append(append([]any{}, args...), teilhabe.StageActive, teilhabe.StageExited, date(today)))
	if err != nil {
		return nil, err
	}
	reports, err := t.workGroup(ctx, WorkFinalReport, `SELECT c.id AS case_id, c.exit_on AS due, '' AS detail FROM cases c
		WHERE `+scope+` AND c.stage = ? AND c.exit_on >= ?
		AND NOT EXISTS (SELECT 1 FROM final_reports fr WHERE fr.case_id = c.id AND fr.sent = 1)`,
		append(append([]any{}, args...), teilhabe.StageExited, date(today.AddDate(0, 0, -teilhabe.FinalReportWindow))))
	if err != nil {
		return nil, err
	}
	for i := range reports.Items {
		reports.Items[i].WorkDue = reports.Items[i].WorkDue.AddDate(0, 0, teilhabe.FinalReportDays)
	}
	later, err := t.workGroup(ctx, WorkLater, `SELECT c.id AS case_id, c.later_due_on AS due, '' AS detail FROM cases c
		WHERE `+scope+` AND c.later_due_on <= ? AND c.later_due_on >= ? AND c.later_destination = '' AND c.stage = ?`,
		append(append([]any{}, args...), date(today), date(today.AddDate(0, 0, -teilhabe.LaterWindow)), teilhabe.StageExited))
	if err != nil {
		return nil, err
	}
	return append(out, followUp, sustain, reports, later), nil
}

// workGroup lists the cases of one kind of work: inner selects case_id,
// the day the work is due (due) and what it concerns (detail, empty if the
// kind says it all), one row per case; the group holds the earliest
// WorkGroupSize, and the count of all.
func (t *tx) workGroup(ctx context.Context, kind, inner string, args []any) (CoachingWork, error) {
	g := CoachingWork{Kind: kind}
	count, items := workGroupQueries(inner)
	var err error
	g.Items, err = queryAll(ctx, t, func(s scanner) (CaseListItem, error) {
		var due dbDate
		var detail string
		it, err := scanCaseListItem(extraScanner{s, []any{&due, &detail}})
		it.Work, it.WorkDue, it.WorkDetail = kind, due.t, detail
		return it, err
	}, items, append(append([]any{}, args...), WorkGroupSize)...)
	if err != nil {
		return g, err
	}
	if len(g.Items) < WorkGroupSize {
		g.Count = len(g.Items)
		return g, nil
	}
	err = t.queryRow(ctx, count, args...).Scan(&g.Count)
	return g, err
}

// workGroupQueries are workGroup's count and its page of cases over inner;
// the page takes inner's arguments and the limit. The order is inner's
// own columns, so that an index that serves inner serves the order too.
func workGroupQueries(inner string) (count, items string) {
	return `SELECT COUNT(*) FROM (` + inner + `) w`,
		`SELECT ` + caseListColumns + `, w.due, w.detail` + caseListFrom + `
		JOIN (` + inner + `) w ON w.case_id = c.id
		ORDER BY w.due, w.case_id LIMIT ?`
}
