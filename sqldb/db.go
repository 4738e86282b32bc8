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
	"sync"
	"time"

	"teilhabe"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// DB is the store. It is safe for concurrent use.
type DB struct {
	// reader runs read-only transactions; writer runs the transactions
	// that write. On PostgreSQL both are one pool. On SQLite, which has
	// one writer at a time, writer is a single connection, so writers queue
	// in Go, first come first served, instead of sleeping in SQLite's busy
	// handler; reader is a pool of read-only connections that read beside
	// the writer (WAL).
	reader, writer *sql.DB
	dialect        dialect
	now            func() time.Time
	// audits writes the audit entries of reads in batches (audit.go).
	audits *auditWriter
	// hashing bounds concurrent password checks, and with them the memory
	// password hashing takes.
	hashing chan struct{}
	// passwords are the hashing parameters of new passwords; dummyHash is
	// checked against when an account does not exist.
	passwords teilhabe.PasswordParams
	dummyHash func() string
	// signins serialises the sign-ins of one account (signin.go).
	signins *keyedLocks
	// cacheKiB is the page cache of each SQLite connection, for the bulk
	// load to restore.
	cacheKiB int
}

// Options configure Open.
type Options struct {
	// URL selects PostgreSQL when it starts with postgres:// or postgresql://.
	URL string
	// DataDir holds the SQLite file when URL is empty.
	DataDir string
	// Now is the clock; time.Now if nil.
	Now func() time.Time
	// Passwords are the hashing parameters of new passwords; the zero value
	// means teilhabe.DefaultPasswordParams. Tests pass cheap ones.
	Passwords teilhabe.PasswordParams
	// CacheMiB is SQLite's page cache per connection in MiB; 0 means 16.
	CacheMiB int
}

// Pool sizes. On SQLite reads are CPU-bound and share the machine's cores;
// on PostgreSQL the server has its own limit.
const (
	sqliteReaders     = 4
	postgresConns     = 20
	defaultCacheMiB   = 16
	maxParallelHashes = 2 // concurrent password checks; each takes the parameters' memory
)

// Open connects to the database and applies pending migrations.
func Open(ctx context.Context, opt Options) (*DB, error) {
	db, err := connect(ctx, opt)
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", db.dialect.name, err)
	}
	if db.dialect.name == sqliteDialect.name {
		// Let SQLite gather planner statistics where they are missing or
		// stale (PostgreSQL's autovacuum does this on its own).
		if _, err := db.writer.ExecContext(ctx, "PRAGMA optimize=0x10002"); err != nil {
			db.Close()
			return nil, fmt.Errorf("optimize sqlite: %w", err)
		}
	}
	db.audits = startAuditWriter(db)
	return db, nil
}

