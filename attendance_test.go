package teilhabe

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestAbsenceValidate(t *testing.T) {
	today := Day(2026, time.December, 7)
	valid := Absence{Type: DaySickFirst, From: today, Until: today.AddDate(0, 0, 4)}
	tests := []struct {
		name   string
		change func(*Absence)
		want   []string
	}{
		{"valid", func(a *Absence) {}, nil},
		{"one day", func(a *Absence) { a.Until = a.From }, nil},
		{"present is derived", func(a *Absence) { a.Type = DayPresent }, []string{"type=err.choose"}},
		{"no type", func(a *Absence) { a.Type = "" }, []string{"type=err.choose"}},
		{"until before from", func(a *Absence) { a.Until = a.From.AddDate(0, 0, -1) }, []string{"until=err.end_before_start"}},
		{"92 days", func(a *Absence) { a.Until = a.From.AddDate(0, 0, 91) }, nil},
		{"93 days", func(a *Absence) { a.Until = a.From.AddDate(0, 0, 92) }, []string{"until=err.absence_too_long"}},
		{"over a year back", func(a *Absence) { a.From, a.Until = today.AddDate(-1, 0, -1), today.AddDate(-1, 0, 0) }, []string{"from=err.date_too_old"}},
		{"starts too far ahead", func(a *Absence) { a.From, a.Until = today.AddDate(0, 0, 93), today.AddDate(0, 0, 93) },
			[]string{"from=err.date_too_far"}},
		{"empty", func(a *Absence) { *a = Absence{} }, []string{"from=err.date", "type=err.choose", "until=err.date"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid
			tt.change(&a)
			if diff := cmp.Diff(tt.want, problems(t, a.Validate(today))); diff != "" {
				t.Errorf("Validate() problems (-want +got):\n%s", diff)
			}
		})
	}
	if n := len(valid.Days()); n != 5 {
		t.Errorf("Days() = %d days, want 5", n)
	}
	c := Case{AssignmentStart: today}
	if err := (Absence{From: today.AddDate(0, 0, -1)}).CheckCase(c); err == nil {
		t.Error("an absence before the assignment start passed CheckCase")
	}
}

func TestAttendanceDates(t *testing.T) {
	nov := Day(2026, time.November, 17)
	if got, want := AttendanceDue(nov), Day(2026, time.December, 9); !got.Equal(want) {
		t.Errorf("AttendanceDue(November) = %v, want %v", got, want)
	}
	for _, tc := range []struct {
		today time.Time
		want  bool
	}{{Day(2026, time.November, 30), false}, {Day(2026, time.December, 1), true}, {Day(2027, time.January, 15), true}} {
		if got := AttendanceOpen(nov, tc.today); got != tc.want {
			t.Errorf("AttendanceOpen(November, %v) = %v, want %v", tc.today, got, tc.want)
		}
	}
}

func TestComposeAttendance(t *testing.T) {
	d := func(day int) time.Time { return Day(2026, time.November, day) }
	appts := []Appointment{
		{Kind: AppointmentInfo, On: d(2), Status: OutcomeHeld}, // not part of coaching
		{Kind: AppointmentFirst, On: d(3), Status: OutcomeHeld, HeldMinutes: 90},
		{Kind: AppointmentCoaching, On: d(10), Status: OutcomeHeld, HeldMinutes: 60},
		{Kind: AppointmentModuleSession, On: d(10), Status: OutcomeHeld, HeldMinutes: 120},
		{Kind: AppointmentCoaching, On: d(17), Status: OutcomeNoShow},
		{Kind: AppointmentCoaching, On: d(24), Status: OutcomeCancelledByParticipant},
		{Kind: AppointmentCoaching, On: d(25), Status: OutcomeCancelledByProvider},
		{Kind: AppointmentCoaching, On: d(30), Status: OutcomeBooked},
		{Kind: AppointmentCoaching, On: Day(2026, time.December, 1), Status: OutcomeHeld, HeldMinutes: 60},
	}
	recorded := map[time.Time]RecordedDay{
		d(17): {Type: DayUnexcused, Auto: true},
		d(24): {Type: DaySickFirst, Note: "AU bis 26.11."}, d(25): {Type: DaySickFirst}, d(26): {Type: DaySickFirst},
		Day(2026, time.October, 31): {Type: DayHoliday},
	}
	days, tot := ComposeAttendance(d(15), appts, recorded)
	want := []AttendanceDay{
		{On: d(3), Type: DayPresent, Held: 1, HeldMins: 90},
		{On: d(10), Type: DayPresent, Held: 2, HeldMins: 180},
		{On: d(17), Type: DayUnexcused, NoShow: 1},
		{On: d(24), Type: DaySickFirst, Cancelled: 1, Note: "AU bis 26.11."},
		{On: d(25), Type: DaySickFirst, Cancelled: 1},
		{On: d(26), Type: DaySickFirst},
	}
	if diff := cmp.Diff(want, days); diff != "" {
		t.Errorf("days (-want +got):\n%s", diff)
	}
	wantTot := AttendanceTotals{Held: 3, NoShow: 1, CancelledParticipant: 1, CancelledProvider: 1, HeldMinutes: 270,
		Days: map[DayType]int{DayPresent: 2, DayUnexcused: 1, DaySickFirst: 3}}
	if diff := cmp.Diff(wantTot, tot); diff != "" {
		t.Errorf("totals (-want +got):\n%s", diff)
	}
}

func TestUnexcusedStreak(t *testing.T) {
	d := func(day int) time.Time { return Day(2026, time.November, day) }
	ap := func(day int, o Outcome) Appointment {
		return Appointment{Kind: AppointmentCoaching, On: d(day), Status: o}
	}
	unexcused := map[time.Time]RecordedDay{d(10): {Type: DayUnexcused, Auto: true}, d(17): {Type: DayUnexcused, Auto: true}}
	tests := []struct {
		name     string
		appts    []Appointment
		recorded map[time.Time]RecordedDay
		want     int
	}{
		{"none", nil, nil, 0},
		{"held last", []Appointment{ap(10, OutcomeNoShow), ap(17, OutcomeHeld)}, unexcused, 0},
		{"two in a row", []Appointment{ap(3, OutcomeHeld), ap(10, OutcomeNoShow), ap(17, OutcomeNoShow)}, unexcused, 2},
		{"cancellation between", []Appointment{ap(10, OutcomeNoShow), ap(12, OutcomeCancelledByProvider), ap(17, OutcomeNoShow),
			ap(24, OutcomeBooked)}, unexcused, 2},
		{"excused by a sick note", []Appointment{ap(10, OutcomeNoShow), ap(17, OutcomeNoShow)},
			map[time.Time]RecordedDay{d(10): {Type: DaySickFirst}, d(17): {Type: DayUnexcused}}, 1},
		{"no type recorded counts", []Appointment{ap(10, OutcomeNoShow), ap(17, OutcomeNoShow)}, nil, 2},
	}
	for _, tt := range tests {
		if got := UnexcusedStreak(tt.appts, tt.recorded); got != tt.want {
			t.Errorf("%s: UnexcusedStreak = %d, want %d", tt.name, got, tt.want)
		}
	}
}
