package teilhabe

import (
	"strings"
	"time"
)

// ModuleKind is what a module of the coaching year is (PRODUCT.md step 7;
// § 45 SGB III, domain-germany.md § 8).
type ModuleKind string

// The kinds of modules.
const (
	ModuleCompetenceAssessment  ModuleKind = "competence_assessment"  // Kompetenzfeststellung
	ModulePersonalQualification ModuleKind = "personal_qualification" // persönliche Qualifizierung
	ModuleApplicationTraining   ModuleKind = "application_training"   // Bewerbungstraining
	ModuleMobilityTraining      ModuleKind = "mobility_training"      // Mobilitätstraining
	ModuleWorkTrial             ModuleKind = "work_trial"             // Arbeitserprobung / Praktikum, employer-based
	ModuleDigitalSkills         ModuleKind = "digital_skills"         // IT- und Digitalkompetenz
	ModuleOther                 ModuleKind = "other"
)

// ModuleKinds lists every kind in the order forms offer them.
func ModuleKinds() []ModuleKind {
	return []ModuleKind{ModuleCompetenceAssessment, ModulePersonalQualification, ModuleApplicationTraining,
		ModuleMobilityTraining, ModuleWorkTrial, ModuleDigitalSkills, ModuleOther}
}

// Valid reports whether k is a known ModuleKind.
func (k ModuleKind) Valid() bool { return oneOf(k, ModuleKinds()) }

// Key names the label of k.
func (k ModuleKind) Key() string { return "module_kind." + string(k) }

// MaxWorkTrialWeeks bounds a work trial: an employer-based module lasts at
// most 6 weeks, 12 for people with severe placement barriers (§ 45 Abs. 2
// and 8 SGB III), which every participant of an inclusion programme has.
const MaxWorkTrialWeeks = 12

// Deliverer is who delivers a module: the provider itself or an external
// body (an education provider, an employer).
type Deliverer string

// The deliverers.
const (
	DeliveredByProvider Deliverer = "provider"
	DeliveredExternally Deliverer = "external"
)

// Deliverers lists both.
func Deliverers() []Deliverer { return []Deliverer{DeliveredByProvider, DeliveredExternally} }

// Valid reports whether d is a known Deliverer.
func (d Deliverer) Valid() bool { return oneOf(d, Deliverers()) }

// Key names the label of d.
func (d Deliverer) Key() string { return "deliverer." + string(d) }

// ModuleStatus is where a booked module stands.
type ModuleStatus string

// The statuses of a case module.
const (
	ModulePlanned   ModuleStatus = "planned"
	ModuleRunning   ModuleStatus = "running"
	ModuleCompleted ModuleStatus = "completed"
	ModuleBrokenOff ModuleStatus = "broken_off"
)

// ModuleStatuses lists every status in order.
func ModuleStatuses() []ModuleStatus {
	return []ModuleStatus{ModulePlanned, ModuleRunning, ModuleCompleted, ModuleBrokenOff}
}

// Valid reports whether s is a known ModuleStatus.
func (s ModuleStatus) Valid() bool { return oneOf(s, ModuleStatuses()) }

// Key names the label of s.
func (s ModuleStatus) Key() string { return "module_status." + string(s) }

// Ended reports whether a module in s is over: completed or broken off.
func (s ModuleStatus) Ended() bool { return s == ModuleCompleted || s == ModuleBrokenOff }

// ModuleResult is how far a module reached its aim, recorded when it ends.
type ModuleResult string

// The results of a module.
const (
	ModuleSucceeded ModuleResult = "successful"
	ModulePartly    ModuleResult = "partly"
	ModuleNotMet    ModuleResult = "not"
)

// ModuleResults lists every result.
func ModuleResults() []ModuleResult {
	return []ModuleResult{ModuleSucceeded, ModulePartly, ModuleNotMet}
}

// Valid reports whether r is a known ModuleResult.
func (r ModuleResult) Valid() bool { return oneOf(r, ModuleResults()) }

// Key names the label of r.
func (r ModuleResult) Key() string { return "module_result." + string(r) }

// CatalogueModule is a module a programme offers; its coordinator keeps the
// catalogue. A retired module is no longer booked; cases that have it keep
// it.
type CatalogueModule struct {
	ID          int64
	ProgrammeID int64
	Name        string
	Kind        ModuleKind
	Description string
	// Sessions and Hours are the typical extent; 0 where none is stated.
	Sessions int
	Hours    int
	// Deliverer is who delivers it by default.
	Deliverer Deliverer
	Active    bool
	Version   int
}

// The bounds of a catalogue module's typical extent.
const (
	MaxModuleSessions = 200
	MaxModuleHours    = 2000
)

