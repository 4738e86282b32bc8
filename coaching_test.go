package teilhabe

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCoachingBookingValidate(t *testing.T) {
	today := Day(2026, time.December, 7)
	valid := CoachingBooking{Kind: AppointmentCoaching, Booking: Booking{On: today, At: "9:30", Mode: ModeInPerson, LocationID: 1},
		Minutes: 60, Weeks: 1}
	tests := []struct {
		name   string
		change func(*CoachingBooking)
		want   []string
	}{
		{"valid", func(b *CoachingBooking) {}, nil},
		{"journey kind", func(b *CoachingBooking) { b.Kind = AppointmentFirst }, []string{"kind=err.choose"}},
		{"module session without module", func(b *CoachingBooking) { b.Kind = AppointmentModuleSession }, []string{"module=err.choose"}},
		{"module session", func(b *CoachingBooking) { b.Kind, b.ModuleID = AppointmentModuleSession, 3 }, nil},
		{"module for a coaching session", func(b *CoachingBooking) { b.ModuleID = 3 }, []string{"module=err.module_not_session"}},
		{"no date", func(b *CoachingBooking) { b.On = time.Time{} }, []string{"on=err.date"}},
		{"31 days back", func(b *CoachingBooking) { b.On = today.AddDate(0, 0, -31) }, []string{"on=err.date_too_old"}},
		{"bad time", func(b *CoachingBooking) { b.At = "25:00" }, []string{"at=err.time"}},
		{"4 minutes", func(b *CoachingBooking) { b.Minutes = 4 }, []string{"minutes=err.range"}},
		{"a work trial day", func(b *CoachingBooking) { b.Kind, b.Minutes = AppointmentWorkTrial, 600 }, nil},
		{"601 minutes", func(b *CoachingBooking) { b.Minutes = 601 }, []string{"minutes=err.range"}},
		{"no weeks", func(b *CoachingBooking) { b.Weeks = 0 }, []string{"weeks=err.range"}},
		{"26 weeks", func(b *CoachingBooking) { b.Weeks = 26 }, nil},
		{"27 weeks", func(b *CoachingBooking) { b.Weeks = 27 }, []string{"weeks=err.range"}},
		{"series past a year", func(b *CoachingBooking) { b.On, b.Weeks = today.AddDate(0, 11, 0), 8 }, []string{"weeks=err.date_too_far"}},
		{"journey mode", func(b *CoachingBooking) { b.Mode = ModeRemote }, []string{"mode=err.choose"}},
		{"in person without location", func(b *CoachingBooking) { b.LocationID = 0 }, []string{"location=err.choose"}},
		{"phone needs no location", func(b *CoachingBooking) { b.Mode, b.LocationID = ModePhone, 0 }, nil},
		{"home visit without address", func(b *CoachingBooking) { b.Mode, b.Address = ModeHomeVisit, " " }, []string{"address=err.required"}},
		{"workplace visit", func(b *CoachingBooking) { b.Mode, b.Address = ModeWorkplaceVisit, "Hauptstr. 1, Trier" }, nil},
		{"unknown need", func(b *CoachingBooking) { b.Needs = []Need{"x"} }, []string{"needs=err.choose"}},
		{"empty", func(b *CoachingBooking) { *b = CoachingBooking{} }, []string{"at=err.time", "kind=err.choose",
			"minutes=err.range", "mode=err.choose", "on=err.date", "weeks=err.range"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := valid
			tt.change(&b)
			if diff := cmp.Diff(tt.want, problems(t, b.Validate(today))); diff != "" {
				t.Errorf("Validate() problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCoachingBookingDates(t *testing.T) {
	b := CoachingBooking{Booking: Booking{On: Day(2026, time.December, 28)}, Weeks: 3}
	want := []time.Time{Day(2026, time.December, 28), Day(2027, time.January, 4), Day(2027, time.January, 11)}
	if diff := cmp.Diff(want, b.Dates()); diff != "" {
		t.Errorf("Dates() (-want +got):\n%s", diff)
	}
	if !b.Last().Equal(want[2]) {
		t.Errorf("Last() = %v, want %v", b.Last(), want[2])
	}
}

func TestCoachingOutcomeValidate(t *testing.T) {
	today := Day(2026, time.December, 7)
	due, tomorrow := Appointment{On: today}, Appointment{On: today.AddDate(0, 0, 1)}
	tests := []struct {
		name string
		ap   Appointment
		in   CoachingOutcome
		want []string
	}{
		{"held", due, CoachingOutcome{Outcome: OutcomeHeld, HeldMinutes: 45}, nil},
		{"held without minutes", due, CoachingOutcome{Outcome: OutcomeHeld}, []string{"held_minutes=err.range"}},
		{"held tomorrow", tomorrow, CoachingOutcome{Outcome: OutcomeHeld, HeldMinutes: 45}, []string{"outcome=err.appointment_in_future"}},
		{"no-show tomorrow", tomorrow, CoachingOutcome{Outcome: OutcomeNoShow}, []string{"outcome=err.appointment_in_future"}},
		{"cancelled ahead", tomorrow, CoachingOutcome{Outcome: OutcomeCancelledByParticipant}, nil},
		{"journey outcome", due, CoachingOutcome{Outcome: OutcomeCancelled}, []string{"outcome=err.choose"}},
		{"booked", due, CoachingOutcome{Outcome: OutcomeBooked}, []string{"outcome=err.choose"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, problems(t, tt.in.Validate(tt.ap, today))); diff != "" {
				t.Errorf("Validate() problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOverlaps(t *testing.T) {
	tests := []struct {
		at1  string
		min1 int
		at2  string
		min2 int
		want bool
	}{
		{"09:00", 60, "09:30", 30, true},
		{"09:00", 60, "10:00", 30, false}, // one ends as the other starts
		{"10:00", 30, "09:00", 61, true},
		{"09:00", 60, "08:00", 60, false},
		{"09:00", 600, "18:59", 5, true},
		{"bad", 60, "09:00", 60, false},
	}
	for _, tt := range tests {
		if got := Overlaps(tt.at1, tt.min1, tt.at2, tt.min2); got != tt.want {
			t.Errorf("Overlaps(%s %d, %s %d) = %v, want %v", tt.at1, tt.min1, tt.at2, tt.min2, got, tt.want)
		}
	}
	if got := EndTime("23:30", 45); got != "00:15" {
		t.Errorf("EndTime(23:30, 45) = %q, want 00:15", got)
	}
}
