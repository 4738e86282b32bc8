package sqldb

import (
	"context"
	"slices"
	"strings"
	"time"

	"teilhabe"
)

// scopeSQL returns the condition that limits cases (alias c) to what a may
// see — the SQL twin of teilhabe.CanReadCase — and its arguments.
func scopeSQL(a teilhabe.Actor) (string, []any) {
	switch a.Role {
	case teilhabe.RoleCoach:
		return "c.programme_id = ? AND c.location_id = ?", []any{a.ProgrammeID, a.LocationID}
	case teilhabe.RoleProviderLead:
		return "c.programme_id = ? AND c.provider_id = ?", []any{a.ProgrammeID, a.OrgID}
	case teilhabe.RoleSponsorCaseworker:
		return "c.programme_id = ? AND c.sponsor_id = ? AND c.shared_with_sponsor = 1", []any{a.ProgrammeID, a.OrgID}
	}
	return "1 = 0", nil
}

const caseColumns = `c.id, c.programme_id, c.provider_id, c.location_id, COALESCE(c.sponsor_id, 0), c.shared_with_sponsor,
	c.legal_domain, c.customer_number, c.origin, c.channel, c.started_by, c.announcement_reason,
	c.first_contact_on, c.info_due_on, c.info_held_on, c.stage, c.next_due_on, c.closed_reason, c.closed_note,
	COALESCE(c.job_seeking, 0), c.disability_kind, COALESCE(c.gdb, 0), c.proof_kind, c.proof_issued_on,
	c.proof_valid_until, c.proof_unlimited, c.merkzeichen, c.barriers, c.eligibility_reasons, c.eligibility_on,
	c.contract_signed_on, c.easy_language_copy, c.assignment_start, c.assignment_end, COALESCE(c.caseworker_id, 0),
	c.version, c.created_at,
	p.id, p.first_name, p.last_name, p.birth_date, p.phone, p.email, p.street, p.postcode, p.city,
	prov.name, l.name, COALESCE(sp.name, ''), COALESCE(cw.name, ''), l.street, l.postcode, l.city,
	c.last_contact_on, COALESCE(c.phase_id, 0), COALESCE(ph.name, ''), c.phase_since,
	c.exit_on, c.exit_kind, c.exit_good_cause, c.exit_destination, c.later_due_on, c.later_destination, c.later_on,
	c.later_source`

const caseFrom = ` FROM cases c
	JOIN persons p ON p.id = c.person_id
	JOIN organisations prov ON prov.id = c.provider_id
	JOIN locations l ON l.id = c.location_id
	LEFT JOIN organisations sp ON sp.id = c.sponsor_id
	LEFT JOIN users cw ON cw.id = c.caseworker_id
	LEFT JOIN programme_phases ph ON ph.id = c.phase_id`

func scanCase(s scanner) (teilhabe.Case, error) {
	var c teilhabe.Case
	var shared, jobSeeking, unlimited, easy int
	var first, infoDue, infoHeld, nextDue, issued, validUntil, eligOn, signed, start, end, birth dbDate
	var created dbTime
	var merk, barriers, reasons string
	var lastContact, phaseSince, exitOn, laterDue, laterOn dbDate
	e := &c.Eligibility
	err := s.Scan(&c.ID, &c.ProgrammeID, &c.ProviderID, &c.LocationID, &c.SponsorID, &shared,
		&e.LegalDomain, &e.CustomerNumber, &c.Origin, &c.Channel, &c.StartedBy, &c.AnnouncementReason,
		&first, &infoDue, &infoHeld, &c.Stage, &nextDue, &c.ClosedReason, &c.ClosedNote,
		&jobSeeking, &e.Kind, &e.GdB, &e.ProofKind, &issued,
		&validUntil, &unlimited, &merk, &barriers, &reasons, &eligOn,
		&signed, &easy, &start, &end, &c.CaseworkerID,
		&c.Version, &created,
		&c.Person.ID, &c.Person.FirstName, &c.Person.LastName, &birth, &c.Person.Phone, &c.Person.Email,
		&c.Person.Street, &c.Person.Postcode, &c.Person.City,
		&c.ProviderName, &c.LocationName, &c.SponsorName, &c.CaseworkerName, &c.LocationStreet, &c.LocationPostcode, &c.LocationCity,
		&lastContact, &c.PhaseID, &c.PhaseName, &phaseSince,
		&exitOn, &c.ExitKind, &c.ExitGoodCause, &c.ExitDestination, &laterDue, &c.Later.Destination, &laterOn,
		&c.Later.Source)
	if err = notFound(err); err != nil {
		return c, err
	}
	c.SharedWithSponsor = shared == 1
	e.JobSeeking, e.ProofUnlimited, c.EasyLanguageCopy = jobSeeking == 1, unlimited == 1, easy == 1
	e.SponsorID = c.SponsorID
	c.FirstContactOn, c.InfoDueOn, c.InfoHeldOn, c.NextDueOn = first.t, infoDue.t, infoHeld.t, nextDue.t
	e.ProofIssued, e.ProofValidUntil, c.EligibilityOn, c.ContractSignedOn = issued.t, validUntil.t, eligOn.t, signed.t
	c.AssignmentStart, c.AssignmentEnd, c.Person.BirthDate, c.CreatedAt = start.t, end.t, birth.t, created.t
	c.LastContactOn, c.PhaseSince, c.ExitOn = lastContact.t, phaseSince.t, exitOn.t
	c.LaterDue, c.Later.On = laterDue.t, laterOn.t
	e.Merkzeichen = splitCodes[teilhabe.Merkzeichen](merk)
	e.Barriers = splitCodes[teilhabe.Barrier](barriers)
	c.IneligibleReasons = splitCodes[teilhabe.IneligibleReason](reasons)
	return c, nil
}

