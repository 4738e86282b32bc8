package demo

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// natProgramme is a programme of the national data set.
type natProgramme struct {
	teilhabe.Programme
	region   region
	sponsors []*natSponsor // Agenturen first, the lead among them
	phases   []teilhabe.Phase
}

// natSponsor is an Agentur für Arbeit or a Jobcenter with its caseworker.
type natSponsor struct {
	teilhabe.Organisation
	prog       *natProgramme
	caseworker teilhabe.Actor
	office     int // office number in customer numbers
}

// natLocation is a provider's location with its staff and the sponsors of
// the districts around it.
type natLocation struct {
	teilhabe.Location
	prog     *natProgramme
	provider string // the provider's name
	place    place
	coach    teilhabe.Actor
	lead     teilhabe.Actor // the provider's lead
	sponsors []*natSponsor  // one Agentur, two Jobcenters
	// employers is the provider's register.
	employers []natEmployer
	// taken counts the places taken per year since g.first's year:
	// assignments and requests holding a place.
	taken []int
}

// The national set's size.
const (
	natAgenturen       = 15 // per programme
	natJobcentersTown  = 20 // per programme: one per place
	natJobcentersLand  = 10 // per programme: GE of the district around a place
	natJobcentersZKT   = 10 // per programme: approved municipal providers
	natProviders       = 100
	natLocationsPerOrg = 2
)

// setup writes the programmes, organisations, locations and accounts, and
// prepares what the journeys need of them.
func (g *national) setup(b *sqldb.Bulk, hash string) {
	at := time.Date(g.first.Year(), g.first.Month(), 1, 9, 0, 0, 0, teilhabe.Germany).AddDate(0, -2, 0)
	admin := teilhabe.User{Username: "admin", Name: "Alex Administrator", Role: teilhabe.RoleAdmin, Active: true}
	g.account(b, teilhabe.Actor{}, &admin, hash, at)
	g.admin = admin.Actor()
	// Places scale with the data set, so that demand meets capacity at any
	// size: 20 to 80 a year per location at a million cases.
	scale := min(1, float64(g.opt.Cases)/1_000_000)
	for i, r := range regions {
		p := &natProgramme{region: r}
		p.Programme = teilhabe.Programme{Name: "Inklusionsinitiative Region " + r.name, Region: regionDescription(r),
			State: r.places[0].state, PeriodStart: teilhabe.Day(g.first.Year(), 1, 1), PeriodEnd: teilhabe.Day(g.today.Year()+2, 12, 31),
			AssignmentMonths: []int{24, 24, 18, 24, 24, 24, 18, 24, 24, 36}[i],
			InfoDeadline: []teilhabe.DeadlineRule{{Kind: teilhabe.DeadlineCalendarDays, Days: 7},
				{Kind: teilhabe.DeadlineWorkingDays, Days: 5}, {Kind: teilhabe.DeadlineCalendarDays, Days: 10}}[i%3],
			ContactLapseDays: []int{14, 14, 21, 10}[i%4], NoShowNotice: 2, ReviewMonths: []int{6, 6, 3}[i%3],
			FollowUp: teilhabe.FollowUpCadence{Weekly: []int{4, 4, 8, 0}[i%4], Months: []int{1, 1, 2}[i%3]}}
		if i%4 == 3 {
			// Some programmes recognise only part of the catalogue.
			p.Barriers = teilhabe.Barriers()[:8]
		}
		g.progs = append(g.progs, p)
		g.sponsorsOf(p)
		g.providersOf(p, scale)
		for _, l := range g.locs[len(g.locs)-natProviders*natLocationsPerOrg:] {
			p.PlacesPerYear += l.PlacesPerYear
		}
		g.check(p.Name, p.Validate())
	}
	for _, p := range g.progs {
		p.ID = b.Programme(g.admin, p.Programme, at)
		p.phases = b.Phases(p.ID)
		g.sum.Programmes++
	}
	for _, s := range g.sponsors {
		s.ProgrammeID = s.prog.ID
		s.ID = b.Organisation(g.admin, s.Organisation, at)
		g.sum.Sponsors++
	}
	for i := 0; i < len(g.locs); i += natLocationsPerOrg {
		prov := teilhabe.Organisation{ProgrammeID: g.locs[i].prog.ID, Kind: teilhabe.OrgProvider, Name: g.locs[i].provider,
			State: g.locs[i].State}
		g.check(prov.Name, prov.Validate())
		id := b.Organisation(g.admin, prov, at)
		g.sum.Providers++
		for _, l := range g.locs[i : i+natLocationsPerOrg] {
			l.ProviderID = id
			g.check(l.Name, l.Validate())
			l.ID = b.Location(g.admin, l.prog.ID, l.Location, at)
			g.sum.Locations++
		}
	}
	g.accounts(b, hash, at)
	g.sum.Audits = g.sum.Programmes + g.sum.Sponsors + g.sum.Providers + g.sum.Locations + g.sum.Accounts
	g.employers(b, at.Add(time.Hour))
}

