package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"teilhabe"

	"github.com/google/go-cmp/cmp"
)

// testNow is the fixed clock of every test: Wednesday, 25 November 2026,
// 10:00 UTC (11:00 in Germany).
var testNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// testToday is the calendar day of testNow.
var testToday = teilhabe.Day(2026, 11, 25)

// testPassword is the password of every account the tests create.
const testPassword = "korrekt-pferd-batterie"

// postgresEnv names the variable that holds the URL of a PostgreSQL database
// for the tests; CI sets it.
const postgresEnv = "TEILHABE_TEST_POSTGRES"

// openOptions remembers the options each test store was opened with, so that
// a test can open the same database again.
var openOptions sync.Map // *DB → Options

// forEachDB runs fn on a fresh SQLite database and, when TEILHABE_TEST_POSTGRES
// is set, on a fresh schema of that PostgreSQL database, as the subtests
// "sqlite" and "postgres". Both stores read the clock testNow.
func forEachDB(t *testing.T, fn func(t *testing.T, db *DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, openTestDB(t, Options{DataDir: t.TempDir()}))
	})
	if base := os.Getenv(postgresEnv); base != "" {
		t.Run("postgres", func(t *testing.T) {
			t.Parallel()
			fn(t, openTestDB(t, Options{URL: postgresSchema(t, base)}))
		})
	}
}

// openTestDB opens a store with the fixed clock and closes it at the end of
// the test.
func openTestDB(t *testing.T, opt Options) *DB {
	t.Helper()
	opt.Now = func() time.Time { return testNow }
	if opt.Passwords == (teilhabe.PasswordParams{}) {
		opt.Passwords = teilhabe.CheapPasswordParams
	}
	db, err := Open(context.Background(), opt)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	openOptions.Store(db, opt)
	t.Cleanup(func() {
		if !t.Failed() {
			checkCounts(t, db)
		}
		openOptions.Delete(db)
		db.Close()
	})
	return db
}

// checkCounts fails the test unless the counters kept with every change
// equal a recount of the cases.
func checkCounts(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	rows := func(q string) []string {
		t.Helper()
		r, err := db.reader.QueryContext(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer r.Close()
		cols, _ := r.Columns()
		var out []string
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(vals...))
		}
		sort.Strings(out)
		return out
	}
	kept := rows(`SELECT location_id, programme_id, stage, n FROM location_counts WHERE n <> 0`)
	if diff := cmp.Diff(rows(stageRecount), kept); diff != "" {
		t.Errorf("location_counts differ from a recount of the cases (-recount +kept):\n%s", diff)
	}
	keptYears := rows(`SELECT location_id, programme_id, year, assigned, info_held, info_on_time, freed FROM location_year_counts
		WHERE assigned <> 0 OR info_held <> 0 OR info_on_time <> 0 OR freed <> 0`)
	if diff := cmp.Diff(rows(yearRecount(db.dialect)), keptYears); diff != "" {
		t.Errorf("location_year_counts differ from a recount of the cases (-recount +kept):\n%s", diff)
	}
}

// reopen opens the database of db a second time, as a restart would.
func reopen(t *testing.T, db *DB) *DB {
	t.Helper()
	opt, ok := openOptions.Load(db)
	if !ok {
		t.Fatal("reopen: store not opened by openTestDB")
	}
	return openTestDB(t, opt.(Options))
}

// postgresSchema creates a schema of its own for the test in the database
// at base, drops it at the end, and returns base with the schema as the
// search path.
func postgresSchema(t *testing.T, base string) string {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("connect to %s: %v", postgresEnv, err)
	}
	raw := make([]byte, 6)
	rand.Read(raw)
	schema := "test_" + hex.EncodeToString(raw)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", postgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// at returns db with its clock set to t.
func at(db *DB, t time.Time) *DB {
	return db.WithClock(func() time.Time { return t })
}

// onDay returns db with its clock set to 10:00 UTC of day d.
func onDay(db *DB, d time.Time) *DB {
	return at(db, time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, time.UTC))
}

// days returns testToday plus n days.
func days(n int) time.Time { return testToday.AddDate(0, 0, n) }