// caseInScope loads case id if a may see it, else teilhabe.ErrNotFound.
func (t *tx) caseInScope(ctx context.Context, a teilhabe.Actor, id int64) (teilhabe.Case, error) {
	where, args := scopeSQL(a)
	c, err := scanCase(t.queryRow(ctx, `SELECT `+caseColumns+caseFrom+` WHERE c.id = ? AND `+where, append([]any{id}, args...)...))
	if err != nil {
		return c, err
	}
	// The query and the rule must agree; if they ever do not, the rule wins.
	if !teilhabe.CanReadCase(a, c.Scope()) {
		return teilhabe.Case{}, teilhabe.ErrNotFound
	}
	return c, nil
}

// caseByID loads case id whoever may see it, for what teilhabe does on
// its own (serving the waiting list).
func (t *tx) caseByID(ctx context.Context, id int64) (teilhabe.Case, error) {
	return scanCase(t.queryRow(ctx, `SELECT `+caseColumns+caseFrom+` WHERE c.id = ?`, id))
}

// CaseDetail is everything the case page shows.
type CaseDetail struct {
	Case         teilhabe.Case
	Appointments []teilhabe.Appointment
	Consents     []teilhabe.Consent
	Messages     []teilhabe.Message
	Events       []teilhabe.Event
	// Notes are the contact notes the reader may see, newest contact
	// first; Phases the case's phases, the current one first.
	Notes  []teilhabe.ContactNote
	Phases []teilhabe.CasePhase
	// Modules are the case's modules with their sessions counted.
	Modules []teilhabe.CaseModule
	// Plan is the last agreed version of the support plan, Draft the draft
	// (provider staff only); nil where there is none.
	Plan, Draft *teilhabe.Plan
	// Prospects and Placements are the case's placement prospects and
	// placements in the order recorded.
	Prospects  []teilhabe.Prospect
	Placements []teilhabe.Placement
	// FollowUps are the follow-ups of the placements that count.
	FollowUps []teilhabe.FollowUp
	// Waiting is where a case on a waiting list stands; nil otherwise.
	Waiting *Waiting
	// Attendance are the months of the assignment, the latest first;
	// for the sponsor, the months whose message is sent.
	Attendance []AttendanceMonth
	// FinalReports are the versions of the final report the reader may
	// read, in order: the sent ones and, for provider staff, the draft.
	FinalReports []teilhabe.FinalReport
}

// ModuleSessions returns the sessions of case module id, in date order.
func (d CaseDetail) ModuleSessions(id int64) []teilhabe.Appointment {
	var list []teilhabe.Appointment
	for _, ap := range d.Appointments {
		if ap.ModuleID == id && ap.Kind == teilhabe.AppointmentModuleSession {
			list = append(list, ap)
		}
	}
	return list
}

// OpenExtension returns the extension request that waits for the sponsor,
// or nil.
func (d CaseDetail) OpenExtension() *teilhabe.Message {
	for i := range d.Messages {
		if m := &d.Messages[i]; m.Kind == teilhabe.MsgExtensionRequest && m.Open() {
			return m
		}
	}
	return nil
}

// Booked returns the booked appointment of kind, or nil.
func (d CaseDetail) Booked(kind teilhabe.AppointmentKind) *teilhabe.Appointment {
	for i := range d.Appointments {
		if ap := &d.Appointments[i]; ap.Kind == kind && ap.Status == teilhabe.OutcomeBooked {
			return ap
		}
	}
	return nil
}