// regionDescription names a region's federal states.
func regionDescription(r region) string {
	s := "Region " + r.name + ":"
	seen := map[teilhabe.State]bool{}
	for _, p := range r.places {
		if !seen[p.state] {
			if len(seen) > 0 {
				s += ","
			}
			s += " " + p.state.Name()
			seen[p.state] = true
		}
	}
	return s
}

// sponsorsOf makes the programme's Agenturen (the first one leads) and
// Jobcenters, named after the region's places.
func (g *national) sponsorsOf(p *natProgramme) {
	add := func(kind teilhabe.OrgKind, name string, pl place, lead bool) {
		s := &natSponsor{Organisation: teilhabe.Organisation{Kind: kind, Name: name, Lead: lead, State: pl.state}, prog: p}
		if kind == teilhabe.OrgAgentur {
			s.office = 100 + len(g.sponsors)*5%900
		} else {
			s.office = 10000 + len(g.sponsors)*97%90000
		}
		g.check(name, s.Validate())
		p.sponsors = append(p.sponsors, s)
		g.sponsors = append(g.sponsors, s)
	}
	for i, pl := range p.region.places[:natAgenturen] {
		add(teilhabe.OrgAgentur, "Agentur für Arbeit "+pl.name, pl, i == 0)
	}
	for _, pl := range p.region.places[:natJobcentersTown] {
		add(teilhabe.OrgJobcenterGE, "Jobcenter "+pl.name, pl, false)
	}
	for _, pl := range p.region.places[:natJobcentersLand] {
		add(teilhabe.OrgJobcenterGE, "Jobcenter Landkreis "+pl.name, pl, false)
	}
	for _, pl := range p.region.places[natJobcentersLand : natJobcentersLand+natJobcentersZKT] {
		add(teilhabe.OrgJobcenterZKT, "Kommunales Jobcenter Landkreis "+pl.name, pl, false)
	}
}

// sponsorsNear returns the sponsors of the districts around place k of p:
// its Agentur, its town's Jobcenter and its district's.
func sponsorsNear(p *natProgramme, k int) []*natSponsor {
	agentur := p.sponsors[k%natAgenturen]
	town := p.sponsors[natAgenturen+k]
	land := p.sponsors[natAgenturen+natJobcentersTown+k%(natJobcentersLand+natJobcentersZKT)]
	return []*natSponsor{agentur, town, land}
}

// providersOf makes the programme's providers, each with a location in its
// home town and one in another place of the region.
func (g *national) providersOf(p *natProgramme, scale float64) {
	places := p.region.places
	names := map[string]bool{}
	for i := range natProviders {
		home, round := i%len(places), i/len(places)
		brand := providerBrands[(home+5*round)%len(providerBrands)]
		name := fmt.Sprintf(brand.name, places[home].name)
		if names[name] {
			g.check(name, fmt.Errorf("%w: two providers of this name", errStep))
		}
		names[name] = true
		for n, k := range []int{home, (home + 1 + 3*round) % len(places)} {
			pl := places[k]
			l := &natLocation{prog: p, provider: name, place: pl, sponsors: sponsorsNear(p, k),
				taken: make([]int, g.today.Year()-g.first.Year()+4)}
			l.Location = teilhabe.Location{Name: brand.short + " " + places[home].name,
				Street:   fmt.Sprintf("%s %d", natStreets[g.rng.IntN(len(natStreets))], 1+g.rng.IntN(120)),
				Postcode: nearPostcode(g.rng.IntN(20), pl), City: cityOf(pl), State: pl.state,
				PlacesPerYear: max(1, int(math.Round(float64(20+g.rng.IntN(61))*scale))), Features: g.features()}
			if n > 0 {
				l.Name += " – Außenstelle " + pl.name
			}
			g.locs = append(g.locs, l)
			// Demand follows the places, with some locations better known
			// than others: those fill up and keep a waiting list.
			w := float64(l.PlacesPerYear) * (0.75 + 0.5*g.rng.Float64())
			if len(g.pickLoc) > 0 {
				w += g.pickLoc[len(g.pickLoc)-1]
			}
			g.pickLoc = append(g.pickLoc, w)
		}
	}
}

// features draws the accessibility features of a location.
func (g *national) features() []teilhabe.Feature {
	var out []teilhabe.Feature
	for i, f := range teilhabe.Features() {
		if g.rng.IntN(100) < []int{92, 80, 25, 60, 85, 15, 40}[i] {
			out = append(out, f)
		}
	}
	return out
}

// cityOf returns the town a place belongs to: "Berlin" for "Berlin-Mitte".
func cityOf(p place) string {
	for _, city := range []string{"Berlin", "Hamburg"} {
		if len(p.name) > len(city) && p.name[:len(city)+1] == city+"-" {
			return city
		}
	}
	return p.name
}

// nearPostcode returns a postcode of place p's town: its centre's, moved by
// offset within the same first three digits.
func nearPostcode(offset int, p place) string {
	n, _ := strconv.Atoi(p.postcode[3:])
	return p.postcode[:3] + fmt.Sprintf("%02d", (n+offset)%100)
}

