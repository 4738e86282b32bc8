package teilhabe

import "slices"

// Stage is where a case stands in the participant journey (PRODUCT.md,
// steps 1–6; domain-germany.md §8.2).
type Stage string

// The stages of the journey, part 1. Closed stages end a case before
// coaching starts; StageActive is where the journey, part 2, begins.
const (
	StageAnnounced           Stage = "announced"            // sponsor announced a candidate; provider to confirm or decline
	StageContacted           Stage = "contacted"            // first contact recorded; info appointment to book
	StageInfoBooked          Stage = "info_booked"          // info appointment booked
	StageEligibilityPending  Stage = "eligibility_pending"  // info appointment held; eligibility to check
	StageContractPending     Stage = "contract_pending"     // eligible; contract to sign
	StageContractSigned      Stage = "contract_signed"      // contract signed; assignment to request
	StageAssignmentRequested Stage = "assignment_requested" // sponsor to assign or refuse
	StageWaitingList         Stage = "waiting_list"         // location full; request waits in order
	StageAssigned            Stage = "assigned"             // first conversation to book
	StageFirstBooked         Stage = "first_booked"         // first conversation booked
	StageActive              Stage = "active"               // first conversation held: coaching runs
	StageDeclined            Stage = "declined"             // closed: provider declined the announcement
	StageNotEligible         Stage = "not_eligible"         // closed: formal requirements not met
	StageAssignmentRefused   Stage = "assignment_refused"   // closed: sponsor refused the assignment
	StageWithdrawn           Stage = "withdrawn"            // closed: did not start (non-start reason)
	StageExited              Stage = "exited"               // closed: the participation ended (exit reason, destination)
)

// Stages lists every stage in journey order.
func Stages() []Stage {
	return []Stage{StageAnnounced, StageContacted, StageInfoBooked, StageEligibilityPending,
		StageContractPending, StageContractSigned, StageAssignmentRequested, StageWaitingList,
		StageAssigned, StageFirstBooked, StageActive,
		StageDeclined, StageNotEligible, StageAssignmentRefused, StageWithdrawn, StageExited}
}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { return slices.Contains(Stages(), s) }

// Closed reports whether the case ended in s: before coaching began, or by
// its exit.
func (s Stage) Closed() bool {
	switch s {
	case StageDeclined, StageNotEligible, StageAssignmentRefused, StageWithdrawn, StageExited:
		return true
	}
	return false
}

// OpenStages lists the stages in which a case is still in progress.
func OpenStages() []Stage {
	var open []Stage
	for _, s := range Stages() {
		if !s.Closed() {
			open = append(open, s)
		}
	}
	return open
}

// WaitsForOthers reports whether a case in s waits on someone other than
// its provider: the sponsor's decision on the assignment, or a free place
// on the waiting list. The provider cannot move it meanwhile.
func (s Stage) WaitsForOthers() bool { return s == StageAssignmentRequested || s == StageWaitingList }

// Assigned reports whether a case in s holds an assignment by its sponsor.
func (s Stage) Assigned() bool {
	return s == StageAssigned || s == StageFirstBooked || s == StageActive
}

// Action is something a user does to a case that may move its stage.
type Action string

// The actions of the journey, part 1.
const (
	ActConfirmAnnouncement Action = "confirm_announcement" // provider confirms and books the info appointment
	ActDeclineAnnouncement Action = "decline_announcement"
	ActBookInfo            Action = "book_info" // also rebooking
	ActInfoHeld            Action = "info_held"
	ActInfoMissed          Action = "info_missed" // no-show or cancelled: book again
	ActEligible            Action = "eligible"
	ActNotEligible         Action = "not_eligible"
	ActSignContract        Action = "sign_contract"
	ActRequestAssignment   Action = "request_assignment"
	ActWaitlist            Action = "waitlist" // the location is full
	ActLeaveWaitingList    Action = "leave_waiting_list"
	ActAssign              Action = "assign"
	ActRefuseAssignment    Action = "refuse_assignment"
	ActBookFirst           Action = "book_first" // also rebooking
	ActFirstHeld           Action = "first_held"
	ActFirstMissed         Action = "first_missed"
	ActWithdraw            Action = "withdraw" // did not start, with a reason
	ActRequestExtension    Action = "request_extension"
	ActDecideExtension     Action = "decide_extension"
	ActAcknowledgeDecline  Action = "acknowledge_decline" // the sponsor takes note of a declined announcement
	ActExit                Action = "exit"                // the participation ends, with reason and destination
)

