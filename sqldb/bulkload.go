package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// How the rows of a bulk load reach each database. This is the one place
// besides dialect.go where the two databases are written to differently:
// COPY is PostgreSQL's own bulk path, SQLite has none but multi-row INSERTs
// in one transaction.

// bulkLoader writes the rows of a bulk load within one transaction.
type bulkLoader interface {
	// holds counts the programmes and accounts the database holds.
	holds(ctx context.Context) (programmes, users int, err error)
	// maxID returns the highest id in table, 0 if it is empty.
	maxID(ctx context.Context, table string) (int64, error)
	// dropIndexes drops what finish restores.
	dropIndexes(ctx context.Context) error
	// value converts a column value to what the driver writes without
	// further conversion.
	value(v any) any
	write(ctx context.Context, t bulkTableID, rows [][]any) error
	// finish restores what the load dropped, commits and analyses.
	finish(ctx context.Context) error
	// abort rolls back and gives the connection back as it was.
	abort()
}

// bulkTx is what both loaders share: their connection, its transaction and
// the indexes dropped for the load.
type bulkTx struct {
	conn    *sql.Conn
	tx      *sql.Tx
	rebuild []string // statements that restore the dropped indexes and keys
}

func (l *bulkTx) holds(ctx context.Context) (programmes, users int, err error) {
	err = l.tx.QueryRowContext(ctx, bulkHoldsQuery).Scan(&programmes, &users)
	return programmes, users, err
}

func (l *bulkTx) maxID(ctx context.Context, table string) (int64, error) {
	var id int64
	err := l.tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&id)
	return id, err
}

