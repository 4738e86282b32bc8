package teilhabe

import (
	"strings"
	"time"
	"unicode"
)

// Sector is the branch of the economy an employer works in, coarse enough
// for a coach to choose at a glance.
type Sector string

// The sectors.
const (
	SectorRetail      Sector = "retail"
	SectorCrafts      Sector = "crafts"
	SectorIndustry    Sector = "industry"
	SectorLogistics   Sector = "logistics"
	SectorHospitality Sector = "hospitality"
	SectorHealth      Sector = "health_social"
	SectorPublic      Sector = "public"
	SectorOffice      Sector = "office_it"
	SectorAgriculture Sector = "agriculture"
	SectorOther       Sector = "other"
)

// Sectors lists every sector.
func Sectors() []Sector {
	return []Sector{SectorRetail, SectorCrafts, SectorIndustry, SectorLogistics, SectorHospitality, SectorHealth,
		SectorPublic, SectorOffice, SectorAgriculture, SectorOther}
}

// Valid reports whether s is a known Sector.
func (s Sector) Valid() bool { return oneOf(s, Sectors()) }

// Key names the label of s.
func (s Sector) Key() string { return "sector." + string(s) }

// ObligationWorkplaces is the number of workplaces from which an employer
// must employ severely disabled people (§ 154 Abs. 1 SGB IX).
const ObligationWorkplaces = 20

// MaxWorkplaces bounds the workplaces an employer can have in teilhabe.
const MaxWorkplaces = 1_000_000

// Employer is a business in a provider's register of employers. The
// record is the provider's business data; which participant it employs or
// tries out is the participant's personal data and lives on the case.
type Employer struct {
	ID         int64
	ProviderID int64
	Name       string
	Street     string
	Postcode   string
	City       string
	Sector     Sector
	// Workplaces is the number of workplaces (§ 156 SGB IX); 0 if not known.
	Workplaces int
	// Disabled is how many severely disabled people it employs, as far as
	// known (DisabledKnown).
	Disabled      int
	DisabledKnown bool
	Notes         string
	Version       int

	Contacts []EmployerContact
	Openings []Opening
}

// Obliged reports whether the employer must employ severely disabled
// people: at least 20 workplaces (§ 154 Abs. 1 SGB IX). An unknown number
// of workplaces is no obligation teilhabe can state.
func (e Employer) Obliged() bool { return e.Workplaces >= ObligationWorkplaces }

// RequiredPlaces is the number of workplaces the employer must fill with
// severely disabled people (§ 154 Abs. 1 SGB IX): none below 20, one below
// 40, two below 60, else 5 %, a fraction of one half or more rounded up
// (§ 157 Abs. 2 SGB IX).
func (e Employer) RequiredPlaces() int {
	switch w := e.Workplaces; {
	case w < ObligationWorkplaces:
		return 0
	case w < 40:
		return 1
	case w < 60:
		return 2
	default:
		return (w*5 + 50) / 100
	}
}

// Shortfall is how many required places the employer leaves unfilled, as
// far as known; 0 when it fills them or the number employed is unknown.
func (e Employer) Shortfall() int {
	if !e.DisabledKnown {
		return 0
	}
	return max(e.RequiredPlaces()-e.Disabled, 0)
}

// Validate checks an employer's record in form order.
func (e Employer) Validate() error {
	var pr Problems
	checkName(&pr, "name", e.Name, true)
	checkName(&pr, "street", e.Street, false)
	if e.Postcode != "" && !validPostcode(e.Postcode) {
		pr.Add("postcode", "err.postcode")
	}
	checkName(&pr, "city", e.City, true)
	if !e.Sector.Valid() {
		pr.Add("sector", "err.choose")
	}
	if e.Workplaces < 0 || e.Workplaces > MaxWorkplaces {
		pr.Add("workplaces", "err.range")
	}
	switch {
	case !e.DisabledKnown:
	case e.Disabled < 0 || e.Disabled > MaxWorkplaces:
		pr.Add("disabled", "err.range")
	case e.Workplaces > 0 && e.Disabled > e.Workplaces:
		pr.Add("disabled", "err.disabled_over_workplaces")
	}
	checkLength(&pr, "notes", e.Notes, MaxNote)
	return pr.Err()
}

