package teilhabe

import "time"

// Follow-up care (Nachbetreuung): after a placement that counts, the coach
// stays in touch with the participant and with the employer on the
// programme's cadence, records problems and how they were solved, checks
// six months after the job started whether it still exists, and ends the
// follow-up — regularly, or because the job was lost, which puts the case
// back to placement work.

// FollowUpSide is whom a follow-up contact was held with.
type FollowUpSide string

// The sides of a follow-up contact.
const (
	WithParticipant FollowUpSide = "participant"
	WithEmployer    FollowUpSide = "employer"
	WithBoth        FollowUpSide = "both" // participant and employer together
)

// FollowUpSides lists every side.
func FollowUpSides() []FollowUpSide { return []FollowUpSide{WithParticipant, WithEmployer, WithBoth} }

// Valid reports whether s is a known FollowUpSide.
func (s FollowUpSide) Valid() bool { return oneOf(s, FollowUpSides()) }

// Key names the label of s.
func (s FollowUpSide) Key() string { return "followup_side." + string(s) }

// MeetsEmployer reports whether a contact with s speaks with the employer,
// which needs the participant's release from confidentiality towards it.
func (s FollowUpSide) MeetsEmployer() bool { return s == WithEmployer || s == WithBoth }

// Sustained is the result of the sustainability check: whether the job
// still exists six months after it started.
type Sustained string

// The results of the sustainability check.
const (
	SustainedYes     Sustained = "yes"
	SustainedNo      Sustained = "no"
	SustainedUnknown Sustained = "unknown" // no one could say
)

// SustainedResults lists every result.
func SustainedResults() []Sustained { return []Sustained{SustainedYes, SustainedNo, SustainedUnknown} }

// Valid reports whether s is a known Sustained.
func (s Sustained) Valid() bool { return oneOf(s, SustainedResults()) }

// Key names the label of s.
func (s Sustained) Key() string { return "sustained." + string(s) }

// SustainSource is where the sustainability check's answer came from.
type SustainSource string

// The sources of a sustainability check.
const (
	SourceParticipant SustainSource = "participant"
	SourceEmployer    SustainSource = "employer"
	SourceSponsor     SustainSource = "sponsor" // the Agentur's or Jobcenter's records
	SourceOther       SustainSource = "other"
	SourceNone        SustainSource = "none" // no one answered; only with an unknown result
)

// SustainSources lists every source.
func SustainSources() []SustainSource {
	return []SustainSource{SourceParticipant, SourceEmployer, SourceSponsor, SourceOther, SourceNone}
}

// Valid reports whether s is a known SustainSource.
func (s SustainSource) Valid() bool { return oneOf(s, SustainSources()) }

// Key names the label of s.
func (s SustainSource) Key() string { return "sustain_source." + string(s) }

// FollowUpEndReason is why follow-up ended.
type FollowUpEndReason string

// The reasons follow-up ends.
const (
	FollowUpCompleted FollowUpEndReason = "completed" // the job holds; follow-up is no longer needed
	FollowUpJobLost   FollowUpEndReason = "job_lost"  // the job ended: placement work starts again
	FollowUpDeclined  FollowUpEndReason = "declined"  // the participant or the employer wants no more
	FollowUpNoContact FollowUpEndReason = "no_contact"
	FollowUpExited    FollowUpEndReason = "exited" // the participation ended without the job (set by the exit)
)

// FollowUpEndReasons lists the reasons a coach chooses from; the exit
// sets FollowUpExited itself.
func FollowUpEndReasons() []FollowUpEndReason {
	return []FollowUpEndReason{FollowUpCompleted, FollowUpJobLost, FollowUpDeclined, FollowUpNoContact}
}

// AllFollowUpEndReasons lists every reason, the exit's included.
func AllFollowUpEndReasons() []FollowUpEndReason { return append(FollowUpEndReasons(), FollowUpExited) }

// Valid reports whether r is a known FollowUpEndReason.
func (r FollowUpEndReason) Valid() bool { return oneOf(r, AllFollowUpEndReasons()) }

// Key names the label of r.
func (r FollowUpEndReason) Key() string { return "followup_end." + string(r) }

// SustainMonths is when the sustainability check is due: this many months
// after the job started. Dismissal protection begins then (§ 173 Abs. 1
// Nr. 1 SGB IX), and the Federal Employment Agency's integration rate
// looks at the same mark.
const SustainMonths = 6

// SustainabilityDue returns the day the sustainability check of a job
// that started on start is due.
func SustainabilityDue(start time.Time) time.Time { return start.AddDate(0, SustainMonths, 0) }

// FollowUpNoticeDays is how far ahead the worklist shows a follow-up
// contact that falls due: within the coming week.
const FollowUpNoticeDays = 6

