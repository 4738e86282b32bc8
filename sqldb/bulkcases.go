package sqldb

import (
	"fmt"
	"strings"
	"time"

	"teilhabe"
)

// CaseRecord is one case as Bulk writes it: the case as it stands, with its
// person, and the history the journey's store methods would have written
// on the way there.
type CaseRecord struct {
	// Case is the case with every column the journey set: stage, dates,
	// eligibility, assignment, NextDueOn (teilhabe.NextDue), Version,
	// CreatedAt. Its ID and its person's ID are assigned by Bulk.Case.
	Case teilhabe.Case
	// UpdatedAt is when the last journey command saved the case.
	UpdatedAt    time.Time
	Appointments []AppointmentRecord
	Consents     []ConsentRecord
	Messages     []MessageRecord
	Events       []EventRecord
	// Notes are the case's contact notes, as AddNote writes them; the
	// case's LastContactOn is the caller's to set.
	Notes []NoteRecord
	// Phases are the phases the case went through, in order; the case's
	// PhaseID and PhaseSince name the last one.
	Phases []PhaseRecord
	// Prospects are the case's placement prospects, in the order
	// recorded, as RecordProspect writes them.
	Prospects []ProspectRecord
	// Placements are the case's placements, in the order recorded, with
	// the state their follow-up reached. Bulk writes the audit entry of
	// each prospect and placement, whose detail names its id.
	Placements []PlacementRecord
	// Audit are the case's audit entries; the generator keeps to the
	// important ones, not one per event.
	Audit []CaseAuditRecord
}

// ProspectRecord is a placement prospect recorded by By at At, towards
// an employer of Bulk.Employer (Prospect.EmployerID).
type ProspectRecord struct {
	teilhabe.Prospect
	At time.Time
	By teilhabe.Actor
}

// PlacementRecord is a placement recorded by By at At and the state its
// follow-up reached, as RecordPlacement, RecordFollowUpContact,
// CheckSustainability, EndFollowUp and RecordExit leave the columns:
// NextFollowUpOn while follow-up runs, SustainDueOn while the check is
// open, SustainMarkOn the six-month mark of a placement that counts,
// Check the sustainability check if taken (zero Result if not), Ended its
// end if it ended; Placement.Lost the day a job was lost.
type PlacementRecord struct {
	teilhabe.Placement
	At                                          time.Time
	By                                          teilhabe.Actor
	NextFollowUpOn, SustainDueOn, SustainMarkOn time.Time
	Check                                       teilhabe.SustainabilityCheck
	Ended                                       teilhabe.FollowUpEnd
	Contacts                                    []FollowUpContactRecord
}

// FollowUpContactRecord is a follow-up contact recorded by By at At.
type FollowUpContactRecord struct {
	teilhabe.FollowUpContact
	At time.Time
	By teilhabe.Actor
}

// AppointmentRecord is an appointment as booked at BookedAt by By, with
// the status it has now.
type AppointmentRecord struct {
	teilhabe.Appointment
	BookedAt time.Time
	By       teilhabe.Actor
}

// ConsentRecord is a consent recorded at At.
type ConsentRecord struct {
	teilhabe.Consent
	At time.Time
}

// MessageRecord is a message sent by By at Message.CreatedAt and, if
// answered, answered by AnsweredBy at Message.AnsweredAt. Its sponsor,
// provider and location are the case's.
type MessageRecord struct {
	teilhabe.Message
	By         teilhabe.Actor
	AnsweredBy teilhabe.Actor
}

// EventRecord is a timeline event written by By at Event.At; the actor
// name shown is By's (teilhabe.Actor.DisplayName), as the store writes it.
type EventRecord struct {
	teilhabe.Event
	By teilhabe.Actor
}

// NoteRecord is a contact note written by By at Note.CreatedAt.
type NoteRecord struct {
	Note teilhabe.ContactNote
	By   teilhabe.Actor
}

