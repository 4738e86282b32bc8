package teilhabe

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Berlin even on a machine without a zone database
)

// Germany is the time zone of every programme's users: "today" and the
// times shown are German ones.
var Germany = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic("teilhabe: no Europe/Berlin in the embedded zone database: " + err.Error())
	}
	return loc
}()

// Today returns the calendar day of t in Germany as a date at 00:00 UTC.
func Today(t time.Time) time.Time {
	y, m, d := t.In(Germany).Date()
	return Day(y, m, d)
}

// Civil dates (days without a time of day) are represented as time.Time
// values at 00:00 UTC, as returned by Day and ParseDate.

// Years accepted by ParseDate and ParseMonthYear.
const (
	minYear = 1900
	maxYear = 2200
)

// ErrInvalidDate is returned, possibly wrapped, by ParseDate and
// ParseMonthYear when the input is not a valid date.
var ErrInvalidDate = errors.New("invalid date")

// ErrNoSuchDate is returned, wrapped, by ParseDate for a date in the right
// form that does not exist, such as "31.02.2026". It wraps ErrInvalidDate.
var ErrNoSuchDate = fmt.Errorf("%w: no such day", ErrInvalidDate)

// dateShape matches text in the form of a German or ISO date.
var dateShape = regexp.MustCompile(`^(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})$`)

// ErrInvalidTime is returned, possibly wrapped, by ParseTime when the input
// is not a valid time of day.
var ErrInvalidTime = errors.New("invalid time")

// Day returns the civil date y-m-d as a time at 00:00 UTC.
// Like time.Date, it normalizes out-of-range values, so that
// Day(2026, time.February, 31) is 3 March 2026.
func Day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDate parses a date in German notation ("01.02.2026" or "1.2.2026")
// or in ISO 8601 notation ("2026-02-01"), ignoring surrounding spaces.
// It returns the date at 00:00 UTC. Dates that do not exist, such as
// "31.02.2026" (ErrNoSuchDate), and years outside 1900 to 2200 are
// rejected with an error that wraps ErrInvalidDate.
func ParseDate(s string) (time.Time, error) {
	t, err := parseDate(s, "2.1.2006", "2006-01-02")
	if err != nil && dateShape.MatchString(strings.TrimSpace(s)) && !errors.Is(err, errYearRange) {
		return t, fmt.Errorf("%w %q", ErrNoSuchDate, s)
	}
	return t, err
}

// errYearRange marks a year outside minYear to maxYear.
var errYearRange = errors.New("year out of range")

// ParseMonthYear parses a month in the form "MM/YYYY" or "MM.YYYY", as
// printed on identity documents, ignoring surrounding spaces. A one-digit
// month is accepted. It returns the first day of that month at 00:00 UTC.
// Invalid input is rejected with an error that wraps ErrInvalidDate.
func ParseMonthYear(s string) (time.Time, error) {
	return parseDate(s, "1/2006", "1.2006")
}

// parseDate parses the trimmed s with the first matching layout and checks
// the year range.
func parseDate(s string, layouts ...string) (time.Time, error) {
	v := strings.TrimSpace(s)
	for _, layout := range layouts {
		t, err := time.Parse(layout, v)
		if err != nil {
			continue
		}
		if y := t.Year(); y < minYear || y > maxYear {
			return time.Time{}, fmt.Errorf("%w %q: %w, %d to %d", ErrInvalidDate, s, errYearRange, minYear, maxYear)
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%w %q", ErrInvalidDate, s)
}

// ParseTime parses a time of day in the form "14:30" or "9:05", ignoring
// surrounding spaces. The hour must be 0 to 23 and the minute 0 to 59.
// Invalid input is rejected with an error that wraps ErrInvalidTime.
func ParseTime(s string) (hour, min int, err error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, 0, fmt.Errorf("%w %q", ErrInvalidTime, s)
	}
	return t.Hour(), t.Minute(), nil
}

// FormatDate formats the date of t in German notation, such as "01.02.2026".
// It returns the empty string for the zero time, so that an unset date
// prints as nothing.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02.01.2006")
}

// FormatMonth formats the month of t as "2026-11", the form of a month in
// URLs and the audit log.
func FormatMonth(t time.Time) string { return t.Format("2006-01") }

// ParseMonth parses a month in the form FormatMonth writes and returns its
// first day at 00:00 UTC.
func ParseMonth(s string) (time.Time, error) { return parseDate(s, "2006-01") }
