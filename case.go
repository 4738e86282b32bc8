package teilhabe

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Person is a (potential) participant's identity and contact data.
type Person struct {
	ID        int64
	FirstName string
	LastName  string
	BirthDate time.Time
	Phone     string
	Email     string
	Street    string
	Postcode  string
	City      string
}

// FullName returns "Last, First".
func (p Person) FullName() string { return p.LastName + ", " + p.FirstName }

// NameKey folds a name for duplicate checks and search: lower case, German
// umlauts and ß spelled out, so "Müller" and "Mueller" meet.
func NameKey(first, last string) string {
	r := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "é", "e", "è", "e")
	return r.Replace(strings.ToLower(strings.TrimSpace(last))) + "|" + r.Replace(strings.ToLower(strings.TrimSpace(first)))
}

// Validate checks a person's data; today bounds the birth date.
func (p Person) Validate(today time.Time) error {
	var pr Problems
	p.CheckInto(&pr, today)
	return pr.Err()
}

// CheckInto adds the problems of p to pr, for forms that check more than
// the person.
func (p Person) CheckInto(pr *Problems, today time.Time) {
	if strings.TrimSpace(p.FirstName) == "" {
		pr.Add("first_name", "err.required")
	}
	if strings.TrimSpace(p.LastName) == "" {
		pr.Add("last_name", "err.required")
	}
	switch {
	case p.BirthDate.IsZero():
		pr.Add("birth_date", "err.date")
	case p.BirthDate.After(today.AddDate(-14, 0, 0)) || p.BirthDate.Before(today.AddDate(-80, 0, 0)):
		pr.Add("birth_date", "err.birth_date_range")
	}
	if p.Email != "" && (!strings.Contains(p.Email, "@") || strings.ContainsAny(p.Email, " <>")) {
		pr.Add("email", "err.email")
	}
	if p.Postcode != "" && !validPostcode(p.Postcode) {
		pr.Add("postcode", "err.postcode")
	}
	for field, v := range map[string]string{"first_name": p.FirstName, "last_name": p.LastName, "phone": p.Phone,
		"email": p.Email, "street": p.Street, "city": p.City} {
		if utf8.RuneCountInString(v) > 200 && !pr.Has(field) {
			pr.Add(field, "err.too_long", 200)
		}
	}
}

// Origin says who started a case.
type Origin string

// The two ways in (PRODUCT.md, step 1).
const (
	OriginSelf    Origin = "self"    // the person contacted the provider
	OriginSponsor Origin = "sponsor" // the sponsor announced the person
)

// Channels through which a first contact arrives.
var Channels = []string{"phone", "email", "in_person", "letter", "online", "sponsor"}

// Reason catalogues (domain-germany.md §2.6, §8.2). The codes are stored;
// their German and English labels live in the web layer's catalogue under
// "code.<catalogue>.<code>".
var (
	// DeclineReasons: the provider declines a sponsor's announcement.
	DeclineReasons = []string{"no_capacity", "not_target_group", "declines", "unreachable", "took_up_work", "took_up_training", "other"}
	// WithdrawReasons: a case ends before assignment (non-start reasons).
	WithdrawReasons = []string{"not_appeared", "declines", "provider_declines", "took_up_work", "took_up_training", "unreachable", "other"}
	// RefuseReasons: the sponsor refuses an assignment request.
	RefuseReasons = []string{"no_place", "dates_not_accepted", "not_responsible", "other_measure", "other"}
	// Barriers: additional placement barriers (Vermittlungshemmnisse).
	Barriers = []string{"long_term_unemployed", "age_50_plus", "no_qualification", "mental_health", "chronic_illness",
		"mobility", "language", "care_duties", "debt", "housing", "addiction", "other"}
	// Merkzeichen that matter for organising participation (§1.2).
	Merkzeichen = []string{"G", "aG", "B", "H", "Bl", "Gl", "TBl"}
	// Needs an appointment can require.
	Needs = []string{"sign_language", "step_free", "induction_loop", "easy_language", "companion", "quiet_room"}
	// ConsentScopes: what a consent releases.
	ConsentScopes = []string{"sponsor_exchange", "employer", "doctor", "integration_office", "other"}
	// ProofKinds: the document that proves the disability status.
	ProofKinds = []string{"id_card", "gdb_notice", "equal_status_notice"}
)

