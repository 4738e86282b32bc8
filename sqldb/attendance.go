package sqldb

import (
	"context"
	"errors"
	"strings"
	"time"

	"teilhabe"
)

// RecordAbsence records one day type for each day of an absence of case
// id — a sick note's days, a holiday — replacing what was recorded for
// those days. Days of a month whose attendance is sent cannot change.
// Who: provider staff of the case (teilhabe.CanWorkCase), from the start
// of the assignment.
func (db *DB) RecordAbsence(ctx context.Context, a teilhabe.Actor, id int64, in teilhabe.Absence) error {
	if err := in.Validate(db.Today()); err != nil {
		return err
	}
	cmd := command{may: teilhabe.CanWorkCase, audit: teilhabe.AuditAbsenceRecorded, adds: true}
	return db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		if ch.c.Stage != teilhabe.StageActive {
			return teilhabe.Conflict("journey.not_in_coaching")
		}
		if err := in.CheckCase(ch.c); err != nil {
			return err
		}
		for m := teilhabe.MonthOf(in.From); !m.After(in.Until); m = m.AddDate(0, 1, 0) {
			if err := ch.t.refuseSentMonth(ctx, ch.c.ID, m); err != nil {
				return err
			}
		}
		if _, err := ch.t.exec(ctx, `DELETE FROM attendance_days WHERE case_id = ? AND on_date >= ? AND on_date <= ?`,
			ch.c.ID, date(in.From), date(in.Until)); err != nil {
			return err
		}
		note := strings.TrimSpace(in.Note)
		for _, on := range in.Days() {
			if _, err := ch.t.exec(ctx, `INSERT INTO attendance_days (case_id, on_date, day_type, auto, note, created_at, created_by)
				VALUES (?, ?, ?, 0, ?, ?, ?)`, ch.c.ID, date(on), in.Type, note, ts(ch.t.now), nullID(ch.a.UserID)); err != nil {
				return err
			}
		}
		ch.event(teilhabe.Event{Kind: teilhabe.EventAbsenceRecorded, Codes: []string{string(in.Type)}, On: in.From, Until: in.Until})
		ch.detail = string(in.Type)
		return nil
	})
}

// Attendance is the attendance message of one case and month: as sent,
// or, before it is sent, as the system prepares it from the appointments
// and the recorded days.
type Attendance struct {
	Case   teilhabe.Case
	Month  time.Time
	Days   []teilhabe.AttendanceDay
	Totals teilhabe.AttendanceTotals
	// Sent is when the message went to the sponsor; zero while a draft.
	Sent   time.Time
	SentBy string
	// Open is whether the month is over, so that it can be sent.
	Open bool
	Due  time.Time
}

// AttendanceMonth is where one month's attendance message stands.
type AttendanceMonth struct {
	Month time.Time
	Due   time.Time
	Sent  time.Time
	// Open is whether the month is over.
	Open bool
}

// Overdue reports whether the month's message should have been sent by today.
func (m AttendanceMonth) Overdue(today time.Time) bool { return m.Sent.IsZero() && today.After(m.Due) }

// FindAttendance returns case id's attendance message of month. The
// sponsor's caseworker sees sent messages only; a draft is the provider's
// to check. The view is written to the audit log.
func (db *DB) FindAttendance(ctx context.Context, a teilhabe.Actor, id int64, month time.Time) (Attendance, error) {
	at := Attendance{Month: teilhabe.MonthOf(month), Due: teilhabe.AttendanceDue(month)}
	today := db.Today()
	err := db.read(ctx, func(t *tx) error {
		var err error
		if at.Case, err = t.caseInScope(ctx, a, id); err != nil {
			return err
		}
		if !attendanceMonthOf(at.Case, at.Month, today) {
			return teilhabe.ErrNotFound
		}
		at.Open = teilhabe.AttendanceOpen(at.Month, today)
		sent, err := t.sentAttendance(ctx, &at)
		if err != nil || sent {
			return err
		}
		if !a.Role.IsProviderSide() {
			return teilhabe.ErrNotFound
		}
		appts, err := t.appointments(ctx, id)
		if err != nil {
			return err
		}
		recorded, err := t.recordedDays(ctx, id, at.Month, at.Month.AddDate(0, 1, -1))
		if err != nil {
			return err
		}
		at.Days, at.Totals = teilhabe.ComposeAttendance(at.Month, appts, recorded)
		return nil
	})
	if err != nil {
		return Attendance{}, err
	}
	return at, db.logRead(ctx, a, caseAudit(teilhabe.AuditAttendanceViewed, at.Case, teilhabe.FormatMonth(at.Month)))
}

// attendanceMonthOf reports whether month is one of case c's attendance
// months: from the assignment's start to its end, and not after today.
func attendanceMonthOf(c teilhabe.Case, month, today time.Time) bool {
	if c.AssignmentStart.IsZero() || month.Before(teilhabe.MonthOf(c.AssignmentStart)) || month.After(today) {
		return false
	}
	return c.AssignmentEnd.IsZero() || !month.After(c.AssignmentEnd)
}

