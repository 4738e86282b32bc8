package sqldb

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"teilhabe"
)

func TestAuditWrittenWithTheChange(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id, _, err := db.RecordFirstContact(WithRequestID(ctx, "req-42"), coach, teilhabe.FirstContact{Person: person("Anna", "Arend"),
			Channel: "phone", ContactOn: testToday})
		must(t, err)

		if n := auditCount(t, db, "case.created", id); n != 1 {
			t.Fatalf("case.created audit entries = %d, want 1", n)
		}
		var actorID, programmeID, providerID int64
		var actorName, objectType, requestID string
		var at dbTime
		err = db.reader.QueryRowContext(ctx, db.dialect.rebind(`SELECT actor_id, actor_name, programme_id, provider_id, object_type,
			request_id, at FROM audit_log WHERE action = 'case.created' AND case_id = ?`), id).
			Scan(&actorID, &actorName, &programmeID, &providerID, &objectType, &requestID, &at)
		must(t, err)
		if actorID != coach.UserID || actorName != "coach.a1" || programmeID != f.prog.ID || providerID != f.provA ||
			objectType != "case" || requestID != "req-42" || !at.t.Equal(testNow) {
			t.Errorf("audit entry = actor %d %s, programme %d, provider %d, %s, request %q, at %v",
				actorID, actorName, programmeID, providerID, objectType, requestID, at.t)
		}

		// Reading a case is logged; reading its version for the demo is not.
		_, err = db.FindCaseByID(ctx, coach, id)
		must(t, err)
		if n := auditCount(t, db, "case.viewed", id); n != 1 {
			t.Errorf("case.viewed audit entries = %d, want 1", n)
		}
		before := auditCount(t, db, "", 0)
		f.version(coach, id)
		if n := auditCount(t, db, "", 0); n != before {
			t.Errorf("CaseVersion wrote %d audit entries, want none", n-before)
		}

		// Each step of the journey writes its entry.
		f.toContractSigned(coach, id, f.locA1, f.agentur)
		for _, action := range []string{"case.appointment_booked", "case.appointment_held", "case.eligibility", "case.contract_signed"} {
			if n := auditCount(t, db, action, id); n != 1 {
				t.Errorf("%s audit entries = %d, want 1", action, n)
			}
		}

		// When the audit entry cannot be written, the change is undone.
		if _, err := db.writer.ExecContext(ctx, `ALTER TABLE audit_log RENAME TO audit_log_away`); err != nil {
			t.Fatal(err)
		}
		_, err = db.RequestAssignment(ctx, coach, id, f.version(coach, id), teilhabe.AssignmentRequest{})
		if _, err := db.writer.ExecContext(ctx, `ALTER TABLE audit_log_away RENAME TO audit_log`); err != nil {
			t.Fatal(err)
		}
		if err == nil {
			t.Fatal("RequestAssignment without an audit log succeeded")
		}
		if s, v := f.stage(id); s != teilhabe.StageContractSigned || v != 5 {
			t.Errorf("after the failed audit: stage %s version %d, want contract_signed 5", s, v)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM messages WHERE case_id = ?`, id); n != 0 {
			t.Errorf("messages after the failed audit = %d, want 0", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM case_events WHERE case_id = ? AND kind = 'assignment_requested'`, id); n != 0 {
			t.Errorf("events after the failed audit = %d, want 0", n)
		}
	})
}

