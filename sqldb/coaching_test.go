package sqldb

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"teilhabe"
)

// inCoaching walks a new case at locA1 to coaching: assigned by the
// Agentur from today for a year, the first conversation held today.
func (f *fixture) inCoaching(coach teilhabe.Actor, p teilhabe.Person) int64 {
	f.t.Helper()
	id := f.contact(coach, p)
	f.toContractSigned(coach, id, f.locA1, f.agentur)
	if _, err := f.db.RequestAssignment(f.ctx, coach, id, f.version(coach, id), teilhabe.AssignmentRequest{}); err != nil {
		f.t.Fatalf("RequestAssignment: %v", err)
	}
	cw := f.actor("cw.aa")
	if err := f.db.Assign(f.ctx, cw, id, f.version(cw, id), teilhabe.Assignment{Start: testToday, End: testToday.AddDate(1, 0, -1)}); err != nil {
		f.t.Fatalf("Assign: %v", err)
	}
	if err := f.db.BookAppointment(f.ctx, coach, id, f.version(coach, id), "first", teilhabe.Booking{On: testToday, At: "09:00", Mode: "remote"}); err != nil {
		f.t.Fatalf("BookAppointment first: %v", err)
	}
	if err := f.db.SetAppointmentOutcome(f.ctx, coach, id, f.version(coach, id), "first", "held"); err != nil {
		f.t.Fatalf("first held: %v", err)
	}
	f.wantStage(id, teilhabe.StageActive)
	return id
}

// coachingBooking is a weekly coaching session at locA1.
func (f *fixture) coachingBooking(on time.Time, at string, weeks int) teilhabe.CoachingBooking {
	return teilhabe.CoachingBooking{Kind: teilhabe.AppointmentCoaching, Booking: teilhabe.Booking{On: on, At: at,
		Mode: teilhabe.ModeInPerson, LocationID: f.locA1}, Minutes: 60, Weeks: weeks}
}

// coachingAppointments returns the case's appointments of the coaching year.
func coachingAppointments(t *testing.T, db *DB, a teilhabe.Actor, id int64) []teilhabe.Appointment {
	t.Helper()
	d, err := db.FindCaseByID(context.Background(), a, id)
	must(t, err)
	var out []teilhabe.Appointment
	for _, ap := range d.Appointments {
		if !ap.Kind.Journey() {
			out = append(out, ap)
		}
	}
	return out
}

