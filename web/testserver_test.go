package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	mathrand "math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"teilhabe"
	"teilhabe/demo"
	"teilhabe/sqldb"
)

// The handler tests run against the demo programme on a real database: a
// copy of one SQLite file filled once per test binary, and, when
// TEILHABE_TEST_POSTGRES holds a database URL, a fresh PostgreSQL schema per
// test as well.

// testNow is the fixed clock of every test server: a Wednesday morning.
var testNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return testNow }

// testPassword is the password of every demo account in the tests.
const testPassword = "Sonnenblume-am-Fenster-2026"

const postgresEnv = "TEILHABE_TEST_POSTGRES"

// demoRand is the demo loader's random source: the same cases every time.
func demoRand() *mathrand.Rand { return mathrand.New(mathrand.NewPCG(1, 2)) }

// sqliteTemplate is a SQLite file with the demo loaded, made on first use
// and copied for each test.
var sqliteTemplate struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sqliteTemplate.dir != "" {
		os.RemoveAll(sqliteTemplate.dir)
	}
	if pgTemplate.schema != "" {
		if err := pgExec(context.Background(), "DROP SCHEMA "+pgTemplate.schema+" CASCADE"); err != nil {
			fmt.Fprintln(os.Stderr, "drop template schema:", err)
		}
	}
	os.Exit(code)
}

// demoSQLiteFile returns the path of the template database file.
func demoSQLiteFile(t *testing.T) string {
	t.Helper()
	tpl := &sqliteTemplate
	tpl.once.Do(func() {
		tpl.dir, tpl.err = os.MkdirTemp("", "teilhabe-web-test-")
		if tpl.err != nil {
			return
		}
		ctx := context.Background()
		db, err := sqldb.Open(ctx, sqldb.Options{DataDir: tpl.dir, Now: fixedNow, Passwords: teilhabe.CheapPasswordParams})
		if err != nil {
			tpl.err = err
			return
		}
		if err := demo.Load(ctx, db, testPassword, demoRand()); err != nil {
			db.Close()
			tpl.err = err
			return
		}
		// Closing the last connection checkpoints the WAL into the main
		// file, so the file alone is a complete copy.
		tpl.err = db.Close()
	})
	if tpl.err != nil {
		t.Fatalf("demo template database: %v", tpl.err)
	}
	return filepath.Join(tpl.dir, "teilhabe.db")
}

// openSQLite opens a private copy of the demo database.
func openSQLite(t *testing.T) *sqldb.DB {
	t.Helper()
	src := demoSQLiteFile(t)
	dir := t.TempDir()
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(src + suffix)
		if os.IsNotExist(err) && suffix != "" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "teilhabe.db"+suffix), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sqldb.Open(context.Background(), sqldb.Options{DataDir: dir, Now: fixedNow, Passwords: teilhabe.CheapPasswordParams})
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// pgTemplate is a PostgreSQL schema with the demo loaded, made on first
// use and copied into each test's own schema.
var pgTemplate struct {
	once   sync.Once
	schema string
	err    error
}

