package teilhabe

import "time"

// PlacementKind is what a participant moved into. Training and employment
// subject to social insurance are integrations in the programme's sense
// (Counts); the other outcomes are recorded as what they are.
type PlacementKind string

// The kinds of a placement (issue 14).
const (
	PlacementTraining        PlacementKind = "training"           // vocational training (Ausbildung)
	PlacementFullTime        PlacementKind = "employment_full"    // employment subject to social insurance, full-time
	PlacementPartTime        PlacementKind = "employment_part"    // employment subject to social insurance, part-time
	PlacementMarginal        PlacementKind = "marginal"           // marginal employment (Minijob)
	PlacementFurtherTraining PlacementKind = "further_training"   // further training (Weiterbildung)
	PlacementOtherMeasure    PlacementKind = "other_measure"      // another measure
	PlacementWorkshop        PlacementKind = "sheltered_workshop" // a sheltered workshop (WfbM)
	PlacementSelfEmployed    PlacementKind = "self_employed"      // self-employment
)

// PlacementKinds lists every kind, those that count first.
func PlacementKinds() []PlacementKind {
	return []PlacementKind{PlacementTraining, PlacementFullTime, PlacementPartTime, PlacementMarginal,
		PlacementFurtherTraining, PlacementOtherMeasure, PlacementWorkshop, PlacementSelfEmployed}
}

// Valid reports whether k is a known PlacementKind.
func (k PlacementKind) Valid() bool { return oneOf(k, PlacementKinds()) }

// Key names the label of k.
func (k PlacementKind) Key() string { return "placement." + string(k) }

// Counts reports whether a placement of kind k is an integration in the
// programme's sense: vocational training, or employment subject to social
// insurance.
func (k PlacementKind) Counts() bool {
	return k == PlacementTraining || k == PlacementFullTime || k == PlacementPartTime
}

// AtEmployer reports whether a placement of kind k is with an employer,
// who is then named, with the job and its hours.
func (k PlacementKind) AtEmployer() bool { return k.Counts() || k == PlacementMarginal }

// Subsidy is a wage subsidy or trial employment an employer receives for
// a placement.
type Subsidy string

// The subsidies (domain-germany.md § 3).
const (
	SubsidyNone        Subsidy = "none"
	SubsidyEGZ         Subsidy = "egz"          // § 88 SGB III: up to 50 %, up to 12 months
	SubsidyEGZDisabled Subsidy = "egz_disabled" // § 90 Abs. 1 SGB III: up to 70 %, up to 24 months
	SubsidyEGZSevere   Subsidy = "egz_severe"   // § 90 Abs. 2 SGB III: up to 70 %, up to 60 (from age 55: 96) months
	SubsidyTrial       Subsidy = "trial"        // § 46 Abs. 1 SGB III: trial employment, up to 3 months
)

// Subsidies lists every subsidy, none first.
func Subsidies() []Subsidy {
	return []Subsidy{SubsidyNone, SubsidyEGZ, SubsidyEGZDisabled, SubsidyEGZSevere, SubsidyTrial}
}

// Valid reports whether s is a known Subsidy.
func (s Subsidy) Valid() bool { return oneOf(s, Subsidies()) }

// Key names the label of s.
func (s Subsidy) Key() string { return "subsidy." + string(s) }

// limits are the highest percentage and the most months the law allows
// for s; a percentage of 0 means the subsidy has none.
func (s Subsidy) limits() (percent, months int) {
	switch s {
	case SubsidyEGZ:
		return 50, 12
	case SubsidyEGZDisabled:
		return 70, 24
	case SubsidyEGZSevere:
		return 70, 96
	case SubsidyTrial:
		return 0, 3
	}
	return 0, 0
}

// Placement is a participant's move into work, training or another
// outcome, recorded on the case.
type Placement struct {
	ID           int64
	Kind         PlacementKind
	EmployerID   int64 // the employer of the register; 0 if none
	EmployerName string
	JobTitle     string
	Start        time.Time
	Hours        int       // weekly hours; 0 where the kind has none
	FixedEnd     time.Time // the end of a fixed-term contract; zero if permanent
	Subsidy      Subsidy
	// SubsidyPercent and SubsidyMonths describe a wage subsidy.
	SubsidyPercent, SubsidyMonths int
	// Integrationsamt and IFD mark support by the integration office and
	// by an integration service (Integrationsfachdienst).
	Integrationsamt, IFD bool
	Note                 string
	RecordedBy           string
	// Lost is the day the job was lost during follow-up; zero while it
	// holds (FollowUpJobLost).
	Lost time.Time
}

// Holds reports whether p is an integration that still holds: of a kind
// that counts, and not lost.
func (p Placement) Holds() bool { return p.Kind.Counts() && p.Lost.IsZero() }

// Validate checks a placement in form order; today bounds its start: at
// most a year back, at most six months ahead (a contract signed for
// later).
func (p Placement) Validate(today time.Time) error {
	var pr Problems
	if !p.Kind.Valid() {
		pr.Add("kind", "err.choose")
	}
	at := p.Kind.AtEmployer()
	if at && p.EmployerID == 0 {
		pr.Add("employer", "err.choose")
	}
	if at {
		checkName(&pr, "job_title", p.JobTitle, true)
	} else {
		checkName(&pr, "job_title", p.JobTitle, false)
	}
	switch {
	case p.Start.IsZero():
		pr.Add("start", "err.date")
	case p.Start.Before(today.AddDate(-1, 0, 0)):
		pr.Add("start", "err.date_too_old")
	case p.Start.After(today.AddDate(0, 6, 0)):
		pr.Add("start", "err.date_too_far")
	}
	switch {
	case at && (p.Hours < 1 || p.Hours > MaxWeeklyHours):
		pr.Add("hours", "err.range")
	case !at && (p.Hours < 0 || p.Hours > MaxWeeklyHours):
		pr.Add("hours", "err.range")
	}
	if !p.FixedEnd.IsZero() && !p.Start.IsZero() && !p.FixedEnd.After(p.Start) {
		pr.Add("fixed_end", "err.end_before_start")
	}
	switch {
	case !p.Subsidy.Valid():
		pr.Add("subsidy", "err.choose")
	case p.Subsidy != SubsidyNone && !p.Kind.Counts() && p.Kind.Valid():
		pr.Add("subsidy", "err.subsidy_not_employment")
	case p.Subsidy != SubsidyNone:
		percent, months := p.Subsidy.limits()
		if percent > 0 && (p.SubsidyPercent < 1 || p.SubsidyPercent > percent) {
			pr.Add("subsidy_percent", "err.range_max", percent)
		}
		if percent == 0 && p.SubsidyPercent != 0 {
			pr.Add("subsidy_percent", "err.subsidy_no_percent")
		}
		if p.SubsidyMonths < 1 || p.SubsidyMonths > months {
			pr.Add("subsidy_months", "err.range_max", months)
		}
	}
	checkLength(&pr, "note", p.Note, MaxReason)
	return pr.Err()
}