// Validate checks a catalogue module in form order.
func (m CatalogueModule) Validate() error {
	var pr Problems
	checkName(&pr, "name", m.Name, true)
	if !m.Kind.Valid() {
		pr.Add("kind", "err.choose")
	}
	checkLength(&pr, "description", m.Description, MaxReason)
	if m.Sessions < 0 || m.Sessions > MaxModuleSessions {
		pr.Add("sessions", "err.range", 0, MaxModuleSessions)
	}
	if m.Hours < 0 || m.Hours > MaxModuleHours {
		pr.Add("hours", "err.range", 0, MaxModuleHours)
	}
	if !m.Deliverer.Valid() {
		pr.Add("deliverer", "err.choose")
	}
	return pr.Err()
}

// DefaultModuleCatalogue is the catalogue a new programme starts with: the
// modules PRODUCT.md and the Trier programme name, all active.
func DefaultModuleCatalogue() []CatalogueModule {
	m := func(name string, kind ModuleKind, sessions, hours int, d Deliverer, desc string) CatalogueModule {
		return CatalogueModule{Name: name, Kind: kind, Sessions: sessions, Hours: hours, Deliverer: d, Description: desc, Active: true}
	}
	return []CatalogueModule{
		m("Kompetenzfeststellung", ModuleCompetenceAssessment, 3, 12, DeliveredByProvider,
			"Stärken, Fähigkeiten und Interessen erkennen; Grundlage des Förder- und Integrationsplans."),
		m("Persönlichkeitscoaching", ModulePersonalQualification, 8, 16, DeliveredByProvider,
			"Selbstvertrauen, Belastbarkeit und Umgang mit der Behinderung im Arbeitsleben stärken."),
		m("Bewerbungstraining", ModuleApplicationTraining, 6, 12, DeliveredByProvider,
			"Bewerbungsunterlagen erstellen, Vorstellungsgespräche üben, Stellen suchen."),
		m("Mobilitätstraining", ModuleMobilityTraining, 4, 8, DeliveredByProvider,
			"Wege zur Arbeit sicher und selbstständig bewältigen, auch mit Bus und Bahn."),
		m("Arbeitserprobung / Praktikum", ModuleWorkTrial, 0, 0, DeliveredExternally,
			"Erprobung bei einem Arbeitgeber, höchstens zwölf Wochen (§ 45 Abs. 2 und 8 SGB III)."),
		m("IT- und Digitalkompetenz", ModuleDigitalSkills, 8, 24, DeliveredExternally,
			"Grundlagen am Computer und im Internet: E-Mail, Online-Bewerbung, Textverarbeitung."),
	}
}

// CaseModule is a module booked for a participant.
type CaseModule struct {
	ID       int64
	CaseID   int64
	ModuleID int64 // the catalogue module
	Name     string
	Kind     ModuleKind
	Start    time.Time // planned start
	End      time.Time // planned end
	// Deliverer delivers it; ExternalName names the external body.
	Deliverer    Deliverer
	ExternalName string
	// EmployerID is the employer of the register a work trial takes place
	// at; 0 for none.
	EmployerID    int64
	Status        ModuleStatus
	Result        ModuleResult // once it ended; "" before
	OutcomeNote   string
	CertificateOn time.Time // zero if there is no certificate
	Version       int
	// The module's sessions, counted from its appointments: Held took
	// place; Due were to be attended and have an outcome (held, no-show,
	// cancelled by the participant; a cancellation by the provider is not
	// the participant's to attend); Booked are still to come or without
	// an outcome.
	Held, Due, Booked int
}

// DelivererName names who delivers m: the external body's name, or ""
// when the provider does.
func (m CaseModule) DelivererName() string {
	if m.Deliverer == DeliveredExternally {
		return m.ExternalName
	}
	return ""
}

// EndingSoon reports whether m still runs or is planned and its planned end
// is within days of today or has passed: the coach is to record how it went.
func (m CaseModule) EndingSoon(today time.Time, days int) bool {
	return !m.Status.Ended() && !m.End.After(today.AddDate(0, 0, days))
}

// ModuleEndingDays is how far ahead the worklist shows a module ending.
const ModuleEndingDays = 14

// ModuleBooking is what a coach enters to book a module for a participant.
type ModuleBooking struct {
	ModuleID   int64
	Start, End time.Time
	// Deliverer "" means the catalogue module's default.
	Deliverer    Deliverer
	ExternalName string
	// EmployerID names the employer of the register a work trial takes
	// place at; 0 for none. The store checks the participant's release.
	EmployerID int64
}

