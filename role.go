package teilhabe

import "slices"

// Role is what a user account does in a programme. Each role sees only what
// it needs (PRODUCT.md, "Who uses it and what they may see").
type Role string

// The roles.
const (
	RoleAdmin             Role = "admin"              // operator: users, organisations, settings; no case content
	RoleCoordinator       Role = "coordinator"        // programme coordinator at the lead sponsor
	RoleSponsorCaseworker Role = "sponsor_caseworker" // caseworker at an Agentur or Jobcenter
	RoleProviderLead      Role = "provider_lead"      // head of a provider
	RoleCoach             Role = "coach"              // provider staff at one location
	RoleDataProtection    Role = "data_protection"    // data protection officer
)

// Roles lists every role in the order forms offer them.
func Roles() []Role {
	return []Role{RoleAdmin, RoleCoordinator, RoleSponsorCaseworker, RoleProviderLead, RoleCoach, RoleDataProtection}
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles(), r) }

// NeedsProgramme reports whether an account with role r belongs to a programme.
func (r Role) NeedsProgramme() bool { return r != RoleAdmin }

// NeedsSponsor reports whether an account with role r belongs to a sponsor.
func (r Role) NeedsSponsor() bool { return r == RoleCoordinator || r == RoleSponsorCaseworker }

// NeedsProvider reports whether an account with role r belongs to a provider.
func (r Role) NeedsProvider() bool { return r == RoleProviderLead || r == RoleCoach }

// NeedsLocation reports whether an account with role r works at one location.
func (r Role) NeedsLocation() bool { return r == RoleCoach }

// IsProviderSide reports whether r works for a provider.
func (r Role) IsProviderSide() bool { return r.NeedsProvider() }

// Side is the side of the programme r works on: the provider's, the
// sponsor's (caseworkers and coordinators), or none (administration, data
// protection).
func (r Role) Side() Side {
	switch {
	case r.IsProviderSide():
		return SideProvider
	case r.NeedsSponsor():
		return SideSponsor
	}
	return SideNone
}

// Actor is the signed-in user on whose behalf something happens. Its
// organisation and location fields are the scope every query is limited to.
type Actor struct {
	UserID      int64
	Username    string
	Name        string
	Role        Role
	ProgrammeID int64 // 0 for the administrator
	OrgID       int64 // the sponsor or provider; 0 if none
	LocationID  int64 // the coach's location; 0 otherwise
}

// System is the actor of what teilhabe does on its own, such as passing a
// freed place to the next request on the waiting list.
var System = Actor{Name: "teilhabe"}

// DisplayName is the name shown for a in timelines: the person's name,
// else the username, else "system".
func (a Actor) DisplayName() string {
	if a.Name != "" {
		return a.Name
	}
	return a.AuditName()
}

// AuditName is the name the audit log records for a: the username, which
// is unique and does not change, or "system".
func (a Actor) AuditName() string {
	if a.Username == "" {
		return AuditNameSystem
	}
	return a.Username
}

// CaseScope is what the access rules need to know about a case.
type CaseScope struct {
	ProgrammeID int64
	ProviderID  int64
	LocationID  int64
	SponsorID   int64
	// SharedWithSponsor is true once the sponsor announced the case or was
	// asked to assign it; before that the provider's contact with a person is
	// none of the sponsor's business.
	SharedWithSponsor bool
}

// CanManageSetup reports whether a may create programmes and organisations
// and manage user accounts.
func CanManageSetup(a Actor) bool { return a.Role == RoleAdmin }

// CanEditProgrammeSettings reports whether a may change the settings of
// programme p (places, assignment length, deadline rule).
func CanEditProgrammeSettings(a Actor, programmeID int64) bool {
	switch a.Role {
	case RoleAdmin:
		return true
	case RoleCoordinator:
		return a.ProgrammeID != 0 && a.ProgrammeID == programmeID
	}
	return false
}

// CanEditLocation reports whether a may change a location of provider
// providerID in programme programmeID: its address, places and
// accessibility features. The administrator may everywhere, the coordinator
// in their programme, the provider lead at their own provider.
func CanEditLocation(a Actor, programmeID, providerID int64) bool {
	switch a.Role {
	case RoleAdmin:
		return true
	case RoleCoordinator:
		return a.ProgrammeID != 0 && a.ProgrammeID == programmeID
	case RoleProviderLead:
		return a.ProgrammeID != 0 && a.ProgrammeID == programmeID && a.OrgID == providerID
	}
	return false
}

