package teilhabe

import (
	"testing"
	"time"
)

// TestCaseProgress counts a hand-made coaching year: the month of the
// assignment, appointments by outcome (the information appointment left
// out, a provider's cancellation not held against the participant), the
// booked ones to come, and the modules by status.
func TestCaseProgress(t *testing.T) {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	c := Case{AssignmentStart: day(3, 15), AssignmentEnd: day(3, 15).AddDate(1, 0, -1), LastContactOn: day(12, 1)}
	ap := func(kind AppointmentKind, on time.Time, status Outcome) Appointment {
		return Appointment{Kind: kind, On: on, Status: status, HeldMinutes: map[Outcome]int{OutcomeHeld: 60}[status]}
	}
	appts := []Appointment{
		ap(AppointmentInfo, day(2, 1), OutcomeHeld),
		ap(AppointmentFirst, day(3, 20), OutcomeHeld),
		ap(AppointmentCoaching, day(4, 1), OutcomeHeld),
		ap(AppointmentCoaching, day(4, 8), OutcomeNoShow),
		ap(AppointmentCoaching, day(4, 15), OutcomeCancelledByProvider),
		ap(AppointmentCoaching, day(4, 22), OutcomeCancelledByParticipant),
		ap(AppointmentCoaching, day(12, 1), OutcomeBooked), // past, no outcome yet
		ap(AppointmentCoaching, day(12, 9), OutcomeBooked),
		ap(AppointmentCoaching, day(12, 16), OutcomeBooked),
	}
	modules := []CaseModule{{Status: ModuleRunning}, {Status: ModulePlanned}, {Status: ModuleCompleted}, {Status: ModuleBrokenOff}}
	p := CaseProgress(c, appts, modules, day(12, 7))
	// 15 March to 7 December: eight whole months, so the ninth of twelve.
	if p.Month != 9 || p.Months != 12 {
		t.Errorf("month %d of %d, want 9 of 12", p.Month, p.Months)
	}
	a := p.Appointments
	if a.Held != 2 || a.HeldMinutes != 120 || a.NoShow != 1 || a.CancelledParticipant != 1 || a.CancelledProvider != 1 {
		t.Errorf("appointments %+v, want 2 held (120 min), 1 no-show, 1 cancelled by each side", a)
	}
	if p.HeldHours() != 2 {
		t.Errorf("held %d hours, want 2", p.HeldHours())
	}
	if p.Upcoming != 2 {
		t.Errorf("upcoming %d, want 2", p.Upcoming)
	}
	// Held 2 of the 4 the participant was to attend.
	if got := p.AttendedPercent(); got != 50 {
		t.Errorf("attended %d %%, want 50", got)
	}
	if p.ModulesOpen != 2 || p.ModulesCompleted != 1 || p.ModulesBrokenOff != 1 {
		t.Errorf("modules %d open, %d completed, %d broken off; want 2, 1, 1", p.ModulesOpen, p.ModulesCompleted, p.ModulesBrokenOff)
	}
	if !p.LastContactOn.Equal(day(12, 1)) {
		t.Errorf("last contact %v", p.LastContactOn)
	}

	if p := CaseProgress(c, nil, nil, day(3, 1)); p.Month != 0 || p.AttendedPercent() != -1 {
		t.Errorf("before the assignment: month %d, attended %d; want 0 and -1", p.Month, p.AttendedPercent())
	}
	if p := CaseProgress(c, nil, nil, day(3, 1).AddDate(1, 1, 0)); p.Month != 12 {
		t.Errorf("after the planned end: month %d, want the last, 12", p.Month)
	}
	// Two of three held: 66.7 rounds to 67.
	two := Progress{Appointments: AttendanceTotals{Held: 2, NoShow: 1}}
	if got := two.AttendedPercent(); got != 67 {
		t.Errorf("2 of 3: %d %%, want 67", got)
	}
}