// postgresURL returns the test database URL with search_path set to schema,
// so that every connection of the store works in that schema.
func postgresURL(schema string) (string, error) {
	u, err := url.Parse(os.Getenv(postgresEnv))
	if err != nil {
		return "", fmt.Errorf("%s: %w", postgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// pgExec runs statements on the test database outside any test schema.
func pgExec(ctx context.Context, stmts ...string) error {
	db, err := sql.Open("pgx", os.Getenv(postgresEnv))
	if err != nil {
		return err
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// createSchema creates a schema with a random name and migrates it.
func createSchema(ctx context.Context, prefix string) (string, *sqldb.DB, error) {
	b := make([]byte, 6)
	rand.Read(b)
	schema := prefix + hex.EncodeToString(b)
	if err := pgExec(ctx, "CREATE SCHEMA "+schema); err != nil {
		return "", nil, err
	}
	dsn, err := postgresURL(schema)
	if err != nil {
		return schema, nil, err
	}
	db, err := sqldb.Open(ctx, sqldb.Options{URL: dsn, Now: fixedNow, Passwords: teilhabe.CheapPasswordParams})
	return schema, db, err
}

func demoPostgresSchema(t *testing.T) string {
	t.Helper()
	tpl := &pgTemplate
	tpl.once.Do(func() {
		ctx := context.Background()
		var db *sqldb.DB
		tpl.schema, db, tpl.err = createSchema(ctx, "web_test_template_")
		if tpl.err != nil {
			return
		}
		defer db.Close()
		tpl.err = demo.Load(ctx, db, testPassword, demoRand())
	})
	if tpl.err != nil {
		t.Fatalf("demo template schema: %v", tpl.err)
	}
	return tpl.schema
}

// openPostgres gives the test a schema of its own in the database named by
// TEILHABE_TEST_POSTGRES, migrated by the store and filled with a copy of
// the demo template; the schema is dropped when the test ends.
func openPostgres(t *testing.T) *sqldb.DB {
	t.Helper()
	tpl := demoPostgresSchema(t)
	ctx := context.Background()
	schema, db, err := createSchema(ctx, "web_test_")
	if schema != "" {
		t.Cleanup(func() {
			if err := pgExec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
				t.Errorf("drop test schema: %v", err)
			}
		})
	}
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { db.Close() }) // runs before the drop
	if err := copySchema(ctx, tpl, schema); err != nil {
		t.Fatalf("copy demo data: %v", err)
	}
	return db
}

// copySchema copies the rows of every table of from into the migrated,
// empty schema to, parents before children, and moves the identity
// sequences past the copied ids.
func copySchema(ctx context.Context, from, to string) error {
	db, err := sql.Open("pgx", os.Getenv(postgresEnv))
	if err != nil {
		return err
	}
	defer db.Close()
	tables, err := queryStrings(ctx, db, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name`, from)
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, `SELECT child.relname, parent.relname FROM pg_constraint c
		JOIN pg_class child ON child.oid = c.conrelid
		JOIN pg_class parent ON parent.oid = c.confrelid
		JOIN pg_namespace n ON n.oid = child.relnamespace
		WHERE c.contype = 'f' AND n.nspname = $1`, from)
	if err != nil {
		return err
	}
	parents := map[string][]string{}
	for rows.Next() {
		var child, parent string
		if err := rows.Scan(&child, &parent); err != nil {
			rows.Close()
			return err
		}
		if child != parent {
			parents[child] = append(parents[child], parent)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var order []string
	done := map[string]bool{}
	var visit func(string)
	visit = func(table string) {
		if done[table] {
			return
		}
		done[table] = true
		for _, p := range parents[table] {
			visit(p)
		}
		order = append(order, table)
	}
	for _, table := range tables {
		visit(table)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, table := range order {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %q.%q SELECT * FROM %q.%q`, to, table, from, table)); err != nil {
			return fmt.Errorf("copy %s: %w", table, err)
		}
	}
	idRows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = $1 AND is_identity = 'YES'`, to)
	if err != nil {
		return err
	}
	var identities [][2]string
	for idRows.Next() {
		var table, column string
		if err := idRows.Scan(&table, &column); err != nil {
			idRows.Close()
			return err
		}
		identities = append(identities, [2]string{table, column})
	}
	idRows.Close()
	for _, id := range identities {
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(%q), 0) + 1, false) FROM %q.%q`, id[1], to, id[0])
		if _, err := tx.ExecContext(ctx, q, fmt.Sprintf("%q.%q", to, id[0]), id[1]); err != nil {
			return fmt.Errorf("identity of %s: %w", id[0], err)
		}
	}
	return tx.Commit()
}

func queryStrings(ctx context.Context, db *sql.DB, q string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// databases lists the stores the handler tests run on.
func databases() []string {
	if os.Getenv(postgresEnv) != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// eachDB runs fn as a parallel subtest per database, each with a fresh test
// server on the demo data.
func eachDB(t *testing.T, fn func(t *testing.T, ts *testServer)) {
	t.Helper()
	for _, name := range databases() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, newTestServer(t, name))
		})
	}
}

// testServer is the web interface on a real database behind a real HTTP
// server.
type testServer struct {
	*httptest.Server
	db  *sqldb.DB
	log *syncBuffer
	web *Server // to set what only the command configures
}

func newTestServer(t *testing.T, database string) *testServer {
	t.Helper()
	var db *sqldb.DB
	switch database {
	case "sqlite":
		db = openSQLite(t)
	case "postgres":
		db = openPostgres(t)
	default:
		t.Fatalf("unknown database %q", database)
	}
	logs := &syncBuffer{}
	s, err := New(Config{DB: db, Logger: slog.New(slog.NewTextHandler(logs, nil)), Now: fixedNow})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return &testServer{Server: srv, db: db, log: logs, web: s}
}

// syncBuffer collects the server log.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// client is a browser without JavaScript: it keeps cookies, does not follow
// redirects (tests assert on them), and sends Sec-Fetch-Site: same-origin
// with each POST as browsers do for the application's own forms.
type client struct {
	ts   *testServer
	http *http.Client
}

func (ts *testServer) client(t *testing.T) *client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &client{ts: ts, http: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       30 * time.Second,
	}}
}

// signIn returns a client signed in as the demo account username.
func (ts *testServer) signIn(t *testing.T, username string) *client {
	t.Helper()
	c := ts.client(t)
	res := c.post(t, "/login", url.Values{"username": {username}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d, want 303\n%s", username, res.StatusCode, res.text())
	}
	if c.cookie(sessionCookie) == "" {
		t.Fatalf("sign in as %s: no session cookie", username)
	}
	return c
}

// response is a finished response with its body read.
type response struct {
	*http.Response
	body []byte
}

func (r *response) text() string { return string(r.body) }

// doc parses the body as HTML.
func (r *response) doc(t testing.TB) *html.Node {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("%s %s: Content-Type %q, want text/html", r.Request.Method, r.Request.URL.Path, ct)
	}
	doc, err := html.Parse(bytes.NewReader(r.body))
	if err != nil {
		t.Fatalf("parse HTML of %s: %v", r.Request.URL.Path, err)
	}
	return doc
}

