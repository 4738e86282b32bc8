package sqldb

import (
	"context"
	"strings"

	"teilhabe"
)

// RecordFirstContact creates a case in stage contacted and computes its info
// appointment deadline by the programme's rule and the location's holiday
// calendar. Provider staff only (teilhabe.CanRecordFirstContact), at a
// location they work at (teilhabe.WorkLocation, teilhabe.CanWorkAt).
//
// Unless in names a known person or confirms a new one, persons in a's
// scope with the same name and date of birth are looked for first: if there
// are any, nothing is created and they are returned (the look is logged),
// for the user to choose. A known person who still has an open case gets an
// *InvalidError on the duplicate choice.
func (db *DB) RecordFirstContact(ctx context.Context, a teilhabe.Actor, in teilhabe.FirstContact) (id int64, duplicates []CaseListItem, err error) {
	if !teilhabe.CanRecordFirstContact(a) {
		return 0, nil, teilhabe.ErrNotFound
	}
	in.LocationID = teilhabe.WorkLocation(a, in.LocationID)
	if err := in.Validate(db.Today()); err != nil {
		return 0, nil, err
	}
	err = db.inTx(ctx, func(t *tx) error {
		if in.PersonID == 0 && !in.NewPerson {
			p := in.Person
			if duplicates, err = t.duplicates(ctx, a, p.FirstName, p.LastName, p.BirthDate); err != nil {
				return err
			}
			if len(duplicates) > 0 {
				// Nothing is recorded yet: the user chooses among them.
				return t.audit(ctx, a, duplicatesAudit(duplicates))
			}
		}
		loc, err := t.location(ctx, in.LocationID)
		if err != nil || !teilhabe.CanWorkAt(a, a.ProgrammeID, loc.ProviderID, loc.ID) {
			return teilhabe.Invalid("location", "err.choose")
		}
		prog, err := t.programme(ctx, a.ProgrammeID)
		if err != nil {
			return err
		}
		personID := in.PersonID
		if personID != 0 {
			if err := t.checkPersonInScope(ctx, a, personID); err != nil {
				return err
			}
		} else if personID, err = t.createPerson(ctx, a.ProgrammeID, in.Person); err != nil {
			return err
		}
		c := teilhabe.Case{ProgrammeID: a.ProgrammeID, ProviderID: loc.ProviderID, LocationID: loc.ID,
			Origin: teilhabe.OriginSelf, Channel: in.Channel, StartedBy: a.DisplayName(), FirstContactOn: in.ContactOn,
			InfoDueOn: prog.InfoDeadline.Due(in.ContactOn, loc.State), Stage: teilhabe.StageContacted}
		c.Person.ID = personID
		if id, err = t.createCase(ctx, c); err != nil {
			return err
		}
		c.ID = id
		if err := t.addEvent(ctx, a, id, teilhabe.Event{Kind: teilhabe.EventFirstContact, Codes: []string{string(in.Channel)}}); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit(teilhabe.AuditCaseCreated, c, "first contact"))
	})
	return id, duplicates, err
}

