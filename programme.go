package teilhabe

import (
	"slices"
	"time"
)

// LegalDomain is the Rechtskreis a case belongs to.
type LegalDomain string

// The legal domains.
const (
	SGB2 LegalDomain = "SGB2" // Grundsicherung für Arbeitsuchende, Jobcenter
	SGB3 LegalDomain = "SGB3" // Arbeitsförderung, Agentur für Arbeit
)

// LegalDomains lists both legal domains.
func LegalDomains() []LegalDomain { return []LegalDomain{SGB2, SGB3} }

// Valid reports whether d is a known legal domain.
func (d LegalDomain) Valid() bool { return oneOf(d, LegalDomains()) }

// OrgKind says what an organisation is.
type OrgKind string

// The organisation kinds of domain-germany.md §8.1 that teilhabe uses now.
const (
	OrgAgentur      OrgKind = "agentur"       // Agentur für Arbeit, SGB III
	OrgJobcenterGE  OrgKind = "jobcenter_ge"  // gemeinsame Einrichtung, § 44b SGB II
	OrgJobcenterZKT OrgKind = "jobcenter_zkt" // zugelassener kommunaler Träger, § 6a SGB II
	OrgProvider     OrgKind = "provider"      // Durchführungsträger
)

// OrgKinds lists the kinds in the order forms offer them.
func OrgKinds() []OrgKind {
	return []OrgKind{OrgAgentur, OrgJobcenterGE, OrgJobcenterZKT, OrgProvider}
}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool { return slices.Contains(OrgKinds(), k) }

// IsSponsor reports whether organisations of kind k assign participants.
func (k OrgKind) IsSponsor() bool { return k != OrgProvider }

// LegalDomain returns the legal domain a sponsor of kind k serves.
func (k OrgKind) LegalDomain() LegalDomain {
	switch k {
	case OrgAgentur:
		return SGB3
	case OrgJobcenterGE, OrgJobcenterZKT:
		return SGB2
	}
	return ""
}

// Programme is one inclusion programme in one region.
type Programme struct {
	ID               int64
	Name             string
	Region           string
	State            State
	PeriodStart      time.Time
	PeriodEnd        time.Time
	PlacesPerYear    int
	AssignmentMonths int
	InfoDeadline     DeadlineRule
	// Barriers are the placement barriers this programme recognises;
	// empty means the whole catalogue.
	Barriers []Barrier
	// ExitReasons are the exit reasons this programme records; empty means
	// the whole catalogue.
	ExitReasons []ExitReason
	// The coaching year's settings (issue 13).
	// ContactLapseDays: a case with no contact for longer shows as lapsed.
	ContactLapseDays int
	// NoShowNotice: this many unexcused no-shows in a row notify the sponsor.
	NoShowNotice int
	// ReviewMonths: the support plan is reviewed at least this often.
	ReviewMonths int
	// FollowUp is the rhythm of follow-up contacts after a placement
	// (issue 14).
	FollowUp FollowUpCadence
	Version  int
}

// The defaults of the coaching year's settings.
const (
	DefaultContactLapseDays = 14
	DefaultNoShowNotice     = 2
	DefaultReviewMonths     = 6
	// MaxReviewMonths bounds ReviewMonths: a support plan is reviewed at
	// least every six months.
	MaxReviewMonths = 6
)

// WithCoachingDefaults returns p with the defaults in the coaching year's
// settings that are not set.
func (p Programme) WithCoachingDefaults() Programme {
	for _, s := range []struct {
		v   *int
		def int
	}{{&p.ContactLapseDays, DefaultContactLapseDays}, {&p.NoShowNotice, DefaultNoShowNotice},
		{&p.ReviewMonths, DefaultReviewMonths}} {
		if *s.v == 0 {
			*s.v = s.def
		}
	}
	if p.FollowUp == (FollowUpCadence{}) {
		p.FollowUp = FollowUpCadence{Weekly: DefaultFollowUpWeekly, Months: DefaultFollowUpMonths}
	}
	return p
}

// BarrierCatalogue returns the placement barriers the programme offers.
func (p Programme) BarrierCatalogue() []Barrier {
	if len(p.Barriers) == 0 {
		return Barriers()
	}
	return p.Barriers
}

// ExitReasonCatalogue returns the exit reasons the programme offers.
func (p Programme) ExitReasonCatalogue() []ExitReason {
	if len(p.ExitReasons) == 0 {
		return ExitReasons()
	}
	return p.ExitReasons
}

// OffersExitReason reports whether r is in the programme's catalogue.
func (p Programme) OffersExitReason(r ExitReason) bool { return oneOf(r, p.ExitReasonCatalogue()) }