func (c *client) get(t testing.TB, path string) *response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.do(t, req)
}

// post submits a form as the application's own page would.
func (c *client) post(t testing.TB, path string, form url.Values) *response {
	t.Helper()
	return c.postWith(t, path, form, map[string]string{"Sec-Fetch-Site": "same-origin"})
}

// postWith submits a form with the given request headers.
func (c *client) postWith(t testing.TB, path string, form url.Values, header map[string]string) *response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.ts.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return c.do(t, req)
}

// do sends req and checks the headers every response must carry.
func (c *client) do(t testing.TB, req *http.Request) *response {
	t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL.Path, err)
	}
	checkSecurityHeaders(t, req.Method+" "+req.URL.RequestURI(), res.Header)
	return &response{Response: res, body: body}
}

// checkSecurityHeaders asserts the headers that every response carries.
func checkSecurityHeaders(t testing.TB, what string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	directives := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	if directives["script-src"] != "'self'" {
		t.Errorf("%s: CSP script-src = %q, want 'self' (policy %q)", what, directives["script-src"], csp)
	}
	if directives["frame-ancestors"] != "'none'" {
		t.Errorf("%s: CSP frame-ancestors = %q, want 'none' (policy %q)", what, directives["frame-ancestors"], csp)
	}
	if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options = %q, want nosniff", what, got)
	}
	if got := h.Get("Referrer-Policy"); got == "" {
		t.Errorf("%s: no Referrer-Policy", what)
	}
}

// cookie returns the value of the named cookie the client holds for the
// server, or "".
func (c *client) cookie(name string) string {
	u, _ := url.Parse(c.ts.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// setCookie puts a cookie into the client's jar.
func (c *client) setCookie(name, value string) {
	u, _ := url.Parse(c.ts.URL)
	c.http.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// user returns the signed-in account, read through the store.
func (c *client) user(t testing.TB) teilhabe.User {
	t.Helper()
	u, err := c.ts.db.SessionUser(context.Background(), c.cookie(sessionCookie))
	if err != nil {
		t.Fatalf("session user: %v", err)
	}
	return u
}

// actor returns the demo account username as an actor, for reading the
// store directly.
func (ts *testServer) actor(t testing.TB, username string) teilhabe.Actor {
	t.Helper()
	users, err := ts.db.FindUsers(context.Background(), teilhabe.Actor{Role: teilhabe.RoleAdmin, Username: "admin"}, 0)
	if err != nil {
		t.Fatalf("find users: %v", err)
	}
	for _, u := range users {
		if u.Username == username {
			return u.Actor()
		}
	}
	t.Fatalf("no demo account %q", username)
	return teilhabe.Actor{}
}

// findCases lists every case in a's scope that matches f, all pages.
func (ts *testServer) findCases(t testing.TB, a teilhabe.Actor, f sqldb.CaseFilter) []sqldb.CaseListItem {
	t.Helper()
	var all []sqldb.CaseListItem
	for page := 1; ; page++ {
		f.Page = page
		items, more, err := ts.db.FindCases(context.Background(), a, f)
		if err != nil {
			t.Fatalf("find cases as %s: %v", a.Username, err)
		}
		all = append(all, items...)
		if !more {
			return all
		}
	}
}

// anyCase returns the most urgent open case in a's scope; it fails the test
// when there is none.
func (ts *testServer) anyCase(t testing.TB, a teilhabe.Actor) sqldb.CaseListItem {
	t.Helper()
	items, _, err := ts.db.FindCases(context.Background(), a, sqldb.CaseFilter{Page: 1})
	if err != nil {
		t.Fatalf("find cases as %s: %v", a.Username, err)
	}
	if len(items) == 0 {
		t.Fatalf("the demo has no open case for %s", a.Username)
	}
	return items[0]
}

// caseIn returns the id of a case of a's in stage; it fails the test when
// there is none.
func (ts *testServer) caseIn(t testing.TB, a teilhabe.Actor, stage teilhabe.Stage) int64 {
	t.Helper()
	items := ts.findCases(t, a, sqldb.CaseFilter{Stage: stage, Closed: stage.Closed()})
	if len(items) == 0 {
		t.Fatalf("the demo has no case in stage %s for %s", stage, a.Username)
	}
	return items[0].ID
}

// caseDetail reads a case through the store as a.
func (ts *testServer) caseDetail(t testing.TB, a teilhabe.Actor, id int64) sqldb.CaseDetail {
	t.Helper()
	d, err := ts.db.FindCaseByID(context.Background(), a, id)
	if err != nil {
		t.Fatalf("find case %d as %s: %v", id, a.Username, err)
	}
	return d
}
