package sqldb

import (
	"context"
	"time"

	"teilhabe"
)

// CoachingWork is one kind of work of the coaching year that is due at
// the user's locations: appointments to record, attendance messages to
// send, and (as part 2 grows) plans to review and contacts that lapsed.
type CoachingWork struct {
	// Kind names the work; the web layer's texts are keyed by it.
	Kind string
	WorkGroup
}

// The kinds of coaching work, in the order the worklist shows them.
const (
	WorkUnrecorded = "unrecorded" // past appointments without an outcome
	WorkAttendance = "attendance" // last month's attendance message to send
)

// coachingWork returns the coaching year's work due for the cases that
// scope admits, on today.
func (t *tx) coachingWork(ctx context.Context, scope string, args []any, today time.Time) ([]CoachingWork, error) {
	var out []CoachingWork
	unrecorded, err := t.workGroup(ctx, WorkUnrecorded, `SELECT a.case_id, MIN(a.on_date) AS due
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
	attendance, err := t.workGroup(ctx, WorkAttendance, `SELECT c.id AS case_id, c.assignment_start AS due FROM cases c
		WHERE `+scope+` AND c.stage = ? AND c.assignment_start < ? AND c.assignment_end >= ?
		AND NOT EXISTS (SELECT 1 FROM attendance_reports r WHERE r.case_id = c.id AND r.month = ?)`,
		append(append([]any{}, args...), teilhabe.StageActive, date(this), date(last), date(last)))
	if err != nil {
		return nil, err
	}
	for i := range attendance.Items {
		attendance.Items[i].WorkDue = teilhabe.AttendanceDue(last)
	}
	return append(out, attendance), nil
}

// workGroup lists the cases of one kind of work: inner selects case_id
// and the day the work is due (due); the group holds the earliest
// WorkGroupSize, and the count of all.
func (t *tx) workGroup(ctx context.Context, kind, inner string, args []any) (CoachingWork, error) {
	g := CoachingWork{Kind: kind}
	var err error
	g.Items, err = queryAll(ctx, t, func(s scanner) (CaseListItem, error) {
		var due dbDate
		it, err := scanCaseListItem(extraScanner{s, []any{&due}})
		it.Work, it.WorkDue = kind, due.t
		return it, err
	}, `SELECT `+caseListColumns+`, w.due`+caseListFrom+`
		JOIN (`+inner+`) w ON w.case_id = c.id
		ORDER BY w.due, c.id LIMIT ?`, append(append([]any{}, args...), WorkGroupSize)...)
	if err != nil {
		return g, err
	}
	if len(g.Items) < WorkGroupSize {
		g.Count = len(g.Items)
		return g, nil
	}
	err = t.queryRow(ctx, `SELECT COUNT(*) FROM (`+inner+`) w`, args...).Scan(&g.Count)
	return g, err
}
