package teilhabe

import (
	"time"
)

// ProspectKind is what a placement prospect (Vermittlungsaussicht) rests
// on, or ProspectNone when the coach records that there is none.
type ProspectKind string

// The kinds of a prospect (issue 14).
const (
	ProspectJobOffer      ProspectKind = "job_offer"      // a concrete job offer
	ProspectTrialOffer    ProspectKind = "trial_offer"    // a work trial with an offer in view
	ProspectFinalRound    ProspectKind = "final_round"    // an application in the last round
	ProspectTrainingPlace ProspectKind = "training_place" // a training place promised
	ProspectNone          ProspectKind = "none"           // no prospect at present
)

// ProspectKinds lists every kind, the absence last.
func ProspectKinds() []ProspectKind {
	return []ProspectKind{ProspectJobOffer, ProspectTrialOffer, ProspectFinalRound, ProspectTrainingPlace, ProspectNone}
}

// Valid reports whether k is a known ProspectKind.
func (k ProspectKind) Valid() bool { return oneOf(k, ProspectKinds()) }

// Key names the label of k.
func (k ProspectKind) Key() string { return "prospect." + string(k) }

// Prospect is a placement prospect recorded for a case: the latest one
// recorded is the case's present state.
type Prospect struct {
	ID   int64
	Kind ProspectKind
	On   time.Time // the day it arose (or was found to be gone)
	// EmployerID names the employer of the provider's register it rests
	// on; 0 for ProspectNone.
	EmployerID   int64
	EmployerName string
	Note         string
	RecordedBy   string
}

// Validate checks a prospect in form order; today bounds its day.
func (p Prospect) Validate(today time.Time) error {
	var pr Problems
	if !p.Kind.Valid() {
		pr.Add("kind", "err.choose")
	}
	checkRecentDate(&pr, "on", p.On, today)
	switch {
	case p.Kind == ProspectNone && p.EmployerID != 0:
		pr.Add("employer", "err.prospect_none_employer")
	case p.Kind.Valid() && p.Kind != ProspectNone && p.EmployerID == 0:
		pr.Add("employer", "err.choose")
	}
	checkLength(&pr, "note", p.Note, MaxReason)
	return pr.Err()
}

// EmployerConsent reports whether consents hold, on day on, a release from
// confidentiality towards the employer named employer: one of the scope
// ConsentEmployer for that employer (its name, as EmployerKey writes it)
// or for employers in general (no recipient), given by then and not
// revoked.
func EmployerConsent(consents []Consent, employer string, on time.Time) bool {
	for _, c := range consents {
		if c.Scope != ConsentEmployer || c.GivenOn.After(on) || !c.RevokedOn.IsZero() {
			continue
		}
		if c.Recipient == "" || EmployerKey(c.Recipient) == EmployerKey(employer) {
			return true
		}
	}
	return false
}

// Goal is a case's distance to the programme's goal, a placement on the
// open labour market within twelve months: how far into the assignment,
// whether there is a prospect and since when, whether the participant is
// placed.
type Goal struct {
	// Placed is the latest placement that counts (Kind.Counts); zero if
	// there is none.
	Placed   Placement
	Months   int // whole months since the assignment began
	Prospect bool
	// ProspectSince is the day the case has had a prospect since: the
	// earliest of the prospects recorded after the last "none".
	ProspectSince time.Time
	Current       Prospect // the latest recorded; zero if none was
}

// CaseGoal is the distance to the goal of case c on today, from its
// prospects and placements in the order they were recorded.
func CaseGoal(c Case, prospects []Prospect, placements []Placement, today time.Time) Goal {
	var g Goal
	for _, p := range placements {
		if p.Holds() {
			g.Placed = p
		}
	}
	if !c.AssignmentStart.IsZero() && !today.Before(c.AssignmentStart) {
		g.Months = monthsBetween(c.AssignmentStart, today)
	}
	if n := len(prospects); n > 0 {
		g.Current = prospects[n-1]
	}
	for i := len(prospects) - 1; i >= 0 && prospects[i].Kind != ProspectNone; i-- {
		g.Prospect = true
		if on := prospects[i].On; g.ProspectSince.IsZero() || on.Before(g.ProspectSince) {
			g.ProspectSince = on
		}
	}
	return g
}