// fixture is a small programme: two sponsors (the Agentur leads), two
// providers, three locations, and accounts created on first use, because
// hashing a password takes a tenth of a second.
type fixture struct {
	t     *testing.T
	db    *DB
	ctx   context.Context
	admin teilhabe.Actor
	prog  teilhabe.Programme

	agentur   int64 // lead sponsor, SGB III
	jobcenter int64 // SGB II
	provA     int64
	provB     int64
	locA1     int64 // provider A, 10 places
	locA2     int64 // provider A, 1 place: the waiting list
	locB      int64 // provider B, 10 places

	actors map[string]teilhabe.Actor
}

// seed sets up the programme in db.
func seed(t *testing.T, db *DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, db: db, ctx: ctx, actors: map[string]teilhabe.Actor{}}
	if err := db.CreateFirstAdmin(ctx, "admin", "Alex Admin", testPassword); err != nil {
		t.Fatalf("CreateFirstAdmin: %v", err)
	}
	users, err := db.FindUsers(ctx, teilhabe.Actor{Role: teilhabe.RoleAdmin, Username: "admin"}, 0)
	if err != nil || len(users) != 1 {
		t.Fatalf("FindUsers = %v, %v; want the admin", users, err)
	}
	f.admin = users[0].Actor()
	f.actors["admin"] = f.admin

	f.prog = teilhabe.Programme{Name: "Inklusion Trier", Region: "Trier", State: teilhabe.StateRP,
		PeriodStart: teilhabe.Day(2026, 1, 1), PeriodEnd: teilhabe.Day(2028, 12, 31), PlacesPerYear: 20,
		AssignmentMonths: 12, InfoDeadline: teilhabe.DeadlineRule{Kind: teilhabe.DeadlineCalendarDays, Days: 7}}
	if f.prog.ID, err = db.CreateProgramme(ctx, f.admin, f.prog); err != nil {
		t.Fatalf("CreateProgramme: %v", err)
	}
	f.prog.Version = 1
	org := func(kind teilhabe.OrgKind, name string, lead bool) int64 {
		t.Helper()
		id, err := db.CreateOrganisation(ctx, f.admin, teilhabe.Organisation{ProgrammeID: f.prog.ID, Kind: kind,
			Name: name, Lead: lead, State: teilhabe.StateRP})
		if err != nil {
			t.Fatalf("CreateOrganisation %s: %v", name, err)
		}
		return id
	}
	f.agentur = org(teilhabe.OrgAgentur, "Agentur für Arbeit Trier", true)
	f.jobcenter = org(teilhabe.OrgJobcenterGE, "Jobcenter Trier Stadt", false)
	f.provA = org(teilhabe.OrgProvider, "Caritas Trier", false)
	f.provB = org(teilhabe.OrgProvider, "Bürgerservice", false)
	loc := func(provider int64, name string, places int) int64 {
		t.Helper()
		id, err := db.CreateLocation(ctx, f.admin, teilhabe.Location{ProviderID: provider, Name: name,
			Street: "Hauptstraße 1", Postcode: "54290", City: "Trier", State: teilhabe.StateRP, PlacesPerYear: places,
			Features: []teilhabe.Feature{teilhabe.FeatureStepFree}})
		if err != nil {
			t.Fatalf("CreateLocation %s: %v", name, err)
		}
		return id
	}
	f.locA1 = loc(f.provA, "Caritas Mitte", 10)
	f.locA2 = loc(f.provA, "Caritas Klein", 1)
	f.locB = loc(f.provB, "Bürgerservice Wittlich", 10)
	return f
}

