package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"teilhabe"
)

// BookCoaching books an appointment of the coaching year for case id — or,
// with in.Weeks > 1, one a week, each its own appointment of one series.
// An appointment that overlaps another booked one of the same coach is
// refused with a problem on "at" unless confirmOverlap is set: the coach
// saw the warning and books it anyway. It returns the ids of the
// appointments, in order of day.
// Who: provider staff of the case (teilhabe.CanWorkCase), while coaching
// runs. Errors: see the package documentation.
func (db *DB) BookCoaching(ctx context.Context, a teilhabe.Actor, id int64, in teilhabe.CoachingBooking, confirmOverlap bool) ([]int64, error) {
	if err := in.Validate(db.Today()); err != nil {
		return nil, err
	}
	var ids []int64
	cmd := command{may: teilhabe.CanWorkCase, audit: teilhabe.AuditAppointmentBooked, adds: true}
	err := db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		if ch.c.Stage != teilhabe.StageActive {
			return teilhabe.Conflict("journey.not_in_coaching")
		}
		if err := ch.checkPlace(ctx, &in); err != nil {
			return err
		}
		if in.ModuleID != 0 {
			if _, err := ch.t.sessionModule(ctx, ch.c.ID, in.ModuleID); err != nil {
				return err
			}
		}
		staff, err := ch.t.holder(ctx, ch.c, in.StaffID, ch.a)
		if err != nil {
			return err
		}
		at := in.NormalTime()
		if !confirmOverlap {
			if err := ch.t.refuseOverlaps(ctx, staff, in.Dates(), at, in.Minutes); err != nil {
				return err
			}
		}
		var series int64
		for i, on := range in.Dates() {
			apID, err := ch.t.insert(ctx, `INSERT INTO appointments (case_id, kind, on_date, at_time, minutes, mode, location_id,
				address, needs, note, status, created_at, created_by, staff_id, series_id, case_module_id)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ch.c.ID, in.Kind, date(on), at, in.Minutes, in.Mode,
				nullID(in.LocationID), strings.TrimSpace(in.Address), joinCodes(in.Needs), strings.TrimSpace(in.Note),
				teilhabe.OutcomeBooked, ts(ch.t.now), nullID(ch.a.UserID), nullID(staff), nullID(series), nullID(in.ModuleID))
			if err != nil {
				return err
			}
			ids = append(ids, apID)
			if i == 0 && in.Weeks > 1 {
				series = apID
				if _, err := ch.t.exec(ctx, `UPDATE appointments SET series_id = ? WHERE id = ?`, apID, apID); err != nil {
					return err
				}
			}
		}
		e := teilhabe.Event{Kind: teilhabe.EventAppointmentBooked, Codes: []string{string(in.Kind)}, On: in.On, Time: at}
		if in.Weeks > 1 {
			e.Until = in.Last()
		}
		ch.event(e)
		ch.detail = string(in.Kind)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// checkPlace checks where a coaching appointment takes place: at a
// location of the case's provider, at an address, or remotely; it clears
// what the mode does not use.
func (ch *change) checkPlace(ctx context.Context, in *teilhabe.CoachingBooking) error {
	if in.Mode == teilhabe.ModeInPerson {
		loc, err := ch.t.location(ctx, in.LocationID)
		if err != nil || loc.ProviderID != ch.c.ProviderID {
			return teilhabe.Invalid("location", "err.choose")
		}
	} else {
		in.LocationID = 0
	}
	if !in.Mode.AtAddress() {
		in.Address = ""
	}
	return nil
}

// holder is the coach who holds an appointment of case c: staffID if it
// names an active coach at the case's location or a lead of its provider,
// else (0) the booking user if a coach.
func (t *tx) holder(ctx context.Context, c teilhabe.Case, staffID int64, a teilhabe.Actor) (int64, error) {
	if staffID == 0 {
		if a.Role == teilhabe.RoleCoach {
			return a.UserID, nil
		}
		return 0, teilhabe.Invalid("staff", "err.choose")
	}
	u, err := t.userByID(ctx, staffID)
	if err != nil || !u.Active || !holds(u, c) {
		return 0, teilhabe.Invalid("staff", "err.choose")
	}
	return u.ID, nil
}

// holds reports whether u may hold an appointment of case c.
func holds(u teilhabe.User, c teilhabe.Case) bool {
	return u.Role == teilhabe.RoleCoach && u.LocationID == c.LocationID ||
		u.Role == teilhabe.RoleProviderLead && u.OrgID == c.ProviderID
}

// FindHolders lists the staff who may hold appointments of case c, for the
// booking form: the active coaches of its location and the leads of its
// provider, by name. Names of colleagues are no personal data of a
// participant, so reading them is not logged.
func (db *DB) FindHolders(ctx context.Context, a teilhabe.Actor, c teilhabe.Case) ([]teilhabe.User, error) {
	if !a.Role.IsProviderSide() || a.OrgID != c.ProviderID {
		return nil, teilhabe.ErrNotFound
	}
	var list []teilhabe.User
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = queryAll(ctx, t, scanUser, `SELECT `+userColumns+userFrom+`
			WHERE u.active = 1 AND (u.role = ? AND u.location_id = ? OR u.role = ? AND u.organisation_id = ?) ORDER BY u.name, u.id`,
			teilhabe.RoleCoach, c.LocationID, teilhabe.RoleProviderLead, c.ProviderID)
		return err
	})
	return list, err
}

// refuseOverlaps refuses booking appointments at at for minutes on days
// for coach staff if one overlaps another of theirs that is booked; the
// problem names the day and time of each.
func (t *tx) refuseOverlaps(ctx context.Context, staff int64, days []time.Time, at string, minutes int) error {
	if staff == 0 {
		return nil
	}
	var clashes []string
	for _, on := range days {
		list, err := t.overlaps(ctx, staff, on, at, minutes, 0)
		if err != nil {
			return err
		}
		for _, ap := range list {
			clashes = append(clashes, teilhabe.FormatDate(ap.On)+" "+ap.At+"–"+teilhabe.EndTime(ap.At, ap.Minutes))
		}
	}
	if len(clashes) > 0 {
		return teilhabe.Invalid("at", "err.overlap", strings.Join(clashes, ", "))
	}
	return nil
}

// overlaps returns the booked appointments of coach staff on day on that
// overlap one at at for minutes, other than appointment except: their id,
// case, kind, day, time and duration only.
func (t *tx) overlaps(ctx context.Context, staff int64, on time.Time, at string, minutes int, except int64) ([]teilhabe.Appointment, error) {
	list, err := queryAll(ctx, t, func(s scanner) (teilhabe.Appointment, error) {
		var ap teilhabe.Appointment
		err := s.Scan(&ap.ID, &ap.CaseID, &ap.Kind, &ap.At, &ap.Minutes)
		ap.On, ap.Status = on, teilhabe.OutcomeBooked
		return ap, err
	}, `SELECT id, case_id, kind, at_time, minutes FROM appointments
		WHERE staff_id = ? AND on_date = ? AND status = ? AND id <> ? ORDER BY at_time, id`,
		staff, date(on), teilhabe.OutcomeBooked, except)
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, ap := range list {
		if teilhabe.Overlaps(at, minutes, ap.At, ap.Minutes) {
			out = append(out, ap)
		}
	}
	return out, nil
}

// RecordCoachingOutcome records whether appointment apID of case caseID,
// one of the coaching year, was held (and for how long), missed, or
// cancelled, or moves it to another day and time (teilhabe.OutcomeRescheduled:
// the appointment is kept as moved and a new one is booked). version is the
// appointment's. A no-show marks its day unexcused unless a type is
// recorded for it; when the unexcused no-shows in a row reach the
// programme's number, the sponsor gets a notice in the same transaction.
// An outcome may be corrected until the month's attendance is sent.
// Who: provider staff of the case (teilhabe.CanWorkCase).
func (db *DB) RecordCoachingOutcome(ctx context.Context, a teilhabe.Actor, caseID, apID int64, version int,
	in teilhabe.CoachingOutcome) error {
	cmd := command{may: teilhabe.CanWorkCase, audit: teilhabe.AppointmentOutcomeAudit(in.Outcome), adds: true}
	if in.Outcome == teilhabe.OutcomeRescheduled {
		cmd.audit = teilhabe.AuditAppointmentBooked
	}
	if cmd.audit == "" {
		cmd.audit = teilhabe.AuditAppointmentBooked // refused by Validate below
	}
	return db.changeCase(ctx, a, caseID, 0, cmd, func(ctx context.Context, ch *change) error {
		ap, err := ch.t.appointment(ctx, ch.c.ID, apID)
		if err != nil {
			return err
		}
		if ap.Kind.Journey() {
			return teilhabe.ErrNotFound // the journey's appointments have their own steps
		}
		if ap.Version != version {
			return teilhabe.ErrStale
		}
		if ch.c.Stage.Closed() {
			return teilhabe.Conflict("journey.step_not_open")
		}
		if err := in.Validate(ap, teilhabe.Today(ch.t.now)); err != nil {
			return err
		}
		if err := ch.t.refuseSentMonth(ctx, ch.c.ID, ap.On); err != nil {
			return err
		}
		ch.detail = string(ap.Kind)
		if in.Outcome == teilhabe.OutcomeRescheduled {
			return ch.move(ctx, ap, in)
		}
		res, err := ch.t.exec(ctx, `UPDATE appointments SET status = ?, held_minutes = ?, note = ?, version = version + 1
			WHERE id = ? AND version = ?`, in.Outcome, heldMinutes(in), appointmentNote(ap, in), ap.ID, ap.Version)
		if err := checkVersion(res, err); err != nil {
			return err
		}
		if err := ch.t.markNoShowDay(ctx, ch, ap, in.Outcome); err != nil {
			return err
		}
		if in.Outcome == teilhabe.OutcomeHeld || ap.Status == teilhabe.OutcomeHeld {
			// A held appointment is a contact; a corrected one may not be.
			if err := ch.t.recountLastContact(ctx, ch.c.ID); err != nil {
				return err
			}
		}
		ch.event(teilhabe.Event{Kind: outcomeEvent(in.Outcome), Codes: []string{string(ap.Kind)}, On: ap.On})
		if in.Outcome == teilhabe.OutcomeNoShow {
			return ch.noticeNoShows(ctx, ap)
		}
		return nil
	})
}

func heldMinutes(in teilhabe.CoachingOutcome) int {
	if in.Outcome == teilhabe.OutcomeHeld {
		return in.HeldMinutes
	}
	return 0
}

// appointmentNote keeps the booking's note unless the outcome brings one.
func appointmentNote(ap teilhabe.Appointment, in teilhabe.CoachingOutcome) string {
	if note := strings.TrimSpace(in.Note); note != "" {
		return note
	}
	return ap.Note
}

// outcomeEvent is the timeline event of a coaching appointment's outcome.
func outcomeEvent(o teilhabe.Outcome) teilhabe.EventKind {
	switch o {
	case teilhabe.OutcomeHeld:
		return teilhabe.EventAppointmentHeld
	case teilhabe.OutcomeNoShow:
		return teilhabe.EventAppointmentNoShow
	}
	return teilhabe.EventAppointmentCancelled
}

// move keeps appointment ap as moved and books it again on the outcome's
// new day and time, with everything else as it was.
func (ch *change) move(ctx context.Context, ap teilhabe.Appointment, in teilhabe.CoachingOutcome) error {
	if ap.Status != teilhabe.OutcomeBooked {
		return teilhabe.Invalid("outcome", "err.choose")
	}
	at := teilhabe.Booking{At: in.NewAt}.NormalTime()
	if !in.ConfirmOverlap {
		if err := ch.t.refuseOverlaps(ctx, ap.StaffID, []time.Time{in.NewOn}, at, ap.Minutes); err != nil {
			return err
		}
	}
	res, err := ch.t.exec(ctx, `UPDATE appointments SET status = ?, version = version + 1 WHERE id = ? AND version = ?`,
		teilhabe.OutcomeRescheduled, ap.ID, ap.Version)
	if err := checkVersion(res, err); err != nil {
		return err
	}
	if _, err := ch.t.exec(ctx, `INSERT INTO appointments (case_id, kind, on_date, at_time, minutes, mode, location_id,
		address, needs, note, status, created_at, created_by, staff_id, series_id, case_module_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ch.c.ID, ap.Kind, date(in.NewOn), at, ap.Minutes, ap.Mode,
		nullID(ap.LocationID), ap.Address, joinCodes(ap.Needs), appointmentNote(ap, in), teilhabe.OutcomeBooked,
		ts(ch.t.now), nullID(ch.a.UserID), nullID(ap.StaffID), nullID(ap.SeriesID), nullID(ap.ModuleID)); err != nil {
		return err
	}
	ch.event(teilhabe.Event{Kind: teilhabe.EventAppointmentBooked, Codes: []string{string(ap.Kind)}, On: in.NewOn, Time: at})
	return nil
}

// appointment returns appointment apID of case caseID, else
// teilhabe.ErrNotFound.
func (t *tx) appointment(ctx context.Context, caseID, apID int64) (teilhabe.Appointment, error) {
	list, err := t.appointmentsWhere(ctx, "a.case_id = ? AND a.id = ?", caseID, apID)
	if err != nil {
		return teilhabe.Appointment{}, err
	}
	if len(list) == 0 {
		return teilhabe.Appointment{}, teilhabe.ErrNotFound
	}
	return list[0], nil
}

// markNoShowDay records a no-show's day as unexcused, unless a type is
// recorded for it, and takes that mark back when a corrected outcome is no
// longer a no-show and no other no-show falls on the day.
func (t *tx) markNoShowDay(ctx context.Context, ch *change, ap teilhabe.Appointment, o teilhabe.Outcome) error {
	if o == teilhabe.OutcomeNoShow {
		_, err := t.exec(ctx, `INSERT INTO attendance_days (case_id, on_date, day_type, auto, created_at, created_by)
			VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (case_id, on_date) DO NOTHING`,
			ap.CaseID, date(ap.On), teilhabe.DayUnexcused, ts(t.now), nullID(ch.a.UserID))
		return err
	}
	if ap.Status != teilhabe.OutcomeNoShow {
		return nil
	}
	_, err := t.exec(ctx, `DELETE FROM attendance_days WHERE case_id = ? AND on_date = ? AND auto = 1
		AND NOT EXISTS (SELECT 1 FROM appointments WHERE case_id = ? AND on_date = ? AND status = ?)`,
		ap.CaseID, date(ap.On), ap.CaseID, date(ap.On), teilhabe.OutcomeNoShow)
	return err
}

// noticeNoShows sends the sponsor a notice when the no-show at ap makes the
// unexcused no-shows in a row reach the programme's number — once per run:
// the next one is counted again from a held appointment on.
func (ch *change) noticeNoShows(ctx context.Context, ap teilhabe.Appointment) error {
	if ch.c.SponsorID == 0 {
		return nil
	}
	var notice int
	if err := ch.t.queryRow(ctx, `SELECT no_show_notice FROM programmes WHERE id = ?`, ch.c.ProgrammeID).Scan(&notice); err != nil {
		return err
	}
	appts, err := ch.t.appointments(ctx, ch.c.ID)
	if err != nil {
		return err
	}
	recorded, err := ch.t.recordedDays(ctx, ch.c.ID, time.Time{}, time.Time{})
	if err != nil {
		return err
	}
	for i := range appts {
		if appts[i].ID == ap.ID {
			appts[i].Status = teilhabe.OutcomeNoShow
		}
	}
	n := teilhabe.UnexcusedStreak(appts, recorded)
	if n != notice {
		return nil
	}
	var missed []time.Time
	for _, x := range appts {
		if x.Status == teilhabe.OutcomeNoShow {
			missed = append(missed, x.On)
		}
	}
	missed = missed[max(len(missed)-n, 0):]
	// A corrected outcome can reach the number again within one run: the
	// sponsor has the notice already.
	var sent int
	if err := ch.t.queryRow(ctx, `SELECT COUNT(*) FROM messages WHERE case_id = ? AND kind = ? AND on_date >= ?`,
		ch.c.ID, teilhabe.MsgNoShowNotice, date(missed[0])).Scan(&sent); err != nil || sent > 0 {
		return err
	}
	dates := make([]string, len(missed))
	for i, on := range missed {
		dates[i] = teilhabe.FormatDate(on)
	}
	if err := ch.t.send(ctx, ch.a, ch.c, teilhabe.Message{Kind: teilhabe.MsgNoShowNotice, Awaiting: teilhabe.SideNone,
		Status: teilhabe.StatusAccepted, On: ap.On, Note: strings.Join(dates, ", ")}); err != nil {
		return err
	}
	ch.event(teilhabe.Event{Kind: teilhabe.EventNoShowNotice, Text: strings.Join(dates, ", ")})
	return nil
}

// recordedDays returns the day types recorded for case caseID, from from
// to until (both included; zero for no bound).
func (t *tx) recordedDays(ctx context.Context, caseID int64, from, until time.Time) (map[time.Time]teilhabe.RecordedDay, error) {
	q, args := `SELECT on_date, day_type, auto, note FROM attendance_days WHERE case_id = ?`, []any{caseID}
	if !from.IsZero() {
		q, args = q+` AND on_date >= ? AND on_date <= ?`, append(args, date(from), date(until))
	}
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[time.Time]teilhabe.RecordedDay{}
	for rows.Next() {
		var on dbDate
		var r teilhabe.RecordedDay
		var auto int
		if err := rows.Scan(&on, &r.Type, &auto, &r.Note); err != nil {
			return nil, err
		}
		r.Auto = auto == 1
		out[on.t] = r
	}
	return out, rows.Err()
}

// refuseSentMonth refuses a change to day on of case caseID once the
// month's attendance message is sent: it is not changeable after sending.
func (t *tx) refuseSentMonth(ctx context.Context, caseID int64, on time.Time) error {
	var one int
	err := t.queryRow(ctx, `SELECT 1 FROM attendance_reports WHERE case_id = ? AND month = ?`, caseID,
		date(teilhabe.MonthOf(on))).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	return teilhabe.Conflict("attendance.month_sent", teilhabe.MonthOf(on))
}