// IsCode reports whether code is in catalogue list.
func IsCode(list []string, code string) bool { return slices.Contains(list, code) }

// DisabilityKind is the person's status under SGB IX.
type DisabilityKind string

// The statuses teilhabe distinguishes (domain-germany.md §8.1).
const (
	Severe            DisabilityKind = "severe"  // schwerbehindert, GdB ≥ 50
	Equated           DisabilityKind = "equated" // gleichgestellt, GdB 30/40 and BA decision
	DisabilityPending DisabilityKind = "pending" // application pending
	DisabilityNone    DisabilityKind = "none"
)

// DisabilityKinds lists the statuses in form order.
func DisabilityKinds() []DisabilityKind {
	return []DisabilityKind{Severe, Equated, DisabilityPending, DisabilityNone}
}

// Eligibility is what the coach records in the eligibility check
// (formale Voraussetzungen, PRODUCT.md step 3).
type Eligibility struct {
	JobSeeking      bool
	Kind            DisabilityKind
	GdB             int
	ProofKind       string
	ProofIssued     time.Time
	ProofValidUntil time.Time // zero if unlimited or unknown
	ProofUnlimited  bool
	Merkzeichen     []string
	Barriers        []string
	LegalDomain     LegalDomain
	SponsorID       int64
	CustomerNumber  string
}

// Validate checks the form's values for plausibility; whether the person is
// eligible is Assess's question.
func (e Eligibility) Validate() error {
	var pr Problems
	if !slices.Contains(DisabilityKinds(), e.Kind) {
		pr.Add("kind", "err.choose")
	}
	if e.Kind == Severe || e.Kind == Equated {
		if e.GdB < 20 || e.GdB > 100 || e.GdB%10 != 0 {
			pr.Add("gdb", "err.gdb")
		}
		if e.ProofKind != "" && !IsCode(ProofKinds, e.ProofKind) {
			pr.Add("proof_kind", "err.choose")
		}
		if !e.ProofIssued.IsZero() && !e.ProofValidUntil.IsZero() && e.ProofValidUntil.Before(e.ProofIssued) {
			pr.Add("proof_valid_until", "err.end_before_start")
		}
		if e.ProofUnlimited && !e.ProofValidUntil.IsZero() {
			pr.Add("proof_valid_until", "err.unlimited_and_date")
		}
	} else if e.GdB != 0 && (e.GdB < 20 || e.GdB > 100 || e.GdB%10 != 0) {
		pr.Add("gdb", "err.gdb")
	}
	for _, m := range e.Merkzeichen {
		if !IsCode(Merkzeichen, m) {
			pr.Add("merkzeichen", "err.choose")
			break
		}
	}
	for _, b := range e.Barriers {
		if !IsCode(Barriers, b) {
			pr.Add("barriers", "err.choose")
			break
		}
	}
	// Legal domain and sponsor are needed to go on (RequireResponsible);
	// a person who is not eligible can be recorded without them.
	if e.LegalDomain != "" && !e.LegalDomain.Valid() {
		pr.Add("legal_domain", "err.choose")
	}
	if utf8.RuneCountInString(e.CustomerNumber) > 40 {
		pr.Add("customer_number", "err.too_long", 40)
	}
	return pr.Err()
}

// RequireResponsible reports the missing legal domain and sponsor, which an
// eligible person needs: they decide who assigns.
func (e Eligibility) RequireResponsible() error {
	var pr Problems
	if !e.LegalDomain.Valid() {
		pr.Add("legal_domain", "err.choose")
	}
	if e.SponsorID == 0 {
		pr.Add("sponsor", "err.choose")
	}
	return pr.Err()
}