// transitions maps each action to the stages it may start from and the
// stage it leads to. An empty target keeps the stage.
var transitions = map[Action]struct {
	from []Stage
	to   Stage
	// need is the message key that says what must happen first.
	need string
}{
	ActConfirmAnnouncement: {[]Stage{StageAnnounced}, StageInfoBooked, "journey.need.announced"},
	ActDeclineAnnouncement: {[]Stage{StageAnnounced}, StageDeclined, "journey.need.announced"},
	ActBookInfo:            {[]Stage{StageContacted, StageInfoBooked}, StageInfoBooked, "journey.need.contact"},
	ActInfoHeld:            {[]Stage{StageInfoBooked}, StageEligibilityPending, "journey.need.info_booked"},
	ActInfoMissed:          {[]Stage{StageInfoBooked}, StageContacted, "journey.need.info_booked"},
	ActEligible:            {[]Stage{StageEligibilityPending}, StageContractPending, "journey.need.info_held"},
	ActNotEligible:         {[]Stage{StageEligibilityPending}, StageNotEligible, "journey.need.info_held"},
	ActSignContract:        {[]Stage{StageContractPending}, StageContractSigned, "journey.need.eligible"},
	ActRequestAssignment:   {[]Stage{StageContractSigned}, StageAssignmentRequested, "journey.need.contract"},
	ActWaitlist:            {[]Stage{StageContractSigned}, StageWaitingList, "journey.need.contract"},
	ActLeaveWaitingList:    {[]Stage{StageWaitingList}, StageAssignmentRequested, "journey.need.waiting"},
	ActAssign:              {[]Stage{StageAssignmentRequested}, StageAssigned, "journey.need.requested"},
	ActRefuseAssignment:    {[]Stage{StageAssignmentRequested, StageWaitingList}, StageAssignmentRefused, "journey.need.requested"},
	ActBookFirst:           {[]Stage{StageAssigned, StageFirstBooked}, StageFirstBooked, "journey.need.assigned"},
	ActFirstHeld:           {[]Stage{StageFirstBooked}, StageActive, "journey.need.first_booked"},
	ActFirstMissed:         {[]Stage{StageFirstBooked}, StageAssigned, "journey.need.first_booked"},
	ActWithdraw: {[]Stage{StageContacted, StageInfoBooked, StageEligibilityPending, StageContractPending,
		StageContractSigned, StageAssignmentRequested, StageWaitingList}, StageWithdrawn, "journey.need.not_started"},
	ActRequestExtension: {[]Stage{StageAssigned, StageFirstBooked, StageActive}, "", "journey.need.assigned"},
	ActDecideExtension:  {[]Stage{StageAssigned, StageFirstBooked, StageActive}, "", "journey.need.assigned"},
	// The one action on a closed case: it moves no stage, it takes the
	// provider's refusal off the sponsor's desk.
	ActAcknowledgeDecline: {[]Stage{StageDeclined}, "", "journey.need.declined"},
	ActExit:               {[]Stage{StageAssigned, StageFirstBooked, StageActive}, StageExited, "journey.need.assigned"},
}

// Next returns the stage a case in stage from reaches through action a. A
// forbidden transition returns a *ConflictError whose key says what must
// happen first.
func Next(from Stage, a Action) (Stage, error) {
	t, ok := transitions[a]
	if !ok {
		return from, Conflict("journey.unknown_action")
	}
	for _, s := range t.from {
		if s == from {
			if t.to == "" {
				return from, nil
			}
			return t.to, nil
		}
	}
	if from.Closed() {
		return from, Conflict("journey.closed")
	}
	return from, Conflict(t.need)
}

// Closes reports whether action a ends a case: a refusal, a decline, a
// case closed before it started.
func (a Action) Closes() bool { return transitions[a].to.Closed() }

// Advances reports whether action a takes a case in stage s forward: it is
// allowed in s, does not close the case, and is more than a new booking of
// the appointment the case waits for.
func Advances(s Stage, a Action) bool {
	t, ok := transitions[a]
	return ok && Allowed(s, a) && !t.to.Closed() && t.to != s
}

// Repeats reports whether action a, taken on a case in stage s, leaves it
// in s: a new booking that replaces the one the case waits for.
func Repeats(s Stage, a Action) bool {
	return Allowed(s, a) && transitions[a].to == s
}

// Allowed reports whether action a may be taken on a case in stage s.
func Allowed(s Stage, a Action) bool {
	_, err := Next(s, a)
	return err == nil
}

// Actions lists every action, for exhaustive tests.
func Actions() []Action {
	return []Action{ActConfirmAnnouncement, ActDeclineAnnouncement, ActBookInfo, ActInfoHeld,
		ActInfoMissed, ActEligible, ActNotEligible, ActSignContract, ActRequestAssignment, ActWaitlist,
		ActLeaveWaitingList, ActAssign, ActRefuseAssignment, ActBookFirst, ActFirstHeld, ActFirstMissed,
		ActWithdraw, ActRequestExtension, ActDecideExtension, ActAcknowledgeDecline, ActExit}
}
