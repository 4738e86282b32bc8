package teilhabe

import (
	"strings"
	"time"
)

// ExitKind says how a participation ended: at its planned end or before
// it (the Austritts- und Verbleibsmeldung's Beendigung or Abbruch,
// domain-germany.md §2.6).
type ExitKind string

// The kinds of an exit.
const (
	ExitRegular ExitKind = "regular" // the assignment ran its course
	ExitEarly   ExitKind = "early"   // it ended before its planned end
)

// ExitKinds lists both kinds.
func ExitKinds() []ExitKind { return []ExitKind{ExitRegular, ExitEarly} }

// Valid reports whether k is a known ExitKind.
func (k ExitKind) Valid() bool { return oneOf(k, ExitKinds()) }

// Key names the label of k.
func (k ExitKind) Key() string { return "exit_kind." + string(k) }

// ExitReason is why a participation ended (domain-germany.md §§2.6, 8.2).
// A programme offers all or some of them (Programme.ExitReasonCatalogue).
type ExitReason string

// The exit reasons.
const (
	ExitEmployment   ExitReason = "employment"    // integration into employment subject to social insurance
	ExitTraining     ExitReason = "training"      // integration into vocational training
	ExitNoPlacement  ExitReason = "no_placement"  // the assignment ended without a placement
	ExitSelfEmployed ExitReason = "self_employed" // took up self-employment
	ExitOtherMeasure ExitReason = "other_measure" // moved to another measure or to rehabilitation
	ExitIllness      ExitReason = "illness"       // long illness, unable to work
	ExitPension      ExitReason = "pension"
	ExitMoved        ExitReason = "moved" // moved away, or another sponsor is responsible
	ExitDroppedOut   ExitReason = "dropped_out"
	ExitExcluded     ExitReason = "excluded"   // excluded by the provider
	ExitNoContact    ExitReason = "no_contact" // no further contact
	ExitDeath        ExitReason = "death"
	ExitOther        ExitReason = "other"
)

// ExitReasons lists the whole catalogue.
func ExitReasons() []ExitReason {
	return []ExitReason{ExitEmployment, ExitTraining, ExitNoPlacement, ExitSelfEmployed, ExitOtherMeasure,
		ExitIllness, ExitPension, ExitMoved, ExitDroppedOut, ExitExcluded, ExitNoContact, ExitDeath, ExitOther}
}

// Valid reports whether r is a known ExitReason.
func (r ExitReason) Valid() bool { return oneOf(r, ExitReasons()) }

// Key names the label of r.
func (r ExitReason) Key() string { return "exit." + string(r) }

// IsOther reports whether r is "other", which needs a note.
func (r ExitReason) IsOther() bool { return r == ExitOther }

// Integration reports whether r is an integration the programme counts:
// employment subject to social insurance or vocational training.
func (r ExitReason) Integration() bool { return r == ExitEmployment || r == ExitTraining }

// GoodCause says whether a participant who dropped out had good cause
// (wichtiger Grund), as far as the provider knows; the sponsor decides what
// follows from it.
type GoodCause string

// The answers.
const (
	GoodCauseYes     GoodCause = "yes"
	GoodCauseNo      GoodCause = "no"
	GoodCauseUnclear GoodCause = "unclear"
)

// GoodCauses lists the answers.
func GoodCauses() []GoodCause { return []GoodCause{GoodCauseYes, GoodCauseNo, GoodCauseUnclear} }

// Valid reports whether g is a known GoodCause.
func (g GoodCause) Valid() bool { return oneOf(g, GoodCauses()) }

// Key names the label of g.
func (g GoodCause) Key() string { return "good_cause." + string(g) }

// Destination is where a participant went on leaving (Verbleib,
// domain-germany.md §8.2).
type Destination string

// The destinations.
const (
	DestEmploymentFull Destination = "employment_full" // insured employment, full-time
	DestEmploymentPart Destination = "employment_part" // insured employment, part-time
	DestTraining       Destination = "training"
	DestMarginal       Destination = "marginal" // marginal employment (Minijob)
	DestSelfEmployed   Destination = "self_employed"
	DestUnemployed     Destination = "unemployed"
	DestOtherMeasure   Destination = "other_measure"
	DestUnavailable    Destination = "unavailable" // not available for work, illness
	DestUnknown        Destination = "unknown"
)

// Destinations lists every destination.
func Destinations() []Destination {
	return []Destination{DestEmploymentFull, DestEmploymentPart, DestTraining, DestMarginal, DestSelfEmployed,
		DestUnemployed, DestOtherMeasure, DestUnavailable, DestUnknown}
}

// Valid reports whether d is a known Destination.
func (d Destination) Valid() bool { return oneOf(d, Destinations()) }

// Key names the label of d.
func (d Destination) Key() string { return "destination." + string(d) }

// Insured reports whether d is employment subject to social insurance or
// training: an exit "in employment" in the Federal Employment Agency's
// integration rate (domain-germany.md §2.6).
func (d Destination) Insured() bool {
	return d == DestEmploymentFull || d == DestEmploymentPart || d == DestTraining
}