// sentAttendance fills in at from its sent message, if there is one.
func (t *tx) sentAttendance(ctx context.Context, at *Attendance) (bool, error) {
	var reportID int64
	var sent dbTime
	tot := &at.Totals
	err := t.queryRow(ctx, `SELECT r.id, r.held, r.held_minutes, r.no_show, r.cancelled_participant, r.cancelled_provider,
		r.sent_at, COALESCE(u.name, '') FROM attendance_reports r LEFT JOIN users u ON u.id = r.sent_by
		WHERE r.case_id = ? AND r.month = ?`, at.Case.ID, date(at.Month)).Scan(&reportID, &tot.Held, &tot.HeldMinutes,
		&tot.NoShow, &tot.CancelledParticipant, &tot.CancelledProvider, &sent, &at.SentBy)
	if err := notFound(err); err != nil {
		if errors.Is(err, teilhabe.ErrNotFound) {
			return false, nil
		}
		return false, err
	}
	at.Sent = sent.t
	tot.Days = map[teilhabe.DayType]int{}
	at.Days, err = queryAll(ctx, t, func(s scanner) (teilhabe.AttendanceDay, error) {
		var d teilhabe.AttendanceDay
		var on dbDate
		err := s.Scan(&on, &d.Type, &d.Held, &d.HeldMins, &d.NoShow, &d.Cancelled, &d.Note)
		d.On = on.t
		if d.Type != "" {
			tot.Days[d.Type]++
		}
		return d, err
	}, `SELECT on_date, day_type, held, held_minutes, no_show, cancelled, note FROM attendance_report_days
		WHERE report_id = ? ORDER BY on_date`, reportID)
	return true, err
}

// SendAttendance sends case id's attendance message of month to the
// sponsor, as the system prepared it from the appointments and the
// recorded days: from the 1st of the following month on, once, and
// unchangeable from then on.
// Who: provider staff of the case (teilhabe.CanWorkCase).
func (db *DB) SendAttendance(ctx context.Context, a teilhabe.Actor, id int64, month time.Time) error {
	month = teilhabe.MonthOf(month)
	cmd := command{may: teilhabe.CanWorkCase, audit: teilhabe.AuditAttendanceSent, adds: true}
	return db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		today := teilhabe.Today(ch.t.now)
		if !attendanceMonthOf(ch.c, month, today) {
			return teilhabe.ErrNotFound
		}
		if !teilhabe.AttendanceOpen(month, today) {
			return teilhabe.Conflict("attendance.not_over", month)
		}
		if err := ch.t.refuseSentMonth(ctx, ch.c.ID, month); err != nil {
			return err
		}
		appts, err := ch.t.appointments(ctx, ch.c.ID)
		if err != nil {
			return err
		}
		recorded, err := ch.t.recordedDays(ctx, ch.c.ID, month, month.AddDate(0, 1, -1))
		if err != nil {
			return err
		}
		days, tot := teilhabe.ComposeAttendance(month, appts, recorded)
		reportID, err := ch.t.insert(ctx, `INSERT INTO attendance_reports (case_id, month, held, held_minutes, no_show,
			cancelled_participant, cancelled_provider, sent_at, sent_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			ch.c.ID, date(month), tot.Held, tot.HeldMinutes, tot.NoShow, tot.CancelledParticipant, tot.CancelledProvider,
			ts(ch.t.now), nullID(ch.a.UserID))
		if err != nil {
			return err
		}
		for _, d := range days {
			if _, err := ch.t.exec(ctx, `INSERT INTO attendance_report_days (report_id, on_date, day_type, held, held_minutes,
				no_show, cancelled, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, reportID, date(d.On), d.Type, d.Held, d.HeldMins,
				d.NoShow, d.Cancelled, d.Note); err != nil {
				return err
			}
		}
		if ch.c.SponsorID != 0 {
			if err := ch.t.send(ctx, ch.a, ch.c, teilhabe.Message{Kind: teilhabe.MsgAttendance, Awaiting: teilhabe.SideNone,
				Status: teilhabe.StatusAccepted, On: month}); err != nil {
				return err
			}
		}
		ch.event(teilhabe.Event{Kind: teilhabe.EventAttendanceSent, Text: month.Format("01/2006")})
		ch.detail = teilhabe.FormatMonth(month)
		return nil
	})
}

// attendanceMonths lists case c's attendance months up to today's, the
// latest first, with where each stands.
func (t *tx) attendanceMonths(ctx context.Context, c teilhabe.Case, today time.Time) ([]AttendanceMonth, error) {
	if c.AssignmentStart.IsZero() {
		return nil, nil
	}
	sent := map[time.Time]time.Time{}
	rows, err := t.query(ctx, `SELECT month, sent_at FROM attendance_reports WHERE case_id = ?`, c.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m dbDate
		var at dbTime
		if err := rows.Scan(&m, &at); err != nil {
			return nil, err
		}
		sent[m.t] = at.t
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	start := teilhabe.MonthOf(today)
	if !c.AssignmentEnd.IsZero() && start.After(c.AssignmentEnd) {
		start = teilhabe.MonthOf(c.AssignmentEnd)
	}
	var out []AttendanceMonth
	for m := start; attendanceMonthOf(c, m, today); m = m.AddDate(0, -1, 0) {
		out = append(out, AttendanceMonth{Month: m, Due: teilhabe.AttendanceDue(m), Sent: sent[m],
			Open: teilhabe.AttendanceOpen(m, today)})
	}
	return out, nil
}
