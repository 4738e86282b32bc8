package sqldb

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"teilhabe"
)

// bulkSet is a small data set written with Bulk: one programme with an
// Agentur (the lead), a Jobcenter and a provider with two locations, an
// account per role, and cases in four shapes (see bulkCase).
type bulkSet struct {
	prog                    teilhabe.Programme
	agentur, jobcenter      teilhabe.Organisation
	provider                int64
	locs                    [2]teilhabe.Location
	admin, coord, dpo, lead teilhabe.Actor
	coaches                 [2]teilhabe.Actor
	cwAgentur, cwJobcenter  teilhabe.Actor
	cases                   []CaseRecord // as written, with their ids
}

// bulkSetup is when the set-up was written.
var bulkSetup = time.Date(2024, 1, 15, 9, 0, 0, 0, time.UTC)

// writeBulkSet writes the set with n cases, handing batchCases cases at a
// time to the writer, and commits.
func writeBulkSet(t *testing.T, db *DB, n, batchCases int) *bulkSet {
	t.Helper()
	b, err := db.Bulk(context.Background())
	if err != nil {
		t.Fatalf("Bulk: %v", err)
	}
	defer b.Rollback()
	b.batchCases = batchCases
	s := addBulkSetup(t, b)
	for i := range n {
		r := s.bulkCase(i)
		if _, err := b.Case(&r); err != nil {
			t.Fatalf("Case %d: %v", i, err)
		}
		s.cases = append(s.cases, r)
	}
	if err := b.Commit(); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	return s
}

// addBulkSetup buffers the programme, its organisations, locations and
// accounts.
func addBulkSetup(t *testing.T, b *Bulk) *bulkSet {
	t.Helper()
	hash, err := teilhabe.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	s := &bulkSet{}
	user := func(by teilhabe.Actor, u teilhabe.User) teilhabe.Actor {
		u.Name, u.Active = "Test "+u.Username, true
		u.ID = b.User(by, u, hash, bulkSetup)
		return u.Actor()
	}
	s.admin = user(teilhabe.Actor{}, teilhabe.User{Username: "admin", Role: teilhabe.RoleAdmin})
	s.prog = teilhabe.Programme{Name: "Inklusion Trier", Region: "Trier", State: teilhabe.StateRP,
		PeriodStart: teilhabe.Day(2024, 1, 1), PeriodEnd: teilhabe.Day(2028, 12, 31), PlacesPerYear: 100,
		AssignmentMonths: 12, InfoDeadline: teilhabe.DeadlineRule{Kind: teilhabe.DeadlineCalendarDays, Days: 7}, Version: 1}
	s.prog.ID = b.Programme(s.admin, s.prog, bulkSetup)
	org := func(kind teilhabe.OrgKind, name string, lead bool) teilhabe.Organisation {
		o := teilhabe.Organisation{ProgrammeID: s.prog.ID, Kind: kind, Name: name, Lead: lead, State: teilhabe.StateRP}
		o.ID = b.Organisation(s.admin, o, bulkSetup)
		return o
	}
	s.agentur = org(teilhabe.OrgAgentur, "Agentur für Arbeit Trier", true)
	s.jobcenter = org(teilhabe.OrgJobcenterGE, "Jobcenter Trier Stadt", false)
	s.provider = org(teilhabe.OrgProvider, "Caritas Trier", false).ID
	for i, name := range []string{"Caritas Mitte", "Caritas Wittlich"} {
		l := teilhabe.Location{ProviderID: s.provider, Name: name, Street: "Hauptstraße 1", Postcode: "54290", City: "Trier",
			State: teilhabe.StateRP, PlacesPerYear: 50, Features: []teilhabe.Feature{"step_free", "quiet_room"}, Version: 1}
		l.ID = b.Location(s.admin, s.prog.ID, l, bulkSetup)
		s.locs[i] = l
		s.coaches[i] = user(s.admin, teilhabe.User{Username: fmt.Sprintf("coach.%d", i+1), Role: teilhabe.RoleCoach,
			ProgrammeID: s.prog.ID, OrgID: s.provider, LocationID: l.ID})
	}
	s.lead = user(s.admin, teilhabe.User{Username: "lead", Role: teilhabe.RoleProviderLead, ProgrammeID: s.prog.ID, OrgID: s.provider})
	s.coord = user(s.admin, teilhabe.User{Username: "coord", Role: teilhabe.RoleCoordinator, ProgrammeID: s.prog.ID, OrgID: s.agentur.ID})
	s.dpo = user(s.admin, teilhabe.User{Username: "dpo", Role: teilhabe.RoleDataProtection, ProgrammeID: s.prog.ID})
	s.cwAgentur = user(s.admin, teilhabe.User{Username: "cw.aa", Role: teilhabe.RoleSponsorCaseworker, ProgrammeID: s.prog.ID,
		OrgID: s.agentur.ID})
	s.cwJobcenter = user(s.admin, teilhabe.User{Username: "cw.jc", Role: teilhabe.RoleSponsorCaseworker, ProgrammeID: s.prog.ID,
		OrgID: s.jobcenter.ID})
	return s
}

