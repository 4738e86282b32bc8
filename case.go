package teilhabe

import (
	"strings"
	"time"
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
	return foldLetters.Replace(strings.ToLower(strings.TrimSpace(last))) + "|" +
		foldLetters.Replace(strings.ToLower(strings.TrimSpace(first)))
}

// foldLetters writes German letters as they are typed without them, so
// that "Müller" and "Mueller" find each other.
var foldLetters = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "é", "e", "è", "e")

// Validate checks a person's data; today bounds the birth date.
func (p Person) Validate(today time.Time) error {
	var pr Problems
	p.CheckInto(&pr, today)
	return pr.Err()
}

// CheckInto adds the problems of p to pr, for forms that check more than
// the person.
func (p Person) CheckInto(pr *Problems, today time.Time) {
	checkName(pr, "first_name", p.FirstName, true)
	checkName(pr, "last_name", p.LastName, true)
	switch {
	case p.BirthDate.IsZero():
		pr.Add("birth_date", "err.date")
	case p.BirthDate.After(today.AddDate(-14, 0, 0)) || p.BirthDate.Before(today.AddDate(-80, 0, 0)):
		pr.Add("birth_date", "err.birth_date_range")
	}
	checkName(pr, "phone", p.Phone, false)
	if p.Email != "" && (!strings.Contains(p.Email, "@") || strings.ContainsAny(p.Email, " <>")) {
		pr.Add("email", "err.email")
	}
	checkName(pr, "email", p.Email, false)
	checkName(pr, "street", p.Street, false)
	if p.Postcode != "" && !validPostcode(p.Postcode) {
		pr.Add("postcode", "err.postcode")
	}
	checkName(pr, "city", p.City, false)
}

// Origin says who started a case.
type Origin string

// The two ways in (PRODUCT.md, step 1).
const (
	OriginSelf    Origin = "self"    // the person contacted the provider
	OriginSponsor Origin = "sponsor" // the sponsor announced the person
)

// Origins lists both.
func Origins() []Origin { return []Origin{OriginSelf, OriginSponsor} }

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
	Channel            Channel
	StartedBy          string
	AnnouncementReason string
	FirstContactOn     time.Time
	InfoDueOn          time.Time
	InfoHeldOn         time.Time
	Stage              Stage
	NextDueOn          time.Time
	ClosedReason       string // a code of the vocabulary Closure names
	ClosedNote         string
	Eligibility        Eligibility
	EligibilityOn      time.Time
	IneligibleReasons  []IneligibleReason
	ContractSignedOn   time.Time
	EasyLanguageCopy   bool
	AssignmentStart    time.Time
	AssignmentEnd      time.Time
	// The exit, once recorded (StageExited): its day, kind, good cause (of
	// a dropout) and destination; the reason is ClosedReason.
	ExitOn          time.Time
	ExitKind        ExitKind
	ExitGoodCause   GoodCause
	ExitDestination Destination
	// Later is where the participant was six months after the exit, once
	// recorded; LaterDue the day it is asked for.
	Later        LaterDestination
	LaterDue     time.Time
	CaseworkerID int64
	Version      int
	CreatedAt    time.Time

	// LastContactOn is the day of the latest contact with the participant
	// in coaching: a held appointment or a contact note; zero if none.
	LastContactOn time.Time
	// PhaseID is the phase of the coaching year the case is in, since
	// PhaseSince; 0 before coaching begins.
	PhaseID    int64
	PhaseName  string
	PhaseSince time.Time

	// Names joined for display.
	ProviderName   string
	LocationName   string
	SponsorName    string
	CaseworkerName string
	// The location's address, which the contract names.
	LocationStreet, LocationPostcode, LocationCity string
}

// Scope returns what the access rules need to know about c.
func (c Case) Scope() CaseScope {
	return CaseScope{ProgrammeID: c.ProgrammeID, ProviderID: c.ProviderID, LocationID: c.LocationID,
		SponsorID: c.SponsorID, SharedWithSponsor: c.SharedWithSponsor}
}

// Closure returns why a closed case ended, as a value of the vocabulary of
// the stage it closed in; nil for open cases and for cases closed as not
// eligible, whose reasons are IneligibleReasons.
func (c Case) Closure() Code {
	switch c.Stage {
	case StageDeclined:
		return DeclineReason(c.ClosedReason)
	case StageWithdrawn:
		return WithdrawReason(c.ClosedReason)
	case StageAssignmentRefused:
		return RefuseReason(c.ClosedReason)
	case StageExited:
		return ExitReason(c.ClosedReason)
	}
	return nil
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

// AssignmentEnded reports whether the planned end of a case's assignment
// has passed: the coaching has no assignment any more unless the sponsor
// extends it (or, in part 2, the exit is recorded).
func (c Case) AssignmentEnded(today time.Time) bool {
	return AssignmentEnded(c.Stage, c.AssignmentEnd, today)
}

// AssignmentEnded reports whether an assignment of a case in stage, ending
// on end, has ended before today.
func AssignmentEnded(stage Stage, end, today time.Time) bool {
	return stage.Assigned() && !end.IsZero() && end.Before(today)
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