// actor returns the account called name, creating it on first use:
// coach.a1, coach.a2, coach.b, lead.a, lead.b, cw.aa (Agentur), cw.jc
// (Jobcenter), coord (coordinator at the Agentur), dpo.
func (f *fixture) actor(name string) teilhabe.Actor {
	f.t.Helper()
	if a, ok := f.actors[name]; ok {
		return a
	}
	in := teilhabe.AccountInput{Username: name, Name: "Test " + name, ProgrammeID: f.prog.ID, Active: true, Password: testPassword}
	switch name {
	case "coach.a1":
		in.Role, in.OrgID, in.LocationID = teilhabe.RoleCoach, f.provA, f.locA1
	case "coach.a2":
		in.Role, in.OrgID, in.LocationID = teilhabe.RoleCoach, f.provA, f.locA2
	case "coach.b":
		in.Role, in.OrgID, in.LocationID = teilhabe.RoleCoach, f.provB, f.locB
	case "lead.a":
		in.Role, in.OrgID = teilhabe.RoleProviderLead, f.provA
	case "lead.b":
		in.Role, in.OrgID = teilhabe.RoleProviderLead, f.provB
	case "cw.aa":
		in.Role, in.OrgID = teilhabe.RoleSponsorCaseworker, f.agentur
	case "cw.jc":
		in.Role, in.OrgID = teilhabe.RoleSponsorCaseworker, f.jobcenter
	case "coord":
		in.Role, in.OrgID = teilhabe.RoleCoordinator, f.agentur
	case "dpo":
		in.Role = teilhabe.RoleDataProtection
	default:
		f.t.Fatalf("no test account %q", name)
	}
	id, err := f.db.CreateUser(f.ctx, f.admin, in)
	if err != nil {
		f.t.Fatalf("CreateUser %s: %v", name, err)
	}
	u, err := f.db.FindUserByID(f.ctx, f.admin, id)
	if err != nil {
		f.t.Fatalf("FindUserByID %s: %v", name, err)
	}
	f.actors[name] = u.Actor()
	return u.Actor()
}

// person returns a person of working age.
func person(first, last string) teilhabe.Person {
	return teilhabe.Person{FirstName: first, LastName: last, BirthDate: teilhabe.Day(1980, 5, 17),
		Phone: "0651 123456", Street: "Moselstraße 3", Postcode: "54290", City: "Trier"}
}

// contact records a first contact today by the coach (or provider lead, at
// locA1) and returns the case id.
func (f *fixture) contact(a teilhabe.Actor, p teilhabe.Person) int64 {
	f.t.Helper()
	id, _, err := f.db.RecordFirstContact(f.ctx, a, teilhabe.FirstContact{Person: p, LocationID: f.locA1, Channel: "phone", ContactOn: testToday})
	if err != nil {
		f.t.Fatalf("RecordFirstContact %s: %v", p.LastName, err)
	}
	return id
}

// version returns the version of case id as a sees it.
func (f *fixture) version(a teilhabe.Actor, id int64) int {
	f.t.Helper()
	v, err := f.db.CaseVersion(f.ctx, a, id)
	if err != nil {
		f.t.Fatalf("CaseVersion %d: %v", id, err)
	}
	return v
}

// load returns case id as a sees it.
func (f *fixture) load(a teilhabe.Actor, id int64) teilhabe.Case {
	f.t.Helper()
	d, err := f.db.FindCaseByID(f.ctx, a, id)
	if err != nil {
		f.t.Fatalf("FindCaseByID %d as %s: %v", id, a.Username, err)
	}
	return d.Case
}

// stage returns the stage and version of case id, read without the access
// rules or an audit entry.
func (f *fixture) stage(id int64) (teilhabe.Stage, int) {
	f.t.Helper()
	var s teilhabe.Stage
	var v int
	if err := f.db.reader.QueryRowContext(f.ctx, f.db.dialect.rebind(`SELECT stage, version FROM cases WHERE id = ?`), id).Scan(&s, &v); err != nil {
		f.t.Fatalf("stage of case %d: %v", id, err)
	}
	return s, v
}

// wantStage fails the test unless case id is in stage want.
func (f *fixture) wantStage(id int64, want teilhabe.Stage) {
	f.t.Helper()
	if got, _ := f.stage(id); got != want {
		f.t.Errorf("case %d stage = %s, want %s", id, got, want)
	}
}

// eligible returns an eligibility check that passes, for sponsor.
func (f *fixture) eligible(sponsor int64) teilhabe.Eligibility {
	domain := teilhabe.SGB3
	if sponsor == f.jobcenter {
		domain = teilhabe.SGB2
	}
	return teilhabe.Eligibility{JobSeeking: true, Kind: teilhabe.Severe, GdB: 50, ProofKind: "id_card",
		ProofIssued: teilhabe.Day(2024, 3, 1), ProofUnlimited: true, Barriers: []teilhabe.Barrier{"mobility"},
		LegalDomain: domain, SponsorID: sponsor}
}

