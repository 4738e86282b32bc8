package teilhabe

import "strings"

// AuditAction names what one audit log entry records: who read or changed
// what. The store writes only these values (sqldb refuses any other), so
// each has a label for the data protection officer in every language.
type AuditAction string

// The audit actions, by group (AuditGroup).
const (
	// Reads of personal data.
	AuditCaseViewed        AuditAction = "case.viewed"
	AuditCasesListed       AuditAction = "cases.listed"
	AuditWorklistViewed    AuditAction = "worklist.viewed"
	AuditInboxViewed       AuditAction = "inbox.viewed"
	AuditDuplicatesChecked AuditAction = "cases.duplicates_checked"
	AuditCapacityViewed    AuditAction = "capacity.viewed"
	AuditReportViewed      AuditAction = "report.viewed"   // detail: the period
	AuditReportExported    AuditAction = "report.exported" // detail: the table and the period
	// AuditAnnualReportViewed is a read of the printable annual programme
	// report; detail: the year.
	AuditAnnualReportViewed AuditAction = "report.annual_viewed"
	AuditAttendanceViewed   AuditAction = "case.attendance_viewed"
	AuditCaseRefused        AuditAction = "case.refused" // a case outside the actor's scope, or none
	AuditNoteHistoryViewed  AuditAction = "case.note_history_viewed"
	AuditPlanViewed         AuditAction = "case.plan_viewed"
	AuditPlanCompared       AuditAction = "case.plan_compared"
	// AuditFinalReportViewed is a read of a version of the final report,
	// on its page or printed.
	AuditFinalReportViewed AuditAction = "case.final_report_viewed"
	AuditCalendarViewed    AuditAction = "calendar.viewed"    // a week of a coach's or a location's appointments
	AuditCalendarFeedRead  AuditAction = "calendar.feed_read" // a calendar program fetched the owner's feed
	// AuditAppointmentExported is the download of one appointment as an
	// iCalendar file.
	AuditAppointmentExported AuditAction = "case.appointment_exported"

	// Changes to cases.
	AuditCaseCreated           AuditAction = "case.created"
	AuditCaseAnnounced         AuditAction = "case.announced"
	AuditAnnouncementConfirmed AuditAction = "case.announcement_confirmed"
	AuditAnnouncementDeclined  AuditAction = "case.announcement_declined"
	AuditAppointmentBooked     AuditAction = "case.appointment_booked"
	AuditAppointmentHeld       AuditAction = "case.appointment_held"
	AuditAppointmentNoShow     AuditAction = "case.appointment_no_show"
	AuditAppointmentCancelled  AuditAction = "case.appointment_cancelled"
	AuditEligibility           AuditAction = "case.eligibility"
	AuditContractSigned        AuditAction = "case.contract_signed"
	AuditConsentGiven          AuditAction = "case.consent_given"
	AuditConsentRevoked        AuditAction = "case.consent_revoked"
	AuditAssignmentRequested   AuditAction = "case.assignment_requested"
	AuditAssigned              AuditAction = "case.assigned"
	AuditAssignmentRefused     AuditAction = "case.assignment_refused"
	AuditLeftWaitingList       AuditAction = "case.left_waiting_list"
	AuditRequestMoved          AuditAction = "case.request_moved"
	AuditDeclineAcknowledged   AuditAction = "case.decline_acknowledged"
	AuditExtensionRequested    AuditAction = "case.extension_requested"
	AuditExtensionAccepted     AuditAction = "case.extension_accepted"
	AuditExtensionDeclined     AuditAction = "case.extension_declined"
	AuditWithdrawn             AuditAction = "case.withdrawn"
	AuditNoteAdded             AuditAction = "case.note_added"
	AuditAbsenceRecorded       AuditAction = "case.absence_recorded"
	AuditAttendanceSent        AuditAction = "case.attendance_sent"
	AuditNoteCorrected         AuditAction = "case.note_corrected"
	AuditPhaseSet              AuditAction = "case.phase_set"
	AuditModuleBooked          AuditAction = "case.module_booked"
	AuditModuleUpdated         AuditAction = "case.module_updated"
	AuditPlanDrafted           AuditAction = "case.plan_drafted" // a new draft of the support plan
	AuditPlanChanged           AuditAction = "case.plan_changed" // the draft edited
	AuditPlanAgreed            AuditAction = "case.plan_agreed"
	AuditProspectRecorded      AuditAction = "case.prospect_recorded"
	AuditPlacementRecorded     AuditAction = "case.placement_recorded"
	AuditExited                AuditAction = "case.exited"
	AuditFollowUpRecorded      AuditAction = "case.followup_recorded" // a follow-up contact
	AuditSustainabilityChecked AuditAction = "case.sustainability_checked"
	AuditFollowUpEnded         AuditAction = "case.followup_ended"
	AuditLaterDestination      AuditAction = "case.later_destination"   // where the person was six months after the exit
	AuditNoticeAcknowledged    AuditAction = "case.notice_acknowledged" // the sponsor took note of a placement, an exit or a final report
	AuditFinalReportSaved      AuditAction = "case.final_report_saved"  // the draft of the final report saved (started if there was none)
	AuditFinalReportSent       AuditAction = "case.final_report_sent"   // the draft saved and sent to the sponsor as a version

	// Signing in and out, passwords.
	AuditLogin                AuditAction = "login"
	AuditLoginFailed          AuditAction = "login.failed"
	AuditLogout               AuditAction = "logout"
	AuditPasswordChanged      AuditAction = "user.password_changed"
	AuditPasswordChangeFailed AuditAction = "user.password_change_failed"

	// Accounts.
	AuditUserCreated AuditAction = "user.created"
	AuditUserUpdated AuditAction = "user.updated"
	AuditPasswordSet AuditAction = "user.password_set" // by the demo set-up
	// A calendar feed: created (replacing any earlier one) and revoked.
	AuditCalendarFeedCreated AuditAction = "user.calendar_feed_created"
	AuditCalendarFeedRevoked AuditAction = "user.calendar_feed_revoked"

	// Programmes, organisations, locations.
	AuditProgrammeCreated    AuditAction = "programme.created"
	AuditProgrammeUpdated    AuditAction = "programme.updated"
	AuditPhasesChanged       AuditAction = "programme.phases_changed"
	AuditOrganisationCreated AuditAction = "organisation.created"
	AuditLocationCreated     AuditAction = "location.created"
	AuditLocationUpdated     AuditAction = "location.updated"
	AuditCatalogueAdded      AuditAction = "programme.module_added"
	AuditCatalogueUpdated    AuditAction = "programme.module_updated"

	// The employers register.
	AuditEmployerCreated        AuditAction = "employer.created"
	AuditEmployerUpdated        AuditAction = "employer.updated"
	AuditEmployerContactAdded   AuditAction = "employer.contact_added"
	AuditEmployerContactRemoved AuditAction = "employer.contact_removed"
	AuditOpeningAdded           AuditAction = "employer.opening_added"
	AuditOpeningUpdated         AuditAction = "employer.opening_updated"

	// The audit log itself.
	AuditLogRead     AuditAction = "audit.read"
	AuditLogExported AuditAction = "audit.exported"
)

