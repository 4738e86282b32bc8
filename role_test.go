package teilhabe

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The organisations of the access-rule tests: programme 1 with provider 10
// (locations 100 and 101), provider 20 (location 200), sponsor 30 (the lead
// sponsor) and sponsor 31; programme 2 stands for any other programme.
const (
	testProgramme      = 1
	testOtherProgramme = 2
	testProvider       = 10
	testLocation       = 100
	testOtherLocation  = 101
	testOtherProvider  = 20
	testOtherProvLoc   = 200
	testSponsor        = 30
	testOtherSponsor   = 31
)

// testActors returns one actor per role, each belonging to the organisations
// above where its role needs one.
func testActors() map[Role]Actor {
	return map[Role]Actor{
		RoleAdmin:             {UserID: 1, Username: "admin", Role: RoleAdmin},
		RoleCoordinator:       {UserID: 2, Username: "koordination", Role: RoleCoordinator, ProgrammeID: testProgramme, OrgID: testSponsor},
		RoleSponsorCaseworker: {UserID: 3, Username: "sachbearbeitung", Role: RoleSponsorCaseworker, ProgrammeID: testProgramme, OrgID: testSponsor},
		RoleProviderLead:      {UserID: 4, Username: "leitung", Role: RoleProviderLead, ProgrammeID: testProgramme, OrgID: testProvider},
		RoleCoach:             {UserID: 5, Username: "coach", Role: RoleCoach, ProgrammeID: testProgramme, OrgID: testProvider, LocationID: testLocation},
		RoleDataProtection:    {UserID: 6, Username: "datenschutz", Role: RoleDataProtection, ProgrammeID: testProgramme, OrgID: testProvider},
	}
}

// The case matrix, as seen from the actors of testActors.
const (
	caseSameLocation          = "same location, shared with own sponsor"
	caseSameLocationNotShared = "same location, not shared with sponsor"
	caseOtherLocation         = "same provider, other location"
	caseOtherProvider         = "other provider"
	caseOtherSponsor          = "same location, other sponsor"
	caseOtherProgramme        = "other programme"
)

var testCases = map[string]CaseScope{
	caseSameLocation:          {ProgrammeID: testProgramme, ProviderID: testProvider, LocationID: testLocation, SponsorID: testSponsor, SharedWithSponsor: true},
	caseSameLocationNotShared: {ProgrammeID: testProgramme, ProviderID: testProvider, LocationID: testLocation, SponsorID: testSponsor},
	caseOtherLocation:         {ProgrammeID: testProgramme, ProviderID: testProvider, LocationID: testOtherLocation, SponsorID: testSponsor, SharedWithSponsor: true},
	caseOtherProvider:         {ProgrammeID: testProgramme, ProviderID: testOtherProvider, LocationID: testOtherProvLoc, SponsorID: testSponsor, SharedWithSponsor: true},
	caseOtherSponsor:          {ProgrammeID: testProgramme, ProviderID: testProvider, LocationID: testLocation, SponsorID: testOtherSponsor, SharedWithSponsor: true},
	// The same organisation and location numbers, but in another programme.
	caseOtherProgramme: {ProgrammeID: testOtherProgramme, ProviderID: testProvider, LocationID: testLocation, SponsorID: testSponsor, SharedWithSponsor: true},
}