// EmployerKey is the form of an employer's name that finds it again: lower
// case, umlauts folded as in NameKey, words of letters and digits only,
// without the legal form ("Bäckerei Weber GmbH & Co. KG" and "Baeckerei
// Weber" have one key). Two employers of a provider with one key are
// likely one.
func EmployerKey(name string) string {
	words := strings.FieldsFunc(foldLetters.Replace(strings.ToLower(name)), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	kept := words[:0]
	for _, w := range words {
		if !legalForms[w] {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

// legalForms are the words of German legal forms that EmployerKey drops;
// "e. K." and "e. V." split into single letters.
var legalForms = map[string]bool{
	"gmbh": true, "ggmbh": true, "mbh": true, "ag": true, "kg": true, "kgaa": true, "ohg": true, "gbr": true,
	"ug": true, "haftungsbeschraenkt": true, "co": true, "se": true, "eg": true, "e": true, "k": true, "v": true,
}

// EmployerContact is a contact person at an employer.
type EmployerContact struct {
	ID         int64
	EmployerID int64
	Name       string
	Function   string // e.g. "Personalleitung", "Schwerbehindertenvertretung"
	Phone      string
	Email      string
}

// Validate checks a contact person in form order.
func (c EmployerContact) Validate() error {
	var pr Problems
	checkName(&pr, "contact_name", c.Name, true)
	checkName(&pr, "contact_function", c.Function, false)
	checkName(&pr, "contact_phone", c.Phone, false)
	if c.Email != "" && (!strings.Contains(c.Email, "@") || strings.ContainsAny(c.Email, " <>")) {
		pr.Add("contact_email", "err.email")
	}
	checkName(&pr, "contact_email", c.Email, false)
	return pr.Err()
}

// OpeningStatus is where a job opening stands.
type OpeningStatus string

// The statuses of an opening.
const (
	OpeningOpen      OpeningStatus = "open"
	OpeningFilled    OpeningStatus = "filled"
	OpeningWithdrawn OpeningStatus = "withdrawn"
)

// OpeningStatuses lists every status.
func OpeningStatuses() []OpeningStatus {
	return []OpeningStatus{OpeningOpen, OpeningFilled, OpeningWithdrawn}
}

// Valid reports whether s is a known OpeningStatus.
func (s OpeningStatus) Valid() bool { return oneOf(s, OpeningStatuses()) }

// Key names the label of s.
func (s OpeningStatus) Key() string { return "opening_status." + string(s) }

// MaxWeeklyHours bounds an opening's hours a week.
const MaxWeeklyHours = 48 // § 3 ArbZG: eight hours on six working days

// Opening is a job an employer offers.
type Opening struct {
	ID         int64
	EmployerID int64
	Title      string
	// Hours is the weekly working time; 0 if not yet known.
	Hours int
	// Start is the day the job starts; zero for "as soon as possible".
	Start        time.Time
	Requirements string
	// Accessibility describes the workplace's accessibility: step-free
	// access, adapted workstation, quiet room, …
	Accessibility string
	Status        OpeningStatus
	Version       int
}

// Validate checks an opening in form order.
func (o Opening) Validate() error {
	var pr Problems
	checkName(&pr, "title", o.Title, true)
	if o.Hours < 0 || o.Hours > MaxWeeklyHours {
		pr.Add("hours", "err.range")
	}
	checkLength(&pr, "requirements", o.Requirements, MaxReason)
	checkLength(&pr, "accessibility", o.Accessibility, MaxReason)
	if !o.Status.Valid() {
		pr.Add("status", "err.choose")
	}
	return pr.Err()
}
