package teilhabe

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The calendar (issue 13) shows the appointments of one coach or one
// location a week at a time; the feed hands a coach's own appointments to
// a calendar program, without names (decision 15).

// The window of a calendar feed: the weeks back and ahead it covers,
// counted from the Monday of the current week.
const (
	FeedWeeksBack  = 8
	FeedWeeksAhead = 26
)

// WeekOf returns the Monday of the ISO week of day d.
func WeekOf(d time.Time) time.Time {
	d = Day(d.Year(), d.Month(), d.Day())
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// FormatWeek names the ISO week of d: "2026-W50".
func FormatWeek(d time.Time) string {
	y, w := d.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// isoWeek matches an ISO week as people type it: "2026-W50", "2026W50",
// "2026-w5".
var isoWeek = regexp.MustCompile(`^(\d{4})-?[Ww](\d{1,2})$`)

// ErrNoSuchWeek is returned by ParseWeek for a week number its year does
// not have (2026-W54).
var ErrNoSuchWeek = fmt.Errorf("%w: no such week", ErrInvalidDate)

// ParseWeek reads a week as an ISO week ("2026-W50") or as any day of it
// (a date in the forms ParseDate accepts) and returns its Monday.
func ParseWeek(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	m := isoWeek.FindStringSubmatch(s)
	if m == nil {
		d, err := ParseDate(s)
		if err != nil {
			return time.Time{}, err
		}
		return WeekOf(d), nil
	}
	year, _ := strconv.Atoi(m[1])
	week, _ := strconv.Atoi(m[2])
	if year < minYear || year > maxYear {
		return time.Time{}, fmt.Errorf("%w %q: %w, %d to %d", ErrInvalidDate, s, errYearRange, minYear, maxYear)
	}
	// 4 January is always in week 1.
	monday := WeekOf(Day(year, time.January, 4)).AddDate(0, 0, 7*(week-1))
	if week < 1 || monday.AddDate(0, 0, 3).Year() != year {
		return time.Time{}, ErrNoSuchWeek
	}
	return monday, nil
}

// Start returns when appointment ap begins, in German time; the zero time
// if its time does not parse.
func (ap Appointment) Start() time.Time {
	h, m, err := ParseTime(ap.At)
	if err != nil {
		return time.Time{}
	}
	return time.Date(ap.On.Year(), ap.On.Month(), ap.On.Day(), h, m, 0, 0, Germany)
}

// End returns when appointment ap is planned to end: its start plus its
// minutes (an hour for the journey's appointments, which record none).
func (ap Appointment) End() time.Time {
	minutes := ap.Minutes
	if minutes <= 0 {
		minutes = DefaultMins
	}
	return ap.Start().Add(time.Duration(minutes) * time.Minute)
}

// Cancelled reports whether ap does not take place: cancelled by either
// side, or moved to another time.
func (ap Appointment) Cancelled() bool {
	switch ap.Status {
	case OutcomeCancelled, OutcomeCancelledByParticipant, OutcomeCancelledByProvider, OutcomeRescheduled:
		return true
	}
	return false
}