func TestCaseAccess(t *testing.T) {
	type access struct {
		Read, Work, Decide, Acknowledge, Module, ReadPlan, EditPlan bool
		WriteReport, ReadSentReport, ReadDraftReport                bool
	}
	var (
		none = access{}
		work = access{Read: true, Work: true, Module: true, ReadPlan: true, EditPlan: true,
			WriteReport: true, ReadSentReport: true, ReadDraftReport: true}
		decide = access{Read: true, Decide: true, Acknowledge: true, ReadPlan: true, ReadSentReport: true}
	)
	want := map[Role]map[string]access{
		RoleAdmin: {
			caseSameLocation: none, caseSameLocationNotShared: none, caseOtherLocation: none,
			caseOtherProvider: none, caseOtherSponsor: none, caseOtherProgramme: none,
		},
		RoleCoordinator: {
			caseSameLocation: none, caseSameLocationNotShared: none, caseOtherLocation: none,
			caseOtherProvider: none, caseOtherSponsor: none, caseOtherProgramme: none,
		},
		RoleSponsorCaseworker: {
			caseSameLocation: decide, caseSameLocationNotShared: none, caseOtherLocation: decide,
			caseOtherProvider: decide, caseOtherSponsor: none, caseOtherProgramme: none,
		},
		RoleProviderLead: {
			caseSameLocation: work, caseSameLocationNotShared: work, caseOtherLocation: work,
			caseOtherProvider: none, caseOtherSponsor: work, caseOtherProgramme: none,
		},
		RoleCoach: {
			caseSameLocation: work, caseSameLocationNotShared: work, caseOtherLocation: none,
			caseOtherProvider: none, caseOtherSponsor: work, caseOtherProgramme: none,
		},
		RoleDataProtection: {
			caseSameLocation: none, caseSameLocationNotShared: none, caseOtherLocation: none,
			caseOtherProvider: none, caseOtherSponsor: none, caseOtherProgramme: none,
		},
	}
	actors := testActors()
	for _, role := range Roles() {
		for name, c := range testCases {
			t.Run(string(role)+"/"+name, func(t *testing.T) {
				w, ok := want[role][name]
				if !ok {
					t.Fatalf("no expectation for role %s and case %q", role, name)
				}
				a := actors[role]
				got := access{Read: CanReadCase(a, c), Work: CanWorkCase(a, c), Decide: CanDecideForSponsor(a, c),
					Acknowledge: CanAcknowledgeDecline(a, c), Module: CanBookModule(a, c),
					ReadPlan: CanReadPlan(a, c), EditPlan: CanEditPlan(a, c),
					WriteReport: CanWriteFinalReport(a, c), ReadSentReport: CanReadFinalReport(a, c, true),
					ReadDraftReport: CanReadFinalReport(a, c, false)}
				if got != w {
					t.Errorf("access of %s to %+v = %+v, want %+v", role, c, got, w)
				}
			})
		}
	}
}

// TestCoachOfOtherProvider is the key rule: a coach of one provider never
// reads a case at another provider's location, whatever else matches.
func TestCoachOfOtherProvider(t *testing.T) {
	coach := Actor{Role: RoleCoach, ProgrammeID: testProgramme, OrgID: testOtherProvider, LocationID: testOtherProvLoc}
	for name, c := range testCases {
		if c.ProviderID == testOtherProvider {
			continue
		}
		t.Run(name, func(t *testing.T) {
			if got := CanReadCase(coach, c); got {
				t.Errorf("CanReadCase(coach of provider %d, %+v) = %t, want false", testOtherProvider, c, got)
			}
			if got := CanWorkCase(coach, c); got {
				t.Errorf("CanWorkCase(coach of provider %d, %+v) = %t, want false", testOtherProvider, c, got)
			}
		})
	}
	lead := Actor{Role: RoleProviderLead, ProgrammeID: testProgramme, OrgID: testOtherProvider}
	if got := CanReadCase(lead, testCases[caseSameLocation]); got {
		t.Errorf("CanReadCase(lead of provider %d, case of provider %d) = %t, want false", testOtherProvider, testProvider, got)
	}
}

// TestCaseAccessUnset checks that missing scope never matches missing scope:
// an actor without programme, organisation or location reads nothing, not
// even a case whose fields are equally unset.
func TestCaseAccessUnset(t *testing.T) {
	zeroCase := CaseScope{SharedWithSponsor: true}
	tests := []struct {
		name string
		a    Actor
		c    CaseScope
	}{
		{"admin, case without programme", Actor{Role: RoleAdmin}, zeroCase},
		{"admin, any case", Actor{Role: RoleAdmin}, testCases[caseSameLocation]},
		{"admin with programme", Actor{Role: RoleAdmin, ProgrammeID: testProgramme, OrgID: testProvider, LocationID: testLocation}, testCases[caseSameLocation]},
		{"coach without programme", Actor{Role: RoleCoach, OrgID: testProvider, LocationID: testLocation}, CaseScope{ProviderID: testProvider, LocationID: testLocation}},
		{"coach without location", Actor{Role: RoleCoach, ProgrammeID: testProgramme, OrgID: testProvider}, CaseScope{ProgrammeID: testProgramme, ProviderID: testProvider}},
		{"lead without provider", Actor{Role: RoleProviderLead, ProgrammeID: testProgramme}, CaseScope{ProgrammeID: testProgramme, LocationID: testLocation}},
		{"caseworker without sponsor", Actor{Role: RoleSponsorCaseworker, ProgrammeID: testProgramme}, CaseScope{ProgrammeID: testProgramme, SharedWithSponsor: true}},
		{"unknown role", Actor{Role: "superuser", ProgrammeID: testProgramme, OrgID: testProvider, LocationID: testLocation}, testCases[caseSameLocation]},
		{"empty actor", Actor{}, zeroCase},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanReadCase(tt.a, tt.c); got {
				t.Errorf("CanReadCase(%+v, %+v) = %t, want false", tt.a, tt.c, got)
			}
			if got := CanWorkCase(tt.a, tt.c); got {
				t.Errorf("CanWorkCase(%+v, %+v) = %t, want false", tt.a, tt.c, got)
			}
			if got := CanDecideForSponsor(tt.a, tt.c); got {
				t.Errorf("CanDecideForSponsor(%+v, %+v) = %t, want false", tt.a, tt.c, got)
			}
		})
	}
}