// PhaseRecord is a phase a case entered on BeganOn, set by By at SetAt.
type PhaseRecord struct {
	PhaseID int64
	BeganOn time.Time
	SetAt   time.Time
	By      teilhabe.Actor
}

// CaseAuditRecord is an audit entry about the case: Action (such as
// "case.created") by By at At. SponsorID is the case's sponsor at that
// moment, 0 before one was named.
type CaseAuditRecord struct {
	At        time.Time
	By        teilhabe.Actor
	Action    teilhabe.AuditAction
	Detail    string
	SponsorID int64
}

// Case buffers case r.Case with its person and history, and returns the
// case's id. It reports the load's first error, if a write failed.
func (b *Bulk) Case(r *CaseRecord) (int64, error) {
	if err := b.Err(); err != nil {
		return 0, err
	}
	c := &r.Case
	p := c.Person
	created := ts(c.CreatedAt)
	c.Person.ID = b.add(bulkPersons, nil, c.ProgrammeID, strings.TrimSpace(p.FirstName), strings.TrimSpace(p.LastName),
		teilhabe.NameKey(p.FirstName, p.LastName), date(p.BirthDate), strings.TrimSpace(p.Phone), strings.TrimSpace(p.Email),
		strings.TrimSpace(p.Street), p.Postcode, strings.TrimSpace(p.City), created)

	e := c.Eligibility
	var jobSeeking, gdb any // NULL until the eligibility check, as the journey leaves them
	if !c.EligibilityOn.IsZero() {
		jobSeeking, gdb = boolInt(e.JobSeeking), nullInt(e.GdB)
	}
	c.ID = b.add(bulkCases, nil, c.ProgrammeID, c.Person.ID, c.ProviderID, c.LocationID, nullID(c.SponsorID),
		boolInt(c.SharedWithSponsor), e.LegalDomain, strings.TrimSpace(e.CustomerNumber), c.Origin, c.Channel, c.StartedBy,
		strings.TrimSpace(c.AnnouncementReason), date(c.FirstContactOn), date(c.InfoDueOn), date(c.InfoHeldOn), c.Stage,
		date(c.NextDueOn), c.ClosedReason, strings.TrimSpace(c.ClosedNote), jobSeeking, e.Kind, gdb, e.ProofKind,
		date(e.ProofIssued), date(e.ProofValidUntil), boolInt(e.ProofUnlimited), joinCodes(e.Merkzeichen),
		joinCodes(e.Barriers), joinCodes(c.IneligibleReasons), date(c.EligibilityOn), date(c.ContractSignedOn),
		boolInt(c.EasyLanguageCopy), date(c.AssignmentStart), date(c.AssignmentEnd), nullID(c.CaseworkerID), c.Version,
		created, ts(r.UpdatedAt), date(c.LastContactOn), nullID(c.PhaseID), date(c.PhaseSince), date(c.ExitOn), c.ExitKind,
		c.ExitGoodCause, c.ExitDestination, date(c.LaterDue), c.Later.Destination, date(c.Later.On), c.Later.Source)

	for _, ap := range r.Appointments {
		b.add(bulkAppointments, nil, c.ID, ap.Kind, date(ap.On), ap.At, ap.Mode, nullID(ap.LocationID),
			joinCodes(ap.Needs), strings.TrimSpace(ap.Note), ap.Status, ts(ap.BookedAt), nullID(ap.By.UserID))
	}
	for _, cs := range r.Consents {
		b.add(bulkConsents, nil, c.ID, cs.Scope, strings.TrimSpace(cs.Recipient), date(cs.GivenOn), date(cs.RevokedOn), ts(cs.At))
	}
	for _, m := range r.Messages {
		if m.Awaiting == teilhabe.SideNone && m.AnsweredAt.IsZero() {
			m.AnsweredAt, m.AnsweredBy = m.CreatedAt, m.By // a reply is settled when it is sent
		}
		answeredBy := any(nil)
		if !m.AnsweredAt.IsZero() {
			answeredBy = nullID(m.AnsweredBy.UserID)
		}
		b.add(bulkMessages, nil, c.ProgrammeID, c.ID, m.Kind, c.SponsorID, c.ProviderID, c.LocationID, m.Awaiting, m.Status,
			m.ReasonCode, strings.TrimSpace(m.Note), date(m.On), date(m.ProposedEnd), ts(m.CreatedAt), nullID(m.By.UserID),
			ts(m.AnsweredAt), answeredBy, strings.Join(m.Codes, ","))
	}
	for _, ev := range r.Events {
		b.add(bulkEvents, nil, c.ID, ts(ev.At), nullID(ev.By.UserID), ev.By.DisplayName(), ev.Kind, boolInt(ev.Internal),
			ev.Text, date(ev.On), date(ev.Until), ev.Time, joinCodes(ev.Codes))
	}
	for _, n := range r.Notes {
		b.add(bulkNotes, nil, c.ID, date(n.Note.On), n.Note.Channel, n.Note.Visibility, strings.TrimSpace(n.Note.Text),
			ts(n.Note.CreatedAt), nullID(n.By.UserID), n.By.DisplayName(), 1)
	}
	for _, ph := range r.Phases {
		b.add(bulkCasePhases, nil, c.ID, ph.PhaseID, date(ph.BeganOn), ts(ph.SetAt), nullID(ph.By.UserID), ph.By.DisplayName())
	}
	for _, pr := range r.Prospects {
		id := b.add(bulkProspects, nil, c.ID, pr.Kind, date(pr.On), nullID(pr.EmployerID), strings.TrimSpace(pr.Note),
			ts(pr.At), nullID(pr.By.UserID), pr.By.DisplayName())
		detail := fmt.Sprintf("prospect %d", id)
		if pr.EmployerID != 0 {
			detail += fmt.Sprintf(", employer %d", pr.EmployerID)
		}
		b.audit(pr.By, pr.At, auditEntry{action: teilhabe.AuditProspectRecorded, objectType: "case", objectID: c.ID,
			caseID: c.ID, providerID: c.ProviderID, sponsorID: c.SponsorID, detail: detail})
	}
	for _, pl := range r.Placements {
		ck := pl.Check
		id := b.add(bulkPlacements, nil, c.ID, pl.Kind, nullID(pl.EmployerID), strings.TrimSpace(pl.JobTitle), date(pl.Start),
			pl.Hours, date(pl.FixedEnd), pl.Subsidy, pl.SubsidyPercent, pl.SubsidyMonths, boolInt(pl.Integrationsamt),
			boolInt(pl.IFD), strings.TrimSpace(pl.Note), ts(pl.At), nullID(pl.By.UserID), pl.By.DisplayName(),
			date(pl.NextFollowUpOn), date(pl.SustainDueOn), date(pl.SustainMarkOn), ck.Result, date(ck.On), ck.Source,
			strings.TrimSpace(ck.Note), date(pl.Ended.On), pl.Ended.Reason, strings.TrimSpace(pl.Ended.Note), date(pl.Lost))
		for _, fc := range pl.Contacts {
			b.add(bulkFollowUpContacts, nil, c.ID, id, date(fc.On), fc.With, fc.Mode, boolInt(fc.Crisis),
				strings.TrimSpace(fc.Problem), strings.TrimSpace(fc.Solution), ts(fc.At), nullID(fc.By.UserID), fc.By.DisplayName())
		}
		b.audit(pl.By, pl.At, auditEntry{action: teilhabe.AuditPlacementRecorded, objectType: "case", objectID: c.ID,
			caseID: c.ID, providerID: c.ProviderID, sponsorID: c.SponsorID, detail: fmt.Sprintf("placement %d", id)})
	}
	for _, au := range r.Audit {
		b.audit(au.By, au.At, auditEntry{action: au.Action, objectType: "case", objectID: c.ID, caseID: c.ID,
			providerID: c.ProviderID, sponsorID: au.SponsorID, detail: au.Detail})
	}
	b.cases++
	if b.cases >= b.batchCases {
		b.handOver()
	}
	return c.ID, b.Err()
}
