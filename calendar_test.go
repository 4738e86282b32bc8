package teilhabe

import (
	"errors"
	"testing"
	"time"
)

func TestParseWeek(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		err  error
	}{
		{"2026-W50", Day(2026, 12, 7), nil},
		{" 2026w50 ", Day(2026, 12, 7), nil},
		{"2026-W1", Day(2025, 12, 29), nil}, // week 1 of 2026 starts in 2025
		{"2026-W53", Day(2026, 12, 28), nil},
		{"2027-W53", time.Time{}, ErrNoSuchWeek},
		{"2026-W00", time.Time{}, ErrNoSuchWeek},
		{"2026-W54", time.Time{}, ErrNoSuchWeek},
		{"09.12.2026", Day(2026, 12, 7), nil},
		{"2026-12-13", Day(2026, 12, 7), nil}, // a Sunday belongs to the week before it
		{"2026-12-14", Day(2026, 12, 14), nil},
		{"31.02.2026", time.Time{}, ErrInvalidDate},
		{"next week", time.Time{}, ErrInvalidDate},
		{"", time.Time{}, ErrInvalidDate},
		{"0001-W10", time.Time{}, ErrInvalidDate},
	}
	for _, tt := range tests {
		got, err := ParseWeek(tt.in)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("ParseWeek(%q) error = %v, want %v", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseWeek(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for d := Day(2026, 12, 28); d.Before(Day(2027, 1, 10)); d = d.AddDate(0, 0, 1) {
		back, err := ParseWeek(FormatWeek(d))
		if err != nil || !back.Equal(WeekOf(d)) {
			t.Errorf("ParseWeek(FormatWeek(%v) = %q) = %v, %v; want %v", d, FormatWeek(d), back, err, WeekOf(d))
		}
	}
}

func TestAppointmentTimes(t *testing.T) {
	ap := Appointment{On: Day(2026, 12, 7), At: "09:30", Minutes: 90}
	if got, want := ap.Start().UTC(), time.Date(2026, 12, 7, 8, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Start = %v, want %v (CET is UTC+1)", got, want)
	}
	if got, want := ap.End().UTC(), time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("End = %v, want %v", got, want)
	}
	summer := Appointment{On: Day(2026, 7, 1), At: "09:30"}
	if got, want := summer.End().UTC(), time.Date(2026, 7, 1, 8, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("End in summer = %v, want %v (an hour, CEST is UTC+2)", got, want)
	}
	for o, want := range map[Outcome]bool{OutcomeBooked: false, OutcomeHeld: false, OutcomeNoShow: false,
		OutcomeCancelledByParticipant: true, OutcomeCancelledByProvider: true, OutcomeCancelled: true, OutcomeRescheduled: true} {
		if got := (Appointment{Status: o}).Cancelled(); got != want {
			t.Errorf("Cancelled(%s) = %t, want %t", o, got, want)
		}
	}
}