// AuditGroup is a kind of audit actions, by which the data protection
// officer filters the log.
type AuditGroup string

// The groups, in the order the filter offers them.
const (
	AuditGroupReads     AuditGroup = "reads"     // reads of personal data
	AuditGroupCasework  AuditGroup = "casework"  // changes to cases
	AuditGroupSignIn    AuditGroup = "signin"    // signing in and out, passwords
	AuditGroupAccounts  AuditGroup = "accounts"  // accounts created and changed
	AuditGroupSetup     AuditGroup = "setup"     // programmes, organisations, locations
	AuditGroupEmployers AuditGroup = "employers" // the employers register
	AuditGroupAudit     AuditGroup = "audit"     // the audit log itself
)

// auditGroups lists each group's actions in the order the filter offers them.
var auditGroups = []struct {
	group   AuditGroup
	actions []AuditAction
}{
	{AuditGroupReads, []AuditAction{AuditCaseViewed, AuditCasesListed, AuditWorklistViewed, AuditInboxViewed,
		AuditDuplicatesChecked, AuditCapacityViewed, AuditReportViewed, AuditReportExported, AuditAnnualReportViewed, AuditAttendanceViewed, AuditCaseRefused, AuditNoteHistoryViewed,
		AuditPlanViewed, AuditPlanCompared, AuditFinalReportViewed,

		AuditCalendarViewed, AuditCalendarFeedRead, AuditAppointmentExported}},
	{AuditGroupCasework, []AuditAction{AuditCaseCreated, AuditCaseAnnounced, AuditAnnouncementConfirmed,
		AuditAnnouncementDeclined, AuditAppointmentBooked, AuditAppointmentHeld, AuditAppointmentNoShow,
		AuditAppointmentCancelled, AuditEligibility, AuditContractSigned, AuditConsentGiven, AuditConsentRevoked,
		AuditAssignmentRequested, AuditAssigned,
		AuditAssignmentRefused, AuditLeftWaitingList, AuditRequestMoved, AuditDeclineAcknowledged, AuditExtensionRequested, AuditExtensionAccepted,
		AuditExtensionDeclined, AuditWithdrawn, AuditNoteAdded, AuditNoteCorrected, AuditPhaseSet, AuditAbsenceRecorded,
		AuditAttendanceSent, AuditModuleBooked, AuditModuleUpdated, AuditPlanDrafted, AuditPlanChanged, AuditPlanAgreed,
		AuditProspectRecorded, AuditPlacementRecorded, AuditExited, AuditNoticeAcknowledged,
		AuditFollowUpRecorded, AuditSustainabilityChecked, AuditFollowUpEnded, AuditFinalReportSaved, AuditFinalReportSent,
		AuditLaterDestination}},
	{AuditGroupSignIn, []AuditAction{AuditLogin, AuditLoginFailed, AuditLogout, AuditPasswordChanged, AuditPasswordChangeFailed}},
	{AuditGroupAccounts, []AuditAction{AuditUserCreated, AuditUserUpdated, AuditPasswordSet, AuditCalendarFeedCreated,
		AuditCalendarFeedRevoked}},
	{AuditGroupSetup, []AuditAction{AuditProgrammeCreated, AuditProgrammeUpdated, AuditPhasesChanged, AuditOrganisationCreated,
		AuditLocationCreated, AuditLocationUpdated, AuditCatalogueAdded, AuditCatalogueUpdated}},
	{AuditGroupEmployers, []AuditAction{AuditEmployerCreated, AuditEmployerUpdated, AuditEmployerContactAdded,
		AuditEmployerContactRemoved, AuditOpeningAdded, AuditOpeningUpdated}},
	{AuditGroupAudit, []AuditAction{AuditLogRead, AuditLogExported}},
}