func TestBookCoaching(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.inCoaching(coach, person("Clara", "Coaching"))
		audits := auditCount(t, db, string(teilhabe.AuditAppointmentBooked), id)

		// Weekly for four weeks: four appointments of one series, one audit entry.
		must(t, bookErr(db, ctx, coach, id, f.coachingBooking(days(1), "9:30", 4), false))
		list := coachingAppointments(t, db, coach, id)
		if len(list) != 4 {
			t.Fatalf("%d appointments, want 4", len(list))
		}
		for i, ap := range list {
			if !ap.On.Equal(days(1+7*i)) || ap.At != "09:30" || ap.Minutes != 60 || ap.StaffID != coach.UserID ||
				ap.SeriesID != list[0].ID || ap.Status != teilhabe.OutcomeBooked {
				t.Errorf("appointment %d = %+v, want day %v 09:30, 60 min, held by the coach, series %d", i, ap, days(1+7*i), list[0].ID)
			}
		}
		if n := auditCount(t, db, string(teilhabe.AuditAppointmentBooked), id); n != audits+1 {
			t.Errorf("%d booking audit entries, want %d", n, audits+1)
		}

		// Overlapping the coach's own appointment: refused with the time it
		// overlaps, nothing saved; booked anyway once confirmed.
		other := f.inCoaching(coach, person("Otto", "Overlap"))
		err := bookErr(db, ctx, coach, other, f.coachingBooking(days(8), "10:00", 1), false)
		wantInvalid(t, err, "at", "err.overlap")
		if n := len(coachingAppointments(t, db, coach, other)); n != 0 {
			t.Fatalf("a refused booking saved %d appointments", n)
		}
		must(t, bookErr(db, ctx, coach, other, f.coachingBooking(days(8), "10:00", 1), true))
		// Back to back is no overlap.
		must(t, bookErr(db, ctx, coach, other, f.coachingBooking(days(15), "10:30", 1), false))

		// A home visit keeps its address; a phone call has no place.
		visit := f.coachingBooking(days(2), "14:00", 1)
		visit.Kind, visit.Mode, visit.Address = teilhabe.AppointmentAccompaniedVisit, teilhabe.ModeHomeVisit, " Moselstraße 3, Trier "
		must(t, bookErr(db, ctx, coach, other, visit, false))
		phone := f.coachingBooking(days(3), "8:00", 1)
		phone.Mode, phone.Address = teilhabe.ModePhone, "left over"
		must(t, bookErr(db, ctx, coach, other, phone, false))
		got := coachingAppointments(t, db, coach, other)
		if got[0].Address != "Moselstraße 3, Trier" || got[0].LocationID != 0 || got[1].Address != "" || got[1].LocationID != 0 {
			t.Errorf("places: visit %q at %d, phone %q at %d", got[0].Address, got[0].LocationID, got[1].Address, got[1].LocationID)
		}

		// Refusals.
		wantErr(t, bookErr(db, ctx, f.actor("coach.b"), id, f.coachingBooking(days(1), "12:00", 1), false), teilhabe.ErrNotFound)
		wantErr(t, bookErr(db, ctx, f.actor("cw.aa"), id, f.coachingBooking(days(1), "12:00", 1), false), teilhabe.ErrForbidden)
		elsewhere := f.coachingBooking(days(1), "12:00", 1)
		elsewhere.LocationID = f.locB
		wantInvalid(t, bookErr(db, ctx, coach, id, elsewhere, false), "location", "err.choose")
		foreign := f.coachingBooking(days(1), "12:00", 1)
		foreign.StaffID = f.actor("coach.a2").UserID // a coach of another location
		wantInvalid(t, bookErr(db, ctx, coach, id, foreign, false), "staff", "err.choose")
		lead := f.actor("lead.a")
		byLead := f.coachingBooking(days(1), "12:00", 1)
		wantInvalid(t, bookErr(db, ctx, lead, id, byLead, false), "staff", "err.choose")
		byLead.StaffID = coach.UserID
		must(t, bookErr(db, ctx, lead, id, byLead, false))
		early := f.contact(coach, person("Egon", "Early"))
		wantConflict(t, bookErr(db, ctx, coach, early, f.coachingBooking(days(1), "12:00", 1), false), "journey.not_in_coaching")

		holders, err := db.FindHolders(ctx, coach, f.load(coach, id))
		must(t, err)
		var names []string
		for _, u := range holders {
			names = append(names, u.Username)
		}
		if len(names) != 2 || names[0] != "coach.a1" || names[1] != "lead.a" {
			t.Errorf("holders = %v, want coach.a1 and lead.a", names)
		}
	})
}