// bulkCase returns case i of the set, at location i%2, in one of four
// shapes by i%4: a first contact; an announcement by the Jobcenter; a case
// in coaching, assigned by the Agentur; a case withdrawn with its info
// appointment booked.
func (s *bulkSet) bulkCase(i int) CaseRecord {
	loc, coach := s.locs[i%2], s.coaches[i%2]
	first := teilhabe.Day(2025, 1, 6).AddDate(0, 0, i%400)
	at := func(d time.Time, hour int) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, time.UTC)
	}
	c := teilhabe.Case{ProgrammeID: s.prog.ID, ProviderID: s.provider, LocationID: loc.ID, Origin: teilhabe.OriginSelf,
		Channel: teilhabe.ChannelPhone, StartedBy: coach.Name, FirstContactOn: first, InfoDueOn: first.AddDate(0, 0, 7),
		Stage: teilhabe.StageContacted, Version: 1, CreatedAt: at(first, 9),
		Person: teilhabe.Person{FirstName: "Jürgen", LastName: fmt.Sprintf("Müller-%d", i), BirthDate: teilhabe.Day(1970, 3, 1+i%28),
			Phone: "0651 12345", Email: "j.mueller@example.org", Street: "Moselstraße 3", Postcode: "54290", City: "Trier"}}
	r := CaseRecord{UpdatedAt: c.CreatedAt,
		Events: []EventRecord{{Event: teilhabe.Event{At: c.CreatedAt, Kind: teilhabe.EventFirstContact, Codes: []string{"phone"}}, By: coach}},
		Audit:  []CaseAuditRecord{{At: c.CreatedAt, By: coach, Action: "case.created", Detail: "first contact"}}}
	info := AppointmentRecord{Appointment: teilhabe.Appointment{Kind: teilhabe.AppointmentInfo, On: first.AddDate(0, 0, 5), At: "10:30",
		Mode: teilhabe.ModeInPerson, LocationID: loc.ID, Needs: []teilhabe.Need{"step_free"}, Status: teilhabe.OutcomeBooked},
		BookedAt: at(first, 11), By: coach}
	switch i % 4 {
	case 1:
		cw := s.cwJobcenter
		c.Origin, c.Channel, c.StartedBy, c.AnnouncementReason = teilhabe.OriginSponsor, teilhabe.ChannelSponsor, cw.Name, "Langzeitarbeitslos."
		c.SponsorID, c.SharedWithSponsor, c.Stage = s.jobcenter.ID, true, teilhabe.StageAnnounced
		c.Eligibility.LegalDomain, c.Eligibility.CustomerNumber = teilhabe.SGB2, fmt.Sprintf("12345BG%07d", i)
		r.Messages = []MessageRecord{{Message: teilhabe.Message{Kind: teilhabe.MsgAnnouncement, Awaiting: teilhabe.SideProvider,
			Status: teilhabe.StatusOpen, Note: c.AnnouncementReason, CreatedAt: c.CreatedAt}, By: cw}}
		r.Events = []EventRecord{{Event: teilhabe.Event{At: c.CreatedAt, Kind: teilhabe.EventAnnounced, Text: s.jobcenter.Name}, By: cw}}
		r.Audit = []CaseAuditRecord{{At: c.CreatedAt, By: cw, Action: "case.announced", SponsorID: s.jobcenter.ID}}
	case 2:
		cw := s.cwAgentur
		decided := at(first.AddDate(0, 0, 30), 10)
		c.Stage, c.Version, c.SponsorID, c.SharedWithSponsor = teilhabe.StageActive, 9, s.agentur.ID, true
		c.InfoHeldOn, c.EligibilityOn, c.ContractSignedOn = info.On, first.AddDate(0, 0, 10), first.AddDate(0, 0, 20)
		c.Eligibility = teilhabe.Eligibility{JobSeeking: true, Kind: teilhabe.Severe, GdB: 60, ProofKind: "id_card",
			ProofIssued: teilhabe.Day(2023, 5, 1), ProofValidUntil: teilhabe.Day(2028, 5, 31), Merkzeichen: []teilhabe.Merkzeichen{"G", "B"},
			Barriers: []teilhabe.Barrier{"mobility", "age_50_plus"}, LegalDomain: teilhabe.SGB3, SponsorID: s.agentur.ID,
			CustomerNumber: "123D456789"}
		c.AssignmentStart, c.CaseworkerID = first.AddDate(0, 0, 35), cw.UserID
		c.AssignmentEnd = s.prog.PlannedEnd(c.AssignmentStart)
		held := info
		held.Status = teilhabe.OutcomeHeld
		conversation := AppointmentRecord{Appointment: teilhabe.Appointment{Kind: teilhabe.AppointmentFirst, On: c.AssignmentStart,
			At: "09:00", Mode: teilhabe.ModeRemote, Note: "Videogespräch", Status: teilhabe.OutcomeHeld}, BookedAt: decided.Add(time.Hour), By: coach}
		r.Appointments = []AppointmentRecord{held, conversation}
		r.Consents = []ConsentRecord{{Consent: teilhabe.Consent{Scope: teilhabe.ConsentSponsorExchange, GivenOn: c.ContractSignedOn},
			At: at(c.ContractSignedOn, 12)}, {Consent: teilhabe.Consent{Scope: teilhabe.ConsentOther, Recipient: "Krankenkasse",
			GivenOn: c.ContractSignedOn, RevokedOn: c.ContractSignedOn.AddDate(0, 0, 3)}, At: at(c.ContractSignedOn, 12)}}
		r.Messages = []MessageRecord{
			{Message: teilhabe.Message{Kind: teilhabe.MsgAssignmentRequest, Awaiting: teilhabe.SideNone, Status: teilhabe.StatusAccepted,
				CreatedAt: at(first.AddDate(0, 0, 25), 10), AnsweredAt: decided}, By: coach, AnsweredBy: cw},
			{Message: teilhabe.Message{Kind: teilhabe.MsgAssignmentReply, Awaiting: teilhabe.SideNone, Status: teilhabe.StatusAccepted,
				Note: "start – end", ProposedEnd: c.AssignmentEnd, CreatedAt: decided}, By: cw}}
		r.Events = append(r.Events,
			EventRecord{Event: teilhabe.Event{At: info.BookedAt, Kind: teilhabe.EventInfoBooked, On: info.On, Time: "10:30"}, By: coach},
			EventRecord{Event: teilhabe.Event{At: at(c.EligibilityOn, 10), Kind: teilhabe.EventEligible}, By: coach},
			EventRecord{Event: teilhabe.Event{At: decided, Kind: teilhabe.EventAssigned, On: c.AssignmentStart, Until: c.AssignmentEnd}, By: cw},
			EventRecord{Event: teilhabe.Event{At: decided.Add(2 * time.Hour), Kind: teilhabe.EventNote, Internal: true, Text: "Notiz"}, By: coach})
		r.Audit = append(r.Audit, CaseAuditRecord{At: decided, By: cw, Action: "case.assigned", SponsorID: s.agentur.ID})
		r.UpdatedAt = at(c.AssignmentStart, 10)
	case 3:
		info.Status = teilhabe.OutcomeCancelled
		c.Stage, c.Version, c.ClosedReason = teilhabe.StageWithdrawn, 3, "took_up_work"
		r.Appointments = []AppointmentRecord{info}
		r.Events = append(r.Events, EventRecord{Event: teilhabe.Event{At: at(first, 15), Kind: teilhabe.EventWithdrawn,
			Codes: []string{"took_up_work"}}, By: coach})
		r.UpdatedAt = at(first, 15)
	}
	c.NextDueOn = teilhabe.NextDue(c, time.Time{})
	r.Case = c
	return r
}

