// Package sqldb stores teilhabe's data in SQLite or PostgreSQL with
// hand-written SQL. Queries are written once, with ? placeholders; the
// differences between the two databases live in dialect.go and in the
// per-dialect migration folders.
//
// Every exported method that changes data runs in one transaction together
// with its audit entry. Methods that read case data limit the query to the
// actor's scope, so a record outside it is reported as teilhabe.ErrNotFound.
//
// The methods that act on a case share their errors: teilhabe.ErrNotFound
// when the case lies outside the actor's scope; teilhabe.ErrForbidden when
// the actor sees it but may not act (a sponsor on a provider step, say);
// teilhabe.ErrStale when the case changed since the given version; a
// *teilhabe.ConflictError whose key says what must happen first when the
// journey does not allow the step; a *teilhabe.InvalidError for bad input.
// In every error case nothing is saved.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"teilhabe"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// DB is the store. It is safe for concurrent use.
type DB struct {
	sql     *sql.DB
	dialect dialect
	now     func() time.Time
	// hashing bounds concurrent password checks: each takes 64 MiB, so a
	// burst of sign-ins cannot exhaust memory.
	hashing chan struct{}
}

// maxConcurrentHashes is how many password checks run at once.
const maxConcurrentHashes = 4

// verifyPassword checks pw against hash, waiting for a free slot.
func (db *DB) verifyPassword(hash, pw string) bool {
	db.hashing <- struct{}{}
	defer func() { <-db.hashing }()
	return teilhabe.VerifyPassword(hash, pw)
}

// Options configure Open.
type Options struct {
	// URL selects PostgreSQL when it starts with postgres:// or postgresql://.
	URL string
	// DataDir holds the SQLite file when URL is empty.
	DataDir string
	// Now is the clock; time.Now if nil.
	Now func() time.Time
}

// Open connects to the database and applies pending migrations.
func Open(ctx context.Context, opt Options) (*DB, error) {
	db, err := connect(ctx, opt)
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.sql.Close()
		return nil, fmt.Errorf("migrate %s: %w", db.dialect.name, err)
	}
	if db.dialect == sqliteDialect {
		// Let SQLite gather planner statistics where they are missing or
		// stale (PostgreSQL's autovacuum does this on its own).
		if _, err := db.sql.ExecContext(ctx, "PRAGMA optimize=0x10002"); err != nil {
			db.sql.Close()
			return nil, fmt.Errorf("optimize sqlite: %w", err)
		}
	}
	return db, nil
}

// connect opens the connection pool and checks that the database answers.
func connect(ctx context.Context, opt Options) (*DB, error) {
	db := &DB{now: opt.Now, hashing: make(chan struct{}, maxConcurrentHashes)}
	if db.now == nil {
		db.now = time.Now
	}
	var err error
	switch {
	case strings.HasPrefix(opt.URL, "postgres://"), strings.HasPrefix(opt.URL, "postgresql://"):
		db.dialect = postgresDialect
		db.sql, err = sql.Open("pgx", opt.URL)
		if err != nil {
			return nil, err
		}
		db.sql.SetMaxOpenConns(20)
	case opt.URL == "":
		db.dialect = sqliteDialect
		if err := os.MkdirAll(opt.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("data directory: %w", err)
		}
		path := filepath.Join(opt.DataDir, "teilhabe.db")
		// WAL lets readers run beside the one writer; foreign keys are
		// off by default in SQLite; _txlock=immediate takes the write lock
		// at BEGIN so that two writers wait instead of failing midway.
		dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)" +
			"&_pragma=busy_timeout(10000)&_pragma=synchronous(FULL)&_txlock=immediate"
		db.sql, err = sql.Open("sqlite", dsn)
		if err != nil {
			return nil, err
		}
		db.sql.SetMaxOpenConns(8)
	default:
		return nil, errors.New("database URL must start with postgres:// or be empty for SQLite")
	}
	if err := db.sql.PingContext(ctx); err != nil {
		db.sql.Close()
		return nil, fmt.Errorf("connect to %s: %w", db.dialect.name, err)
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

// Dialect names the database in use: "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect.name }

// tx is a transaction with the dialect's placeholder rewriting.
type tx struct {
	tx      *sql.Tx
	dialect dialect
	now     time.Time
}

func (t *tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.dialect.rebind(query), args...)
}

func (t *tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.dialect.rebind(query), args...)
}

func (t *tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.dialect.rebind(query), args...)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (t *tx) insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := t.queryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// inTx runs fn in one transaction, committing if it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(*tx) error) error {
	sqltx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	t := &tx{tx: sqltx, dialect: db.dialect, now: db.now().UTC()}
	if err := fn(t); err != nil {
		sqltx.Rollback()
		return err
	}
	return sqltx.Commit()
}

// read runs fn in a transaction that is rolled back afterwards; reads that
// write an audit entry use inTx instead.
func (db *DB) read(ctx context.Context, fn func(*tx) error) error {
	sqltx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: db.dialect.readOnlyTx})
	if err != nil {
		return err
	}
	defer sqltx.Rollback()
	return fn(&tx{tx: sqltx, dialect: db.dialect, now: db.now().UTC()})
}

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface{ Scan(dest ...any) error }

// queryAll runs query in t and returns every row, each read by scan.
func queryAll[T any](ctx context.Context, t *tx, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	return list, rows.Err()
}

// notFound turns a missing row into teilhabe.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return teilhabe.ErrNotFound
	}
	return err
}

// checkVersion turns an UPDATE … WHERE version = ? that changed no row into
// teilhabe.ErrStale.
func checkVersion(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return teilhabe.ErrStale
	}
	return nil
}

// Today returns the current calendar day in Germany by the store's clock.
func (db *DB) Today() time.Time { return teilhabe.Today(db.now()) }

// WithClock returns a store that shares db's connections but reads the time
// from now. The demo data generator uses it to write a case's history day
// by day.
func (db *DB) WithClock(now func() time.Time) *DB {
	c := *db
	c.now = now
	return &c
}