// CanManageProgrammeSettings reports whether a may open the settings of a
// programme at all: the administrator and coordinators (which programme,
// CanEditProgrammeSettings decides).
func CanManageProgrammeSettings(a Actor) bool {
	return a.Role == RoleAdmin || a.Role == RoleCoordinator
}

// CanEditProgrammeIdentity reports whether a may change a programme's name,
// region, federal state (its holiday calendar) and period, which the
// administrator sets up; coordinators steer places, length and deadlines.
func CanEditProgrammeIdentity(a Actor) bool { return a.Role == RoleAdmin }

// CanSeeProgrammeOverview reports whether a has the programme's set-up page
// (organisations and locations) in the navigation: the coordinator.
func CanSeeProgrammeOverview(a Actor) bool { return a.Role == RoleCoordinator }

// CanManageLocations reports whether a may open location editing at all
// (which locations, CanEditLocation decides).
func CanManageLocations(a Actor) bool {
	return a.Role == RoleAdmin || a.Role == RoleCoordinator || a.Role == RoleProviderLead
}

// CanChangeRoleOrActivity reports whether a may change the role of account
// userID or deactivate it: the administrator, for any account but their
// own, so that an installation never loses its last administrator by
// accident.
func CanChangeRoleOrActivity(a Actor, userID int64) bool {
	return CanManageSetup(a) && a.UserID != userID
}

// CanReadAudit reports whether a may read the audit log.
func CanReadAudit(a Actor) bool { return a.Role == RoleDataProtection }

// CanReadInstallationAudit reports whether a may also read the audit
// entries of no programme (sign-ins with unknown usernames, the
// administrator's sign-ins): a data protection officer of the whole
// programme, not of one organisation.
func CanReadInstallationAudit(a Actor) bool { return CanReadAudit(a) && a.OrgID == 0 }

// CanListCases reports whether a works with individual cases at all.
func CanListCases(a Actor) bool {
	switch a.Role {
	case RoleCoach, RoleProviderLead, RoleSponsorCaseworker:
		return true
	}
	return false
}

// CanReadCase reports whether a may see case c. Outside this rule a case
// behaves as if it did not exist.
func CanReadCase(a Actor, c CaseScope) bool {
	if a.ProgrammeID == 0 || a.ProgrammeID != c.ProgrammeID {
		return false
	}
	switch a.Role {
	case RoleCoach:
		return a.LocationID != 0 && a.LocationID == c.LocationID
	case RoleProviderLead:
		return a.OrgID != 0 && a.OrgID == c.ProviderID
	case RoleSponsorCaseworker:
		return a.OrgID != 0 && a.OrgID == c.SponsorID && c.SharedWithSponsor
	}
	return false
}

// CanWorkCase reports whether a may move case c along the provider's side of
// the journey: contacts, appointments, eligibility, contract, requests.
func CanWorkCase(a Actor, c CaseScope) bool {
	return a.Role.IsProviderSide() && CanReadCase(a, c)
}

// CanDecideForSponsor reports whether a may answer for the sponsor of case c:
// assign, refuse, decide extensions.
func CanDecideForSponsor(a Actor, c CaseScope) bool {
	return a.Role == RoleSponsorCaseworker && CanReadCase(a, c)
}

// CanMoveRequest reports whether a may move a waiting assignment request of
// case c to another location of its provider that has a free place: the
// provider's staff and the case's sponsor.
func CanMoveRequest(a Actor, c CaseScope) bool { return CanWorkCase(a, c) || CanDecideForSponsor(a, c) }

// CanAcknowledgeDecline reports whether a may take note, for the sponsor
// of case c, that the provider declined the sponsor's announcement.
func CanAcknowledgeDecline(a Actor, c CaseScope) bool { return CanDecideForSponsor(a, c) }

// CanAcknowledgeNotice reports whether a may take note, for the sponsor
// of case c, of a placement, an exit or a final report the provider
// notified.
func CanAcknowledgeNotice(a Actor, c CaseScope) bool { return CanDecideForSponsor(a, c) }

// CanWriteFinalReport reports whether a may write, save and send the
// final report of case c to the sponsor, and start a correction: the
// provider's staff of the case.
func CanWriteFinalReport(a Actor, c CaseScope) bool { return CanWorkCase(a, c) }

