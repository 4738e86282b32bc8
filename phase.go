package teilhabe

import "time"

// Phase is one phase of a programme's coaching year. A programme keeps its
// phases in order; a phase that a case has been in is never deleted, only
// retired, so that every case's history keeps its names.
type Phase struct {
	ID          int64
	ProgrammeID int64
	Position    int // 1, 2, …: the order of the programme's phases
	Name        string
	Retired     bool // no longer offered to cases
	InUse       bool // a case is or was in this phase
	Version     int
}

// DefaultPhaseNames are the phases a new programme starts with. They are
// stored as names, which the coordinator may change like any other
// (docs/decisions/0014-contact-notes.md).
func DefaultPhaseNames() []string {
	return []string{"Orientierung und Profiling", "Stabilisierung", "Qualifizierung",
		"Bewerbung und Vermittlung", "Nachbetreuung"}
}

// PhaseName is a phase's name as the coordinator enters it.
type PhaseName struct {
	Name string
}

// Validate requires a name of at most MaxName characters without
// invisible characters.
func (n PhaseName) Validate() error {
	var pr Problems
	checkName(&pr, "name", n.Name, true)
	return pr.Err()
}

// PhaseMove is what the coordinator does to one phase of a programme.
type PhaseMove string

// The changes to a phase besides renaming it.
const (
	PhaseUp        PhaseMove = "up"        // one place earlier
	PhaseDown      PhaseMove = "down"      // one place later
	PhaseRetire    PhaseMove = "retire"    // no longer offered
	PhaseReinstate PhaseMove = "reinstate" // offered again
	PhaseDelete    PhaseMove = "delete"    // removed; only if no case was ever in it
)

// PhaseMoves lists them.
func PhaseMoves() []PhaseMove {
	return []PhaseMove{PhaseUp, PhaseDown, PhaseRetire, PhaseReinstate, PhaseDelete}
}

// Valid reports whether m is a known PhaseMove.
func (m PhaseMove) Valid() bool { return oneOf(m, PhaseMoves()) }

// CasePhase is one entry of a case's phase history: the phase and the day
// it began.
type CasePhase struct {
	PhaseID int64
	Name    string
	BeganOn time.Time
	SetAt   time.Time
	SetBy   string
}

// PhaseChange moves a case in coaching into a phase from a day on.
type PhaseChange struct {
	PhaseID int64
	On      time.Time
}

// Validate requires a phase and a day that is not in the future and at
// most a year back.
func (in PhaseChange) Validate(today time.Time) error {
	var pr Problems
	if in.PhaseID <= 0 {
		pr.Add("phase", "err.choose")
	}
	checkRecentDate(&pr, "began_on", in.On, today)
	return pr.Err()
}

// CheckCase checks the change against case c: c is in coaching, the phase
// is another than its current one, and the day is not before the current
// phase began.
func (in PhaseChange) CheckCase(c Case) error {
	if c.Stage != StageActive {
		return Conflict("journey.need.active")
	}
	if in.PhaseID == c.PhaseID {
		return Invalid("phase", "err.phase_same")
	}
	if in.On.Before(c.PhaseSince) {
		return Invalid("began_on", "err.phase_before_current", FormatDate(c.PhaseSince))
	}
	return nil
}
