package teilhabe

import (
	"time"
)

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

// Valid reports whether k is a known DisabilityKind.
func (k DisabilityKind) Valid() bool { return oneOf(k, DisabilityKinds()) }

// Eligibility is what the coach records in the eligibility check
// (formale Voraussetzungen, PRODUCT.md step 3).
type Eligibility struct {
	JobSeeking      bool
	Kind            DisabilityKind
	GdB             int
	ProofKind       ProofKind
	ProofIssued     time.Time
	ProofValidUntil time.Time // zero if unlimited or unknown
	ProofUnlimited  bool
	Merkzeichen     []Merkzeichen
	Barriers        []Barrier
	LegalDomain     LegalDomain
	SponsorID       int64
	CustomerNumber  string
}

// validGdB reports whether n is a degree of disability as the authority
// sets it: 20 to 100 in steps of ten (§ 152 Abs. 1 SGB IX).
func validGdB(n int) bool { return n >= 20 && n <= 100 && n%10 == 0 }

// Validate checks the form's values for plausibility; whether the person is
// eligible is Assess's question.
func (e Eligibility) Validate() error {
	var pr Problems
	if !e.Kind.Valid() {
		pr.Add("kind", "err.choose")
	}
	if e.Kind == Severe || e.Kind == Equated || e.GdB != 0 {
		if !validGdB(e.GdB) {
			pr.Add("gdb", "err.gdb")
		}
	}
	if e.Kind == Severe || e.Kind == Equated {
		if e.ProofKind != "" && !e.ProofKind.Valid() {
			pr.Add("proof_kind", "err.choose")
		}
		if !e.ProofIssued.IsZero() && !e.ProofValidUntil.IsZero() && e.ProofValidUntil.Before(e.ProofIssued) {
			pr.Add("proof_valid_until", "err.end_before_start")
		}
		if e.ProofUnlimited && !e.ProofValidUntil.IsZero() {
			pr.Add("proof_valid_until", "err.unlimited_and_date")
		}
	}
	if !validAll(e.Merkzeichen) {
		pr.Add("merkzeichen", "err.choose")
	}
	if !validAll(e.Barriers) {
		pr.Add("barriers", "err.choose")
	}
	// Legal domain and sponsor are needed to go on (RequireResponsible);
	// a person who is not eligible can be recorded without them.
	if e.LegalDomain != "" && !e.LegalDomain.Valid() {
		pr.Add("legal_domain", "err.choose")
	}
	checkLength(&pr, "customer_number", e.CustomerNumber, MaxCode)
	checkPlain(&pr, "customer_number", e.CustomerNumber)
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

// Assess decides eligibility on day on and returns the reasons against it;
// no reasons means eligible. A missing or expired proof is a reason, never
// silently accepted.
func (e Eligibility) Assess(on time.Time) (reasons []IneligibleReason) {
	if !e.JobSeeking {
		reasons = append(reasons, IneligibleNotJobSeeking)
	}
	switch e.Kind {
	case Severe:
		if e.GdB < 50 {
			reasons = append(reasons, IneligibleGdBBelow50)
		}
	case Equated:
		if e.GdB != 30 && e.GdB != 40 {
			reasons = append(reasons, IneligibleEquatedGdB)
		}
	case DisabilityPending:
		reasons = append(reasons, IneligibleStatusPending)
	default:
		reasons = append(reasons, IneligibleNoStatus)
	}
	if e.Kind == Severe || e.Kind == Equated {
		switch {
		case e.ProofKind == "" || e.ProofIssued.IsZero():
			reasons = append(reasons, IneligibleProofMissing)
		case !e.ProofUnlimited && e.ProofValidUntil.IsZero():
			reasons = append(reasons, IneligibleProofValidityUnknown)
		case !e.ProofUnlimited && e.ProofValidUntil.Before(on):
			reasons = append(reasons, IneligibleProofExpired)
		}
	}
	if len(e.Barriers) == 0 {
		reasons = append(reasons, IneligibleNoBarrier)
	}
	return reasons
}

// ProofExpiring reports whether a valid proof ends within the next three
// months of on, so the coach can ask for the renewal in time.
func (e Eligibility) ProofExpiring(on time.Time) bool {
	return !e.ProofUnlimited && !e.ProofValidUntil.IsZero() && !e.ProofValidUntil.Before(on) &&
		e.ProofValidUntil.Before(on.AddDate(0, 3, 0))
}

// IneligibleError reports an eligibility check that would close the case;
// the user must confirm it.
type IneligibleError struct{ Reasons []IneligibleReason }

func (e *IneligibleError) Error() string { return "not eligible" }