func TestCoachingOutcomes(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.inCoaching(coach, person("Nora", "Noshow"))
		must(t, bookErr(db, ctx, coach, id, f.coachingBooking(days(1), "9:00", 3), false))
		list := coachingAppointments(t, db, coach, id)
		later := onDay(db, days(20))

		// Not before its day; then held for 45 minutes.
		wantInvalid(t, db.RecordCoachingOutcome(ctx, coach, id, list[0].ID, 1,
			teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeHeld, HeldMinutes: 45}), "outcome", "err.appointment_in_future")
		must(t, later.RecordCoachingOutcome(ctx, coach, id, list[0].ID, 1, teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeHeld, HeldMinutes: 45}))
		wantErr(t, later.RecordCoachingOutcome(ctx, coach, id, list[0].ID, 1, teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeHeld, HeldMinutes: 50}),
			teilhabe.ErrStale)

		// Two unexcused no-shows in a row (the programme's default): the
		// second sends the sponsor a notice, in the same transaction.
		notices := func() int {
			return count(t, db, `SELECT COUNT(*) FROM messages WHERE case_id = ? AND kind = ?`, id, teilhabe.MsgNoShowNotice)
		}
		must(t, later.RecordCoachingOutcome(ctx, coach, id, list[1].ID, 1, teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeNoShow}))
		if n := notices(); n != 0 {
			t.Fatalf("%d notices after one no-show, want 0", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM attendance_days WHERE case_id = ? AND day_type = ? AND auto = 1`, id, teilhabe.DayUnexcused); n != 1 {
			t.Errorf("%d unexcused days after a no-show, want 1", n)
		}
		must(t, later.RecordCoachingOutcome(ctx, coach, id, list[2].ID, 1, teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeNoShow}))
		if n := notices(); n != 1 {
			t.Fatalf("%d notices after two no-shows, want 1", n)
		}
		// Corrected back and forth, the run reaches two again: no second notice.
		must(t, later.RecordCoachingOutcome(ctx, coach, id, list[2].ID, 2, teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeCancelledByParticipant}))
		if n := count(t, db, `SELECT COUNT(*) FROM attendance_days WHERE case_id = ? AND on_date = ?`, id, date(list[2].On)); n != 0 {
			t.Errorf("the no-show's unexcused day stayed after the correction")
		}
		must(t, later.RecordCoachingOutcome(ctx, coach, id, list[2].ID, 3, teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeNoShow}))
		if n := notices(); n != 1 {
			t.Errorf("%d notices after a corrected outcome, want still 1", n)
		}
		if n := auditCount(t, db, string(teilhabe.AuditAppointmentNoShow), id); n != 3 {
			t.Errorf("%d no-show audit entries, want 3 (one per action)", n)
		}

		// A sick note for the day excuses it: a later no-show starts a new run.
		must(t, later.RecordAbsence(ctx, coach, id, teilhabe.Absence{Type: teilhabe.DaySickFirst, From: list[2].On, Until: list[2].On}))
		must(t, bookErr(later, ctx, coach, id, f.coachingBooking(days(19), "9:00", 1), false))
		next := coachingAppointments(t, db, coach, id)
		must(t, later.RecordCoachingOutcome(ctx, coach, id, next[len(next)-1].ID, 1, teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeNoShow}))
		if n := notices(); n != 1 {
			t.Errorf("%d notices after an excused and an unexcused no-show, want 1", n)
		}

		// Moving an appointment keeps it as moved and books it again.
		must(t, bookErr(later, ctx, coach, id, f.coachingBooking(days(22), "9:00", 1), false))
		all := coachingAppointments(t, db, coach, id)
		moving := all[len(all)-1]
		must(t, later.RecordCoachingOutcome(ctx, coach, id, moving.ID, 1, teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeRescheduled,
			NewOn: days(23), NewAt: "11:00"}))
		all = coachingAppointments(t, db, coach, id)
		if moved, last := all[len(all)-2], all[len(all)-1]; moved.Status != teilhabe.OutcomeRescheduled || !last.On.Equal(days(23)) ||
			last.At != "11:00" || last.Status != teilhabe.OutcomeBooked {
			t.Errorf("after moving: %+v then %+v", moved, last)
		}

		// Journey appointments have their own steps; other cases' ids are not found.
		d, err := db.FindCaseByID(ctx, coach, id)
		must(t, err)
		wantErr(t, later.RecordCoachingOutcome(ctx, coach, id, d.Appointments[0].ID, 1, teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeHeld, HeldMinutes: 5}),
			teilhabe.ErrNotFound)
		otherCase := f.inCoaching(coach, person("Olga", "Other"))
		wantErr(t, later.RecordCoachingOutcome(ctx, coach, otherCase, list[0].ID, 2, teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeHeld, HeldMinutes: 5}),
			teilhabe.ErrNotFound)
		wantErr(t, later.RecordCoachingOutcome(ctx, f.actor("cw.aa"), id, list[0].ID, 2, teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeHeld, HeldMinutes: 5}),
			teilhabe.ErrForbidden)
	})
}

func TestAttendance(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		id := f.inCoaching(coach, person("Anton", "Anwesend"))                             // assigned and first conversation held on 25 November
		must(t, bookErr(db, ctx, coach, id, f.coachingBooking(days(1), "9:00", 1), false)) // 26 November
		must(t, db.RecordAbsence(ctx, coach, id, teilhabe.Absence{Type: teilhabe.DaySickFirst, From: days(3), Until: days(7),
			Note: "AU bis 2.12."})) // 28 November to 2 December
		ap := coachingAppointments(t, db, coach, id)[0]
		december := onDay(db, teilhabe.Day(2026, 12, 3))
		must(t, december.RecordCoachingOutcome(ctx, coach, id, ap.ID, 1, teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeHeld, HeldMinutes: 50}))
		nov := teilhabe.Day(2026, 11, 1)

		// In November the month cannot be sent yet; the sponsor sees no draft.
		wantConflict(t, db.SendAttendance(ctx, coach, id, nov), "attendance.not_over")
		_, err := december.FindAttendance(ctx, cw, id, nov)
		wantErr(t, err, teilhabe.ErrNotFound)

		draft, err := december.FindAttendance(ctx, coach, id, nov)
		must(t, err)
		want := []string{"25.11.2026 present 1", "26.11.2026 present 1", "28.11.2026 sick_first 0", "29.11.2026 sick_first 0",
			"30.11.2026 sick_first 0"}
		if got := attendanceLines(draft.Days); !slices.Equal(got, want) {
			t.Errorf("November's days = %v, want %v", got, want)
		}
		if draft.Totals.Held != 2 || draft.Totals.HeldMinutes != 50 || !draft.Sent.IsZero() || !draft.Open {
			t.Errorf("draft totals %+v, sent %v, open %v", draft.Totals, draft.Sent, draft.Open)
		}

		must(t, december.SendAttendance(ctx, coach, id, nov))
		wantConflict(t, december.SendAttendance(ctx, coach, id, nov), "attendance.month_sent")
		if n := count(t, db, `SELECT COUNT(*) FROM messages WHERE case_id = ? AND kind = ?`, id, teilhabe.MsgAttendance); n != 1 {
			t.Errorf("%d attendance messages, want 1", n)
		}
		// Sent is unchangeable: November's days and outcomes stay as they were.
		wantConflict(t, december.RecordAbsence(ctx, coach, id, teilhabe.Absence{Type: teilhabe.DayExcused, From: days(2), Until: days(2)}),
			"attendance.month_sent")
		wantConflict(t, december.RecordCoachingOutcome(ctx, coach, id, ap.ID, 2, teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeNoShow}),
			"attendance.month_sent")
		sent, err := december.FindAttendance(ctx, cw, id, nov)
		must(t, err)
		if got := attendanceLines(sent.Days); !slices.Equal(got, want) || sent.Sent.IsZero() || sent.SentBy != "Test coach.a1" {
			t.Errorf("the sponsor's copy: %v, sent %v by %q", got, sent.Sent, sent.SentBy)
		}
		// December is open for the provider, not yet for the sponsor.
		d, err := december.FindCaseByID(ctx, cw, id)
		must(t, err)
		if len(d.Attendance) != 1 || !d.Attendance[0].Month.Equal(nov) {
			t.Errorf("the sponsor's months = %+v, want November only", d.Attendance)
		}
		d, err = december.FindCaseByID(ctx, coach, id)
		must(t, err)
		if len(d.Attendance) != 2 || d.Attendance[0].Open || !d.Attendance[1].Open {
			t.Errorf("the provider's months = %+v, want December (running) and November", d.Attendance)
		}
		if n := auditCount(t, db, string(teilhabe.AuditAttendanceViewed), id); n != 2 {
			t.Errorf("%d attendance views audited, want 2", n)
		}
		wantErr(t, december.SendAttendance(ctx, f.actor("coach.b"), id, nov), teilhabe.ErrNotFound)
		wantErr(t, december.SendAttendance(ctx, coach, id, teilhabe.Day(2026, 10, 1)), teilhabe.ErrNotFound)
	})
}

func attendanceLines(days []teilhabe.AttendanceDay) []string {
	var out []string
	for _, d := range days {
		out = append(out, fmt.Sprintf("%s %s %d", teilhabe.FormatDate(d.On), d.Type, d.Held))
	}
	return out
}

// bookErr books a coaching appointment and returns the error only.
func bookErr(db *DB, ctx context.Context, a teilhabe.Actor, id int64, in teilhabe.CoachingBooking, confirm bool) error {
	_, err := db.BookCoaching(ctx, a, id, in, confirm)
	return err
}