func TestRolePermissions(t *testing.T) {
	type perms struct {
		ManageSetup, ReadAudit, InternalNotes, Announce, FirstContact, Capacity, ListCases, Inbox bool
		Settings, Identity, Overview, Locations, WaitingNames, Figures, Caseworkers               bool
	}
	want := map[Role]perms{
		RoleAdmin:             {ManageSetup: true, Settings: true, Identity: true, Locations: true},
		RoleCoordinator:       {Capacity: true, Settings: true, Overview: true, Locations: true, Figures: true},
		RoleSponsorCaseworker: {Announce: true, ListCases: true, Inbox: true, Caseworkers: true},
		RoleProviderLead: {InternalNotes: true, FirstContact: true, Capacity: true, ListCases: true, Inbox: true,
			Locations: true, WaitingNames: true},
		RoleCoach:          {InternalNotes: true, FirstContact: true, ListCases: true, Inbox: true},
		RoleDataProtection: {ReadAudit: true},
	}
	actors := testActors()
	for _, role := range Roles() {
		t.Run(string(role), func(t *testing.T) {
			a := actors[role]
			got := perms{
				ManageSetup:   CanManageSetup(a),
				ReadAudit:     CanReadAudit(a),
				InternalNotes: CanSeeInternalNotes(a),
				Announce:      CanAnnounce(a),
				FirstContact:  CanRecordFirstContact(a),
				Capacity:      CanSeeCapacity(a),
				ListCases:     CanListCases(a),
				Inbox:         CanUseInbox(a),
				Settings:      CanManageProgrammeSettings(a),
				Identity:      CanEditProgrammeIdentity(a),
				Overview:      CanSeeProgrammeOverview(a),
				Locations:     CanManageLocations(a),
				WaitingNames:  CanSeeWaitingNames(a),
				Figures:       CanSeeFigures(a),
				Caseworkers:   CanListCaseworkers(a),
			}
			if diff := cmp.Diff(want[role], got); diff != "" {
				t.Errorf("permissions of %s (-want +got):\n%s", role, diff)
			}
		})
	}
}

func TestCanAnnounceNeedsSponsor(t *testing.T) {
	a := Actor{Role: RoleSponsorCaseworker, ProgrammeID: testProgramme}
	if got := CanAnnounce(a); got {
		t.Errorf("CanAnnounce(caseworker without sponsor) = %t, want false", got)
	}
}