// connect opens the connection pools and checks that the database answers.
func connect(ctx context.Context, opt Options) (*DB, error) {
	db := &DB{now: opt.Now, hashing: make(chan struct{}, maxParallelHashes), passwords: opt.Passwords}
	if db.now == nil {
		db.now = time.Now
	}
	if db.passwords == (teilhabe.PasswordParams{}) {
		db.passwords = teilhabe.DefaultPasswordParams
	}
	db.dummyHash = sync.OnceValue(func() string {
		h, _ := db.passwords.Hash("no such account, constant work")
		return h
	})
	db.signins = newKeyedLocks()
	var err error
	switch {
	case strings.HasPrefix(opt.URL, "postgres://"), strings.HasPrefix(opt.URL, "postgresql://"):
		db.dialect = postgresDialect
		if db.writer, err = sql.Open("pgx", opt.URL); err != nil {
			return nil, err
		}
		db.writer.SetMaxOpenConns(postgresConns)
		db.writer.SetMaxIdleConns(postgresConns)
		db.reader = db.writer
	case opt.URL == "":
		db.dialect = sqliteDialect
		if err := os.MkdirAll(opt.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("data directory: %w", err)
		}
		cache := opt.CacheMiB
		if cache <= 0 {
			cache = defaultCacheMiB
		}
		// WAL lets readers run beside the one writer; foreign keys are off
		// by default in SQLite; synchronous=FULL makes every commit durable
		// before it is acknowledged; the page cache is set in KiB.
		db.cacheKiB = cache * 1024
		base := "file:" + filepath.Join(opt.DataDir, "teilhabe.db") + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)" +
			"&_pragma=busy_timeout(10000)&_pragma=synchronous(FULL)" + fmt.Sprintf("&_pragma=cache_size(-%d)", cache*1024)
		// _txlock=immediate takes the write lock at BEGIN, so that a
		// writer never fails midway; there is only one writer connection.
		if db.writer, err = openSQLite(base + "&_txlock=immediate"); err != nil {
			return nil, err
		}
		db.writer.SetMaxOpenConns(1)
		db.writer.SetMaxIdleConns(1)
		db.writer.SetConnMaxIdleTime(0)
		// Readers cannot write, whatever a bug might ask of them.
		if db.reader, err = openSQLite(base + "&_pragma=query_only(1)"); err != nil {
			db.writer.Close()
			return nil, err
		}
		db.reader.SetMaxOpenConns(sqliteReaders)
		db.reader.SetMaxIdleConns(sqliteReaders)
	default:
		return nil, errors.New("database URL must start with postgres:// or be empty for SQLite")
	}
	// The writer first: on a new SQLite file it creates the database in
	// WAL mode before a read-only connection opens it.
	if err := db.writer.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s: %w", db.dialect.name, err)
	}
	if err := db.reader.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s: %w", db.dialect.name, err)
	}
	return db, nil
}

// Close waits for the audit entries in flight and closes the database.
func (db *DB) Close() error {
	if db.audits != nil {
		db.audits.close()
	}
	err := db.writer.Close()
	if db.reader != db.writer {
		err = errors.Join(err, db.reader.Close())
	}
	return err
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.reader.PingContext(ctx) }

// Dialect names the database in use: "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect.name }

// tx is a transaction with the dialect's placeholder rewriting; it counts
// its statements in the request's statistics.
type tx struct {
	tx        *sql.Tx
	dialect   dialect
	now       time.Time
	stats     *Stats
	passwords teilhabe.PasswordParams
}

func (t *tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	t.stats.statement()
	return t.tx.ExecContext(ctx, t.dialect.rebind(query), args...)
}

func (t *tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	t.stats.statement()
	return t.tx.QueryContext(ctx, t.dialect.rebind(query), args...)
}

func (t *tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	t.stats.statement()
	return t.tx.QueryRowContext(ctx, t.dialect.rebind(query), args...)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (t *tx) insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := t.queryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// inTx runs fn in one write transaction, committing if it returns nil. On
// PostgreSQL a transaction that lost a deadlock or a serialization conflict
// is run again, up to three times.
func (db *DB) inTx(ctx context.Context, fn func(*tx) error) error {
	for attempt := 1; ; attempt++ {
		err := db.runTx(ctx, db.writer, nil, true, fn)
		if attempt < 3 && isRetryable(err) {
			continue
		}
		return err
	}
}

// read runs fn in a read-only transaction that is rolled back afterwards.
func (db *DB) read(ctx context.Context, fn func(*tx) error) error {
	return db.runTx(ctx, db.reader, &sql.TxOptions{ReadOnly: db.dialect.readOnlyTx}, false, fn)
}

// runTx runs fn in a transaction of pool; it commits if commit is set and
// fn returns nil, and rolls back otherwise.
func (db *DB) runTx(ctx context.Context, pool *sql.DB, opts *sql.TxOptions, commit bool, fn func(*tx) error) error {
	stats := statsFrom(ctx)
	defer stats.since(time.Now())
	sqltx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	t := &tx{tx: sqltx, dialect: db.dialect, now: db.now().UTC(), stats: stats, passwords: db.passwords}
	if err := fn(t); err != nil || !commit {
		sqltx.Rollback()
		return err
	}
	return sqltx.Commit()
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