// AuditGroups lists every group.
func AuditGroups() []AuditGroup {
	out := make([]AuditGroup, len(auditGroups))
	for i, g := range auditGroups {
		out[i] = g.group
	}
	return out
}

// Actions lists the actions of g; none for an unknown group.
func (g AuditGroup) Actions() []AuditAction {
	for _, e := range auditGroups {
		if e.group == g {
			return e.actions
		}
	}
	return nil
}

// Valid reports whether g is a known AuditGroup.
func (g AuditGroup) Valid() bool { return oneOf(g, AuditGroups()) }

// Key names the label of g.
func (g AuditGroup) Key() string { return "audit_group." + string(g) }

// AuditActions lists every action, group by group.
func AuditActions() []AuditAction {
	var out []AuditAction
	for _, g := range auditGroups {
		out = append(out, g.actions...)
	}
	return out
}

// Valid reports whether a is a known AuditAction.
func (a AuditAction) Valid() bool { return oneOf(a, AuditActions()) }

// Key names the label of a.
func (a AuditAction) Key() string { return "audit." + string(a) }

// Group returns the group of a; "" for an unknown action.
func (a AuditAction) Group() AuditGroup {
	for _, g := range auditGroups {
		if oneOf(a, g.actions) {
			return g.group
		}
	}
	return ""
}

// OneCase reports whether a is about one case, whose number the entry
// carries.
func (a AuditAction) OneCase() bool { return strings.HasPrefix(string(a), "case.") }

// AppointmentOutcomeAudit is the audit action of recording outcome o of an
// appointment.
func AppointmentOutcomeAudit(o Outcome) AuditAction {
	switch o {
	case OutcomeHeld:
		return AuditAppointmentHeld
	case OutcomeNoShow:
		return AuditAppointmentNoShow
	case OutcomeCancelled, OutcomeCancelledByParticipant, OutcomeCancelledByProvider:
		return AuditAppointmentCancelled
	}
	return ""
}

// ParseAuditKind reads the kind of action the officer filters the log by:
// a group (all of its actions) or one action. ok is false for anything
// else.
func ParseAuditKind(s string) (actions []AuditAction, ok bool) {
	if g := AuditGroup(s); g.Valid() {
		return g.Actions(), true
	}
	if a := AuditAction(s); a.Valid() {
		return []AuditAction{a}, true
	}
	return nil, false
}

// The names the audit log records for actors without an account
// (Actor.AuditName).
const (
	AuditNameSystem  = "system"          // teilhabe itself, or the set-up
	AuditNameUnknown = "unknown account" // a sign-in with an unknown username
)