// CanReadFinalReport reports whether a may read a version of the final
// report of case c: whoever may read the case reads the sent versions, only
// provider staff the draft. The report holds no contact note.
func CanReadFinalReport(a Actor, c CaseScope, sent bool) bool {
	return CanReadCase(a, c) && (sent || a.Role.IsProviderSide())
}

// CanSeeInternalNotes reports whether a may read the provider's internal
// notes. Sponsors never may.
func CanSeeInternalNotes(a Actor) bool { return a.Role.IsProviderSide() }

// CanWriteNote reports whether a may add an internal note to case c.
func CanWriteNote(a Actor, c CaseScope) bool { return CanWorkCase(a, c) && CanSeeInternalNotes(a) }

// CanReadNote reports whether a may read a contact note of case c that is
// shared with the sponsor or, if not shared, internal to the provider:
// whoever may read the case reads its shared notes, only provider staff its
// internal ones.
func CanReadNote(a Actor, c CaseScope, shared bool) bool {
	return CanReadCase(a, c) && (shared || CanSeeInternalNotes(a))
}

// CanSetPhase reports whether a may move case c into another phase of its
// coaching year: the provider staff who work the case.
func CanSetPhase(a Actor, c CaseScope) bool { return CanWorkCase(a, c) }

// CanEditPhases reports whether a may add, rename, reorder and retire the
// phases of programme programmeID: whoever steers its settings.
func CanEditPhases(a Actor, programmeID int64) bool { return CanEditProgrammeSettings(a, programmeID) }

// CanWorkAt reports whether a may record a new case at a location of
// provider providerID in programme programmeID: the coach at their own
// location, the provider lead at any location of the provider.
func CanWorkAt(a Actor, programmeID, providerID, locationID int64) bool {
	if a.ProgrammeID == 0 || a.ProgrammeID != programmeID || a.OrgID != providerID {
		return false
	}
	switch a.Role {
	case RoleCoach:
		return a.LocationID == locationID
	case RoleProviderLead:
		return true
	}
	return false
}

// WorkLocation returns the location at which a records a new case: a
// coach's own, whatever was asked for; for a provider lead the one asked for.
func WorkLocation(a Actor, requested int64) int64 {
	if a.Role == RoleCoach {
		return a.LocationID
	}
	return requested
}

// CanListCaseworkers reports whether a may list the caseworkers of the own
// sponsor, to name one responsible for an assignment.
func CanListCaseworkers(a Actor) bool { return a.Role == RoleSponsorCaseworker && a.OrgID != 0 }

// CanAnnounce reports whether a may announce a candidate to a provider.
func CanAnnounce(a Actor) bool { return a.Role == RoleSponsorCaseworker && a.OrgID != 0 }

// CanRecordFirstContact reports whether a may record a new first contact.
func CanRecordFirstContact(a Actor) bool { return a.Role.IsProviderSide() }

// CanSeeCapacity reports whether a may see places and the waiting list: the
// coordinator for the programme, the provider lead for the provider.
func CanSeeCapacity(a Actor) bool {
	return a.Role == RoleCoordinator || a.Role == RoleProviderLead
}

// CanSeeWaitingNames reports whether a sees who waits, not only how many:
// the provider lead, whose staff work with them. The coordinator steers
// places, not persons.
func CanSeeWaitingNames(a Actor) bool { return a.Role == RoleProviderLead }

// CanSeeFigures reports whether a may see the programme-wide figures: the
// coordinator. They hold no personal data.
func CanSeeFigures(a Actor) bool { return a.Role == RoleCoordinator && a.ProgrammeID != 0 }

// ReportFilterField names a filter of the programme's reports.
type ReportFilterField string

// The report filters.
const (
	FilterSponsor  ReportFilterField = "sponsor"
	FilterProvider ReportFilterField = "provider"
	FilterLocation ReportFilterField = "location"
)

// CanFilterReport reports whether a may narrow the reports by field, each
// within the own scope: the coordinator by sponsor, provider and location;
// a sponsor's caseworker by provider and location (of the own sponsor's
// cases); a provider lead by location of the own provider. A coach's
// reports are of the own location already.
func CanFilterReport(a Actor, field ReportFilterField) bool {
	switch a.Role {
	case RoleCoordinator:
		return field == FilterSponsor || field == FilterProvider || field == FilterLocation
	case RoleSponsorCaseworker:
		return field == FilterProvider || field == FilterLocation
	case RoleProviderLead:
		return field == FilterLocation
	}
	return false
}

