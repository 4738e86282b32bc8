package teilhabe

import "time"

// EventKind is what a line of a case's timeline records.
type EventKind string

// The kinds of timeline events.
const (
	EventFirstContact         EventKind = "first_contact"         // Codes: the channel
	EventAnnounced            EventKind = "announced"             // Text: the sponsor
	EventAnnouncementDeclined EventKind = "announcement_declined" // Codes: the decline reason
	EventDeclineAcknowledged  EventKind = "decline_acknowledged"  // the sponsor took note of the refusal
	EventInfoBooked           EventKind = "info_booked"           // On, Time: the appointment
	EventInfoRebooked         EventKind = "info_rebooked"         // On, Time
	EventInfoHeld             EventKind = "info_held"             // On
	EventInfoNoShow           EventKind = "info_no_show"          // On
	EventInfoCancelled        EventKind = "info_cancelled"        // On
	EventFirstBooked          EventKind = "first_booked"          // On, Time
	EventFirstRebooked        EventKind = "first_rebooked"        // On, Time
	EventFirstHeld            EventKind = "first_held"            // On
	EventFirstNoShow          EventKind = "first_no_show"         // On
	EventFirstCancelled       EventKind = "first_cancelled"       // On
	EventEligible             EventKind = "eligible"
	EventNotEligible          EventKind = "not_eligible"         // Codes: the ineligible reasons
	EventContractSigned       EventKind = "contract_signed"      // On
	EventConsentGiven         EventKind = "consent_given"        // Codes: the scope
	EventConsentRevoked       EventKind = "consent_revoked"      // Codes: the scope
	EventAssignmentRequested  EventKind = "assignment_requested" // Text: the sponsor
	EventWaitingList          EventKind = "waiting_list"         // Text: the sponsor
	EventLeftWaitingList      EventKind = "left_waiting_list"
	EventRequestMoved         EventKind = "request_moved"       // Text: the location the request moved to
	EventAssigned             EventKind = "assigned"            // On, Until: the assignment
	EventAssignmentRefused    EventKind = "assignment_refused"  // Codes: the refuse reason
	EventExtensionRequested   EventKind = "extension_requested" // On: the proposed end
	EventExtensionApproved    EventKind = "extension_accepted"  // On: the new end
	EventExtensionRefused     EventKind = "extension_declined"
	EventWithdrawn            EventKind = "withdrawn" // Codes: the withdraw reason
	EventNote                 EventKind = "note"      // a contact note: shown from contact_notes, no longer stored as an event

	// The coaching year.
	EventAppointmentBooked    EventKind = "appointment_booked"    // Codes: the kind; On, Time: the first; Until: the last of a series
	EventAppointmentHeld      EventKind = "appointment_held"      // Codes: the kind; On
	EventAppointmentNoShow    EventKind = "appointment_no_show"   // Codes: the kind; On
	EventAppointmentCancelled EventKind = "appointment_cancelled" // Codes: the kind; On
	EventAbsenceRecorded      EventKind = "absence_recorded"      // Codes: the day type; On, Until
	EventAttendanceSent       EventKind = "attendance_sent"       // Text: the month, "11/2026"
	EventNoShowNotice         EventKind = "no_show_notice"        // Text: the days of the no-shows
	EventModuleBooked         EventKind = "module_booked"         // Text: the module
	EventModuleChanged        EventKind = "module_changed"        // Text: the module
	EventModuleStarted        EventKind = "module_started"        // Text: the module
	EventModuleCompleted      EventKind = "module_completed"      // Text: the module
	EventModuleBrokenOff      EventKind = "module_broken_off"     // Text: the module
	EventPlanAgreed           EventKind = "plan_agreed"           // Text: the version, "Version 2"; On: the day it took effect

	// The outcome.
	EventProspectRecorded   EventKind = "prospect_recorded"   // Codes: the kind; On; Text: the employer
	EventPlacementRecorded  EventKind = "placement_recorded"  // Codes: the kind; On: the start; Text: the employer
	EventExited             EventKind = "exited"              // Codes: the reason, then the destination; On: the exit day
	EventNoticeAcknowledged EventKind = "notice_acknowledged" // Codes: the message kind the sponsor took note of
	EventFinalReportSent    EventKind = "final_report_sent"   // Text: the version, "Version 2"

	// Follow-up care; provider-internal but for the check and the end.
	EventFollowUpContact       EventKind = "followup_contact"       // Codes: the side; On: the day
	EventSustainabilityChecked EventKind = "sustainability_checked" // Codes: the result; On: the day
	EventFollowUpEnded         EventKind = "followup_ended"         // Codes: the reason; On: the day
	EventLaterDestination      EventKind = "later_destination"      // Codes: the destination six months after the exit; On: the day learnt
)