// schemaOf lists the tables, indexes and constraints of db's schema.
func schemaOf(t *testing.T, db *DB) []string {
	t.Helper()
	q := `SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'`
	if db.dialect.name == postgresDialect.name {
		q = `SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()
			UNION ALL SELECT conrelid::regclass || '.' || conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint
			WHERE connamespace = current_schema()::regnamespace`
	}
	rows, err := db.reader.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var list []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		list = append(list, s)
	}
	slices.Sort(list)
	return list
}

// allCases lists every case a sees, open or closed, page by page.
func allCases(t *testing.T, db *DB, a teilhabe.Actor) []CaseListItem {
	t.Helper()
	var all []CaseListItem
	for _, closed := range []bool{false, true} {
		for page := 1; ; page++ {
			items, more, err := db.FindCases(context.Background(), a, CaseFilter{Closed: closed, Page: page})
			if err != nil {
				t.Fatalf("FindCases as %s: %v", a.Username, err)
			}
			all = append(all, items...)
			if !more {
				break
			}
		}
	}
	return all
}

func TestBulkLoadsWhatTheStoreReads(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		schema := schemaOf(t, db)
		const n = 2000
		s := writeBulkSet(t, db, n, 300) // several batches, and several statements per batch on SQLite
		if diff := cmp.Diff(schema, schemaOf(t, db)); diff != "" {
			t.Errorf("schema after the load (-before +after):\n%s", diff)
		}

		// Sign-in works with the one hash, and each coach sees the cases of
		// the location, open and closed.
		u, _, err := db.SignIn(ctx, "coach.1", testPassword, "192.0.2.1", "")
		if err != nil {
			t.Fatalf("SignIn coach.1: %v", err)
		}
		coach := u.Actor()
		if got := len(allCases(t, db, coach)); got != n/2 {
			t.Errorf("coach.1 sees %d cases, want %d", got, n/2)
		}
		if got := len(allCases(t, db, s.cwJobcenter)); got != n/4 {
			t.Errorf("the Jobcenter sees %d cases, want its %d announcements", got, n/4)
		}

		// Each shape reads back as written.
		for i := range 8 {
			want := s.cases[i]
			a := s.coaches[i%2]
			d, err := db.FindCaseByID(ctx, a, want.Case.ID)
			if err != nil {
				t.Fatalf("FindCaseByID %d: %v", want.Case.ID, err)
			}
			wc := want.Case
			wc.Eligibility.SponsorID = wc.SponsorID
			if diff := cmp.Diff(wc, d.Case, cmpopts.IgnoreFields(teilhabe.Case{}, "ProviderName", "LocationName", "LocationStreet", "LocationPostcode", "LocationCity", "SponsorName",
				"CaseworkerName"), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("case %d (shape %d) (-written +read):\n%s", i+1, i%4, diff)
			}
			var apps []teilhabe.Appointment
			for _, ap := range want.Appointments {
				apps = append(apps, ap.Appointment)
			}
			if diff := cmp.Diff(apps, d.Appointments, cmpopts.IgnoreFields(teilhabe.Appointment{}, "ID", "CaseID", "Location", "Minutes", "Version"),
				cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("appointments of case %d (-written +read):\n%s", i+1, diff)
			}
			var events []teilhabe.Event
			for _, e := range want.Events {
				e.ActorName = e.By.DisplayName()
				events = append(events, e.Event)
			}
			slices.Reverse(events) // the timeline is newest first
			if diff := cmp.Diff(events, d.Events, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("timeline of case %d (-written +read):\n%s", i+1, diff)
			}
			if got, want := len(d.Messages), len(want.Messages); got != want {
				t.Errorf("case %d has %d messages, want %d", i+1, got, want)
			}
			if got, want := len(d.Consents), len(want.Consents); got != want {
				t.Errorf("case %d has %d consents, want %d", i+1, got, want)
			}
		}
		d, err := db.FindCaseByID(ctx, s.coaches[0], s.cases[2].Case.ID)
		must(t, err)
		if m := d.Messages[0]; m.Kind != teilhabe.MsgAssignmentReply || m.CreatedBy != s.cwAgentur.Name || !m.ProposedEnd.Equal(d.Case.AssignmentEnd) {
			t.Errorf("newest message of the active case = %+v, want the Agentur's assignment reply", m)
		}
		if c := d.Consents[1]; c.Recipient != "Krankenkasse" || c.RevokedOn.IsZero() {
			t.Errorf("second consent = %+v, want the revoked one for the Krankenkasse", c)
		}

		// The inbox and the figures count what was loaded.
		in, err := db.FindInbox(ctx, s.coaches[1], InboxFilter{})
		must(t, err)
		if len(in.Mine) != min(n/4/2, InboxLimit) {
			t.Errorf("coach.2's inbox holds %d announcements, want %d", len(in.Mine), min(n/4/2, InboxLimit))
		}
		f, err := db.FindFigures(ctx, s.coord)
		must(t, err)
		want := map[teilhabe.Stage]int{teilhabe.StageContacted: n / 4, teilhabe.StageAnnounced: n / 4,
			teilhabe.StageActive: n / 4, teilhabe.StageWithdrawn: n / 4}
		if diff := cmp.Diff(want, f.ByStage); diff != "" {
			t.Errorf("figures by stage (-want +got):\n%s", diff)
		}
		entries, _, err := db.FindAuditEntries(ctx, s.dpo, AuditFilter{Actions: []teilhabe.AuditAction{teilhabe.AuditCaseAnnounced}})
		must(t, err)
		if len(entries) != AuditPageSize || entries[0].ObjectType != "case" {
			t.Errorf("audit entries of announcements: %d, first %+v", len(entries), entries[0])
		}

		// What the application writes next takes the next ids.
		id, _, err := db.RecordFirstContact(ctx, coach, teilhabe.FirstContact{Person: person("Neue", "Person"), Channel: "email",
			ContactOn: testToday, NewPerson: true})
		if err != nil {
			t.Fatalf("RecordFirstContact after the load: %v", err)
		}
		if id != int64(n+1) {
			t.Errorf("new case id = %d, want %d", id, n+1)
		}
		must(t, db.BookAppointment(ctx, coach, id, 1, teilhabe.AppointmentInfo, inPerson(testToday, s.locs[0].ID)))
		if _, err := db.Announce(ctx, s.cwAgentur, teilhabe.Announcement{Person: person("Noch", "Jemand"), LocationID: s.locs[0].ID,
			CustomerNumber: "999D000001", Reason: "Neu gemeldet."}); err != nil {
			t.Errorf("Announce after the load: %v", err)
		}
		if _, err := db.CreateUser(ctx, s.admin, teilhabe.AccountInput{Username: "coach.neu", Name: "Neu", Role: teilhabe.RoleCoach,
			ProgrammeID: s.prog.ID, OrgID: s.provider, LocationID: s.locs[1].ID, Active: true, Password: testPassword}); err != nil {
			t.Errorf("CreateUser after the load: %v", err)
		}
		if _, err := db.CreateLocation(ctx, s.admin, teilhabe.Location{ProviderID: s.provider, Name: "Caritas Neu", Street: "Weg 1",
			Postcode: "54290", City: "Trier", State: teilhabe.StateRP, PlacesPerYear: 5}); err != nil {
			t.Errorf("CreateLocation after the load: %v", err)
		}

		if _, err := db.Bulk(ctx); !errors.Is(err, ErrNotEmpty) {
			t.Errorf("Bulk on the loaded database: %v, want ErrNotEmpty", err)
		}
	})
}