// CanSeeAnnualReport reports whether a may open the printable annual
// report of the whole programme, whose lead sponsor (Federführung) is
// leadSponsorID: the coordinator, and the caseworkers of the lead sponsor,
// who report on the programme to its funders.
func CanSeeAnnualReport(a Actor, leadSponsorID int64) bool {
	if a.ProgrammeID == 0 {
		return false
	}
	switch a.Role {
	case RoleCoordinator:
		return true
	case RoleSponsorCaseworker:
		return leadSponsorID != 0 && a.OrgID == leadSponsorID
	}
	return false
}

// CanUseInbox reports whether a exchanges messages between sponsor and provider.
func CanUseInbox(a Actor) bool {
	switch a.Role {
	case RoleCoach, RoleProviderLead, RoleSponsorCaseworker:
		return true
	}
	return false
}

// CanEditModuleCatalogue reports whether a may add and change the modules
// programme programmeID offers: whoever edits its settings.
func CanEditModuleCatalogue(a Actor, programmeID int64) bool {
	return CanEditProgrammeSettings(a, programmeID)
}

// CanUseEmployers reports whether a may read and keep the register of
// employers of a's provider: its coaches and leads. Each provider keeps
// its own; the register holds no participant.
func CanUseEmployers(a Actor) bool { return a.Role.IsProviderSide() && a.OrgID != 0 }

// CanEditEmployer reports whether a may change an employer of provider
// providerID: the staff of that provider.
func CanEditEmployer(a Actor, providerID int64) bool {
	return CanUseEmployers(a) && a.OrgID == providerID
}

// CanBookModule reports whether a may book a module for case c and record
// how it goes: the provider's staff of the case.
func CanBookModule(a Actor, c CaseScope) bool { return CanWorkCase(a, c) }

// CanReadPlan reports whether a may read the agreed versions of the
// support plan of case c: whoever may read the case, the sponsor's
// caseworker too.
func CanReadPlan(a Actor, c CaseScope) bool { return CanReadCase(a, c) }

// CanEditPlan reports whether a may see and edit the plan's draft of case
// c and record the agreement: the provider's staff of the case. The sponsor
// never sees a draft.
func CanEditPlan(a Actor, c CaseScope) bool { return CanWorkCase(a, c) }

// CanSeeCalendar reports whether a has the week calendar at all: the
// provider's staff. Whose calendars, CanSeeStaffCalendar and
// CanSeeLocationCalendar decide.
func CanSeeCalendar(a Actor) bool {
	return a.Role.IsProviderSide() && a.ProgrammeID != 0 && a.OrgID != 0
}

// CanSeeStaffCalendar reports whether a may see the calendar of staff
// member u: a coach their own and those of the coaches of their location,
// a provider lead those of all the provider's staff.
func CanSeeStaffCalendar(a Actor, u User) bool {
	if !CanSeeCalendar(a) || u.ProgrammeID != a.ProgrammeID || u.OrgID != a.OrgID || !u.Role.IsProviderSide() {
		return false
	}
	switch a.Role {
	case RoleCoach:
		return u.ID == a.UserID || u.Role == RoleCoach && a.LocationID != 0 && u.LocationID == a.LocationID
	case RoleProviderLead:
		return true
	}
	return false
}

// CanSeeLocationCalendar reports whether a may see the calendar of a
// location of provider providerID in programme programmeID: a coach of
// their own location, a provider lead of every location of the provider.
func CanSeeLocationCalendar(a Actor, programmeID, providerID, locationID int64) bool {
	return CanSeeCalendar(a) && CanWorkAt(a, programmeID, providerID, locationID)
}

// CanKeepCalendarFeed reports whether a may create and revoke a secret
// feed of their own appointments for a calendar program: whoever holds
// appointments, the provider's staff.
func CanKeepCalendarFeed(a Actor) bool { return CanSeeCalendar(a) }

// CanExportAppointment reports whether a may download an appointment of
// case c as an iCalendar file: the provider's staff who work the case.
func CanExportAppointment(a Actor, c CaseScope) bool { return CanWorkCase(a, c) }
