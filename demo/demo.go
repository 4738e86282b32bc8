// Package demo loads the shipped Inklusionsinitiative Region Trier programme
// with generated, realistic participants in every stage of the journey, and
// one account per role, so that teilhabe can be tried at once. It also
// generates the national data set for benchmarks and load tests
// (GenerateNational): ten programmes and as many cases as asked for.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// Login is a demo account shown at start.
type Login struct {
	Username string
	Role     teilhabe.Role
	Who      string // role and place, in German, for the console
	Org      string // the organisation or location, a proper name
}

// Logins are the demo accounts, one per role, in the order they are printed.
var Logins = []Login{
	{"admin", teilhabe.RoleAdmin, "Administration", ""},
	{"koordination", teilhabe.RoleCoordinator, "Programmkoordination, Agentur für Arbeit Trier", "Agentur für Arbeit Trier"},
	{"agentur", teilhabe.RoleSponsorCaseworker, "Fachkraft, Agentur für Arbeit Trier", "Agentur für Arbeit Trier"},
	{"jobcenter", teilhabe.RoleSponsorCaseworker, "Fachkraft, Jobcenter Trier Stadt", "Jobcenter Trier Stadt"},
	{"traegerleitung", teilhabe.RoleProviderLead, "Trägerleitung, Caritasverband Trier e.V.", "Caritasverband Trier e.V."},
	{"coach", teilhabe.RoleCoach, "Coach, Caritas Trier-Mitte", "Caritas Trier-Mitte"},
	{"datenschutz", teilhabe.RoleDataProtection, "Datenschutzbeauftragte des Programms", ProgrammeName},
}

// ErrNotDemo is returned by Load for a database that already holds an
// installation other than the demo.
var ErrNotDemo = errors.New("the database already holds an installation without the demo programme; start without --demo, or use an empty data directory")

// ProgrammeName is the shipped default programme.
const ProgrammeName = "Inklusionsinitiative Region Trier"

// Load fills an empty database with the demo programme and cases, all
// accounts with password. On a database that already holds the demo, it only
// sets the demo accounts' password, so the printed logins work.
func Load(ctx context.Context, db *sqldb.DB, password string, rng *rand.Rand) error {
	err := db.CreateFirstAdmin(ctx, "admin", "Alex Administrator", password)
	var conflict *teilhabe.ConflictError
	if errors.As(err, &conflict) {
		// Only a database that holds the demo gets the demo passwords:
		// a real installation's accounts are never touched.
		progs, err := db.FindProgrammes(ctx, teilhabe.Actor{Role: teilhabe.RoleAdmin})
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(progs, func(p sqldb.ProgrammeSummary) bool { return p.Name == ProgrammeName }) {
			return ErrNotDemo
		}
		for _, l := range Logins {
			if err := db.SetPasswordByUsername(ctx, l.Username, password); err != nil && !errors.Is(err, teilhabe.ErrNotFound) {
				return err
			}
		}
		return nil
	}
	if err != nil {
		return err
	}
	l := &loader{db: db, password: password, rng: rng, today: db.Today()}
	if err := l.setup(ctx); err != nil {
		return fmt.Errorf("demo set-up: %w", err)
	}
	if err := l.employers(ctx); err != nil {
		return fmt.Errorf("demo employers: %w", err)
	}
	if err := l.cases(ctx); err != nil {
		return fmt.Errorf("demo cases: %w", err)
	}
	return nil
}

type loader struct {
	db       *sqldb.DB
	password string
	rng      *rand.Rand
	today    time.Time
	admin    teilhabe.Actor
	prog     teilhabe.Programme
	orgs     map[string]int64 // by short key
	locs     []demoLocation
	staff    map[string]teilhabe.Actor // by username
	// registers are the demo's employers, by provider.
	registers map[int64][]teilhabe.Employer
	// exits counts the early exits so far, which take the reasons in turn.
	exits int
	// outcomes counts the outcomes that are no integration so far, which
	// take the kinds in turn.
	outcomes int
	// reports counts the exited cases so far, which the final reports
	// take in turn.
	reports int
}