// Assess decides eligibility on day on and returns the reasons against it
// (catalogue "ineligible"); no reasons means eligible. A missing or expired
// proof is a reason, never silently accepted.
func (e Eligibility) Assess(on time.Time) (reasons []string) {
	if !e.JobSeeking {
		reasons = append(reasons, "not_job_seeking")
	}
	switch e.Kind {
	case Severe:
		if e.GdB < 50 {
			reasons = append(reasons, "gdb_below_50")
		}
	case Equated:
		if e.GdB != 30 && e.GdB != 40 {
			reasons = append(reasons, "equated_gdb")
		}
	case DisabilityPending:
		reasons = append(reasons, "status_pending")
	default:
		reasons = append(reasons, "no_status")
	}
	if e.Kind == Severe || e.Kind == Equated {
		switch {
		case e.ProofKind == "" || e.ProofIssued.IsZero():
			reasons = append(reasons, "proof_missing")
		case !e.ProofUnlimited && e.ProofValidUntil.IsZero():
			reasons = append(reasons, "proof_validity_unknown")
		case !e.ProofUnlimited && e.ProofValidUntil.Before(on):
			reasons = append(reasons, "proof_expired")
		}
	}
	if len(e.Barriers) == 0 {
		reasons = append(reasons, "no_barrier")
	}
	return reasons
}

// ProofExpiring reports whether a valid proof ends within the next three
// months of on, so the coach can ask for the renewal in time.
func (e Eligibility) ProofExpiring(on time.Time) bool {
	return !e.ProofUnlimited && !e.ProofValidUntil.IsZero() && !e.ProofValidUntil.Before(on) &&
		e.ProofValidUntil.Before(on.AddDate(0, 3, 0))
}

// Case is one person's participation in one programme.
type Case struct {
	ID                 int64
	ProgrammeID        int64
	Person             Person
	ProviderID         int64
	LocationID         int64
	SponsorID          int64
	SharedWithSponsor  bool
	Origin             Origin
	Channel            string
	StartedBy          string
	AnnouncementReason string
	FirstContactOn     time.Time
	InfoDueOn          time.Time
	InfoHeldOn         time.Time
	Stage              Stage
	NextDueOn          time.Time
	ClosedReason       string
	ClosedNote         string
	Eligibility        Eligibility
	EligibilityOn      time.Time
	IneligibleReasons  []string
	ContractSignedOn   time.Time
	EasyLanguageCopy   bool
	AssignmentStart    time.Time
	AssignmentEnd      time.Time
	CaseworkerID       int64
	Version            int
	CreatedAt          time.Time

	// Names joined for display.
	ProviderName   string
	LocationName   string
	SponsorName    string
	CaseworkerName string
}

// Scope returns what the access rules need to know about c.
func (c Case) Scope() CaseScope {
	return CaseScope{ProgrammeID: c.ProgrammeID, ProviderID: c.ProviderID, LocationID: c.LocationID,
		SponsorID: c.SponsorID, SharedWithSponsor: c.SharedWithSponsor}
}

// InfoOverdue reports whether the info appointment deadline passed on today
// without the appointment having been held.
func (c Case) InfoOverdue(today time.Time) bool {
	switch c.Stage {
	case StageAnnounced, StageContacted, StageInfoBooked:
		return today.After(c.InfoDueOn)
	}
	return false
}

// InfoDeadlineMet reports whether the info appointment was held by its
// deadline; ok is false while that is not yet decided.
func (c Case) InfoDeadlineMet() (met, ok bool) {
	if c.InfoHeldOn.IsZero() {
		return false, false
	}
	return !c.InfoHeldOn.After(c.InfoDueOn), true
}

// EndingSoon reports whether an assignment ends within four weeks of today.
func (c Case) EndingSoon(today time.Time) bool {
	return c.Stage.Assigned() && !c.AssignmentEnd.IsZero() && !c.AssignmentEnd.Before(today) &&
		c.AssignmentEnd.Before(today.AddDate(0, 0, 28))
}

// NextDue returns the date by which the next step of a case in stage s is
// due, given the dates known so far; worklists sort by it. The zero time
// means nothing is due (closed cases).
func NextDue(c Case, appointment time.Time) time.Time {
	switch c.Stage {
	case StageAnnounced, StageContacted:
		return c.InfoDueOn
	case StageInfoBooked, StageFirstBooked:
		return appointment
	case StageEligibilityPending:
		return c.InfoHeldOn.AddDate(0, 0, 14)
	case StageContractPending:
		return c.EligibilityOn.AddDate(0, 0, 14)
	case StageContractSigned:
		return c.ContractSignedOn.AddDate(0, 0, 7)
	case StageAssignmentRequested, StageWaitingList:
		return c.ContractSignedOn.AddDate(0, 0, 14)
	case StageAssigned:
		return c.AssignmentStart
	case StageActive:
		return c.AssignmentEnd.AddDate(0, 0, -28)
	}
	return time.Time{}
}
