package teilhabe

import (
	"strings"
	"time"
)

// Limits of assignments (PRODUCT.md, step 5).
const (
	// maxAssignmentYears bounds the planned end of an assignment.
	maxAssignmentYears = 3
	// maxExtensionYears bounds how far one extension moves the end.
	maxExtensionYears = 1
)

// AssignmentRequest is the provider's request that the sponsor assign a
// case.
type AssignmentRequest struct {
	Note string
}

// Validate checks the note's length.
func (in AssignmentRequest) Validate() error {
	var pr Problems
	checkLength(&pr, "note", in.Note, MaxReason)
	return pr.Err()
}

// Assignment is the sponsor's decision to assign.
type Assignment struct {
	Start        time.Time
	End          time.Time // zero: the programme's default length
	CaseworkerID int64     // zero: the deciding caseworker
}

// Validate checks the dates; today bounds the start: at most 30 days back,
// at most six months ahead. An end, if given, lies after the start and at
// most three years after it.
func (in Assignment) Validate(today time.Time) error {
	var pr Problems
	switch {
	case in.Start.IsZero():
		pr.Add("start", "err.date")
	case in.Start.Before(today.AddDate(0, 0, -30)):
		pr.Add("start", "err.date_too_old")
	case in.Start.After(today.AddDate(0, 6, 0)):
		pr.Add("start", "err.date_too_far")
	}
	if !in.End.IsZero() && !in.Start.IsZero() {
		switch {
		case !in.End.After(in.Start):
			pr.Add("end", "err.end_before_start")
		case in.End.After(in.Start.AddDate(maxAssignmentYears, 0, 0)):
			pr.Add("end", "err.date_too_far")
		}
	}
	return pr.Err()
}

// WithDefaults returns in with the end the programme sets when none was
// given, and the deciding caseworker a when none was chosen.
func (in Assignment) WithDefaults(p Programme, a Actor) Assignment {
	if in.End.IsZero() && !in.Start.IsZero() {
		in.End = p.PlannedEnd(in.Start)
	}
	if in.CaseworkerID == 0 {
		in.CaseworkerID = a.UserID
	}
	return in
}

// ExtensionRequest is the provider's request to extend an assignment.
type ExtensionRequest struct {
	ProposedEnd time.Time
	Reason      string
}

// Validate checks the request in form order.
func (in ExtensionRequest) Validate() error {
	var pr Problems
	if in.ProposedEnd.IsZero() {
		pr.Add("proposed_end", "err.date")
	}
	checkRequired(&pr, "reason", in.Reason, MaxReason)
	return pr.Err()
}

// CheckEnd checks the proposed end against the assignment's current end.
func (in ExtensionRequest) CheckEnd(currentEnd time.Time) error {
	return checkExtension("proposed_end", currentEnd, in.ProposedEnd)
}

// ExtensionDecision is the sponsor's answer to an extension request.
type ExtensionDecision struct {
	Decision Decision
	End      time.Time // approved end; zero: the proposed end
	Note     string    // required when refusing
}

// Validate checks the decision in form order.
func (in ExtensionDecision) Validate() error {
	var pr Problems
	if !in.Decision.Valid() {
		pr.Add("decision", "err.choose")
	}
	if in.Decision == Refuse && strings.TrimSpace(in.Note) == "" {
		pr.Add("note", "err.required")
	}
	checkLength(&pr, "note", in.Note, MaxReason)
	return pr.Err()
}

// CheckEnd checks an approved end against the assignment's current end.
func (in ExtensionDecision) CheckEnd(currentEnd time.Time) error {
	if in.Decision != Approve {
		return nil
	}
	return checkExtension("end", currentEnd, in.End)
}

// checkExtension requires a new end after the current one and at most a
// year after it.
func checkExtension(field string, currentEnd, end time.Time) error {
	switch {
	case !end.After(currentEnd):
		return Invalid(field, "err.extension_after_end", FormatDate(currentEnd))
	case end.After(currentEnd.AddDate(maxExtensionYears, 0, 0)):
		return Invalid(field, "err.date_too_far")
	}
	return nil
}
