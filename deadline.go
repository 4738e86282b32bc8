package teilhabe

import (
	"fmt"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/de"
)

// A DeadlineKind says how the days of a deadline are counted.
type DeadlineKind string

// Kinds of deadline.
const (
	DeadlineCalendarDays DeadlineKind = "calendar_days" // N calendar days, end shifted off weekends/holidays (§ 193 BGB)
	DeadlineWorkingDays  DeadlineKind = "working_days"  // N working days, skipping weekends and holidays
)

// DeadlineKinds lists both kinds.
func DeadlineKinds() []DeadlineKind { return []DeadlineKind{DeadlineCalendarDays, DeadlineWorkingDays} }

// Valid reports whether k is one of the defined deadline kinds.
func (k DeadlineKind) Valid() bool { return oneOf(k, DeadlineKinds()) }

// Bounds of DeadlineRule.Days.
const (
	minDeadlineDays = 1
	maxDeadlineDays = 60
)

// A DeadlineRule is a deadline of Days days, counted as Kind says, such as
// "within one week" ({DeadlineCalendarDays, 7}) or "within 5 working days"
// ({DeadlineWorkingDays, 5}).
type DeadlineRule struct {
	Kind DeadlineKind
	Days int
}

// Validate reports an error if r has an unknown kind or if Days is not
// between 1 and 60.
func (r DeadlineRule) Validate() error {
	if !r.Kind.Valid() {
		return fmt.Errorf("invalid deadline kind %q", r.Kind)
	}
	if r.Days < minDeadlineDays || r.Days > maxDeadlineDays {
		return fmt.Errorf("deadline of %d days outside %d to %d", r.Days, minDeadlineDays, maxDeadlineDays)
	}
	return nil
}

// Due returns the last day of the deadline, at 00:00 UTC, for an event (such
// as the first contact) on the civil date of start in its own location. The
// holidays are those of state, the state of the place where the deadline is
// to be met.
//
// The day of the event is never counted (§ 187 Abs. 1 BGB). A deadline of
// calendar days ends Days days after the event; a deadline of 7 days is thus
// one week (§ 188 Abs. 2 BGB). If that day is a Saturday, a Sunday or a
// public holiday, the deadline ends on the next working day instead
// (§ 193 BGB). A deadline of working days ends on the Days-th working day
// after the event.
//
// The result is meaningful only if r is valid; see Validate.
func (r DeadlineRule) Due(start time.Time, state State) time.Time {
	c := calendar(state)
	day := Day(start.Date())
	if r.Kind == DeadlineWorkingDays {
		return c.WorkdaysFrom(day, r.Days)
	}
	end := day.AddDate(0, 0, r.Days)
	for !c.IsWorkday(end) {
		end = end.AddDate(0, 0, 1)
	}
	return end
}

// IsWorkingDay reports whether the civil date of d, in its own location, is
// a working day in state: a day from Monday to Friday that is not a public
// holiday there.
func IsWorkingDay(d time.Time, state State) bool {
	return calendar(state).IsWorkday(d)
}

// NextWorkingDay returns the first working day in state after the civil
// date of d.
func NextWorkingDay(d time.Time, state State) time.Time {
	c := calendar(state)
	day := Day(d.Date()).AddDate(0, 0, 1)
	for !c.IsWorkday(day) {
		day = day.AddDate(0, 0, 1)
	}
	return day
}

// Holiday reports whether the civil date of d, in its own location, is a
// public holiday in state, and if so returns its German name, such as
// "Fronleichnam".
func Holiday(d time.Time, state State) (name string, ok bool) {
	act, _, h := calendar(state).IsHoliday(d)
	if !act {
		return "", false
	}
	return h.Name, true
}

// calendar returns the business calendar of state. For an invalid state it
// returns a calendar with only the nine holidays common to all states.
func calendar(state State) *cal.BusinessCalendar {
	if c, ok := calendars[state]; ok {
		return c
	}
	return nationalCalendar
}

// Business calendars: Monday to Friday, without the statutory public
// holidays of the state, as defined by package de.
//
// The calendars are never modified after initialization and so are safe
// for concurrent use. Their holiday cache must stay disabled
// (cal.Calendar.Cacheable), because it is an unsynchronized map.
//
// Package de covers state-wide holidays only. It lacks Frauentag (8.3.) in
// MV, a holiday there since 2023 (amendment of the Feiertagsgesetz M-V of
// June 2022), which is added here. Otherwise it differs from the state laws
// as follows:
//   - Holidays of some municipalities only are missing: Fronleichnam in
//     parts of SN and TH, Mariä Himmelfahrt in Catholic municipalities of
//     BY, and the Augsburger Friedensfest (8.8.) in Augsburg.
//   - Reformationstag counts in HB, HH, NI and SH for all years, although
//     it is a holiday there only since 2018; the one-off nationwide
//     Reformationstag of 2017 is missing elsewhere. Frauentag counts in BE
//     for all years, although it is a holiday there only since 2019.
//   - One-off holidays declared by a state government are missing.
var (
	nationalCalendar = newCalendar(de.Holidays)
	calendars        = map[State]*cal.BusinessCalendar{
		StateBW: newCalendar(de.HolidaysBW),
		StateBY: newCalendar(de.HolidaysBY),
		StateBE: newCalendar(de.HolidaysBE),
		StateBB: newCalendar(de.HolidaysBB),
		StateHB: newCalendar(de.HolidaysHB),
		StateHH: newCalendar(de.HolidaysHH),
		StateHE: newCalendar(de.HolidaysHE),
		StateMV: newCalendar(de.HolidaysMV, de.Frauentag.Clone(&cal.Holiday{StartYear: 2023})),
		StateNI: newCalendar(de.HolidaysNI),
		StateNW: newCalendar(de.HolidaysNW),
		StateRP: newCalendar(de.HolidaysRP),
		StateSL: newCalendar(de.HolidaysSL),
		StateSN: newCalendar(de.HolidaysSN),
		StateST: newCalendar(de.HolidaysST),
		StateSH: newCalendar(de.HolidaysSH),
		StateTH: newCalendar(de.HolidaysTH),
	}
)

// newCalendar returns a Monday-to-Friday business calendar with holidays
// and the extra holidays.
func newCalendar(holidays []*cal.Holiday, extra ...*cal.Holiday) *cal.BusinessCalendar {
	c := cal.NewBusinessCalendar()
	c.AddHoliday(holidays...)
	c.AddHoliday(extra...)
	return c
}