// Validate checks a programme's settings.
func (p Programme) Validate() error {
	var pr Problems
	checkName(&pr, "name", p.Name, true)
	checkName(&pr, "region", p.Region, true)
	if !p.State.Valid() {
		pr.Add("state", "err.choose")
	}
	if p.PeriodStart.IsZero() {
		pr.Add("period_start", "err.date")
	}
	if p.PeriodEnd.IsZero() {
		pr.Add("period_end", "err.date")
	} else if !p.PeriodStart.IsZero() && !p.PeriodEnd.After(p.PeriodStart) {
		pr.Add("period_end", "err.end_before_start")
	}
	if p.PlacesPerYear < 1 || p.PlacesPerYear > 100000 {
		pr.Add("places_per_year", "err.range", 1, 100000)
	}
	if p.AssignmentMonths < 1 || p.AssignmentMonths > 36 {
		pr.Add("assignment_months", "err.range", 1, 36)
	}
	if !p.InfoDeadline.Kind.Valid() {
		pr.Add("info_deadline_kind", "err.choose")
	}
	if p.InfoDeadline.Days < 1 || p.InfoDeadline.Days > 60 {
		pr.Add("info_deadline_days", "err.range", 1, 60)
	}
	if !validAll(p.Barriers) {
		pr.Add("barriers", "err.choose")
	}
	if !validAll(p.ExitReasons) {
		pr.Add("exit_reasons", "err.choose")
	}
	if p.ContactLapseDays < 1 || p.ContactLapseDays > 90 {
		pr.Add("contact_lapse_days", "err.range", 1, 90)
	}
	if p.NoShowNotice < 1 || p.NoShowNotice > 10 {
		pr.Add("no_show_notice", "err.range", 1, 10)
	}
	if p.ReviewMonths < 1 || p.ReviewMonths > MaxReviewMonths {
		pr.Add("review_months", "err.range", 1, MaxReviewMonths)
	}
	if p.FollowUp.Weekly < 0 || p.FollowUp.Weekly > 26 {
		pr.Add("followup_weekly", "err.range", 0, 26)
	}
	if p.FollowUp.Months < 1 || p.FollowUp.Months > SustainMonths {
		pr.Add("followup_months", "err.range", 1, SustainMonths)
	}
	return pr.Err()
}

// PlannedEnd returns the default planned end of an assignment starting on
// start: the programme's assignment length later, minus one day. If the
// month reached has no day of the start's number, the assignment ends on that
// month's last day (§ 188 Abs. 3 BGB), not in the month after as AddDate's
// normalisation would have it (31 January plus one month is not 2 March).
func (p Programme) PlannedEnd(start time.Time) time.Time {
	y, m, d := start.Date()
	m += time.Month(p.AssignmentMonths)
	if last := time.Date(y, m+1, 0, 0, 0, 0, 0, start.Location()).Day(); d > last {
		hh, mm, ss := start.Clock()
		return time.Date(y, m, last, hh, mm, ss, start.Nanosecond(), start.Location())
	}
	return start.AddDate(0, p.AssignmentMonths, -1)
}

// Organisation is a sponsor or a provider within a programme.
type Organisation struct {
	ID          int64
	ProgrammeID int64
	Kind        OrgKind
	Name        string
	Lead        bool // the lead sponsor (Federführung)
	State       State
}

// LegalDomain returns the legal domain of a sponsor, or "" for a provider.
func (o Organisation) LegalDomain() LegalDomain { return o.Kind.LegalDomain() }

// Validate checks an organisation.
func (o Organisation) Validate() error {
	var pr Problems
	checkName(&pr, "name", o.Name, true)
	if !o.Kind.Valid() {
		pr.Add("kind", "err.choose")
	}
	if !o.State.Valid() {
		pr.Add("state", "err.choose")
	}
	if o.Lead && o.Kind == OrgProvider {
		pr.Add("lead", "err.lead_sponsor_only")
	}
	return pr.Err()
}

// Feature is an accessibility feature of a location.
type Feature string

// Accessibility features a location can offer.
const (
	FeatureStepFree        Feature = "step_free"
	FeatureToilet          Feature = "accessible_toilet"
	FeatureInductionLoop   Feature = "induction_loop"
	FeatureParking         Feature = "accessible_parking"
	FeaturePublicTransport Feature = "public_transport"
	FeatureTactileGuidance Feature = "tactile_guidance"
	FeatureQuietRoom       Feature = "quiet_room"
)

// Features lists every accessibility feature in display order.
func Features() []Feature {
	return []Feature{FeatureStepFree, FeatureToilet, FeatureInductionLoop, FeatureParking,
		FeaturePublicTransport, FeatureTactileGuidance, FeatureQuietRoom}
}

// Location is a provider's site where coaching happens.
type Location struct {
	ID            int64
	ProviderID    int64
	Name          string
	Street        string
	Postcode      string
	City          string
	State         State
	PlacesPerYear int
	Features      []Feature
	Version       int
}

// HasFeature reports whether l offers f.
func (l Location) HasFeature(f Feature) bool { return slices.Contains(l.Features, f) }

// Validate checks a location.
func (l Location) Validate() error {
	var pr Problems
	checkName(&pr, "name", l.Name, true)
	checkName(&pr, "street", l.Street, true)
	if !validPostcode(l.Postcode) {
		pr.Add("postcode", "err.postcode")
	}
	checkName(&pr, "city", l.City, true)
	if !l.State.Valid() {
		pr.Add("state", "err.choose")
	}
	if l.PlacesPerYear < 0 || l.PlacesPerYear > 10000 {
		pr.Add("places_per_year", "err.range", 0, 10000)
	}
	if !validAll(l.Features) {
		pr.Add("features", "err.choose")
	}
	return pr.Err()
}

// Valid reports whether f is a known Feature.
func (f Feature) Valid() bool { return oneOf(f, Features()) }

// validPostcode reports whether s is a German postcode: five digits.
func validPostcode(s string) bool {
	if len(s) != 5 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// OffersBarrier reports whether the programme's catalogue has barrier b.
func (p Programme) OffersBarrier(b Barrier) bool { return oneOf(b, p.BarrierCatalogue()) }
