package sqldb

import (
	"context"
	"testing"

	"teilhabe"
)

// catalogueByName returns the programme's catalogue module called name.
func (f *fixture) catalogueByName(name string) teilhabe.CatalogueModule {
	f.t.Helper()
	list, err := f.db.FindModuleCatalogue(f.ctx, f.admin, f.prog.ID)
	if err != nil {
		f.t.Fatalf("FindModuleCatalogue: %v", err)
	}
	for _, m := range list {
		if m.Name == name {
			return m
		}
	}
	f.t.Fatalf("no catalogue module %q in %+v", name, list)
	return teilhabe.CatalogueModule{}
}

// addSession inserts a module session of case module moduleID on day n
// with status, as the coaching-appointment booking will.
func addSession(t *testing.T, db *DB, caseID, moduleID int64, n int, status teilhabe.Outcome) {
	t.Helper()
	_, err := db.writer.ExecContext(context.Background(), db.dialect.rebind(`INSERT INTO appointments (case_id, kind, on_date,
		at_time, minutes, mode, location_id, needs, note, status, created_at, created_by, staff_id, case_module_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), caseID, teilhabe.AppointmentModuleSession, date(days(n)),
		"10:00", 90, teilhabe.ModeRemote, nil, "", "", status, ts(testNow), nil, nil, moduleID)
	if err != nil {
		t.Fatalf("insert session: %v", err)
	}
}

// TestModuleCatalogue: a new programme starts with the default catalogue;
// its coordinator adds and edits modules with a version check; provider
// staff read it; nobody else reaches it; a failure saves nothing.
func TestModuleCatalogue(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coord, coach, cw := f.actor("coord"), f.actor("coach.a1"), f.actor("cw.aa")
		list, err := db.FindModuleCatalogue(ctx, coach, f.prog.ID)
		must(t, err)
		if len(list) != len(teilhabe.DefaultModuleCatalogue()) || !list[0].Active {
			t.Fatalf("catalogue of a new programme = %+v, want the %d default modules", list, len(teilhabe.DefaultModuleCatalogue()))
		}
		_, err = db.FindModuleCatalogue(ctx, cw, f.prog.ID)
		wantErr(t, err, teilhabe.ErrNotFound)
		_, err = db.FindModuleCatalogue(ctx, coord, f.prog.ID+1)
		wantErr(t, err, teilhabe.ErrNotFound)

		m := teilhabe.CatalogueModule{ProgrammeID: f.prog.ID, Name: "Gabelstaplerschein", Kind: teilhabe.ModulePersonalQualification,
			Sessions: 5, Hours: 40, Deliverer: teilhabe.DeliveredExternally, Active: true}
		before := auditCount(t, db, "", 0)
		_, err = db.CreateCatalogueModule(ctx, coach, m)
		wantErr(t, err, teilhabe.ErrNotFound)
		_, err = db.CreateCatalogueModule(ctx, coord, teilhabe.CatalogueModule{ProgrammeID: f.prog.ID, Name: "Bewerbungstraining",
			Kind: teilhabe.ModuleOther, Deliverer: teilhabe.DeliveredByProvider})
		wantInvalid(t, err, "name", "err.name_taken")
		_, err = db.CreateCatalogueModule(ctx, coord, teilhabe.CatalogueModule{ProgrammeID: f.prog.ID, Name: "X", Sessions: -1})
		wantInvalid(t, err, "kind", "err.choose")
		if n := auditCount(t, db, "", 0); n != before {
			t.Fatalf("refused creations wrote %d audit entries", n-before)
		}
		m.ID, err = db.CreateCatalogueModule(ctx, coord, m)
		must(t, err)
		if n := auditCount(t, db, string(teilhabe.AuditCatalogueAdded), 0); n != 1 {
			t.Errorf("%d module_added entries, want 1", n)
		}

		m.Version, m.Active, m.Hours = 1, false, 32
		must(t, db.UpdateCatalogueModule(ctx, coord, m))
		wantErr(t, db.UpdateCatalogueModule(ctx, coord, m), teilhabe.ErrStale)
		wantErr(t, db.UpdateCatalogueModule(ctx, f.actor("lead.a"), m), teilhabe.ErrNotFound)
		other := m
		other.ProgrammeID, other.Version = f.prog.ID+1, 2
		wantErr(t, db.UpdateCatalogueModule(ctx, f.admin, other), teilhabe.ErrNotFound)
		bad := m
		bad.Version, bad.Name = 2, ""
		wantInvalid(t, db.UpdateCatalogueModule(ctx, coord, bad), "name", "err.required")
		got, err := db.FindCatalogueModule(ctx, coach, f.prog.ID, m.ID)
		must(t, err)
		if got.Active || got.Hours != 32 || got.Version != 2 || got.Name != "Gabelstaplerschein" {
			t.Errorf("after the update: %+v, want retired with 32 hours, version 2", got)
		}
		if n := auditCount(t, db, string(teilhabe.AuditCatalogueUpdated), 0); n != 1 {
			t.Errorf("%d module_updated entries, want 1", n)
		}
	})
}

// TestBookModule: a coach books a module of the active catalogue for a
// case in coaching; the case page lists it; the sponsor reads it but may
// not book; outside coaching, outside scope, with a retired module or a
// work trial that is too long nothing is saved.
func TestBookModule(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		id := f.contact(coach, person("Anna", "Adler"))
		training := f.catalogueByName("Bewerbungstraining")
		in := teilhabe.ModuleBooking{ModuleID: training.ID, Start: days(7), End: days(49), Deliverer: teilhabe.DeliveredByProvider,
			ExternalName: "ignored"}
		_, err := db.BookModule(ctx, coach, id, in)
		wantConflict(t, err, "journey.need.active")

		f.toActive(coach, id)
		version := f.version(coach, id)
		_, err = db.BookModule(ctx, f.actor("coach.b"), id, in)
		wantErr(t, err, teilhabe.ErrNotFound)
		_, err = db.BookModule(ctx, cw, id, in)
		wantErr(t, err, teilhabe.ErrForbidden)
		noModule := in
		noModule.ModuleID = 0
		_, err = db.BookModule(ctx, coach, id, noModule)
		wantInvalid(t, err, "module", "err.choose")
		foreign := in
		foreign.ModuleID = training.ID + 1000
		_, err = db.BookModule(ctx, coach, id, foreign)
		wantInvalid(t, err, "module", "err.choose")
		trial := f.catalogueByName("Arbeitserprobung / Praktikum")
		long := teilhabe.ModuleBooking{ModuleID: trial.ID, Start: testToday, End: days(7 * 13), Deliverer: teilhabe.DeliveredExternally,
			ExternalName: "Bäckerei Weber"}
		_, err = db.BookModule(ctx, coach, id, long)
		wantInvalid(t, err, "end", "err.module_work_trial_too_long")
		external := in
		external.Deliverer, external.ExternalName = teilhabe.DeliveredExternally, " "
		_, err = db.BookModule(ctx, coach, id, external)
		wantInvalid(t, err, "external_name", "err.required")
		if n := count(t, db, `SELECT COUNT(*) FROM case_modules`); n != 0 {
			t.Fatalf("%d case modules after refused bookings, want 0", n)
		}
		if n := auditCount(t, db, string(teilhabe.AuditModuleBooked), 0); n != 0 {
			t.Fatalf("%d module_booked entries after refused bookings, want 0", n)
		}

		mid, err := db.BookModule(ctx, coach, id, in)
		must(t, err)
		// Without a deliverer, the catalogue's (external for a work trial)
		// delivers, and needs a name.
		long.End, long.Deliverer, long.ExternalName = days(7*12-1), "", ""
		_, err = db.BookModule(ctx, coach, id, long)
		wantInvalid(t, err, "external_name", "err.required")
		long.ExternalName = "Bäckerei Weber"
		_, err = db.BookModule(ctx, coach, id, long)
		must(t, err)
		if v := f.version(coach, id); v != version {
			t.Errorf("case version %d after booking modules, want %d: booking adds, it does not edit the case", v, version)
		}
		d, err := db.FindCaseByID(ctx, cw, id)
		must(t, err)
		if len(d.Modules) != 2 {
			t.Fatalf("modules = %+v, want 2", d.Modules)
		}
		got := d.Modules[1]
		if got.ID != mid || got.Name != "Bewerbungstraining" || got.Status != teilhabe.ModulePlanned || got.ExternalName != "" ||
			!got.Start.Equal(days(7)) || !got.End.Equal(days(49)) || got.Version != 1 {
			t.Errorf("booked module = %+v", got)
		}
		if first := d.Modules[0]; first.Status != teilhabe.ModuleRunning || first.DelivererName() != "Bäckerei Weber" {
			t.Errorf("work trial from today = %+v, want running, delivered by Bäckerei Weber", first)
		}
		if e := d.Events[0]; e.Kind != teilhabe.EventModuleBooked || e.Text != "Arbeitserprobung / Praktikum" || e.Internal {
			t.Errorf("newest event = %+v, want module_booked, shared", e)
		}
		if n := auditCount(t, db, string(teilhabe.AuditModuleBooked), id); n != 2 {
			t.Errorf("%d module_booked entries, want 2", n)
		}

		// A retired module is booked no more; the cases keep theirs.
		training.Active = false
		must(t, db.UpdateCatalogueModule(ctx, f.actor("coord"), training))
		_, err = db.BookModule(ctx, coach, id, in)
		wantInvalid(t, err, "module", "err.choose")
		if n := count(t, db, `SELECT COUNT(*) FROM case_modules WHERE case_id = ?`, id); n != 2 {
			t.Errorf("%d case modules, want 2", n)
		}
	})
}

// TestUpdateCaseModule: a coach records a module's progress with the
// module's version; a stale form, a module of another case, a result
// before the end and a certificate before the start change nothing.
func TestUpdateCaseModule(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		id := f.contact(coach, person("Anna", "Adler"))
		other := f.contact(coach, person("Bert", "Berg"))
		f.toActive(coach, id)
		f.toActive(coach, other)
		assess := f.catalogueByName("Kompetenzfeststellung")
		mid, err := db.BookModule(ctx, coach, id, teilhabe.ModuleBooking{ModuleID: assess.ID, Start: days(-20), End: days(-2),
			Deliverer: teilhabe.DeliveredByProvider})
		must(t, err)
		otherMid, err := db.BookModule(ctx, coach, other, teilhabe.ModuleBooking{ModuleID: assess.ID, Start: days(-20), End: days(-2),
			Deliverer: teilhabe.DeliveredByProvider})
		must(t, err)

		done := teilhabe.ModuleProgress{Start: days(-20), End: days(-3), Deliverer: teilhabe.DeliveredExternally,
			ExternalName: " Bildungswerk Trier ", Status: teilhabe.ModuleCompleted, Result: teilhabe.ModuleSucceeded,
			OutcomeNote: "Stärken im Umgang mit Kunden.", CertificateOn: days(-1), Version: 1}
		wantErr(t, db.UpdateCaseModule(ctx, coach, id, otherMid, done), teilhabe.ErrNotFound)
		wantErr(t, db.UpdateCaseModule(ctx, f.actor("coach.b"), id, mid, done), teilhabe.ErrNotFound)
		wantErr(t, db.UpdateCaseModule(ctx, cw, id, mid, done), teilhabe.ErrForbidden)
		noResult := done
		noResult.Result = ""
		wantInvalid(t, db.UpdateCaseModule(ctx, coach, id, mid, noResult), "result", "err.module_result_missing")
		early := done
		early.CertificateOn = days(-21)
		wantInvalid(t, db.UpdateCaseModule(ctx, coach, id, mid, early), "certificate_on", "err.certificate_before_start")
		future := done
		future.CertificateOn = days(1)
		wantInvalid(t, db.UpdateCaseModule(ctx, coach, id, mid, future), "certificate_on", "err.date_future")
		open := done
		open.Status = teilhabe.ModuleRunning
		wantInvalid(t, db.UpdateCaseModule(ctx, coach, id, mid, open), "result", "err.module_result_open")
		if n := auditCount(t, db, string(teilhabe.AuditModuleUpdated), 0); n != 0 {
			t.Fatalf("%d module_updated entries after refusals, want 0", n)
		}

		must(t, db.UpdateCaseModule(ctx, coach, id, mid, done))
		wantErr(t, db.UpdateCaseModule(ctx, coach, id, mid, done), teilhabe.ErrStale)
		mods, err := db.FindCaseModules(ctx, cw, id)
		must(t, err)
		if len(mods) != 1 {
			t.Fatalf("modules = %+v, want 1", mods)
		}
		got := mods[0]
		if got.Status != teilhabe.ModuleCompleted || got.Result != teilhabe.ModuleSucceeded || got.ExternalName != "Bildungswerk Trier" ||
			!got.CertificateOn.Equal(days(-1)) || !got.End.Equal(days(-3)) || got.Version != 2 || got.OutcomeNote == "" {
			t.Errorf("module after the update = %+v", got)
		}
		detail, err := db.FindCaseByID(ctx, coach, id)
		must(t, err)
		if e := detail.Events[0]; e.Kind != teilhabe.EventModuleCompleted || e.Text != "Kompetenzfeststellung" {
			t.Errorf("newest event = %+v, want module_completed", e)
		}
		if n := auditCount(t, db, string(teilhabe.AuditModuleUpdated), id); n != 1 {
			t.Errorf("%d module_updated entries, want 1", n)
		}
		// The other case's module is untouched.
		if n := count(t, db, `SELECT COUNT(*) FROM case_modules WHERE id = ? AND version = 1 AND status = 'running'`, otherMid); n != 1 {
			t.Errorf("the other case's module changed")
		}
		_, err = db.FindCaseModules(ctx, f.actor("cw.jc"), id)
		wantErr(t, err, teilhabe.ErrNotFound)
	})
}

// TestModuleSessions: a module's sessions are its appointments; held of
// due counts the participant's attendance, not the provider's
// cancellations nor sessions still booked.
func TestModuleSessions(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Adler"))
		f.toActive(coach, id)
		a, err := db.BookModule(ctx, coach, id, teilhabe.ModuleBooking{ModuleID: f.catalogueByName("Bewerbungstraining").ID,
			Start: days(-30), End: days(30), Deliverer: teilhabe.DeliveredByProvider})
		must(t, err)
		b, err := db.BookModule(ctx, coach, id, teilhabe.ModuleBooking{ModuleID: f.catalogueByName("Mobilitätstraining").ID,
			Start: days(-10), End: days(10), Deliverer: teilhabe.DeliveredByProvider})
		must(t, err)
		for i, st := range []teilhabe.Outcome{teilhabe.OutcomeHeld, teilhabe.OutcomeHeld, teilhabe.OutcomeNoShow,
			teilhabe.OutcomeCancelledByParticipant, teilhabe.OutcomeCancelledByProvider, teilhabe.OutcomeRescheduled,
			teilhabe.OutcomeBooked} {
			addSession(t, db, id, a, -28+3*i, st)
		}
		addSession(t, db, id, b, -7, teilhabe.OutcomeHeld)
		d, err := db.FindCaseByID(ctx, coach, id)
		must(t, err)
		if len(d.Modules) != 2 {
			t.Fatalf("modules = %+v", d.Modules)
		}
		ma, mb := d.Modules[0], d.Modules[1]
		if ma.ID != a || ma.Held != 2 || ma.Due != 4 || ma.Booked != 1 {
			t.Errorf("Bewerbungstraining: held %d of %d due, %d booked; want 2 of 4, 1 booked", ma.Held, ma.Due, ma.Booked)
		}
		if mb.ID != b || mb.Held != 1 || mb.Due != 1 || mb.Booked != 0 {
			t.Errorf("Mobilitätstraining: held %d of %d due, %d booked; want 1 of 1", mb.Held, mb.Due, mb.Booked)
		}
		// A session may be booked for a module of the case that runs, not
		// for another case's nor for one that ended.
		must(t, db.read(ctx, func(t *tx) error { _, err := t.sessionModule(ctx, id, a); return err }))
		var errOther, errEnded error
		must(t, db.read(ctx, func(t *tx) error { _, errOther = t.sessionModule(ctx, id+1000, a); return nil }))
		must(t, db.UpdateCaseModule(ctx, coach, id, b, teilhabe.ModuleProgress{Start: days(-10), End: days(10),
			Deliverer: teilhabe.DeliveredByProvider, Status: teilhabe.ModuleBrokenOff, Version: 1}))
		must(t, db.read(ctx, func(t *tx) error { _, errEnded = t.sessionModule(ctx, id, b); return nil }))
		wantInvalid(t, errOther, "module", "err.module_ended")
		wantInvalid(t, errEnded, "module", "err.module_ended")
		if s := d.ModuleSessions(a); len(s) != 7 || s[0].Status != teilhabe.OutcomeHeld || s[6].Status != teilhabe.OutcomeBooked {
			t.Errorf("sessions of module %d = %+v, want 7 in date order", a, s)
		}
		// Booking checks the same: a session of the ended module is refused.
		session := f.coachingBooking(days(20), "13:00", 1)
		session.Kind, session.ModuleID = teilhabe.AppointmentModuleSession, b
		wantInvalid(t, bookErr(db, ctx, coach, id, session, false), "module", "err.module_ended")
		session.ModuleID = a
		must(t, bookErr(db, ctx, coach, id, session, false))
	})
}

// TestWorkModulesEnding: the worklist group lists each open case once with
// its earliest open module that ends within two weeks or has ended without
// an outcome; finished modules and cases outside the scope stay out.
func TestWorkModulesEnding(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		book := func(id int64, name string, start, end int) int64 {
			t.Helper()
			mid, err := db.BookModule(ctx, coach, id, teilhabe.ModuleBooking{ModuleID: f.catalogueByName(name).ID,
				Start: days(start), End: days(end), Deliverer: teilhabe.DeliveredByProvider})
			must(t, err)
			return mid
		}
		soon := f.contact(coach, person("Anna", "Adler"))
		passed := f.contact(coach, person("Bert", "Berg"))
		later := f.contact(coach, person("Carla", "Conte"))
		finished := f.contact(coach, person("Dora", "Dahl"))
		for _, id := range []int64{soon, passed, later, finished} {
			f.toActive(coach, id)
		}
		book(soon, "Bewerbungstraining", -5, 10)
		book(soon, "Mobilitätstraining", -5, 12) // the same case, later end: listed once
		book(passed, "Bewerbungstraining", -40, -3)
		book(later, "Bewerbungstraining", 0, 15)
		done := book(finished, "Bewerbungstraining", -40, -3)
		must(t, db.UpdateCaseModule(ctx, coach, finished, done, teilhabe.ModuleProgress{Start: days(-40), End: days(-3),
			Deliverer: teilhabe.DeliveredByProvider, Status: teilhabe.ModuleBrokenOff, Version: 1}))

		var g CoachingWork
		scope, args := scopeSQL(coach)
		must(t, db.read(ctx, func(t *tx) error {
			var err error
			g, err = t.workModulesEnding(ctx, scope, args, testToday)
			return err
		}))
		if g.Count != 2 || len(g.Items) != 2 {
			t.Fatalf("modules ending: %d, %+v; want 2 cases", g.Count, g.Items)
		}
		if it := g.Items[0]; it.ID != passed || it.WorkDetail != "Bewerbungstraining" || !it.WorkDue.Equal(days(-3)) {
			t.Errorf("first = %+v, want case %d, Bewerbungstraining ended on day -3", it, passed)
		}
		if it := g.Items[1]; it.ID != soon || !it.WorkDue.Equal(days(10)) || it.Name != "Adler, Anna" {
			t.Errorf("second = %+v, want case %d ending on day 10", it, soon)
		}
		// Another location's coach sees none of them.
		scope, args = scopeSQL(f.actor("coach.a2"))
		must(t, db.read(ctx, func(t *tx) error {
			var err error
			g, err = t.workModulesEnding(ctx, scope, args, testToday)
			return err
		}))
		if g.Count != 0 || len(g.Items) != 0 {
			t.Errorf("another location's coach: %d, %+v; want none", g.Count, g.Items)
		}
	})
}

// TestWorkTrialAtEmployer: a work trial may take place at an employer of
// the provider's register once the participant has released the coach
// towards it; the employer then delivers it, and its page lists the case.
// Another provider's employer, or a training at an employer, is refused.
func TestWorkTrialAtEmployer(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		f.toActive(coach, id)
		emp, err := db.CreateEmployer(ctx, coach, teilhabe.Employer{Name: "Gärtnerei Sonnenhof", City: "Trier",
			Sector: teilhabe.SectorLogistics}, false)
		must(t, err)
		theirs, err := db.CreateEmployer(ctx, f.actor("lead.b"), teilhabe.Employer{Name: "Gärtnerei Nord", City: "Trier",
			Sector: teilhabe.SectorLogistics}, false)
		must(t, err)
		trial := teilhabe.ModuleBooking{ModuleID: f.catalogueByName("Arbeitserprobung / Praktikum").ID, Start: days(3),
			End: days(30), EmployerID: emp}
		_, err = db.BookModule(ctx, coach, id, trial)
		wantInvalid(t, err, "employer", "err.module_no_employer_consent")
		must(t, db.AddConsent(ctx, coach, id, teilhabe.ConsentGiven{Scope: teilhabe.ConsentEmployer, Recipient: "Gärtnerei Sonnenhof",
			GivenOn: testToday}))
		foreign := trial
		foreign.EmployerID = theirs
		_, err = db.BookModule(ctx, coach, id, foreign)
		wantInvalid(t, err, "employer", "err.choose")
		training := trial
		training.ModuleID = f.catalogueByName("Bewerbungstraining").ID
		_, err = db.BookModule(ctx, coach, id, training)
		wantInvalid(t, err, "employer", "err.module_employer_not_trial")
		if n := auditCount(t, db, string(teilhabe.AuditModuleBooked), id); n != 0 {
			t.Fatalf("%d bookings logged after refusals", n)
		}

		mid, err := db.BookModule(ctx, coach, id, trial)
		must(t, err)
		d, err := db.FindCaseByID(ctx, coach, id)
		must(t, err)
		var m teilhabe.CaseModule
		for _, cm := range d.Modules {
			if cm.ID == mid {
				m = cm
			}
		}
		if m.EmployerID != emp || m.Deliverer != teilhabe.DeliveredExternally || m.ExternalName != "Gärtnerei Sonnenhof" {
			t.Errorf("the work trial: %+v; want it delivered by the employer", m)
		}
		list, err := db.FindEmployerCases(ctx, coach, emp)
		must(t, err)
		if len(list) != 1 || list[0].CaseID != id || list[0].What != teilhabe.ModuleWorkTrial || !list[0].On.Equal(days(3)) {
			t.Errorf("the employer's cases: %+v; want the work trial", list)
		}
	})
}