// accounts writes the staff accounts: a coordinator at each programme's
// lead sponsor and a data protection officer, a coach per location, a lead
// per provider and a caseworker per sponsor.
func (g *national) accounts(b *sqldb.Bulk, hash string, at time.Time) {
	for i, p := range g.progs {
		nn := fmt.Sprintf("%02d", i+1)
		g.account(b, g.admin, &teilhabe.User{Username: "coordinator-" + nn, Name: g.staffName(), Role: teilhabe.RoleCoordinator,
			ProgrammeID: p.ID, OrgID: p.sponsors[0].ID, Active: true}, hash, at)
		g.account(b, g.admin, &teilhabe.User{Username: "dpo-" + nn, Name: g.staffName(), Role: teilhabe.RoleDataProtection,
			ProgrammeID: p.ID, Active: true}, hash, at)
	}
	for i, l := range g.locs {
		u := teilhabe.User{Username: fmt.Sprintf("coach-%04d", i+1), Name: g.staffName(), Role: teilhabe.RoleCoach,
			ProgrammeID: l.prog.ID, OrgID: l.ProviderID, LocationID: l.ID, Active: true}
		g.account(b, g.admin, &u, hash, at)
		l.coach = u.Actor()
	}
	for i := 0; i < len(g.locs); i += natLocationsPerOrg {
		l := g.locs[i]
		u := teilhabe.User{Username: fmt.Sprintf("lead-%04d", i/natLocationsPerOrg+1), Name: g.staffName(),
			Role: teilhabe.RoleProviderLead, ProgrammeID: l.prog.ID, OrgID: l.ProviderID, Active: true}
		g.account(b, g.admin, &u, hash, at)
		for _, sib := range g.locs[i : i+natLocationsPerOrg] {
			sib.lead = u.Actor()
		}
	}
	for i, s := range g.sponsors {
		u := teilhabe.User{Username: fmt.Sprintf("caseworker-%04d", i+1), Name: g.staffName(), Role: teilhabe.RoleSponsorCaseworker,
			ProgrammeID: s.ProgrammeID, OrgID: s.ID, Active: true}
		g.account(b, g.admin, &u, hash, at)
		s.caseworker = u.Actor()
	}
}

// account validates and writes account u, created by a, and sets its id.
func (g *national) account(b *sqldb.Bulk, a teilhabe.Actor, u *teilhabe.User, hash string, at time.Time) {
	in := teilhabe.AccountInput{Username: u.Username, Name: u.Name, Role: u.Role, ProgrammeID: u.ProgrammeID,
		OrgID: u.OrgID, LocationID: u.LocationID, Active: u.Active, Password: g.opt.Password}.Normalize()
	g.check("account "+u.Username, in.Validate(true))
	if in.Role.NeedsLocation() != (in.LocationID != 0) || (in.Role.NeedsSponsor() || in.Role.NeedsProvider()) != (in.OrgID != 0) {
		g.check("account "+u.Username, fmt.Errorf("%w: scope does not fit the role", errStep))
	}
	u.ID = b.User(a, *u, hash, at)
	g.sum.Accounts++
}

// staffName draws a staff member's name.
func (g *national) staffName() string {
	return natFirstNames[g.rng.IntN(len(natFirstNames))] + " " + natLastNames[g.rng.IntN(len(natLastNames))]
}

// calendarDays is how far the working-day table reaches beyond today:
// assignments and their extensions end up to five years ahead.
const calendarDays = 5 * 366

// isWorkday reports whether d is a working day in state, by
// teilhabe.IsWorkingDay, remembered in a table.
func (g *national) isWorkday(d time.Time, state teilhabe.State) bool {
	tab, ok := g.workdays[state]
	if !ok {
		tab = make([]int8, int(g.today.Sub(g.first).Hours()/24)+60+calendarDays)
		g.workdays[state] = tab
	}
	i := int(d.Sub(g.first).Hours()/24) + 60
	if i < 0 || i >= len(tab) {
		return teilhabe.IsWorkingDay(d, state)
	}
	if tab[i] == 0 {
		tab[i] = 2
		if teilhabe.IsWorkingDay(d, state) {
			tab[i] = 1
		}
	}
	return tab[i] == 1
}

// workdayFrom returns d, or the next working day after it, in state.
func (g *national) workdayFrom(d time.Time, state teilhabe.State) time.Time {
	for !g.isWorkday(d, state) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// workdayBefore returns d, or the last working day before it, in state; if
// that lies before the data set's first day, the next working day.
func (g *national) workdayBefore(d time.Time, state teilhabe.State) time.Time {
	e := d
	for !g.isWorkday(e, state) {
		e = e.AddDate(0, 0, -1)
	}
	if e.Before(g.first) {
		return g.workdayFrom(d, state)
	}
	return e
}

// due returns the info appointment deadline of a first contact on day at a
// location in state, by the programme's rule (teilhabe.DeadlineRule.Due).
func (g *national) due(p *natProgramme, day time.Time, state teilhabe.State) time.Time {
	k := dueKey{p.InfoDeadline, state, day}
	d, ok := g.infoDue[k]
	if !ok {
		d = p.InfoDeadline.Due(day, state)
		g.infoDue[k] = d
	}
	return d
}