func TestCanEditProgrammeSettings(t *testing.T) {
	actors := testActors()
	tests := []struct {
		role      Role
		programme int64
		want      bool
	}{
		{RoleAdmin, testProgramme, true},
		{RoleAdmin, testOtherProgramme, true},
		{RoleCoordinator, testProgramme, true},
		{RoleCoordinator, testOtherProgramme, false},
		{RoleCoordinator, 0, false},
		{RoleSponsorCaseworker, testProgramme, false},
		{RoleProviderLead, testProgramme, false},
		{RoleCoach, testProgramme, false},
		{RoleDataProtection, testProgramme, false},
	}
	for _, tt := range tests {
		a := actors[tt.role]
		t.Run(string(tt.role), func(t *testing.T) {
			if got := CanEditProgrammeSettings(a, tt.programme); got != tt.want {
				t.Errorf("CanEditProgrammeSettings(%s of programme %d, %d) = %t, want %t", tt.role, a.ProgrammeID, tt.programme, got, tt.want)
			}
			if got := CanEditModuleCatalogue(a, tt.programme); got != tt.want {
				t.Errorf("CanEditModuleCatalogue(%s of programme %d, %d) = %t, want %t", tt.role, a.ProgrammeID, tt.programme, got, tt.want)
			}
		})
	}
	t.Run("coordinator without programme", func(t *testing.T) {
		a := Actor{Role: RoleCoordinator, OrgID: testSponsor}
		if got := CanEditProgrammeSettings(a, 0); got {
			t.Errorf("CanEditProgrammeSettings(coordinator without programme, 0) = %t, want false", got)
		}
	})
}

func TestRole(t *testing.T) {
	type needs struct{ Valid, Programme, Sponsor, Provider, Location, ProviderSide bool }
	tests := []struct {
		role Role
		want needs
	}{
		{RoleAdmin, needs{Valid: true}},
		{RoleCoordinator, needs{Valid: true, Programme: true, Sponsor: true}},
		{RoleSponsorCaseworker, needs{Valid: true, Programme: true, Sponsor: true}},
		{RoleProviderLead, needs{Valid: true, Programme: true, Provider: true, ProviderSide: true}},
		{RoleCoach, needs{Valid: true, Programme: true, Provider: true, Location: true, ProviderSide: true}},
		{RoleDataProtection, needs{Valid: true, Programme: true}},
		{"", needs{Programme: true}},
		{"Coach", needs{Programme: true}},
	}
	for _, tt := range tests {
		t.Run(string(tt.role), func(t *testing.T) {
			r := tt.role
			got := needs{r.Valid(), r.NeedsProgramme(), r.NeedsSponsor(), r.NeedsProvider(), r.NeedsLocation(), r.IsProviderSide()}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("role %q (-want +got):\n%s", r, diff)
			}
		})
	}
	if got, want := len(Roles()), 6; got != want {
		t.Errorf("len(Roles()) = %d, want %d", got, want)
	}
}

func TestCaseScope(t *testing.T) {
	c := Case{ID: 7, ProgrammeID: testProgramme, ProviderID: testProvider, LocationID: testLocation,
		SponsorID: testSponsor, SharedWithSponsor: true, Stage: StageActive}
	want := testCases[caseSameLocation]
	if diff := cmp.Diff(want, c.Scope()); diff != "" {
		t.Errorf("Case.Scope() (-want +got):\n%s", diff)
	}
}

func TestWorkAt(t *testing.T) {
	actors := testActors()
	coach, lead := actors[RoleCoach], actors[RoleProviderLead]
	if got := WorkLocation(coach, testOtherLocation); got != testLocation {
		t.Errorf("WorkLocation(coach, other) = %d, want the coach's own %d", got, testLocation)
	}
	if got := WorkLocation(lead, testOtherLocation); got != testOtherLocation {
		t.Errorf("WorkLocation(lead, other) = %d, want the chosen %d", got, testOtherLocation)
	}
	for _, tc := range []struct {
		name                 string
		a                    Actor
		programme, prov, loc int64
		want                 bool
	}{
		{"coach at own location", coach, testProgramme, testProvider, testLocation, true},
		{"coach at a colleague's location", coach, testProgramme, testProvider, testOtherLocation, false},
		{"lead at any own location", lead, testProgramme, testProvider, testOtherLocation, true},
		{"lead at another provider", lead, testProgramme, testOtherProvider, testOtherProvLoc, false},
		{"lead in another programme", lead, testOtherProgramme, testProvider, testLocation, false},
		{"sponsor", actors[RoleSponsorCaseworker], testProgramme, testProvider, testLocation, false},
	} {
		if got := CanWorkAt(tc.a, tc.programme, tc.prov, tc.loc); got != tc.want {
			t.Errorf("CanWorkAt(%s) = %t, want %t", tc.name, got, tc.want)
		}
	}
	admin := actors[RoleAdmin]
	if CanChangeRoleOrActivity(admin, admin.UserID) || !CanChangeRoleOrActivity(admin, 99) || CanChangeRoleOrActivity(coach, 99) {
		t.Error("CanChangeRoleOrActivity: want the administrator for other accounts only")
	}
	if got := (Actor{}).DisplayName(); got != "system" {
		t.Errorf("DisplayName of nobody = %q, want system", got)
	}
	if got := coach.AuditName(); got != "coach" {
		t.Errorf("AuditName = %q, want the username", got)
	}
}

