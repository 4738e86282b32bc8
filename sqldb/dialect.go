package sqldb

import (
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect holds everything that differs between SQLite and PostgreSQL
// outside the migration files.
type dialect struct {
	name string
	// dollar rewrites ? placeholders to $1, $2, … (PostgreSQL).
	dollar bool
	// readOnlyTx marks read transactions read-only. SQLite with
	// _txlock=immediate would otherwise take the write lock even for reads
	// (BEGIN IMMEDIATE) and queue them behind every writer; for a read-only
	// transaction the driver issues a plain, deferred BEGIN.
	readOnlyTx bool
	// yearOf is the expression for the year of a date column; monthOf
	// numbers its month, year × 12 + month, so that months compare and
	// subtract as integers.
	yearOf  func(col string) string
	monthOf func(col string) string
	// plusYear is the expression for the day a year after a date column;
	// daysFrom the number of days from the date expression a to b.
	plusYear func(col string) string
	daysFrom func(a, b string) string
	// dateParam is a placeholder for a date where nothing gives it its
	// type, such as a column of a list of days built with UNION ALL.
	dateParam string
}

var (
	sqliteDialect = dialect{name: "sqlite", readOnlyTx: true,
		yearOf: func(col string) string { return "CAST(substr(" + col + ", 1, 4) AS INTEGER)" },
		monthOf: func(col string) string {
			return "(CAST(substr(" + col + ", 1, 4) AS INTEGER) * 12 + CAST(substr(" + col + ", 6, 2) AS INTEGER))"
		},
		plusYear:  func(col string) string { return "date(" + col + ", '+1 year')" },
		daysFrom:  func(a, b string) string { return "CAST(julianday(" + b + ") - julianday(" + a + ") AS INTEGER)" },
		dateParam: "?"}
	postgresDialect = dialect{name: "postgres", dollar: true, readOnlyTx: true,
		yearOf: func(col string) string { return "CAST(EXTRACT(YEAR FROM " + col + ") AS INTEGER)" },
		monthOf: func(col string) string {
			return "CAST(EXTRACT(YEAR FROM " + col + ") * 12 + EXTRACT(MONTH FROM " + col + ") AS INTEGER)"
		},
		plusYear:  func(col string) string { return "CAST(" + col + " + INTERVAL '1 year' AS DATE)" },
		daysFrom:  func(a, b string) string { return "(" + b + " - " + a + ")" },
		dateParam: "CAST(? AS DATE)"}
)

// rebind rewrites the placeholders of query for the dialect. Queries in this
// package never contain a literal question mark.
func (d dialect) rebind(query string) string {
	if !d.dollar || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isUniqueViolation reports whether err is a unique-constraint violation.
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		return liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// isRetryable reports whether err means the transaction lost a deadlock or
// a serialization conflict (PostgreSQL), so that running it again can
// succeed. SQLite has one writer and never reports either.
func isRetryable(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40001" || pgErr.Code == "40P01")
}