func TestFailedChangeWritesNoAudit(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		id := f.contact(coach, person("Anna", "Arend"))
		must(t, db.BookAppointment(ctx, coach, id, 1, "info", inPerson(testToday, f.locA1)))
		must(t, db.SetAppointmentOutcome(ctx, coach, id, 2, "info", "held"))
		before := auditCount(t, db, "", 0)

		// Rejected inside the transaction, after the case was loaded.
		e := f.eligible(f.agentur)
		e.LegalDomain = teilhabe.SGB2
		wantInvalid(t, db.RecordEligibility(ctx, coach, id, 3, e, false), "sponsor", "err.sponsor_domain")
		e.SponsorID = f.provB
		wantInvalid(t, db.RecordEligibility(ctx, coach, id, 3, e, false), "sponsor", "err.choose")
		// Rejected before it.
		_, _, err := db.RecordFirstContact(ctx, coach, teilhabe.FirstContact{Person: person("", ""), Channel: "phone", ContactOn: testToday})
		wantInvalid(t, err, "last_name", "err.required")
		_, err = db.CreateLocation(ctx, f.admin, teilhabe.Location{ProviderID: f.agentur, Name: "X", Street: "Y 1",
			Postcode: "54290", City: "Trier", State: teilhabe.StateRP})
		wantInvalid(t, err, "provider", "err.choose")

		if n := auditCount(t, db, "", 0); n != before {
			t.Errorf("audit entries = %d after rejected changes, want %d", n, before)
		}

		must(t, db.RecordEligibility(ctx, coach, id, 3, f.eligible(f.agentur), false))
		must(t, db.SignContract(ctx, coach, id, 4, teilhabe.ContractSignature{SignedOn: testToday, EasyLanguage: false}))
		_, err = db.RequestAssignment(ctx, coach, id, 5, teilhabe.AssignmentRequest{})
		must(t, err)
		// A caseworker of another organisation cannot be made responsible.
		other := f.actor("cw.jc")
		before = auditCount(t, db, "", 0)
		wantInvalid(t, db.Assign(ctx, cw, id, f.version(cw, id), teilhabe.Assignment{Start: days(7), CaseworkerID: other.UserID}),
			"caseworker", "err.choose")
		if n := auditCount(t, db, "", 0); n != before {
			t.Errorf("audit entries = %d after rejected changes, want %d", n, before)
		}
		f.wantStage(id, teilhabe.StageAssignmentRequested)
	})
}

func TestFindAuditEntries(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		dpo, coachA, coachB := f.actor("dpo"), f.actor("coach.a1"), f.actor("coach.b")
		for _, name := range []string{"admin", "coord", "coach.a1", "cw.aa"} {
			_, _, err := db.FindAuditEntries(ctx, f.actor(name), AuditFilter{})
			wantErr(t, err, teilhabe.ErrForbidden)
		}
		idA := f.contact(coachA, person("Anna", "Arend"))
		tomorrow := onDay(db, days(1))
		idB, _, err := tomorrow.RecordFirstContact(ctx, coachB, teilhabe.FirstContact{Person: person("Bernd", "Berg"), Channel: "email",
			ContactOn: days(1)})
		must(t, err)
		// 51 views of case A, to fill more than a page.
		for range AuditPageSize + 1 {
			_, err := db.FindCaseByID(ctx, coachA, idA)
			must(t, err)
		}

		find := func(fl AuditFilter) ([]AuditRecord, bool) {
			t.Helper()
			list, more, err := db.FindAuditEntries(ctx, dpo, fl)
			if err != nil {
				t.Fatalf("FindAuditEntries(%+v): %v", fl, err)
			}
			return list, more
		}

		list, more := find(AuditFilter{Actor: "coach.b"})
		if len(list) != 1 || list[0].Action != teilhabe.AuditCaseCreated || list[0].CaseID != idB || more {
			t.Errorf("entries by coach.b = %+v, want their first contact", list)
		}
		if list[0].ActorRole != teilhabe.RoleCoach {
			t.Errorf("the entry records the role %q, want coach", list[0].ActorRole)
		}
		caseActions := []teilhabe.AuditAction{teilhabe.AuditCaseCreated, teilhabe.AuditCaseViewed}
		list, more = find(AuditFilter{Actions: caseActions})
		if len(list) != AuditPageSize || !more {
			t.Errorf("case entries: %d (more %v), want a full page and more", len(list), more)
		}
		for _, e := range list {
			if !slices.Contains(caseActions, e.Action) {
				t.Errorf("entry %s is neither a creation nor a view", e.Action)
			}
		}
		// Newest first: case B was created tomorrow.
		if list[0].CaseID != idB {
			t.Errorf("newest case entry is about case %d, want %d", list[0].CaseID, idB)
		}
		list, more = find(AuditFilter{Actions: caseActions, Page: 2})
		if len(list) != 3 || more { // 53 entries: two creations, 51 views
			t.Errorf("second page: %d entries (more %v), want 3", len(list), more)
		}
		// A shorter page, as the officer's start page shows.
		if list, more := find(AuditFilter{Actions: caseActions, PageSize: 10}); len(list) != 10 || !more {
			t.Errorf("a page of 10: %d entries (more %v)", len(list), more)
		}
		if list, _ := find(AuditFilter{Actions: []teilhabe.AuditAction{teilhabe.AuditCaseCreated}}); len(list) != 2 {
			t.Errorf("case.created entries = %d, want 2", len(list))
		}
		list, _ = find(AuditFilter{CaseID: idB})
		if len(list) != 1 || list[0].ObjectID != idB || list[0].ObjectType != "case" {
			t.Errorf("entries about case B = %+v", list)
		}
		list, _ = find(AuditFilter{From: days(1), To: days(1)})
		if len(list) != 1 || list[0].CaseID != idB {
			t.Errorf("entries of tomorrow = %+v, want case B's creation", list)
		}
		list, _ = find(AuditFilter{Actor: "coach.b", To: testToday})
		if len(list) != 0 {
			t.Errorf("entries by coach.b until today = %+v, want none", list)
		}
		// Every reading of the log is itself logged, by the officer.
		list, _ = find(AuditFilter{Actions: []teilhabe.AuditAction{teilhabe.AuditLogRead}})
		if len(list) != 8 || list[0].ActorName != "dpo" || list[0].ObjectType != "audit_log" {
			t.Fatalf("audit.read entries = %+v, want the 8 earlier readings by dpo", list)
		}
		// With what was shown and the filters used, not their values.
		for i, want := range []string{"0 shown, page 1, filter actor to", "1 shown, page 1, filter from to"} {
			if got := list[i].Detail; got != want {
				t.Errorf("detail of reading %d from the last = %q, want %q", i+1, got, want)
			}
		}
		if got, want := list[4].Detail, "10 shown, page 1, filter action"; got != want {
			t.Errorf("detail of the reading of a page of 10 = %q, want %q", got, want)
		}
		// Sign-in failures without an account belong to no programme.
		db.SignIn(ctx, "nobody", "wrong password", "192.0.2.1", "")
		if list, _ := find(AuditFilter{Actions: teilhabe.AuditGroupSignIn.Actions()}); len(list) != 0 {
			t.Errorf("login entries visible to the programme's officer = %+v, want none", list)
		}
	})
}