func TestNoteAndPhaseAccess(t *testing.T) {
	actors := testActors()
	type access struct{ Shared, Internal, Write, Phase bool }
	tests := []struct {
		role Role
		c    string
		want access
	}{
		{RoleCoach, caseSameLocation, access{Shared: true, Internal: true, Write: true, Phase: true}},
		{RoleCoach, caseOtherLocation, access{}},
		{RoleProviderLead, caseOtherLocation, access{Shared: true, Internal: true, Write: true, Phase: true}},
		{RoleProviderLead, caseOtherProvider, access{}},
		// The sponsor reads the shared notes of its cases, never an internal one.
		{RoleSponsorCaseworker, caseSameLocation, access{Shared: true}},
		{RoleSponsorCaseworker, caseSameLocationNotShared, access{}},
		{RoleSponsorCaseworker, caseOtherSponsor, access{}},
		{RoleCoordinator, caseSameLocation, access{}},
		{RoleDataProtection, caseSameLocation, access{}},
		{RoleAdmin, caseSameLocation, access{}},
	}
	for _, tt := range tests {
		a, c := actors[tt.role], testCases[tt.c]
		got := access{Shared: CanReadNote(a, c, true), Internal: CanReadNote(a, c, false), Write: CanWriteNote(a, c), Phase: CanSetPhase(a, c)}
		if got != tt.want {
			t.Errorf("%s on %s: %+v, want %+v", tt.role, tt.c, got, tt.want)
		}
	}
	phases := map[Role]bool{RoleAdmin: true, RoleCoordinator: true}
	for role, a := range actors {
		if got := CanEditPhases(a, testProgramme); got != phases[role] {
			t.Errorf("%s edits the programme's phases: %v", role, got)
		}
		if CanEditPhases(a, testOtherProgramme) && role != RoleAdmin {
			t.Errorf("%s edits another programme's phases", role)
		}
	}
}

func TestCalendarAccess(t *testing.T) {
	actors := testActors()
	coach, lead := actors[RoleCoach], actors[RoleProviderLead]
	staff := func(id int64, role Role, org, loc int64) User {
		return User{ID: id, Role: role, ProgrammeID: testProgramme, OrgID: org, LocationID: loc}
	}
	tests := []struct {
		name string
		a    Actor
		u    User
		want bool
	}{
		{"coach, own", coach, staff(coach.UserID, RoleCoach, testProvider, testLocation), true},
		{"coach, colleague at the location", coach, staff(50, RoleCoach, testProvider, testLocation), true},
		{"coach, colleague at another location", coach, staff(51, RoleCoach, testProvider, testOtherLocation), false},
		{"coach, the provider lead", coach, staff(lead.UserID, RoleProviderLead, testProvider, 0), false},
		{"coach, coach of another provider", coach, staff(52, RoleCoach, testOtherProvider, testOtherProvLoc), false},
		{"lead, coach at any location", lead, staff(51, RoleCoach, testProvider, testOtherLocation), true},
		{"lead, own", lead, staff(lead.UserID, RoleProviderLead, testProvider, 0), true},
		{"lead, coach of another provider", lead, staff(52, RoleCoach, testOtherProvider, testOtherProvLoc), false},
		{"lead, a caseworker of the same number", lead, staff(53, RoleSponsorCaseworker, testProvider, 0), false},
		{"caseworker", actors[RoleSponsorCaseworker], staff(50, RoleCoach, testProvider, testLocation), false},
		{"coordinator", actors[RoleCoordinator], staff(50, RoleCoach, testProvider, testLocation), false},
		{"data protection", actors[RoleDataProtection], staff(50, RoleCoach, testProvider, testLocation), false},
		{"admin", actors[RoleAdmin], staff(50, RoleCoach, testProvider, testLocation), false},
	}
	for _, tt := range tests {
		if got := CanSeeStaffCalendar(tt.a, tt.u); got != tt.want {
			t.Errorf("CanSeeStaffCalendar(%s) = %t, want %t", tt.name, got, tt.want)
		}
	}
	other := staff(60, RoleCoach, testProvider, testLocation)
	other.ProgrammeID = testOtherProgramme
	if CanSeeStaffCalendar(lead, other) {
		t.Error("a lead sees the calendar of a coach in another programme")
	}
	locs := []struct {
		name           string
		a              Actor
		prog, prov, id int64
		want           bool
	}{
		{"coach, own location", coach, testProgramme, testProvider, testLocation, true},
		{"coach, another location", coach, testProgramme, testProvider, testOtherLocation, false},
		{"lead, any own location", lead, testProgramme, testProvider, testOtherLocation, true},
		{"lead, another provider's", lead, testProgramme, testOtherProvider, testOtherProvLoc, false},
		{"caseworker", actors[RoleSponsorCaseworker], testProgramme, testProvider, testLocation, false},
	}
	for _, tt := range locs {
		if got := CanSeeLocationCalendar(tt.a, tt.prog, tt.prov, tt.id); got != tt.want {
			t.Errorf("CanSeeLocationCalendar(%s) = %t, want %t", tt.name, got, tt.want)
		}
	}
	feeds := map[Role]bool{RoleCoach: true, RoleProviderLead: true}
	for role, a := range actors {
		if got := CanKeepCalendarFeed(a); got != feeds[role] {
			t.Errorf("CanKeepCalendarFeed(%s) = %t, want %t", role, got, feeds[role])
		}
		if got := CanSeeCalendar(a); got != feeds[role] {
			t.Errorf("CanSeeCalendar(%s) = %t, want %t", role, got, feeds[role])
		}
		c := testCases[caseSameLocation]
		if got, want := CanExportAppointment(a, c), CanWorkCase(a, c); got != want {
			t.Errorf("CanExportAppointment(%s) = %t, want %t as CanWorkCase", role, got, want)
		}
	}
}