// checkPersonInScope allows a first contact for a known person: one the
// actor sees a case of, and who has no open case.
func (t *tx) checkPersonInScope(ctx context.Context, a teilhabe.Actor, personID int64) error {
	scope, args := scopeSQL(a)
	var open, seen int
	err := t.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.next_due_on IS NOT NULL THEN 1 ELSE 0 END), 0)
		FROM cases c WHERE c.person_id = ? AND `+scope, append([]any{personID}, args...)...).Scan(&seen, &open)
	if err != nil {
		return err
	}
	if seen == 0 {
		return teilhabe.Invalid("duplicate", "err.choose")
	}
	if open > 0 {
		return teilhabe.Invalid("duplicate", "err.open_case_exists")
	}
	return nil
}

// Announce records a sponsor caseworker's announcement of a candidate: a
// case in stage announced, shared with the sponsor, and a message awaiting
// the provider. The announcement date starts the info appointment deadline.
// Sponsor caseworkers only (teilhabe.CanAnnounce), at a location of their
// programme.
func (db *DB) Announce(ctx context.Context, a teilhabe.Actor, in teilhabe.Announcement) (int64, error) {
	if !teilhabe.CanAnnounce(a) {
		return 0, teilhabe.ErrNotFound
	}
	if err := in.Validate(db.Today()); err != nil {
		return 0, err
	}
	var id int64
	err := db.inTx(ctx, func(t *tx) error {
		sponsor, err := t.organisation(ctx, a.OrgID)
		if err != nil {
			return err
		}
		loc, err := t.location(ctx, in.LocationID)
		if err != nil {
			return teilhabe.Invalid("location", "err.choose")
		}
		prov, err := t.organisation(ctx, loc.ProviderID)
		if err != nil || prov.ProgrammeID != a.ProgrammeID {
			return teilhabe.Invalid("location", "err.choose")
		}
		prog, err := t.programme(ctx, a.ProgrammeID)
		if err != nil {
			return err
		}
		personID, err := t.createPerson(ctx, a.ProgrammeID, in.Person)
		if err != nil {
			return err
		}
		on := teilhabe.Today(t.now)
		c := teilhabe.Case{ProgrammeID: a.ProgrammeID, ProviderID: prov.ID, LocationID: loc.ID, SponsorID: sponsor.ID,
			SharedWithSponsor: true, Origin: teilhabe.OriginSponsor, Channel: teilhabe.ChannelSponsor, StartedBy: a.DisplayName(),
			AnnouncementReason: strings.TrimSpace(in.Reason), FirstContactOn: on,
			InfoDueOn: prog.InfoDeadline.Due(on, loc.State), Stage: teilhabe.StageAnnounced}
		c.Eligibility.LegalDomain = sponsor.LegalDomain()
		c.Eligibility.CustomerNumber = strings.TrimSpace(in.CustomerNumber)
		c.Person.ID = personID
		if id, err = t.createCase(ctx, c); err != nil {
			return err
		}
		c.ID = id
		if err := t.send(ctx, a, c, teilhabe.Message{Kind: teilhabe.MsgAnnouncement, Awaiting: teilhabe.SideProvider,
			Status: teilhabe.StatusOpen, Note: c.AnnouncementReason}); err != nil {
			return err
		}
		if err := t.addEvent(ctx, a, id, teilhabe.Event{Kind: teilhabe.EventAnnounced, Text: sponsor.Name}); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit(teilhabe.AuditCaseAnnounced, c, ""))
	})
	return id, err
}

// ConfirmAnnouncement answers a sponsor's announcement with a confirmation
// and books the info appointment.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) ConfirmAnnouncement(ctx context.Context, a teilhabe.Actor, id int64, version int, in teilhabe.Booking) error {
	if err := in.Validate(db.Today()); err != nil {
		return err
	}
	cmd := command{action: teilhabe.ActConfirmAnnouncement, may: teilhabe.CanWorkCase, audit: teilhabe.AuditAnnouncementConfirmed}
	return db.changeCase(ctx, a, id, version, cmd, func(ctx context.Context, ch *change) error {
		if err := ch.book(ctx, teilhabe.AppointmentInfo, in); err != nil {
			return err
		}
		if err := ch.t.answer(ctx, a, ch.c.ID, teilhabe.MsgAnnouncement, teilhabe.StatusAccepted); err != nil {
			return err
		}
		return ch.t.send(ctx, a, ch.c, teilhabe.Message{Kind: teilhabe.MsgAnnouncementReply, Awaiting: teilhabe.SideNone,
			Status: teilhabe.StatusAccepted, On: in.On})
	})
}

// DeclineAnnouncement refuses a sponsor's announcement with a coded reason,
// which the sponsor sees in its inbox.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) DeclineAnnouncement(ctx context.Context, a teilhabe.Actor, id int64, version int,
	in teilhabe.Closure[teilhabe.DeclineReason]) error {
	if err := in.Validate(); err != nil {
		return err
	}
	cmd := command{action: teilhabe.ActDeclineAnnouncement, may: teilhabe.CanWorkCase, audit: teilhabe.AuditAnnouncementDeclined}
	return db.changeCase(ctx, a, id, version, cmd, func(ctx context.Context, ch *change) error {
		if err := ch.t.answer(ctx, a, ch.c.ID, teilhabe.MsgAnnouncement, teilhabe.StatusDeclined); err != nil {
			return err
		}
		// The refusal waits for the sponsor to take note of it.
		if err := ch.t.send(ctx, a, ch.c, teilhabe.Message{Kind: teilhabe.MsgAnnouncementReply, Awaiting: teilhabe.SideSponsor,
			Status: teilhabe.StatusDeclined, ReasonCode: string(in.Reason), Note: strings.TrimSpace(in.Note)}); err != nil {
			return err
		}
		ch.close(string(in.Reason), in.Note)
		ch.event(teilhabe.Event{Kind: teilhabe.EventAnnouncementDeclined, Codes: []string{string(in.Reason)}})
		ch.detail = string(in.Reason)
		return nil
	})
}

// AcknowledgeDecline records that the sponsor took note of the provider's
// refusal of its announcement: the refusal leaves the sponsor's waiting
// messages, settled, and the timeline says who took note. A refusal
// already taken note of is a *teilhabe.ConflictError.
// Who: the sponsor's caseworkers (teilhabe.CanAcknowledgeDecline). Errors:
// see the package documentation.
func (db *DB) AcknowledgeDecline(ctx context.Context, a teilhabe.Actor, id int64, version int) error {
	cmd := command{action: teilhabe.ActAcknowledgeDecline, may: teilhabe.CanAcknowledgeDecline, audit: teilhabe.AuditDeclineAcknowledged}
	return db.changeCase(ctx, a, id, version, cmd, func(ctx context.Context, ch *change) error {
		res, err := ch.t.exec(ctx, `UPDATE messages SET awaiting = ?, answered_at = ?, answered_by = ?
			WHERE case_id = ? AND kind = ? AND status = ? AND awaiting = ?`, teilhabe.SideNone, ts(ch.t.now), nullID(a.UserID),
			ch.c.ID, teilhabe.MsgAnnouncementReply, teilhabe.StatusDeclined, teilhabe.SideSponsor)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return teilhabe.Conflict("err.nothing_to_acknowledge")
		}
		ch.event(teilhabe.Event{Kind: teilhabe.EventDeclineAcknowledged})
		return nil
	})
}

// Withdraw closes a case that will not start, with a non-start reason. A
// request it held goes off the sponsor's desk, and a place it held goes to
// the next case on the location's waiting list.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) Withdraw(ctx context.Context, a teilhabe.Actor, id int64, version int, in teilhabe.Closure[teilhabe.WithdrawReason]) error {
	if err := in.Validate(); err != nil {
		return err
	}
	cmd := command{action: teilhabe.ActWithdraw, may: teilhabe.CanWorkCase, audit: teilhabe.AuditWithdrawn}
	return db.changeCase(ctx, a, id, version, cmd, func(ctx context.Context, ch *change) error {
		requested := ch.c.Stage == teilhabe.StageAssignmentRequested
		if _, err := ch.t.exec(ctx, `UPDATE appointments SET status = ? WHERE case_id = ? AND status = ?`,
			teilhabe.OutcomeCancelled, ch.c.ID, teilhabe.OutcomeBooked); err != nil {
			return err
		}
		if requested || ch.c.Stage == teilhabe.StageWaitingList {
			// The request is withdrawn: the sponsor no longer needs to act.
			if err := ch.t.answer(ctx, a, ch.c.ID, teilhabe.MsgAssignmentRequest, teilhabe.StatusWithdrawn); err != nil {
				return err
			}
		}
		ch.close(string(in.Reason), in.Note)
		ch.event(teilhabe.Event{Kind: teilhabe.EventWithdrawn, Codes: []string{string(in.Reason)}})
		ch.detail = string(in.Reason)
		if requested {
			// The place the request held goes to the next one waiting.
			ch.after = func(ctx context.Context) error { return ch.t.promoteWaiting(ctx, a, ch.c.LocationID) }
		}
		return nil
	})
}

// close records why the case closes: a code of the vocabulary of the stage
// it closes in (teilhabe.Case.Closure), and a note.
func (ch *change) close(reason, note string) {
	ch.set.add("closed_reason", reason)
	ch.set.add("closed_note", strings.TrimSpace(note))
}