// TestFindAuditEntriesByGermanDay checks that the date filter counts days as
// the officer sees them, in German time: 23:30 UTC on 25 November is already
// 26 November.
func TestFindAuditEntriesByGermanDay(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		dpo, coach := f.actor("dpo"), f.actor("coach.a1")
		late := at(db, time.Date(2026, 11, 25, 23, 30, 0, 0, time.UTC))
		_, _, err := late.RecordFirstContact(ctx, coach, teilhabe.FirstContact{Person: person("Anna", "Arend"), Channel: "phone",
			ContactOn: teilhabe.Day(2026, 11, 26)})
		must(t, err)
		for _, tc := range []struct {
			from, to time.Time
			want     int
		}{
			{teilhabe.Day(2026, 11, 26), teilhabe.Day(2026, 11, 26), 1},
			{teilhabe.Day(2026, 11, 25), teilhabe.Day(2026, 11, 25), 0},
			{teilhabe.Day(2026, 11, 27), time.Time{}, 0},
			{time.Time{}, teilhabe.Day(2026, 11, 26), 1},
		} {
			list, _, err := db.FindAuditEntries(ctx, dpo, AuditFilter{Actions: []teilhabe.AuditAction{teilhabe.AuditCaseCreated},
				From: tc.from, To: tc.to})
			must(t, err)
			if len(list) != tc.want {
				t.Errorf("case.created from %v to %v: %d entries, want %d", tc.from, tc.to, len(list), tc.want)
			}
		}
	})
}

