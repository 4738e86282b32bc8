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
}

var (
	sqliteDialect   = dialect{name: "sqlite", readOnlyTx: true}
	postgresDialect = dialect{name: "postgres", dollar: true, readOnlyTx: true}
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