// destinationsOf are the destinations that agree with a reason; a reason
// not named here allows any destination.
var destinationsOf = map[ExitReason][]Destination{
	ExitEmployment:   {DestEmploymentFull, DestEmploymentPart},
	ExitTraining:     {DestTraining},
	ExitSelfEmployed: {DestSelfEmployed},
	ExitOtherMeasure: {DestOtherMeasure},
	ExitDeath:        {DestUnknown},
}

// Exit is the end of a participation as the provider records it: the
// facts of the exit and destination notice (Austritts- und
// Verbleibsmeldung).
type Exit struct {
	On          time.Time // the last day of participation
	Kind        ExitKind
	Reason      ExitReason
	GoodCause   GoodCause // only for ExitDroppedOut
	Destination Destination
	Note        string
}

// Validate checks an exit of case c in form order: a day within the
// assignment and not after today, a kind that matches the day against the
// planned end, a reason of the programme's catalogue with the destination
// it implies, and good cause only for a dropout.
func (e Exit) Validate(c Case, p Programme, today time.Time) error {
	var pr Problems
	checkPastDay(&pr, "on", e.On, c.AssignmentStart, today, "err.exit_before_assignment", FormatDate(c.AssignmentStart))
	switch {
	case !e.Kind.Valid():
		pr.Add("kind", "err.choose")
	case e.On.IsZero() || c.AssignmentEnd.IsZero():
	case e.Kind == ExitRegular && e.On.Before(c.AssignmentEnd):
		pr.Add("kind", "err.exit_regular_early", FormatDate(c.AssignmentEnd))
	case e.Kind == ExitEarly && !e.On.Before(c.AssignmentEnd):
		pr.Add("kind", "err.exit_early_late", FormatDate(c.AssignmentEnd))
	}
	switch {
	case !e.Reason.Valid() || !p.OffersExitReason(e.Reason):
		pr.Add("reason", "err.choose")
	case e.Reason == ExitNoPlacement && e.Kind == ExitEarly:
		pr.Add("reason", "err.exit_no_placement_early")
	}
	switch {
	case e.Reason == ExitDroppedOut && !e.GoodCause.Valid():
		pr.Add("good_cause", "err.choose")
	case e.Reason != ExitDroppedOut && e.GoodCause != "":
		pr.Add("good_cause", "err.good_cause_not_dropout")
	}
	if !e.Destination.Valid() {
		pr.Add("destination", "err.choose")
	} else if want, ok := destinationsOf[e.Reason]; ok && !oneOf(e.Destination, want) {
		pr.Add("destination", "err.destination_reason")
	}
	if e.Reason.IsOther() && strings.TrimSpace(e.Note) == "" {
		pr.Add("note", "err.note_for_other")
	}
	checkLength(&pr, "note", e.Note, MaxReason)
	return pr.Err()
}

// ProposeExit returns the exit a form starts from for case c on today: the
// planned end when the assignment has ended, else today as an early end;
// an integration when a placement that counts is in place.
func ProposeExit(c Case, placements []Placement, today time.Time) Exit {
	e := Exit{On: today, Kind: ExitEarly}
	if c.AssignmentEnded(today) {
		e = Exit{On: c.AssignmentEnd, Kind: ExitRegular, Reason: ExitNoPlacement, Destination: DestUnemployed}
	}
	for _, p := range placements {
		if !p.Holds() {
			continue
		}
		e.Reason, e.Destination = ExitEmployment, DestEmploymentFull
		switch {
		case p.Kind == PlacementTraining:
			e.Reason, e.Destination = ExitTraining, DestTraining
		case p.Kind == PlacementPartTime:
			e.Destination = DestEmploymentPart
		}
	}
	return e
}

// LaterMonths is when the destination is asked again: six months after
// the exit, the mark of the Federal Employment Agency's integration rate
// (Eingliederungsquote: exits in employment subject to social insurance
// six months after leaving, of all that can be traced).
const LaterMonths = 6

// LaterWindow is how many days after the six-month mark the worklist asks
// for the later destination; after it, the exit counts as not traced.
const LaterWindow = 90

// LaterDue returns the day the destination of an exit on exit is asked
// again.
func LaterDue(exit time.Time) time.Time { return exit.AddDate(0, LaterMonths, 0) }

// Integrated reports whether destination d is an integration in the
// programme's and the integration rate's sense: employment subject to
// social insurance, or vocational training.
func (d Destination) Integrated() bool {
	return d == DestEmploymentFull || d == DestEmploymentPart || d == DestTraining
}

// LaterDestination is where a participant was six months after the exit,
// and whom it was learnt from; Destination is DestUnknown when no one
// could say (not traced).
type LaterDestination struct {
	On          time.Time
	Destination Destination
	Source      SustainSource
}

// Recorded reports whether l was recorded.
func (l LaterDestination) Recorded() bool { return l.Destination != "" }

// Validate checks the later destination of exited case c in form order:
// learnt on or after the six-month mark, not after today; a known
// destination names its source.
func (l LaterDestination) Validate(c Case, today time.Time) error {
	var pr Problems
	var due time.Time
	if !c.ExitOn.IsZero() {
		due = LaterDue(c.ExitOn)
	}
	checkPastDay(&pr, "on", l.On, due, today, "err.later_early", FormatDate(due))
	if !l.Destination.Valid() {
		pr.Add("destination", "err.choose")
	}
	checkSource(&pr, l.Source, l.Destination.Valid() && l.Destination != DestUnknown)
	return pr.Err()
}
