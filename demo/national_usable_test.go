package demo

import (
	"context"
	"fmt"
	"testing"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// nationalWorld is what the checks of a case need to know of the set-up, as
// the administrator sees it.
type nationalWorld struct {
	progs map[int64]teilhabe.Programme
	orgs  map[int64]teilhabe.Organisation
	locs  map[int64]sqldb.ProviderLocation
	users map[int64]teilhabe.User
}

func loadWorld(t *testing.T, db *sqldb.DB, admin teilhabe.Actor) nationalWorld {
	t.Helper()
	ctx := context.Background()
	w := nationalWorld{progs: map[int64]teilhabe.Programme{}, orgs: map[int64]teilhabe.Organisation{},
		locs: map[int64]sqldb.ProviderLocation{}, users: map[int64]teilhabe.User{}}
	progs, err := db.FindProgrammes(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range progs {
		w.progs[p.ID] = p.Programme
		orgs, err := db.FindOrganisations(ctx, admin, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range orgs {
			w.orgs[o.ID] = o
		}
		locs, err := db.FindLocations(ctx, admin, sqldb.LocationFilter{ProgrammeID: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range locs {
			w.locs[l.ID] = l
		}
	}
	users, err := db.FindUsers(ctx, admin, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		w.users[u.ID] = u
	}
	return w
}

// afterInfo are the stages that need a held info appointment.
var afterInfo = map[teilhabe.Stage]bool{"eligibility_pending": true, "contract_pending": true, "contract_signed": true,
	"assignment_requested": true, "waiting_list": true, "assigned": true, "first_booked": true, "active": true, "not_eligible": true}

// afterContract are the stages that need a signed contract.
var afterContract = map[teilhabe.Stage]bool{"contract_signed": true, "assignment_requested": true, "waiting_list": true,
	"assigned": true, "first_booked": true, "active": true, "assignment_refused": true}

// checkCase reports what in d contradicts the journey's rules.
func (w nationalWorld) checkCase(d sqldb.CaseDetail) []string {
	var bad []string
	fail := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	c := d.Case
	loc, prog := w.locs[c.LocationID], w.progs[c.ProgrammeID]
	if loc.ProviderID != c.ProviderID || w.orgs[c.ProviderID].ProgrammeID != c.ProgrammeID {
		fail("location %d of provider %d is not the case's (provider %d, programme %d)", loc.ID, loc.ProviderID, c.ProviderID, c.ProgrammeID)
	}
	if due := prog.InfoDeadline.Due(c.FirstContactOn, loc.State); !due.Equal(c.InfoDueOn) {
		fail("info due %s, want %s by the programme's rule", c.InfoDueOn, due)
	}
	if c.SponsorID != 0 {
		s := w.orgs[c.SponsorID]
		if !s.Kind.IsSponsor() || s.ProgrammeID != c.ProgrammeID || s.LegalDomain() != c.Eligibility.LegalDomain {
			fail("sponsor %s (%s, programme %d) for legal domain %q", s.Name, s.Kind, s.ProgrammeID, c.Eligibility.LegalDomain)
		}
	}
	if c.CaseworkerID != 0 {
		if u := w.users[c.CaseworkerID]; u.Role != teilhabe.RoleSponsorCaseworker || u.OrgID != c.SponsorID {
			fail("caseworker %s is not the sponsor's", u.Username)
		}
	}
	var appointment time.Time
	switch c.Stage {
	case teilhabe.StageInfoBooked:
		if ap := d.Booked(teilhabe.AppointmentInfo); ap != nil {
			appointment = ap.On
		} else {
			fail("no booked info appointment")
		}
	case teilhabe.StageFirstBooked:
		if ap := d.Booked(teilhabe.AppointmentFirst); ap != nil {
			appointment = ap.On
		} else {
			fail("no booked first conversation")
		}
	}
	if c.Stage.Closed() && (d.Booked(teilhabe.AppointmentInfo) != nil || d.Booked(teilhabe.AppointmentFirst) != nil) {
		fail("closed with an appointment still booked")
	}
	// A case in coaching is in a phase since its first conversation, which
	// was a contact; notes move the last contact on.
	if c.Stage == teilhabe.StageActive && (c.PhaseID == 0 || len(d.Phases) == 0 || c.LastContactOn.Before(c.PhaseSince)) {
		fail("in coaching without a phase (%d) or a contact since it began (%s, %s)", c.PhaseID, c.LastContactOn, c.PhaseSince)
	}
	for _, n := range d.Notes {
		if n.On.After(c.LastContactOn) {
			fail("note of %s after the last contact %s", n.On, c.LastContactOn)
		}
	}
	if due := teilhabe.NextDue(c, appointment); !due.Equal(c.NextDueOn) {
		fail("next due %s, want %s", c.NextDueOn, due)
	}
	if c.Stage.Closed() != c.NextDueOn.IsZero() {
		fail("closed %v with next due %s", c.Stage.Closed(), c.NextDueOn)
	}
	if afterInfo[c.Stage] && (c.InfoHeldOn.IsZero() || c.InfoHeldOn.Before(c.FirstContactOn)) {
		fail("info held on %s", c.InfoHeldOn)
	}
	if (afterContract[c.Stage] || c.Stage == teilhabe.StageContractPending) && (c.EligibilityOn.IsZero() || len(c.IneligibleReasons) > 0) {
		fail("eligibility on %s with reasons %v", c.EligibilityOn, c.IneligibleReasons)
	}
	if c.Stage == teilhabe.StageNotEligible && (len(c.IneligibleReasons) == 0 || c.ClosedReason != "not_eligible") {
		fail("not eligible for reasons %v, closed as %q", c.IneligibleReasons, c.ClosedReason)
	}
	if afterContract[c.Stage] && c.ContractSignedOn.Before(c.EligibilityOn) {
		fail("contract signed %s before eligibility %s", c.ContractSignedOn, c.EligibilityOn)
	}
	assigned := c.Stage.Assigned() || c.Stage == teilhabe.StageExited
	if assigned != !c.AssignmentStart.IsZero() || (assigned && !c.AssignmentEnd.After(c.AssignmentStart)) {
		fail("assignment %s–%s", c.AssignmentStart, c.AssignmentEnd)
	}
	if code := c.Closure(); code != nil && !code.(interface{ Valid() bool }).Valid() {
		fail("closed for %q", c.ClosedReason)
	}
	open := map[teilhabe.MessageKind]int{}
	requested := false
	for _, m := range d.Messages {
		requested = requested || m.Kind == teilhabe.MsgAssignmentRequest
		if !m.Open() {
			continue
		}
		open[m.Kind]++
		switch {
		case m.Kind == teilhabe.MsgAnnouncement && m.Awaiting == teilhabe.SideProvider && c.Stage == teilhabe.StageAnnounced:
		case m.Kind == teilhabe.MsgAssignmentRequest && m.Awaiting == teilhabe.SideSponsor &&
			(c.Stage == teilhabe.StageAssignmentRequested && m.Status == teilhabe.StatusOpen ||
				c.Stage == teilhabe.StageWaitingList && m.Status == teilhabe.StatusWaiting):
		case m.Kind == teilhabe.MsgExtensionRequest && m.Awaiting == teilhabe.SideSponsor && c.Stage.Assigned():
		case m.Kind == teilhabe.MsgPlacement && m.Awaiting == teilhabe.SideSponsor && followUpStage[c.Stage]:
		case m.Kind == teilhabe.MsgExit && m.Awaiting == teilhabe.SideSponsor && c.Stage == teilhabe.StageExited:
		default:
			fail("open %s (%s, awaiting %s) in stage %s", m.Kind, m.Status, m.Awaiting, c.Stage)
		}
	}
	bad = append(bad, w.checkOutcome(d)...)
	for kind, n := range open {
		if n > 1 && kind != teilhabe.MsgPlacement {
			fail("%d open %s", n, kind)
		}
	}
	if want := map[teilhabe.Stage]teilhabe.MessageKind{teilhabe.StageAnnounced: teilhabe.MsgAnnouncement,
		teilhabe.StageAssignmentRequested: teilhabe.MsgAssignmentRequest, teilhabe.StageWaitingList: teilhabe.MsgAssignmentRequest}[c.Stage]; want != "" && open[want] != 1 {
		fail("stage %s without an open %s", c.Stage, want)
	}
	if c.SharedWithSponsor != (c.Origin == teilhabe.OriginSponsor || requested) {
		fail("shared with the sponsor: %v, origin %s, requested %v", c.SharedWithSponsor, c.Origin, requested)
	}
	if len(d.Events) == 0 {
		fail("no timeline")
	} else if first := d.Events[len(d.Events)-1]; !(first.Kind == teilhabe.EventFirstContact && c.Origin == teilhabe.OriginSelf ||
		first.Kind == teilhabe.EventAnnounced && c.Origin == teilhabe.OriginSponsor) {
		fail("timeline starts with %s for origin %s", first.Kind, c.Origin)
	}
	for _, e := range d.Events {
		if !e.Kind.Valid() || e.At.Before(c.CreatedAt) {
			fail("event %s at %s", e.Kind, e.At)
		}
	}
	return bad
}

// followUpStage are the stages a placement's follow-up runs in.
var followUpStage = map[teilhabe.Stage]bool{teilhabe.StageActive: true, teilhabe.StageExited: true}

// checkOutcome reports what in d's placements, follow-up and exit
// contradicts the rules RecordPlacement, the follow-up and RecordExit
// keep.
func (w nationalWorld) checkOutcome(d sqldb.CaseDetail) []string {
	var bad []string
	fail := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	c := d.Case
	if len(d.Placements) > 0 && !followUpStage[c.Stage] {
		fail("%d placements in stage %s", len(d.Placements), c.Stage)
	}
	consents := d.Consents
	for _, p := range d.Placements {
		if p.Kind.AtEmployer() && (p.EmployerName == "" || !teilhabe.EmployerConsent(consents, p.EmployerName, p.Start)) {
			fail("placement at %q without a release", p.EmployerName)
		}
	}
	for _, f := range d.FollowUps {
		p := f.Placement
		if !p.Kind.Counts() {
			fail("follow-up of a %s", p.Kind)
		}
		if f.Running() == f.NextContact.IsZero() {
			fail("follow-up running %v with next contact %s", f.Running(), f.NextContact)
		}
		if !f.Ended.On.IsZero() && (f.Ended.Reason == teilhabe.FollowUpJobLost) != !p.Lost.IsZero() {
			fail("follow-up ended %s, job lost on %s", f.Ended.Reason, p.Lost)
		}
		if c.Stage == teilhabe.StageExited && !teilhabe.ExitReason(c.ClosedReason).Integration() && f.Running() {
			fail("follow-up runs after an exit for %s", c.ClosedReason)
		}
		for _, k := range f.Contacts {
			if k.On.Before(p.Start) || k.On.After(nationalToday) {
				fail("follow-up contact on %s", k.On)
			}
		}
	}
	if (c.Stage == teilhabe.StageExited) != !c.ExitOn.IsZero() {
		fail("stage %s with exit on %s", c.Stage, c.ExitOn)
	}
	if c.Stage == teilhabe.StageExited {
		in := teilhabe.Exit{On: c.ExitOn, Kind: c.ExitKind, Reason: teilhabe.ExitReason(c.ClosedReason), GoodCause: c.ExitGoodCause,
			Destination: c.ExitDestination, Note: c.ClosedNote}
		if err := in.Validate(c, w.progs[c.ProgrammeID], nationalToday); err != nil {
			fail("exit: %v", err)
		}
		if !c.LaterDue.Equal(teilhabe.LaterDue(c.ExitOn)) {
			fail("later destination due %s after the exit on %s", c.LaterDue, c.ExitOn)
		}
		if c.Later.Recorded() {
			if err := c.Later.Validate(c, nationalToday); err != nil {
				fail("later destination: %v", err)
			}
		}
		notices := 0
		for _, m := range d.Messages {
			if m.Kind == teilhabe.MsgExit && m.ReasonCode == c.ClosedReason && m.On.Equal(c.ExitOn) {
				notices++
			}
		}
		if notices != 1 {
			fail("%d exit notices", notices)
		}
	}
	return bad
}

func TestNationalDataIsUsable(t *testing.T) {
	forEachDB(t, func(t *testing.T, open func() testDB) {
		ctx := context.Background()
		tdb := open()
		db := tdb.db
		sum := generate(t, tdb, 1)
		if got, want := [6]int{sum.Programmes, sum.Sponsors, sum.Providers, sum.Locations, sum.Accounts, sum.Cases},
			[6]int{10, 550, 1000, 2000, 3571, nationalCases}; got != want {
			t.Errorf("programmes, sponsors, providers, locations, accounts, cases = %v, want %v", got, want)
		}

		// The coach of the first location signs in with the password and
		// sees exactly the cases of the location.
		u, _, err := db.SignIn(ctx, "coach-0001", nationalPassword, "192.0.2.1", "")
		if err != nil {
			t.Fatalf("SignIn coach-0001: %v", err)
		}
		coach := u.Actor()
		var atLocation int
		if err := tdb.raw.QueryRow(fmt.Sprintf(`SELECT COUNT(*) FROM cases WHERE location_id = %d`, coach.LocationID)).Scan(&atLocation); err != nil {
			t.Fatal(err)
		}
		if got := len(allCases(t, db, coach)); got != atLocation || got == 0 {
			t.Errorf("coach-0001 sees %d cases, want the %d of the location", got, atLocation)
		}

		// The cases of every fourth provider, each opened by the provider's
		// lead, keep the journey's rules.
		admin, _, err := db.SignIn(ctx, "admin", nationalPassword, "192.0.2.1", "")
		must(t, err)
		w := loadWorld(t, db, admin.Actor())
		seen, invalid, want := 0, 0, 0
		for _, u := range w.users {
			if u.Role != teilhabe.RoleProviderLead || u.OrgID%4 != 0 {
				continue
			}
			var n int
			if err := tdb.raw.QueryRow(fmt.Sprintf(`SELECT COUNT(*) FROM cases WHERE provider_id = %d`, u.OrgID)).Scan(&n); err != nil {
				t.Fatal(err)
			}
			want += n
			for _, it := range allCases(t, db, u.Actor()) {
				d, err := db.FindCaseByID(ctx, u.Actor(), it.ID)
				if err != nil {
					t.Fatalf("FindCaseByID %d as %s: %v", it.ID, u.Username, err)
				}
				seen++
				if bad := w.checkCase(d); len(bad) > 0 {
					invalid++
					if invalid <= 10 {
						t.Errorf("case %d (%s): %v", d.Case.ID, d.Case.Stage, bad)
					}
				}
			}
		}
		if seen != want || seen < nationalCases/5 {
			t.Errorf("the provider leads see %d cases together, want the %d of their providers", seen, want)
		}

		// The stages look like a programme's that has run for three years.
		var closed, early int
		for s, n := range sum.ByStage {
			switch {
			case s.Closed():
				closed += n
			case s != teilhabe.StageActive && s != teilhabe.StageWaitingList:
				early += n
			}
			if !s.Closed() && s != teilhabe.StageActive && n > nationalCases/10 {
				t.Errorf("%d cases in stage %s, want a minority", n, s)
			}
		}
		if active := sum.ByStage[teilhabe.StageActive]; closed < nationalCases*4/10 || closed > nationalCases*8/10 ||
			active < nationalCases/6 || active > nationalCases/2 || early == 0 || len(sum.ByStage) < 10 {
			t.Errorf("by stage %v: %d closed, %d active, %d in early stages", sum.ByStage, closed, active, early)
		}
		if sum.Overdue == 0 || sum.Overdue > nationalCases/10 {
			t.Errorf("%d overdue, want a few percent", sum.Overdue)
		}
		checkOutcomes(t, tdb)
		var f sqldb.Figures
		for _, u := range w.users {
			if u.Role != teilhabe.RoleCoordinator {
				continue
			}
			pf, err := db.FindFigures(ctx, u.Actor())
			must(t, err)
			f.Total += pf.Total
			f.Overdue += pf.Overdue
		}
		if f.Total != nationalCases || f.Overdue != sum.Overdue {
			t.Errorf("coordinators' figures: %d cases, %d overdue; want %d, %d", f.Total, f.Overdue, nationalCases, sum.Overdue)
		}

		// The data protection officer finds the creating actions.
		dpo, _, err := db.SignIn(ctx, "dpo-01", nationalPassword, "192.0.2.3", "")
		must(t, err)
		entries, _, err := db.FindAuditEntries(ctx, dpo.Actor(), sqldb.AuditFilter{Actions: []teilhabe.AuditAction{teilhabe.AuditCaseCreated}})
		must(t, err)
		if len(entries) == 0 || entries[0].CaseID == 0 {
			t.Errorf("dpo-01 finds %d case.created entries", len(entries))
		}

		// The application goes on from there.
		id, _, err := db.RecordFirstContact(ctx, coach, teilhabe.FirstContact{Person: teilhabe.Person{FirstName: "Zoë",
			LastName: "Neumann", BirthDate: teilhabe.Day(1990, 4, 1)}, Channel: "phone", ContactOn: nationalToday, NewPerson: true})
		if err != nil {
			t.Fatalf("RecordFirstContact after generating: %v", err)
		}
		if id != nationalCases+1 {
			t.Errorf("new case id = %d, want %d", id, nationalCases+1)
		}
		if _, err := db.FindCaseByID(ctx, coach, id); err != nil {
			t.Errorf("FindCaseByID of the new case: %v", err)
		}
	})
}

// checkOutcomes checks that the set reaches the end of the journey —
// placements of every kind, follow-up in every state, exits for every
// reason — and that the counters of capacity and figures, early exits
// freeing places included, equal a count of the cases.
func checkOutcomes(t *testing.T, tdb testDB) {
	t.Helper()
	count := func(q string) map[string]int {
		t.Helper()
		rows, err := tdb.raw.Query(q)
		must(t, err)
		defer rows.Close()
		m := map[string]int{}
		for rows.Next() {
			var k string
			var n int
			must(t, rows.Scan(&k, &n))
			m[k] = n
		}
		must(t, rows.Err())
		return m
	}
	kinds := count(`SELECT kind, COUNT(*) FROM case_placements GROUP BY kind`)
	counting := 0
	for _, k := range teilhabe.PlacementKinds() {
		if kinds[string(k)] == 0 {
			t.Errorf("no placement of kind %s: %v", k, kinds)
		}
		if k.Counts() {
			counting += kinds[string(k)]
		}
	}
	if all := len(kinds); all == 0 || counting < 2*(sumOf(kinds)-counting) {
		t.Errorf("placements %v: want mostly kinds that count", kinds)
	}
	followUp := count(`SELECT CASE WHEN followup_end_reason <> '' THEN followup_end_reason
		WHEN sustained <> '' THEN 'checked ' || sustained WHEN next_followup_on IS NOT NULL THEN 'running' ELSE 'none' END,
		COUNT(*) FROM case_placements WHERE kind IN ('training', 'employment_full', 'employment_part') GROUP BY 1`)
	for _, state := range []string{"running", "job_lost", "completed", "exited"} {
		if followUp[state] == 0 {
			t.Errorf("no placement whose follow-up is %s: %v", state, followUp)
		}
	}
	if n := count(`SELECT 'n', COUNT(*) FROM followup_contacts`)["n"]; n == 0 || n > 4*counting {
		t.Errorf("%d follow-up contacts of %d placements that count", n, counting)
	}
	if n := count(`SELECT 'n', COUNT(*) FROM case_placements WHERE kind IN ('training', 'employment_full', 'employment_part')
		AND (sustain_mark_on IS NULL OR next_followup_on IS NULL AND followup_end_on IS NULL)`)["n"]; n > 0 {
		t.Errorf("%d placements that count without the follow-up's state", n)
	}
	reasons := count(`SELECT closed_reason, COUNT(*) FROM cases WHERE stage = 'exited' GROUP BY closed_reason`)
	for _, r := range teilhabe.ExitReasons() {
		if reasons[string(r)] == 0 {
			t.Errorf("no exit for %s: %v", r, reasons)
		}
	}
	exitKinds := count(`SELECT exit_kind || ' ' || CASE WHEN exit_good_cause = '' THEN '-' ELSE exit_good_cause END, COUNT(*)
		FROM cases WHERE stage = 'exited' GROUP BY 1`)
	for _, k := range []string{"regular -", "early -", "early yes", "early no", "early unclear"} {
		if exitKinds[k] == 0 {
			t.Errorf("no exit of kind and good cause %q: %v", k, exitKinds)
		}
	}
	notices := count(`SELECT status, COUNT(*) FROM messages WHERE kind = 'exit' GROUP BY status`)
	if notices["open"] == 0 || notices["noted"] == 0 || notices["open"]+notices["noted"] != sumOf(reasons) {
		t.Errorf("exit notices %v for %d exits: want one each, some noted", notices, sumOf(reasons))
	}
	if n := count(`SELECT 'n', COUNT(*) FROM cases WHERE stage = 'exited' AND later_destination <> ''`)["n"]; n == 0 {
		t.Error("no destination six months after an exit recorded")
	}
	if n := count(`SELECT 'n', COUNT(*) FROM cases WHERE stage = 'active' AND assignment_end < '2026-11-01'`)["n"]; n == 0 {
		t.Error("no assignment past its end still open")
	}

	// The counters, against a count of the cases.
	stages := count(`SELECT CAST(location_id AS TEXT) || ' ' || stage, n FROM location_counts WHERE n <> 0`)
	if want := count(`SELECT CAST(location_id AS TEXT) || ' ' || stage, COUNT(*) FROM cases GROUP BY location_id, stage`); !sameCounts(stages, want) {
		t.Errorf("location_counts differ from a count of the cases")
	}
	years := count(`SELECT CAST(location_id AS TEXT) || ' ' || CAST(year AS TEXT) || ' ' || 'assigned', assigned FROM location_year_counts WHERE assigned <> 0
		UNION ALL SELECT CAST(location_id AS TEXT) || ' ' || CAST(year AS TEXT) || ' ' || 'freed', freed FROM location_year_counts WHERE freed <> 0`)
	want := map[string]int{}
	rows, err := tdb.raw.Query(`SELECT location_id, CAST(assignment_start AS TEXT), stage, exit_kind FROM cases WHERE assignment_start IS NOT NULL`)
	must(t, err)
	for rows.Next() {
		var loc int64
		var start, stage, kind string
		must(t, rows.Scan(&loc, &start, &stage, &kind))
		key := fmt.Sprintf("%d %s ", loc, start[:4])
		want[key+"assigned"]++
		if stage == "exited" && kind == "early" {
			want[key+"freed"]++
		}
	}
	rows.Close()
	if !sameCounts(years, want) || sumOf(years) == 0 {
		t.Errorf("location_year_counts differ from a count of the cases")
	}
	freed := 0
	for k, n := range years {
		if len(k) > 5 && k[len(k)-5:] == "freed" {
			freed += n
		}
	}
	if freed == 0 || freed != exitKinds["early -"]+exitKinds["early yes"]+exitKinds["early no"]+exitKinds["early unclear"] {
		t.Errorf("%d places freed, want one per early exit (%v)", freed, exitKinds)
	}
}

func sumOf(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func sameCounts(got, want map[string]int) bool {
	if len(got) != len(want) {
		return false
	}
	for k, n := range want {
		if got[k] != n {
			return false
		}
	}
	return true
}

// allCases lists every case a sees, open or closed, page by page.
func allCases(t *testing.T, db *sqldb.DB, a teilhabe.Actor) []sqldb.CaseListItem {
	t.Helper()
	var all []sqldb.CaseListItem
	for _, closed := range []bool{false, true} {
		for page := 1; ; page++ {
			items, more, err := db.FindCases(context.Background(), a, sqldb.CaseFilter{Closed: closed, Page: page})
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

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