// FollowUpCadence is a programme's rhythm of follow-up contacts: weekly
// for the first Weekly weeks after the job started, then every Months
// months.
type FollowUpCadence struct {
	Weekly int
	Months int
}

// The default cadence: weekly in the first month, then monthly.
const (
	DefaultFollowUpWeekly = 4
	DefaultFollowUpMonths = 1
)

// NextContact returns the day the next follow-up contact is due for a job
// that started on start, whose last contact was on last (zero if none).
func (c FollowUpCadence) NextContact(start, last time.Time) time.Time {
	from := start
	if last.After(start) {
		from = last
	}
	if from.Before(start.AddDate(0, 0, 7*c.Weekly)) {
		return from.AddDate(0, 0, 7)
	}
	return from.AddDate(0, c.Months, 0)
}

// FollowUpContact is one contact of follow-up care.
type FollowUpContact struct {
	ID          int64
	PlacementID int64
	On          time.Time
	With        FollowUpSide
	Mode        Mode
	// Crisis marks a crisis intervention; it names its problem.
	Crisis bool
	// Problem is what came up, Solution how it was solved or what was
	// agreed. Both are provider-internal.
	Problem, Solution string
	RecordedBy        string
}

// Validate checks a follow-up contact of the placement p in form order:
// held between the job's start and today.
func (c FollowUpContact) Validate(p Placement, today time.Time) error {
	var pr Problems
	checkPastDay(&pr, "on", c.On, p.Start, today, "err.followup_before_start")
	if !c.With.Valid() {
		pr.Add("with", "err.choose")
	}
	if !oneOf(c.Mode, CoachingModes()) {
		pr.Add("mode", "err.choose")
	}
	if c.Crisis {
		checkRequired(&pr, "problem", c.Problem, MaxNote)
	} else {
		checkLength(&pr, "problem", c.Problem, MaxNote)
	}
	checkLength(&pr, "solution", c.Solution, MaxNote)
	return pr.Err()
}

// SustainabilityCheck is the answer to whether the job still exists six
// months after it started.
type SustainabilityCheck struct {
	On     time.Time
	Result Sustained
	Source SustainSource
	Note   string
}

// Validate checks a sustainability check of the placement p in form
// order: taken on or after the day it is due, and not after today.
func (s SustainabilityCheck) Validate(p Placement, today time.Time) error {
	var pr Problems
	due := SustainabilityDue(p.Start)
	checkPastDay(&pr, "on", s.On, due, today, "err.sustain_early", FormatDate(due))
	if !s.Result.Valid() {
		pr.Add("result", "err.choose")
	}
	checkSource(&pr, s.Source, s.Result.Valid() && s.Result != SustainedUnknown)
	checkLength(&pr, "note", s.Note, MaxReason)
	return pr.Err()
}

// checkSource checks where an answer came from: one of the sources, and
// "none" only for an answer that is not known.
func checkSource(pr *Problems, s SustainSource, known bool) {
	switch {
	case !s.Valid():
		pr.Add("source", "err.choose")
	case s == SourceNone && known:
		pr.Add("source", "err.sustain_source_needed")
	}
}

// FollowUpEnd ends the follow-up of a placement.
type FollowUpEnd struct {
	On     time.Time
	Reason FollowUpEndReason
	Note   string
}

// Validate checks the end of the follow-up of placement p in form order.
func (e FollowUpEnd) Validate(p Placement, today time.Time) error {
	var pr Problems
	checkPastDay(&pr, "on", e.On, p.Start, today, "err.followup_before_start")
	if !oneOf(e.Reason, FollowUpEndReasons()) {
		pr.Add("reason", "err.choose")
	}
	checkLength(&pr, "note", e.Note, MaxReason)
	return pr.Err()
}

// FollowUp is the follow-up of one placement that counts: its contacts,
// the sustainability check and its end.
type FollowUp struct {
	Placement Placement
	// Contacts are the contacts held, newest first; empty for those who
	// may not read provider-internal notes.
	Contacts []FollowUpContact
	// Check is the sustainability check; nil until it is taken.
	Check *SustainabilityCheck
	// Ended is the end of follow-up; its day is zero while it runs.
	Ended FollowUpEnd
	// NextContact is the day the next contact is due; zero once ended.
	NextContact time.Time
}

// Running reports whether follow-up is still under way.
func (f FollowUp) Running() bool { return f.Ended.On.IsZero() }

// SustainDue returns the day the sustainability check is due.
func (f FollowUp) SustainDue() time.Time { return SustainabilityDue(f.Placement.Start) }

// CheckDue reports whether the sustainability check is due on today and
// not yet taken. A job lost before the check needs none: it was not
// sustained.
func (f FollowUp) CheckDue(today time.Time) bool {
	return f.Check == nil && f.Ended.Reason != FollowUpJobLost && !today.Before(f.SustainDue())
}