// FindCaseByID returns a case with its appointments, consents, messages and
// timeline, if a may see it; otherwise teilhabe.ErrNotFound. Internal notes
// are left out for those who may not read them (teilhabe.CanSeeInternalNotes).
// The view is written to the audit log.
func (db *DB) FindCaseByID(ctx context.Context, a teilhabe.Actor, id int64) (CaseDetail, error) {
	var d CaseDetail
	err := db.read(ctx, func(t *tx) error {
		var err error
		d.Case, err = t.caseInScope(ctx, a, id)
		if err != nil {
			return err
		}
		if d.Appointments, err = t.appointments(ctx, id); err != nil {
			return err
		}
		if d.Consents, err = t.consents(ctx, id); err != nil {
			return err
		}
		if d.Messages, err = t.caseMessages(ctx, id); err != nil {
			return err
		}
		if d.Waiting, err = t.waiting(ctx, d.Case); err != nil {
			return err
		}
		if d.Attendance, err = t.attendanceMonths(ctx, d.Case, db.Today()); err != nil {
			return err
		}
		if !a.Role.IsProviderSide() {
			d.Attendance = slices.DeleteFunc(d.Attendance, func(m AttendanceMonth) bool { return m.Sent.IsZero() })
		}
		if d.Events, err = t.events(ctx, id, teilhabe.CanSeeInternalNotes(a)); err != nil {
			return err
		}
		if d.Notes, err = t.notes(ctx, a, id); err != nil {
			return err
		}
		d.Events = mergeEvents(d.Events, noteEvents(d.Notes))
		if d.Phases, err = t.casePhases(ctx, id); err != nil {
			return err
		}
		if d.Modules, err = t.caseModules(ctx, id); err != nil {
			return err
		}
		if d.Plan, d.Draft, err = t.casePlans(ctx, a, id); err != nil {
			return err
		}
		if d.Prospects, err = t.prospects(ctx, id); err != nil {
			return err
		}
		if d.Placements, d.FollowUps, err = t.placements(ctx, a, id); err != nil {
			return err
		}
		d.FinalReports, err = t.finalReports(ctx, a, id)
		return err
	})
	if err != nil {
		return CaseDetail{}, err
	}
	return d, db.logRead(ctx, a, caseAudit(teilhabe.AuditCaseViewed, d.Case, ""))
}

// CaseVersion returns the version of a case in a's scope, for callers that
// act on a case without showing it (the demo generator). It is not a view
// of personal data and is not logged.
func (db *DB) CaseVersion(ctx context.Context, a teilhabe.Actor, id int64) (int, error) {
	scope, args := scopeSQL(a)
	var v int
	err := db.read(ctx, func(t *tx) error {
		return notFound(t.queryRow(ctx, `SELECT c.version FROM cases c WHERE c.id = ? AND `+scope, append([]any{id}, args...)...).Scan(&v))
	})
	return v, err
}

func (t *tx) createPerson(ctx context.Context, programmeID int64, p teilhabe.Person) (int64, error) {
	return t.insert(ctx, `INSERT INTO persons (programme_id, first_name, last_name, name_key, birth_date, phone, email,
		street, postcode, city, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		programmeID, strings.TrimSpace(p.FirstName), strings.TrimSpace(p.LastName), teilhabe.NameKey(p.FirstName, p.LastName),
		date(p.BirthDate), strings.TrimSpace(p.Phone), strings.TrimSpace(p.Email), strings.TrimSpace(p.Street),
		p.Postcode, strings.TrimSpace(p.City), ts(t.now))
}

func (t *tx) createCase(ctx context.Context, c teilhabe.Case) (int64, error) {
	c.NextDueOn = teilhabe.NextDue(c, time.Time{})
	if err := t.countStage(ctx, c.ProgrammeID, c.LocationID, c.Stage, 1); err != nil {
		return 0, err
	}
	return t.insert(ctx, `INSERT INTO cases (programme_id, person_id, provider_id, location_id, sponsor_id, shared_with_sponsor,
		legal_domain, customer_number, origin, channel, started_by, announcement_reason, first_contact_on, info_due_on,
		stage, next_due_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ProgrammeID, c.Person.ID, c.ProviderID, c.LocationID, nullID(c.SponsorID), boolInt(c.SharedWithSponsor),
		c.Eligibility.LegalDomain, c.Eligibility.CustomerNumber, c.Origin, c.Channel, c.StartedBy, c.AnnouncementReason,
		date(c.FirstContactOn), date(c.InfoDueOn), c.Stage, date(c.NextDueOn), ts(t.now), ts(t.now))
}