// EventKinds lists every kind.
func EventKinds() []EventKind {
	return []EventKind{EventFirstContact, EventAnnounced, EventAnnouncementDeclined, EventDeclineAcknowledged,
		EventInfoBooked, EventInfoRebooked, EventInfoHeld, EventInfoNoShow, EventInfoCancelled,
		EventFirstBooked, EventFirstRebooked, EventFirstHeld, EventFirstNoShow, EventFirstCancelled,
		EventEligible, EventNotEligible, EventContractSigned, EventConsentGiven, EventConsentRevoked,
		EventAssignmentRequested, EventWaitingList, EventLeftWaitingList, EventRequestMoved, EventAssigned, EventAssignmentRefused,
		EventExtensionRequested, EventExtensionApproved, EventExtensionRefused, EventWithdrawn, EventNote,
		EventAppointmentBooked, EventAppointmentHeld, EventAppointmentNoShow, EventAppointmentCancelled,
		EventAbsenceRecorded, EventAttendanceSent, EventNoShowNotice,
		EventModuleBooked, EventModuleChanged, EventModuleStarted, EventModuleCompleted, EventModuleBrokenOff,
		EventPlanAgreed,
		EventProspectRecorded, EventPlacementRecorded, EventExited, EventNoticeAcknowledged,
		EventFollowUpContact, EventSustainabilityChecked, EventFollowUpEnded, EventFinalReportSent, EventLaterDestination}
}

// Valid reports whether k is a known EventKind.
func (k EventKind) Valid() bool { return oneOf(k, EventKinds()) }

// Key names the label of k.
func (k EventKind) Key() string { return "event." + string(k) }

// Event is one line of a case's timeline. Which details it carries depends
// on its kind (see the EventKind constants); each detail has its own field,
// so that nothing a user wrote is ever read as a code.
type Event struct {
	At        time.Time
	ActorName string
	Kind      EventKind
	Internal  bool      // provider-internal: sponsors never see it
	Text      string    // a note's text, or the name of the sponsor a request went to
	On        time.Time // the day the event names: an appointment, a signature, an end
	Until     time.Time // the end of the period the event names
	Time      string    // an appointment's time of day, "HH:MM"
	Codes     []string  // values of the vocabulary the kind names (CodeLabels)
}

// Labels returns the event's codes as values of their vocabulary.
func (e Event) Labels() []Code {
	out := make([]Code, 0, len(e.Codes))
	for i, c := range e.Codes {
		switch e.Kind {
		case EventFirstContact:
			out = append(out, Channel(c))
		case EventAnnouncementDeclined:
			out = append(out, DeclineReason(c))
		case EventNotEligible:
			out = append(out, IneligibleReason(c))
		case EventConsentGiven, EventConsentRevoked:
			out = append(out, ConsentScope(c))
		case EventAssignmentRefused:
			out = append(out, RefuseReason(c))
		case EventWithdrawn:
			out = append(out, WithdrawReason(c))
		case EventAppointmentBooked, EventAppointmentHeld, EventAppointmentNoShow, EventAppointmentCancelled:
			out = append(out, AppointmentKind(c))
		case EventAbsenceRecorded:
			out = append(out, DayType(c))
		case EventProspectRecorded:
			out = append(out, ProspectKind(c))
		case EventPlacementRecorded:
			out = append(out, PlacementKind(c))
		case EventExited:
			if i == 0 {
				out = append(out, ExitReason(c))
			} else {
				out = append(out, Destination(c))
			}
		case EventNoticeAcknowledged:
			out = append(out, MessageKind(c))
		case EventFollowUpContact:
			out = append(out, FollowUpSide(c))
		case EventSustainabilityChecked:
			out = append(out, Sustained(c))
		case EventFollowUpEnded:
			out = append(out, FollowUpEndReason(c))
		case EventLaterDestination:
			out = append(out, Destination(c))
		}
	}
	return out
}
