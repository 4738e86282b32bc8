package sqldb

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"time"
)

// Timestamps are written as fixed-width UTC text, which PostgreSQL parses
// into timestamptz and SQLite stores as sortable TEXT. Reading accepts the
// time.Time that pgx returns and the text that SQLite returns.
const timeLayout = "2006-01-02 15:04:05.000000+00:00"

// Dates are written as ISO text, which PostgreSQL parses into date.
const dateLayout = "2006-01-02"

// dbTime is a timestamp column value.
type dbTime struct{ t time.Time }

func ts(t time.Time) dbTime { return dbTime{t} }

// Value implements driver.Valuer.
func (v dbTime) Value() (driver.Value, error) {
	if v.t.IsZero() {
		return nil, nil
	}
	return v.t.UTC().Format(timeLayout), nil
}

// Scan implements sql.Scanner.
func (v *dbTime) Scan(src any) error {
	t, err := scanTime(src, timeLayout)
	v.t = t
	return err
}

// dbDate is a date column value; the zero time is NULL.
type dbDate struct{ t time.Time }

func date(t time.Time) dbDate { return dbDate{t} }

// Value implements driver.Valuer.
func (v dbDate) Value() (driver.Value, error) {
	if v.t.IsZero() {
		return nil, nil
	}
	return v.t.Format(dateLayout), nil
}

// Scan implements sql.Scanner.
func (v *dbDate) Scan(src any) error {
	t, err := scanTime(src, dateLayout)
	if err == nil && !t.IsZero() {
		t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	v.t = t
	return err
}

func scanTime(src any, layout string) (time.Time, error) {
	switch s := src.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return s.UTC(), nil
	case string:
		return parseStored(s, layout)
	case []byte:
		return parseStored(string(s), layout)
	}
	return time.Time{}, fmt.Errorf("cannot scan %T into a time", src)
}

func parseStored(s, layout string) (time.Time, error) {
	if len(s) > len(layout) && layout == dateLayout {
		s = s[:len(dateLayout)] // a date written by another tool with a time part
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		t, err = time.Parse(time.RFC3339Nano, s)
	}
	return t.UTC(), err
}

// boolInt stores a bool as 0 or 1, which both databases compare alike.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nullID stores 0 as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// nullInt stores 0 as NULL.
func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// joinCodes stores a list of codes as one comma-separated text; codes
// never contain a comma.
func joinCodes[T ~string](codes []T) string {
	var b strings.Builder
	for i, c := range codes {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(string(c))
	}
	return b.String()
}

// splitCodes reads a list stored by joinCodes.
func splitCodes[T ~string](s string) []T {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]T, len(parts))
	for i, p := range parts {
		out[i] = T(p)
	}
	return out
}

// inList is a list of n placeholders for an IN (…) condition: "?, ?".
func inList(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// anys turns a list of values into query arguments.
func anys[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}