// inPerson is an appointment on day at location loc.
func inPerson(day time.Time, loc int64) teilhabe.Booking {
	return teilhabe.Booking{On: day, At: "10:30", Mode: "in_person", LocationID: loc}
}

// toContractSignedFrom moves a case whose info appointment was held
// through the eligibility check (for sponsor) to a signed contract, today.
func (f *fixture) toContractSignedFrom(coach teilhabe.Actor, id, sponsor int64) {
	f.t.Helper()
	if err := f.db.RecordEligibility(f.ctx, coach, id, f.version(coach, id), f.eligible(sponsor), false); err != nil {
		f.t.Fatalf("case %d: RecordEligibility: %v", id, err)
	}
	if err := f.db.SignContract(f.ctx, coach, id, f.version(coach, id), teilhabe.ContractSignature{SignedOn: testToday}); err != nil {
		f.t.Fatalf("case %d: SignContract: %v", id, err)
	}
}

// toContractSigned moves a contacted case through the info appointment and
// the eligibility check (for sponsor) to a signed contract, all today.
func (f *fixture) toContractSigned(coach teilhabe.Actor, id, loc, sponsor int64) {
	f.t.Helper()
	steps := []struct {
		name string
		do   func(v int) error
	}{
		{"BookAppointment info", func(v int) error { return f.db.BookAppointment(f.ctx, coach, id, v, "info", inPerson(testToday, loc)) }},
		{"SetAppointmentOutcome info held", func(v int) error {
			return f.db.SetAppointmentOutcome(f.ctx, coach, id, v, "info", "held")
		}},
		{"RecordEligibility", func(v int) error { return f.db.RecordEligibility(f.ctx, coach, id, v, f.eligible(sponsor), false) }},
		{"SignContract", func(v int) error {
			return f.db.SignContract(f.ctx, coach, id, v, teilhabe.ContractSignature{SignedOn: testToday, EasyLanguage: false})
		}},
	}
	for _, s := range steps {
		if err := s.do(f.version(coach, id)); err != nil {
			f.t.Fatalf("case %d: %s: %v", id, s.name, err)
		}
	}
}

// count runs a COUNT(*) query on the store's database.
func count(t *testing.T, db *DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.reader.QueryRowContext(context.Background(), db.dialect.rebind(query), args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// auditCount counts the audit entries with action (all if empty) about case
// caseID (any if 0).
func auditCount(t *testing.T, db *DB, action string, caseID int64) int {
	t.Helper()
	q := `SELECT COUNT(*) FROM audit_log WHERE 1 = 1`
	var args []any
	if action != "" {
		q += ` AND action = ?`
		args = append(args, action)
	}
	if caseID != 0 {
		q += ` AND case_id = ?`
		args = append(args, caseID)
	}
	return count(t, db, q, args...)
}

// wantInvalid fails the test unless err is an *InvalidError with a problem
// key on field.
func wantInvalid(t *testing.T, err error, field, key string) {
	t.Helper()
	var inv *teilhabe.InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("err = %v, want an InvalidError %s=%s", err, field, key)
	}
	for _, fe := range inv.Fields {
		if fe.Field == field && fe.Key == key {
			return
		}
	}
	t.Fatalf("err = %v, want %s=%s among the problems", err, field, key)
}

// wantConflict fails the test unless err is a *ConflictError whose key
// starts with prefix.
func wantConflict(t *testing.T, err error, prefix string) {
	t.Helper()
	var c *teilhabe.ConflictError
	if !errors.As(err, &c) {
		t.Fatalf("err = %v, want a ConflictError %s…", err, prefix)
	}
	if !strings.HasPrefix(c.Key, prefix) {
		t.Fatalf("conflict key = %s, want %s…", c.Key, prefix)
	}
}

// wantErr fails the test unless errors.Is(err, want).
func wantErr(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("err = %v, want %v", err, want)
	}
}

// must fails the test on err.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