func TestCanUseEmployers(t *testing.T) {
	for role, a := range testActors() {
		want := role == RoleCoach || role == RoleProviderLead
		if got := CanUseEmployers(a); got != want {
			t.Errorf("CanUseEmployers(%s) = %t, want %t", role, got, want)
		}
		if got := CanEditEmployer(a, testProvider); got != want {
			t.Errorf("CanEditEmployer(%s, own provider) = %t, want %t", role, got, want)
		}
		if CanEditEmployer(a, testOtherProvider) {
			t.Errorf("CanEditEmployer(%s, other provider) = true", role)
		}
	}
	if CanUseEmployers(Actor{Role: RoleCoach}) {
		t.Error("a coach without a provider may use a register")
	}
}

func TestReportFiltersAndAnnualReport(t *testing.T) {
	actors := testActors()
	otherCaseworker := actors[RoleSponsorCaseworker]
	otherCaseworker.OrgID = testOtherSponsor
	for _, tc := range []struct {
		name                        string
		a                           Actor
		sponsor, provider, location bool
		annual                      bool
	}{
		{"coordinator", actors[RoleCoordinator], true, true, true, true},
		{"caseworker of the lead sponsor", actors[RoleSponsorCaseworker], false, true, true, true},
		{"caseworker of another sponsor", otherCaseworker, false, true, true, false},
		{"provider lead", actors[RoleProviderLead], false, false, true, false},
		{"coach", actors[RoleCoach], false, false, false, false},
		{"data protection", actors[RoleDataProtection], false, false, false, false},
		{"admin", actors[RoleAdmin], false, false, false, false},
		{"coordinator without programme", Actor{Role: RoleCoordinator, OrgID: testSponsor}, true, true, true, false},
	} {
		got := [4]bool{CanFilterReport(tc.a, FilterSponsor), CanFilterReport(tc.a, FilterProvider),
			CanFilterReport(tc.a, FilterLocation), CanSeeAnnualReport(tc.a, testSponsor)}
		if want := [4]bool{tc.sponsor, tc.provider, tc.location, tc.annual}; got != want {
			t.Errorf("%s: sponsor, provider, location filter, annual report = %v, want %v", tc.name, got, want)
		}
	}
	if CanSeeAnnualReport(actors[RoleSponsorCaseworker], 0) {
		t.Error("a caseworker sees the annual report of a programme without a lead sponsor")
	}
}