// Validate checks a booking in form order; today bounds the dates: a
// module starts at most 90 days back (booked late) and at most a year
// ahead. A work trial lasts at most MaxWorkTrialWeeks; the kind is the
// chosen catalogue module's, "" while unknown.
func (b ModuleBooking) Validate(today time.Time, kind ModuleKind) error {
	var pr Problems
	if b.ModuleID == 0 {
		pr.Add("module", "err.choose")
	}
	checkModuleDates(&pr, b.Start, b.End, today, kind)
	switch {
	case b.EmployerID != 0:
		// The employer delivers it, and names it.
		checkName(&pr, "external_name", b.ExternalName, false)
		if kind != "" && kind != ModuleWorkTrial {
			pr.Add("employer", "err.module_employer_not_trial")
		}
	case b.Deliverer == "":
		checkName(&pr, "external_name", b.ExternalName, false)
	default:
		checkDeliverer(&pr, b.Deliverer, b.ExternalName)
	}
	return pr.Err()
}

func checkModuleDates(pr *Problems, start, end, today time.Time, kind ModuleKind) {
	switch {
	case start.IsZero():
		pr.Add("start", "err.date")
	case start.Before(today.AddDate(0, 0, -90)):
		pr.Add("start", "err.date_too_old")
	case start.After(today.AddDate(1, 0, 0)):
		pr.Add("start", "err.date_too_far")
	}
	switch {
	case end.IsZero():
		pr.Add("end", "err.date")
	case !start.IsZero() && end.Before(start):
		pr.Add("end", "err.end_before_start")
	case !start.IsZero() && kind == ModuleWorkTrial && end.After(start.AddDate(0, 0, 7*MaxWorkTrialWeeks-1)):
		pr.Add("end", "err.module_work_trial_too_long", MaxWorkTrialWeeks)
	case end.After(today.AddDate(2, 0, 0)):
		pr.Add("end", "err.date_too_far")
	}
}

func checkDeliverer(pr *Problems, d Deliverer, external string) {
	if !d.Valid() {
		pr.Add("deliverer", "err.choose")
	}
	if d == DeliveredExternally {
		checkName(pr, "external_name", external, true)
	} else {
		checkName(pr, "external_name", external, false)
	}
}

// ModuleProgress is what a coach records about a booked module as it runs
// and ends: its dates, who delivers it, its status and, once it ended, its
// result and any certificate.
type ModuleProgress struct {
	Start, End    time.Time
	Deliverer     Deliverer
	ExternalName  string
	Status        ModuleStatus
	Result        ModuleResult
	OutcomeNote   string
	CertificateOn time.Time
	Version       int
}

// Validate checks the progress of a module of kind in form order. A result
// belongs to a module that ended and a completed one needs it; a module
// cannot run or end before its start; a certificate is dated neither before
// the start nor in the future. Dates already recorded may lie further back
// than a new booking's.
func (p ModuleProgress) Validate(today time.Time, kind ModuleKind) error {
	var pr Problems
	switch {
	case p.Start.IsZero():
		pr.Add("start", "err.date")
	case p.Start.After(today.AddDate(1, 0, 0)):
		pr.Add("start", "err.date_too_far")
	}
	switch {
	case p.End.IsZero():
		pr.Add("end", "err.date")
	case !p.Start.IsZero() && p.End.Before(p.Start):
		pr.Add("end", "err.end_before_start")
	case !p.Start.IsZero() && kind == ModuleWorkTrial && p.End.After(p.Start.AddDate(0, 0, 7*MaxWorkTrialWeeks-1)):
		pr.Add("end", "err.module_work_trial_too_long", MaxWorkTrialWeeks)
	case p.End.After(today.AddDate(2, 0, 0)):
		pr.Add("end", "err.date_too_far")
	}
	checkDeliverer(&pr, p.Deliverer, p.ExternalName)
	switch {
	case !p.Status.Valid():
		pr.Add("status", "err.choose")
	case p.Status != ModulePlanned && !p.Start.IsZero() && p.Start.After(today):
		pr.Add("status", "err.module_not_started")
	}
	switch {
	case p.Result != "" && !p.Result.Valid():
		pr.Add("result", "err.choose")
	case p.Result != "" && !p.Status.Ended():
		pr.Add("result", "err.module_result_open")
	case p.Result == "" && p.Status == ModuleCompleted:
		pr.Add("result", "err.module_result_missing")
	}
	checkLength(&pr, "outcome_note", p.OutcomeNote, MaxReason)
	switch c := p.CertificateOn; {
	case c.IsZero():
	case c.After(today):
		pr.Add("certificate_on", "err.date_future")
	case !p.Start.IsZero() && c.Before(p.Start):
		pr.Add("certificate_on", "err.certificate_before_start")
	}
	return pr.Err()
}

// Normal returns p with its texts trimmed, and without an external body's
// name when the provider delivers.
func (p ModuleProgress) Normal() ModuleProgress {
	p.ExternalName, p.OutcomeNote = strings.TrimSpace(p.ExternalName), strings.TrimSpace(p.OutcomeNote)
	if p.Deliverer != DeliveredExternally {
		p.ExternalName = ""
	}
	return p
}