// dropAll runs the drop statements after remembering the statements that
// restore them, which finish runs.
func (l *bulkTx) dropAll(ctx context.Context, drops, restores []string) error {
	l.rebuild = append(l.rebuild, restores...)
	for _, q := range drops {
		if _, err := l.tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// recount counts the loaded cases into the counters of programme-wide
// figures and capacity, in the load's transaction.
func (l *bulkTx) recount(ctx context.Context, d dialect) error {
	for _, q := range recountStatements(d) {
		if _, err := l.tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("recount: %w", err)
		}
	}
	return nil
}

// restore runs the statements that restore the dropped indexes and keys.
func (l *bulkTx) restore(ctx context.Context) error {
	for _, q := range l.rebuild {
		if _, err := l.tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// plainValue returns v with the types database/sql and the drivers convert
// by reflection already converted: named string types (the domain's codes)
// to string, int to int64.
func plainValue(v any) any {
	switch x := v.(type) {
	case nil, string, int64, time.Time:
		return v
	case int:
		return int64(x)
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.String {
		return rv.String()
	}
	return v
}

// sqliteLoad loads SQLite with multi-row INSERTs.
type sqliteLoad struct {
	bulkTx
	stmts map[[2]int]*sql.Stmt // by table and rows per statement
	args  []any
	db    *DB // for the settings restored after the load
}

// sqliteMaxParams is SQLite's limit of bound parameters per statement.
const sqliteMaxParams = 32766

// sqliteRowsPerInsert is how many rows one INSERT writes, unless the
// parameter limit allows fewer: 100, 500 and 1,000 rows loaded alike.
const sqliteRowsPerInsert = 500

// sqliteRestore are the connection settings startSQLiteLoad changes, as
// connect sets them.
func sqliteRestore(cacheKiB int) []string {
	return []string{"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", fmt.Sprintf("PRAGMA cache_size=-%d", cacheKiB),
		"PRAGMA analysis_limit=0"}
}

func startSQLiteLoad(ctx context.Context, db *DB) (*sqliteLoad, error) {
	conn, err := db.writer.Conn(ctx)
	if err != nil {
		return nil, err
	}
	// Leaving WAL mode needs the database to itself: the readers' idle
	// connections close until the load is done.
	db.reader.SetMaxIdleConns(0)
	l := &sqliteLoad{bulkTx: bulkTx{conn: conn}, stmts: map[[2]int]*sql.Stmt{}, db: db}
	// For the load only: a rollback journal instead of the WAL (pages
	// appended to the file need no journal, so a large transaction costs
	// no second write), no fsync, a large page cache. A crashed process
	// leaves its journal behind and the next start rolls the load back.
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode=TRUNCATE").Scan(&mode); err != nil || mode != "truncate" {
		conn.Close()
		db.reader.SetMaxIdleConns(sqliteReaders)
		return nil, fmt.Errorf("leave WAL mode for the load (got %q): %v; is another process using the database?", mode, err)
	}
	for _, q := range []string{"PRAGMA synchronous=OFF", "PRAGMA cache_size=-262144"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			l.abort()
			return nil, err
		}
	}
	if l.tx, err = conn.BeginTx(ctx, nil); err != nil {
		l.abort()
		return nil, err
	}
	return l, nil
}

// dropIndexes drops the secondary indexes of the tables the load fills:
// they are built faster once, sorted, than row by row.
func (l *sqliteLoad) dropIndexes(ctx context.Context) error {
	var drops, creates []string
	err := queryEach(ctx, l.tx, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
		AND tbl_name IN (`+bulkTableList()+`) ORDER BY name`, func(s scanner) error {
		var name, create string
		if err := s.Scan(&name, &create); err != nil {
			return err
		}
		drops, creates = append(drops, "DROP INDEX "+name), append(creates, create)
		return nil
	})
	if err != nil {
		return err
	}
	return l.dropAll(ctx, drops, creates)
}

func (l *sqliteLoad) value(v any) any {
	switch x := v.(type) {
	case dbDate, dbTime:
		s, _ := x.(driver.Valuer).Value()
		return s
	}
	return plainValue(v)
}

func (l *sqliteLoad) write(ctx context.Context, t bulkTableID, rows [][]any) error {
	cols := bulkTables[t].cols
	per := min(sqliteRowsPerInsert, sqliteMaxParams/len(cols))
	for len(rows) > 0 {
		n := min(per, len(rows))
		stmt, err := l.stmt(ctx, t, n, n == per)
		if err != nil {
			return err
		}
		l.args = l.args[:0]
		for _, r := range rows[:n] {
			l.args = append(l.args, r...)
		}
		_, err = stmt.ExecContext(ctx, l.args...)
		if n != per {
			stmt.Close()
		}
		if err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// stmt returns the prepared INSERT of n rows into table t; with keep, the
// statement is kept for the next batches (those of full size recur, a
// batch's remainder rarely does and is closed by the caller).
func (l *sqliteLoad) stmt(ctx context.Context, t bulkTableID, n int, keep bool) (*sql.Stmt, error) {
	key := [2]int{int(t), n}
	if s, ok := l.stmts[key]; ok {
		return s, nil
	}
	cols := bulkTables[t].cols
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	q := "INSERT INTO " + bulkTables[t].name + " (" + strings.Join(cols, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
	s, err := l.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if keep {
		l.stmts[key] = s
	}
	return s, nil
}

func (l *sqliteLoad) finish(ctx context.Context) error {
	if err := l.restore(ctx); err != nil {
		return err
	}
	if err := l.recount(ctx, sqliteDialect); err != nil {
		return err
	}
	if err := l.tx.Commit(); err != nil {
		return err
	}
	l.tx = nil
	// Statistics from a sample of each index, as PRAGMA optimize gathers
	// them at start-up: a full ANALYZE reads every index to the end.
	if _, err := l.conn.ExecContext(ctx, "PRAGMA analysis_limit=2000; ANALYZE"); err != nil {
		return err
	}
	return l.close(ctx)
}

// close restores the connection's settings and returns it to the pool.
func (l *sqliteLoad) close(ctx context.Context) error {
	defer l.db.reader.SetMaxIdleConns(sqliteReaders)
	defer l.conn.Close()
	for _, q := range sqliteRestore(l.db.cacheKiB) {
		if _, err := l.conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

func (l *sqliteLoad) abort() {
	if l.tx != nil {
		l.tx.Rollback()
		l.tx = nil
	}
	l.close(context.Background())
}

// postgresLoad loads PostgreSQL with COPY.
type postgresLoad struct {
	bulkTx
	next [numBulkTables]int64 // the ids the load reached, for the sequences
}

func startPostgresLoad(ctx context.Context, db *DB) (*postgresLoad, error) {
	conn, err := db.writer.Conn(ctx)
	if err != nil {
		return nil, err
	}
	l := &postgresLoad{bulkTx: bulkTx{conn: conn}}
	if l.tx, err = conn.BeginTx(ctx, nil); err != nil {
		conn.Close()
		return nil, err
	}
	if _, err := l.tx.ExecContext(ctx, `SET LOCAL maintenance_work_mem = '256MB'`); err != nil {
		l.abort()
		return nil, err
	}
	return l, nil
}

// dropIndexes drops the secondary indexes and the foreign keys of the
// tables the load fills: they are built and checked faster once, for all
// rows, than row by row. The drops are part of the transaction and roll
// back with it.
func (l *postgresLoad) dropIndexes(ctx context.Context) error {
	var drops, restores []string
	err := queryEach(ctx, l.tx, `SELECT quote_ident(r.relname), quote_ident(c.conname), pg_get_constraintdef(c.oid)
		FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
		WHERE c.contype = 'f' AND r.relnamespace = current_schema()::regnamespace AND r.relname IN (`+bulkTableList()+`)
		ORDER BY 1, 2`, func(s scanner) error {
		var table, name, def string
		if err := s.Scan(&table, &name, &def); err != nil {
			return err
		}
		drops = append(drops, "ALTER TABLE "+table+" DROP CONSTRAINT "+name)
		restores = append(restores, "ALTER TABLE "+table+" ADD CONSTRAINT "+name+" "+def)
		return nil
	})
	if err != nil {
		return err
	}
	err = queryEach(ctx, l.tx, `SELECT quote_ident(i.relname), pg_get_indexdef(i.oid)
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class r ON r.oid = x.indrelid
		WHERE r.relnamespace = current_schema()::regnamespace AND r.relname IN (`+bulkTableList()+`)
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY 1`, func(s scanner) error {
		var name, def string
		if err := s.Scan(&name, &def); err != nil {
			return err
		}
		drops = append(drops, "DROP INDEX "+name)
		// Indexes first, then the keys, whose checks may use them.
		restores = append([]string{def}, restores...)
		return nil
	})
	if err != nil {
		return err
	}
	return l.dropAll(ctx, drops, restores)
}

// queryEach runs query in tx and calls fn for each row.
func queryEach(ctx context.Context, tx *sql.Tx, query string, fn func(scanner) error) error {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// value turns dates and timestamps into what COPY encodes directly: a
// time.Time, or nil for NULL.
func (l *postgresLoad) value(v any) any {
	var t time.Time
	switch x := v.(type) {
	case dbDate:
		t = x.t
	case dbTime:
		t = x.t
	default:
		return plainValue(v)
	}
	if t.IsZero() {
		return nil
	}
	return t
}

func (l *postgresLoad) write(ctx context.Context, t bulkTableID, rows [][]any) error {
	tab := bulkTables[t]
	l.next[t] = max(l.next[t], rows[len(rows)-1][0].(int64)+1)
	return l.conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		_, err := pc.CopyFrom(ctx, pgx.Identifier{tab.name}, tab.cols, pgx.CopyFromRows(rows))
		return err
	})
}

func (l *postgresLoad) finish(ctx context.Context) error {
	if err := l.restore(ctx); err != nil {
		return err
	}
	if err := l.recount(ctx, postgresDialect); err != nil {
		return err
	}
	// The application's inserts take ids from the identity sequences,
	// which must start after the ids the load assigned.
	for t, next := range l.next {
		if next == 0 {
			continue
		}
		name := bulkTables[t].name
		if _, err := l.tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+name+`', 'id'), `+
			strconv.FormatInt(next, 10)+`, false)`); err != nil {
			return fmt.Errorf("sequence of %s: %w", name, err)
		}
	}
	if err := l.tx.Commit(); err != nil {
		return err
	}
	l.tx = nil
	defer l.conn.Close()
	_, err := l.conn.ExecContext(ctx, "ANALYZE "+strings.ReplaceAll(bulkTableList(), "'", ""))
	return err
}

func (l *postgresLoad) abort() {
	if l.tx != nil {
		l.tx.Rollback()
		l.tx = nil
	}
	l.conn.Close()
}
