package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"teilhabe"
)

// BookAppointment books (or rebooks) the info appointment or the first
// conversation of a case.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) BookAppointment(ctx context.Context, a teilhabe.Actor, id int64, version int, kind teilhabe.AppointmentKind,
	in teilhabe.Booking) error {
	if !kind.Journey() {
		return teilhabe.ErrNotFound
	}
	if err := in.Validate(db.Today()); err != nil {
		return err
	}
	cmd := command{action: kind.BookAction(), may: teilhabe.CanWorkCase, audit: teilhabe.AuditAppointmentBooked}
	return db.changeCase(ctx, a, id, version, cmd, func(ctx context.Context, ch *change) error {
		ch.detail = string(kind)
		return ch.book(ctx, kind, in)
	})
}

// book reschedules any booked appointment of kind (a rebooking) and books a new
// one, at a location of the case's provider or remotely; the case waits for
// it from now on.
func (ch *change) book(ctx context.Context, kind teilhabe.AppointmentKind, in teilhabe.Booking) error {
	if in.Mode == teilhabe.ModeInPerson {
		loc, err := ch.t.location(ctx, in.LocationID)
		if err != nil || loc.ProviderID != ch.c.ProviderID {
			return teilhabe.Invalid("location", "err.choose")
		}
	} else {
		in.LocationID = 0
	}
	res, err := ch.t.exec(ctx, `UPDATE appointments SET status = ? WHERE case_id = ? AND kind = ? AND status = ?`,
		teilhabe.OutcomeRescheduled, ch.c.ID, kind, teilhabe.OutcomeBooked)
	if err != nil {
		return err
	}
	rebooked, err := res.RowsAffected()
	if err != nil {
		return err
	}
	at := in.NormalTime()
	// A coach who books a journey appointment holds it: it is in their
	// calendar. A lead's booking is in the location's calendar only.
	var staff int64
	if ch.a.Role == teilhabe.RoleCoach {
		staff = ch.a.UserID
	}
	if _, err := ch.t.exec(ctx, `INSERT INTO appointments (case_id, kind, on_date, at_time, mode, location_id, needs, note, status,
		created_at, created_by, staff_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ch.c.ID, kind, date(in.On), at, in.Mode,
		nullID(in.LocationID), joinCodes(in.Needs), strings.TrimSpace(in.Note), teilhabe.OutcomeBooked, ts(ch.t.now),
		nullID(ch.a.UserID), nullID(staff)); err != nil {
		return err
	}
	ch.due = in.On
	ch.event(teilhabe.Event{Kind: kind.BookedEvent(rebooked > 0), On: in.On, Time: at})
	return nil
}

// SetAppointmentOutcome records the outcome of the case's booked
// appointment of kind: held moves the case on; no-show and cancelled send
// it back to booking. An appointment cannot be held before its day.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) SetAppointmentOutcome(ctx context.Context, a teilhabe.Actor, id int64, version int,
	kind teilhabe.AppointmentKind, outcome teilhabe.Outcome) error {
	if !kind.Journey() {
		return teilhabe.ErrNotFound
	}
	if !kind.Accepts(outcome) {
		return teilhabe.Invalid("outcome", "err.choose")
	}
	cmd := command{action: kind.OutcomeAction(outcome), may: teilhabe.CanWorkCase, audit: teilhabe.AppointmentOutcomeAudit(outcome)}
	return db.changeCase(ctx, a, id, version, cmd, func(ctx context.Context, ch *change) error {
		var on dbDate
		var apptID int64
		if err := ch.t.queryRow(ctx, `SELECT id, on_date FROM appointments WHERE case_id = ? AND kind = ? AND status = ?`,
			ch.c.ID, kind, teilhabe.OutcomeBooked).Scan(&apptID, &on); err != nil {
			return fmt.Errorf("booked %s appointment of case %d: %w", kind, ch.c.ID, err)
		}
		if outcome == teilhabe.OutcomeHeld && on.t.After(teilhabe.Today(ch.t.now)) {
			return teilhabe.Invalid("outcome", "err.appointment_in_future")
		}
		if _, err := ch.t.exec(ctx, `UPDATE appointments SET status = ? WHERE id = ?`, outcome, apptID); err != nil {
			return err
		}
		if kind == teilhabe.AppointmentInfo && outcome == teilhabe.OutcomeHeld {
			ch.c.InfoHeldOn = on.t
			ch.set.add("info_held_on", date(on.t))
			y := yearCounts{infoHeld: 1}
			if met, _ := ch.c.InfoDeadlineMet(); met {
				y.infoOnTime = 1
			}
			if err := ch.t.countYear(ctx, ch.c, on.t.Year(), y); err != nil {
				return err
			}
		}
		if outcome == teilhabe.OutcomeHeld {
			ch.contacted(on.t)
			if kind == teilhabe.AppointmentFirst {
				// Coaching begins: the case enters its first phase.
				if err := ch.enterFirstPhase(ctx, on.t); err != nil {
					return err
				}
			}
		}
		ch.event(teilhabe.Event{Kind: kind.OutcomeEvent(outcome), On: on.t})
		ch.detail = string(kind)
		return nil
	})
}

// appointments returns a case's appointments in date order.
func (t *tx) appointments(ctx context.Context, caseID int64) ([]teilhabe.Appointment, error) {
	return t.appointmentsWhere(ctx, "a.case_id = ?", caseID)
}

// appointmentsWhere returns the appointments that match cond, in order of
// day and time.
func (t *tx) appointmentsWhere(ctx context.Context, cond string, args ...any) ([]teilhabe.Appointment, error) {
	return queryAll(ctx, t, func(s scanner) (teilhabe.Appointment, error) {
		var ap teilhabe.Appointment
		var on dbDate
		var needs string
		err := s.Scan(&ap.ID, &ap.CaseID, &ap.Kind, &on, &ap.At, &ap.Minutes, &ap.Mode, &ap.LocationID, &ap.Location, &ap.Address,
			&needs, &ap.Note, &ap.Status, &ap.HeldMinutes, &ap.StaffID, &ap.Staff, &ap.SeriesID, &ap.ModuleID, &ap.Version)
		ap.On, ap.Needs = on.t, splitCodes[teilhabe.Need](needs)
		return ap, err
	}, `SELECT a.id, a.case_id, a.kind, a.on_date, a.at_time, a.minutes, a.mode, COALESCE(a.location_id, 0), COALESCE(l.name, ''),
		a.address, a.needs, a.note, a.status, a.held_minutes, COALESCE(a.staff_id, 0), COALESCE(u.name, ''),
		COALESCE(a.series_id, 0), COALESCE(a.case_module_id, 0), a.version
		FROM appointments a LEFT JOIN locations l ON l.id = a.location_id LEFT JOIN users u ON u.id = a.staff_id
		WHERE `+cond+` ORDER BY a.on_date, a.at_time, a.id`, args...)
}

// FindBookedAt returns the appointments booked at or for location between
// from and to (both included), in the scope of provider staff a, so that a
// coach can see which times are taken. They name no person, so reading
// them is not logged.
func (db *DB) FindBookedAt(ctx context.Context, a teilhabe.Actor, location int64, from, to time.Time) ([]teilhabe.Appointment, error) {
	if !a.Role.IsProviderSide() {
		return nil, teilhabe.ErrNotFound
	}
	scope, args := scopeSQL(a)
	args = append(args, teilhabe.OutcomeBooked, location, location, date(from), date(to))
	var list []teilhabe.Appointment
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = queryAll(ctx, t, func(s scanner) (teilhabe.Appointment, error) {
			var ap teilhabe.Appointment
			var on dbDate
			err := s.Scan(&ap.ID, &ap.Kind, &on, &ap.At, &ap.Mode, &ap.LocationID, &ap.Location)
			ap.On, ap.Status = on.t, teilhabe.OutcomeBooked
			return ap, err
		}, `SELECT a.id, a.kind, a.on_date, a.at_time, a.mode, COALESCE(a.location_id, 0), COALESCE(l.name, '')
			FROM appointments a JOIN cases c ON c.id = a.case_id LEFT JOIN locations l ON l.id = a.location_id
			WHERE `+scope+` AND a.status = ? AND (c.location_id = ? OR a.location_id = ?) AND a.on_date >= ? AND a.on_date <= ?
			ORDER BY a.on_date, a.at_time, a.id`, args...)
		return err
	})
	return list, err
}