func TestBulkRollbackLeavesTheDatabaseEmpty(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		schema := schemaOf(t, db)
		b, err := db.Bulk(context.Background())
		must(t, err)
		b.batchCases = 10
		s := addBulkSetup(t, b)
		for i := range 25 {
			r := s.bulkCase(i)
			_, err := b.Case(&r)
			must(t, err)
		}
		b.Rollback()
		b.Rollback() // a second time, as a deferred one after an explicit one
		if n := count(t, db, `SELECT (SELECT COUNT(*) FROM programmes) + (SELECT COUNT(*) FROM cases) + (SELECT COUNT(*) FROM audit_log)`); n != 0 {
			t.Errorf("%d rows after Rollback, want none", n)
		}
		if diff := cmp.Diff(schema, schemaOf(t, db)); diff != "" {
			t.Errorf("schema after Rollback (-before +after):\n%s", diff)
		}
		writeBulkSet(t, db, 4, 10) // and the database takes a load afterwards
	})
}

func TestBulkFailedWriteWritesNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		schema := schemaOf(t, db)
		b, err := db.Bulk(context.Background())
		must(t, err)
		defer b.Rollback()
		b.batchCases = 10
		s := addBulkSetup(t, b)
		var failed error
		for i := range 30 {
			r := s.bulkCase(i)
			if i == 12 {
				r.Case.LocationID = 999 // no such location
			}
			if _, err := b.Case(&r); err != nil {
				failed = err
				break
			}
		}
		// SQLite refuses the row at once (Case or Commit reports it);
		// PostgreSQL when Commit restores the foreign keys.
		err = b.Commit()
		if err == nil || (failed != nil && !errors.Is(err, failed)) {
			t.Errorf("Commit = %v after a case at no location (Case reported %v), want the write's error", err, failed)
		}
		if n := count(t, db, `SELECT (SELECT COUNT(*) FROM programmes) + (SELECT COUNT(*) FROM cases) + (SELECT COUNT(*) FROM users)`); n != 0 {
			t.Errorf("%d rows after a failed load, want none", n)
		}
		if diff := cmp.Diff(schema, schemaOf(t, db)); diff != "" {
			t.Errorf("schema after a failed load (-before +after):\n%s", diff)
		}
	})
}