// TestListsAreLogged: case lists, duplicate checks and the inbox show names,
// so reading them is logged — with the filters used, not their values.
func TestListsAreLogged(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		f.contact(coach, person("Anna", "Arend"))
		_, _, err := db.FindCases(ctx, coach, CaseFilter{Query: "Arend"})
		must(t, err)
		_, err = db.FindDuplicates(ctx, coach, "Anna", "Arend", teilhabe.Day(1980, 5, 17))
		must(t, err)
		_, err = db.FindInbox(ctx, coach, InboxFilter{})
		must(t, err)
		for _, action := range []string{"cases.listed", "cases.duplicates_checked", "inbox.viewed"} {
			if n := auditCount(t, db, action, 0); n != 1 {
				t.Errorf("%s entries = %d, want 1", action, n)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%Arend%'`); n != 0 {
			t.Errorf("%d audit entries hold the searched name", n)
		}
	})
}

// TestReadsAreLoggedInBatches: many reads at once each get their entry,
// durable when the read returns (or, in an audit scope, when AwaitAudit
// returns), and reads write nothing else.
func TestReadsAreLoggedInBatches(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		before := auditCount(t, db, "case.viewed", id)
		const readers = 40
		var wg sync.WaitGroup
		for i := range readers {
			wg.Go(func() {
				if _, err := db.FindCaseByID(WithRequestID(ctx, fmt.Sprintf("r%02d", i)), coach, id); err != nil {
					t.Errorf("FindCaseByID: %v", err)
				}
			})
		}
		wg.Wait()
		if n := auditCount(t, db, "case.viewed", id); n != before+readers {
			t.Errorf("case.viewed entries = %d, want %d", n, before+readers)
		}
		if n := count(t, db, `SELECT COUNT(DISTINCT request_id) FROM audit_log WHERE action = 'case.viewed' AND request_id LIKE 'r%'`); n != readers {
			t.Errorf("entries carry %d distinct request ids, want %d", n, readers)
		}

		// In an audit scope a request reads twice and waits once.
		scoped := WithAuditScope(WithRequestID(ctx, "scoped"))
		if _, err := db.FindCaseByID(scoped, coach, id); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindInbox(scoped, coach, InboxFilter{}); err != nil {
			t.Fatal(err)
		}
		must(t, db.AwaitAudit(scoped))
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE request_id = 'scoped'`); n != 2 {
			t.Errorf("entries of the scoped request = %d, want 2", n)
		}
		must(t, db.AwaitAudit(scoped)) // nothing left to wait for
	})
}

// TestAccountsToReview: accounts created or changed with access to cases
// show on the data protection officer's list; others do not.
func TestAccountsToReview(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1") // created by the administrator: case access
		f.actor("coord")             // no case access
		list, err := db.FindAccountsToReview(ctx, f.actor("dpo"))
		must(t, err)
		if len(list) != 1 || list[0].ObjectID != coach.UserID || list[0].Action != "user.created" {
			t.Errorf("accounts to review = %+v, want the coach's creation only", list)
		}
		_, err = db.FindAccountsToReview(ctx, coach)
		wantErr(t, err, teilhabe.ErrForbidden)
	})
}

// TestAuditActionsComeFromTheList checks the writers of the audit log:
// every action they name is a teilhabe.Audit… value, never a string made
// here, so that each action the store can write has a label for the data
// protection officer (the web package's catalogue test checks the labels
// of teilhabe.AuditActions).
func TestAuditActionsComeFromTheList(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	check := func(e ast.Expr) {
		checked++
		bad := false
		switch e := e.(type) {
		case *ast.BasicLit, *ast.BinaryExpr:
			bad = true
		case *ast.CallExpr:
			if sel, ok := e.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "AuditAction" {
				bad = true // a conversion
			}
		}
		if bad {
			t.Errorf("%s: an audit action made in place; use a teilhabe.Audit… constant", fset.Position(e.Pos()))
		}
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				typ, _ := n.Type.(*ast.Ident)
				for _, el := range n.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok || typ == nil {
						continue
					}
					key, _ := kv.Key.(*ast.Ident)
					if key != nil && (typ.Name == "auditEntry" && key.Name == "action" || typ.Name == "command" && key.Name == "audit") {
						check(kv.Value)
					}
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if sel, ok := lhs.(*ast.SelectorExpr); ok && sel.Sel.Name == "audit" && i < len(n.Rhs) {
						check(n.Rhs[i])
					}
				}
			case *ast.CallExpr:
				if fn, ok := n.Fun.(*ast.Ident); ok && fn.Name == "caseAudit" && len(n.Args) > 0 {
					check(n.Args[0])
				}
			}
			return true
		})
	}
	if checked < 40 {
		t.Errorf("checked only %d audit actions; is the scan broken?", checked)
	}
}

// TestUnknownAuditActionIsRefused: an action missing from the list is not
// written, and neither is the change it would record.
func TestUnknownAuditActionIsRefused(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		before := auditCount(t, db, "", 0)
		err := db.inTx(ctx, func(t *tx) error {
			return t.audit(ctx, f.admin, auditEntry{action: "case.teleported", objectType: "case"})
		})
		if err == nil {
			t.Fatal("an unknown audit action was written")
		}
		if n := auditCount(t, db, "", 0); n != before {
			t.Errorf("audit entries = %d, want %d", n, before)
		}
	})
}

// TestExportAuditEntries: the export holds every entry the filters select,
// not a page of them; it is logged once with the number of entries and
// the filters used; a selection beyond the limit is refused unlogged.
func TestExportAuditEntries(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		dpo, coach := f.actor("dpo"), f.actor("coach.a1")
		_, err := db.ExportAuditEntries(ctx, coach, AuditFilter{})
		wantErr(t, err, teilhabe.ErrForbidden)
		id := f.contact(coach, person("Anna", "Arend"))
		for range AuditPageSize + 1 {
			_, err := db.FindCaseByID(ctx, coach, id)
			must(t, err)
		}
		views := AuditFilter{Actions: []teilhabe.AuditAction{teilhabe.AuditCaseViewed}, Actor: "coach.a1", CaseID: id}
		list, err := db.ExportAuditEntries(ctx, dpo, views)
		must(t, err)
		if len(list) != AuditPageSize+1 {
			t.Errorf("exported %d entries, want all %d views", len(list), AuditPageSize+1)
		}
		exports, _, err := db.FindAuditEntries(ctx, dpo, AuditFilter{Actions: []teilhabe.AuditAction{teilhabe.AuditLogExported}})
		must(t, err)
		if len(exports) != 1 || exports[0].ActorName != "dpo" || exports[0].ActorRole != teilhabe.RoleDataProtection {
			t.Fatalf("export entries = %+v, want one by dpo", exports)
		}
		if got, want := exports[0].Detail, "51 exported, filter action actor case"; got != want {
			t.Errorf("export detail = %q, want %q", got, want)
		}

		// Beyond the limit: refused, naming the period, and not logged.
		_, err = db.writer.ExecContext(ctx, db.dialect.rebind(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			INSERT INTO audit_log (at, actor_name, programme_id, action, object_type, detail, request_id)
			SELECT ?, 'coach.a1', ?, 'logout', 'user', '', '' FROM n`), AuditExportLimit, ts(testNow), f.prog.ID)
		must(t, err)
		_, err = db.ExportAuditEntries(ctx, dpo, AuditFilter{})
		wantInvalid(t, err, "from", "err.audit_export_too_many")
		if n := auditCount(t, db, string(teilhabe.AuditLogExported), 0); n != 1 {
			t.Errorf("export entries after the refused export = %d, want 1", n)
		}
		list, err = db.ExportAuditEntries(ctx, dpo, AuditFilter{Actions: []teilhabe.AuditAction{teilhabe.AuditLogout}})
		must(t, err)
		if len(list) != AuditExportLimit {
			t.Errorf("exported %d sign-outs, want %d: the limit is inclusive", len(list), AuditExportLimit)
		}
	})
}

// TestFindAuditActors: the officer filters by the programme's accounts and,
// reading the installation's entries too, the administrators'.
func TestFindAuditActors(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		dpo, coach := f.actor("dpo"), f.actor("coach.a1")
		f.actor("cw.aa")
		list, err := db.FindAuditActors(ctx, dpo)
		must(t, err)
		var names []string
		for _, u := range list {
			names = append(names, u.Username)
		}
		if want := []string{"admin", "coach.a1", "cw.aa", "dpo"}; !slices.Equal(names, want) {
			t.Errorf("accounts = %v, want %v", names, want)
		}
		_, err = db.FindAuditActors(ctx, coach)
		wantErr(t, err, teilhabe.ErrForbidden)
	})
}