type demoLocation struct {
	teilhabe.Location
	coach    string   // username of its coach
	sponsors []string // sponsor keys of the surrounding districts
}

func (l *loader) setup(ctx context.Context) error {
	l.admin = teilhabe.Actor{UserID: 1, Username: "admin", Name: "Alex Administrator", Role: teilhabe.RoleAdmin}
	users, err := l.db.FindUsers(ctx, l.admin, 0)
	if err != nil {
		return err
	}
	l.admin.UserID = users[0].ID
	year := l.today.Year()
	l.prog = teilhabe.Programme{Name: ProgrammeName, Region: "Agenturbezirk Trier", State: teilhabe.StateRP,
		PeriodStart: teilhabe.Day(year-1, 1, 1), PeriodEnd: teilhabe.Day(year+1, 12, 31), PlacesPerYear: 150,
		AssignmentMonths: 12, InfoDeadline: teilhabe.DeadlineRule{Kind: teilhabe.DeadlineCalendarDays, Days: 7},
		ContactLapseDays: teilhabe.DefaultContactLapseDays, NoShowNotice: teilhabe.DefaultNoShowNotice,
		ReviewMonths: teilhabe.DefaultReviewMonths,
		FollowUp:     teilhabe.FollowUpCadence{Weekly: teilhabe.DefaultFollowUpWeekly, Months: teilhabe.DefaultFollowUpMonths}}
	if l.prog.ID, err = l.db.CreateProgramme(ctx, l.admin, l.prog); err != nil {
		return err
	}
	l.orgs = map[string]int64{}
	for _, o := range []struct {
		key  string
		kind teilhabe.OrgKind
		name string
		lead bool
	}{
		{"aa", teilhabe.OrgAgentur, "Agentur für Arbeit Trier", true},
		{"jc-trier", teilhabe.OrgJobcenterGE, "Jobcenter Trier Stadt", false},
		{"jc-saarburg", teilhabe.OrgJobcenterGE, "Jobcenter Trier-Saarburg", false},
		{"jc-wittlich", teilhabe.OrgJobcenterGE, "Jobcenter Bernkastel-Wittlich", false},
		{"jc-bitburg", teilhabe.OrgJobcenterGE, "Jobcenter Bitburg-Prüm", false},
		{"jc-daun", teilhabe.OrgJobcenterZKT, "Jobcenter Vulkaneifel", false},
		{"caritas", teilhabe.OrgProvider, "Caritasverband Trier e.V.", false},
		{"bs", teilhabe.OrgProvider, "Bürgerservice GmbH", false},
		{"skm", teilhabe.OrgProvider, "SKM – Katholischer Verein für soziale Dienste e.V.", false},
	} {
		id, err := l.db.CreateOrganisation(ctx, l.admin, teilhabe.Organisation{ProgrammeID: l.prog.ID, Kind: o.kind,
			Name: o.name, Lead: o.lead, State: teilhabe.StateRP})
		if err != nil {
			return err
		}
		l.orgs[o.key] = id
	}
	for _, d := range []struct {
		provider string
		loc      teilhabe.Location
		coach    string
		sponsors []string
	}{
		{"caritas", teilhabe.Location{Name: "Caritas Trier-Mitte", Street: "Sichelstraße 10", Postcode: "54290", City: "Trier", PlacesPerYear: 50,
			Features: []teilhabe.Feature{teilhabe.FeatureStepFree, teilhabe.FeatureToilet, teilhabe.FeatureInductionLoop, teilhabe.FeaturePublicTransport}},
			"coach", []string{"aa", "jc-trier", "jc-saarburg"}},
		{"bs", teilhabe.Location{Name: "Bürgerservice Wittlich", Street: "Schloßstraße 4", Postcode: "54516", City: "Wittlich", PlacesPerYear: 40,
			Features: []teilhabe.Feature{teilhabe.FeatureStepFree, teilhabe.FeatureToilet, teilhabe.FeatureParking, teilhabe.FeatureQuietRoom}},
			"coach.wittlich", []string{"aa", "jc-wittlich"}},
		{"skm", teilhabe.Location{Name: "SKM Bitburg", Street: "Hauptstraße 21", Postcode: "54634", City: "Bitburg", PlacesPerYear: 35,
			Features: []teilhabe.Feature{teilhabe.FeatureStepFree, teilhabe.FeatureToilet, teilhabe.FeatureTactileGuidance}},
			"coach.bitburg", []string{"aa", "jc-bitburg"}},
		{"caritas", teilhabe.Location{Name: "Caritas Daun", Street: "Leopoldstraße 2", Postcode: "54550", City: "Daun", PlacesPerYear: 25,
			Features: []teilhabe.Feature{teilhabe.FeatureStepFree, teilhabe.FeatureParking, teilhabe.FeaturePublicTransport}},
			"coach.daun", []string{"aa", "jc-daun"}},
	} {
		d.loc.ProviderID, d.loc.State = l.orgs[d.provider], teilhabe.StateRP
		id, err := l.db.CreateLocation(ctx, l.admin, d.loc)
		if err != nil {
			return err
		}
		d.loc.ID = id
		l.locs = append(l.locs, demoLocation{Location: d.loc, coach: d.coach, sponsors: d.sponsors})
	}
	l.staff = map[string]teilhabe.Actor{}
	for _, u := range []struct {
		username, name string
		role           teilhabe.Role
		org            string
		loc            int // index into l.locs, -1 for none
	}{
		{"koordination", "Katrin Kordel", teilhabe.RoleCoordinator, "aa", -1},
		{"agentur", "Andreas Arend", teilhabe.RoleSponsorCaseworker, "aa", -1},
		{"jobcenter", "Jana Junk", teilhabe.RoleSponsorCaseworker, "jc-trier", -1},
		{"jc.saarburg", "Sabine Sauer", teilhabe.RoleSponsorCaseworker, "jc-saarburg", -1},
		{"jc.wittlich", "Wolfgang Weber", teilhabe.RoleSponsorCaseworker, "jc-wittlich", -1},
		{"jc.bitburg", "Birgit Berg", teilhabe.RoleSponsorCaseworker, "jc-bitburg", -1},
		{"jc.daun", "Dieter Dahm", teilhabe.RoleSponsorCaseworker, "jc-daun", -1},
		{"traegerleitung", "Tanja Theis", teilhabe.RoleProviderLead, "caritas", -1},
		{"leitung.bs", "Bernd Simon", teilhabe.RoleProviderLead, "bs", -1},
		{"leitung.skm", "Sandra Kohl", teilhabe.RoleProviderLead, "skm", -1},
		{"coach", "Carla Clemens", teilhabe.RoleCoach, "caritas", 0},
		{"coach.wittlich", "Walter Wirtz", teilhabe.RoleCoach, "bs", 1},
		{"coach.bitburg", "Britta Bauer", teilhabe.RoleCoach, "skm", 2},
		{"coach.daun", "Daniel Dreher", teilhabe.RoleCoach, "caritas", 3},
		{"datenschutz", "Dr. Dana Schmitt", teilhabe.RoleDataProtection, "", -1},
	} {
		in := teilhabe.AccountInput{Username: u.username, Name: u.name, Role: u.role, ProgrammeID: l.prog.ID,
			OrgID: l.orgs[u.org], Active: true, Password: l.password}
		if u.loc >= 0 {
			in.LocationID = l.locs[u.loc].ID
		}
		id, err := l.db.CreateUser(ctx, l.admin, in)
		if err != nil {
			return fmt.Errorf("user %s: %w", u.username, err)
		}
		l.staff[u.username] = teilhabe.Actor{UserID: id, Username: u.username, Name: u.name, Role: u.role,
			ProgrammeID: l.prog.ID, OrgID: in.OrgID, LocationID: in.LocationID}
	}
	return nil
}

// caseworkerOf returns the demo caseworker of a sponsor.
func (l *loader) caseworkerOf(sponsorKey string) teilhabe.Actor {
	name := map[string]string{"aa": "agentur", "jc-trier": "jobcenter", "jc-saarburg": "jc.saarburg",
		"jc-wittlich": "jc.wittlich", "jc-bitburg": "jc.bitburg", "jc-daun": "jc.daun"}[sponsorKey]
	return l.staff[name]
}
