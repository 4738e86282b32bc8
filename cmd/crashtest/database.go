package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver
	_ "modernc.org/sqlite"             // SQLite driver
)

// dbCheck is what the database showed after the kill.
type dbCheck struct {
	Integrity string   // SQLite's integrity_check: "ok", or its complaints; "" on PostgreSQL
	Missing   []string // request ids of served case pages without a case.viewed entry
}

// checkDatabase opens the database of the killed server directly: on
// SQLite it runs PRAGMA integrity_check; on both it looks up the
// case.viewed audit entry of every served case page.
func checkDatabase(ctx context.Context, cfg config, dataDir string, views []string) (dbCheck, error) {
	var c dbCheck
	driver, dsn, placeholder := "pgx", cfg.DatabaseURL, func(i int) string { return fmt.Sprintf("$%d", i+1) }
	if cfg.DB == "sqlite" {
		// Read-only: the restarted server, not this check, recovers the
		// write-ahead log the kill left behind.
		driver, dsn = "sqlite", "file:"+filepath.Join(dataDir, "teilhabe.db")+"?mode=ro&_pragma=busy_timeout(5000)"
		placeholder = func(int) string { return "?" }
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return c, err
	}
	defer db.Close()
	if cfg.DB == "sqlite" {
		rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
		if err != nil {
			return c, fmt.Errorf("integrity_check: %w", err)
		}
		var lines []string
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				rows.Close()
				return c, err
			}
			lines = append(lines, line)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return c, err
		}
		c.Integrity = strings.Join(lines, "; ")
	}

	found := map[string]bool{}
	const batch = 500
	for start := 0; start < len(views); start += batch {
		ids := views[start:min(start+batch, len(views))]
		marks := make([]string, len(ids))
		args := make([]any, len(ids))
		for i, id := range ids {
			marks[i], args[i] = placeholder(i), id
		}
		rows, err := db.QueryContext(ctx, `SELECT DISTINCT request_id FROM audit_log
			WHERE action = 'case.viewed' AND request_id IN (`+strings.Join(marks, ", ")+`)`, args...)
		if err != nil {
			return c, fmt.Errorf("audit_log: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return c, err
			}
			found[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return c, err
		}
	}
	for _, id := range views {
		if !found[id] {
			c.Missing = append(c.Missing, id)
		}
	}
	return c, nil
}
