package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"teilhabe"
)

// RequestAssignment asks the responsible sponsor to assign the case. If the
// location has no free place in the current year, the request joins the
// location's waiting list instead; the sponsor sees it either way.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) RequestAssignment(ctx context.Context, a teilhabe.Actor, id int64, version int, in teilhabe.AssignmentRequest) (waiting bool, err error) {
	if err := in.Validate(); err != nil {
		return false, err
	}
	cmd := command{action: teilhabe.ActRequestAssignment, may: teilhabe.CanWorkCase, audit: teilhabe.AuditAssignmentRequested}
	err = db.changeCase(ctx, a, id, version, cmd, func(ctx context.Context, ch *change) error {
		// Those already waiting come first: a place freed by a new year
		// or more places goes to them before this request is counted.
		if err := ch.t.promoteWaiting(ctx, a, ch.c.LocationID); err != nil {
			return err
		}
		free, err := ch.t.freePlaces(ctx, ch.c.LocationID)
		if err != nil {
			return err
		}
		status, kind := teilhabe.StatusOpen, teilhabe.EventAssignmentRequested
		if free <= 0 {
			waiting, status, kind = true, teilhabe.StatusWaiting, teilhabe.EventWaitingList
			if ch.to, err = teilhabe.Next(ch.c.Stage, teilhabe.ActWaitlist); err != nil {
				return err
			}
		}
		if err := ch.t.send(ctx, a, ch.c, teilhabe.Message{Kind: teilhabe.MsgAssignmentRequest, Awaiting: teilhabe.SideSponsor,
			Status: status, Note: strings.TrimSpace(in.Note)}); err != nil {
			return err
		}
		ch.set.add("shared_with_sponsor", 1)
		ch.event(teilhabe.Event{Kind: kind, Text: ch.c.SponsorName})
		ch.detail = string(ch.to)
		return nil
	})
	return waiting, err
}

// Assign assigns the case: start, planned end (by default the programme's
// length) and the responsible caseworker of the sponsor. A request on the
// waiting list must get a place first.
// Who: the case's sponsor (teilhabe.CanDecideForSponsor). Errors: see the
// package documentation.
func (db *DB) Assign(ctx context.Context, a teilhabe.Actor, id int64, version int, in teilhabe.Assignment) error {
	if err := in.Validate(db.Today()); err != nil {
		return err
	}
	cmd := command{action: teilhabe.ActAssign, may: teilhabe.CanDecideForSponsor, audit: teilhabe.AuditAssigned}
	return db.changeCase(ctx, a, id, version, cmd, func(ctx context.Context, ch *change) error {
		prog, err := ch.t.programme(ctx, ch.c.ProgrammeID)
		if err != nil {
			return err
		}
		in := in.WithDefaults(prog, a)
		cw, err := ch.t.userByID(ctx, in.CaseworkerID)
		if err != nil || cw.OrgID != ch.c.SponsorID || cw.Role != teilhabe.RoleSponsorCaseworker || !cw.Active {
			return teilhabe.Invalid("caseworker", "err.choose")
		}
		if err := ch.t.countYear(ctx, ch.c, in.Start.Year(), yearCounts{assigned: 1}); err != nil {
			return err
		}
		ch.c.AssignmentStart, ch.c.AssignmentEnd = in.Start, in.End
		ch.set.add("assignment_start", date(in.Start))
		ch.set.add("assignment_end", date(in.End))
		ch.set.add("caseworker_id", in.CaseworkerID)
		if err := ch.t.answer(ctx, a, ch.c.ID, teilhabe.MsgAssignmentRequest, teilhabe.StatusAccepted); err != nil {
			return err
		}
		if err := ch.t.send(ctx, a, ch.c, teilhabe.Message{Kind: teilhabe.MsgAssignmentReply, Awaiting: teilhabe.SideNone,
			Status: teilhabe.StatusAccepted, On: in.Start, ProposedEnd: in.End}); err != nil {
			return err
		}
		ch.event(teilhabe.Event{Kind: teilhabe.EventAssigned, On: in.Start, Until: in.End})
		return nil
	})
}

// RefuseAssignment refuses an assignment request (or a waiting one) with a
// coded reason. The place it held goes to the first case on the location's
// waiting list, whose request then reaches its sponsor.
// Who: the case's sponsor (teilhabe.CanDecideForSponsor). Errors: see the
// package documentation.
func (db *DB) RefuseAssignment(ctx context.Context, a teilhabe.Actor, id int64, version int, in teilhabe.Closure[teilhabe.RefuseReason]) error {
	if err := in.Validate(); err != nil {
		return err
	}
	cmd := command{action: teilhabe.ActRefuseAssignment, may: teilhabe.CanDecideForSponsor, audit: teilhabe.AuditAssignmentRefused}
	return db.changeCase(ctx, a, id, version, cmd, func(ctx context.Context, ch *change) error {
		if err := ch.t.answer(ctx, a, ch.c.ID, teilhabe.MsgAssignmentRequest, teilhabe.StatusDeclined); err != nil {
			return err
		}
		if err := ch.t.send(ctx, a, ch.c, teilhabe.Message{Kind: teilhabe.MsgAssignmentReply, Awaiting: teilhabe.SideNone,
			Status: teilhabe.StatusDeclined, ReasonCode: string(in.Reason), Note: strings.TrimSpace(in.Note)}); err != nil {
			return err
		}
		ch.close(string(in.Reason), in.Note)
		ch.event(teilhabe.Event{Kind: teilhabe.EventAssignmentRefused, Codes: []string{string(in.Reason)}})
		ch.detail = string(in.Reason)
		if ch.c.Stage == teilhabe.StageAssignmentRequested {
			// The request held a place: it goes to the next one waiting.
			ch.after = func(ctx context.Context) error { return ch.t.promoteWaiting(ctx, a, ch.c.LocationID) }
		}
		return nil
	})
}

// RequestExtension asks the sponsor to extend an assignment. One request
// may be open at a time; it refers to the last agreed version of the
// support plan, if there is one.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) RequestExtension(ctx context.Context, a teilhabe.Actor, id int64, version int, in teilhabe.ExtensionRequest) error {
	if err := in.Validate(); err != nil {
		return err
	}
	cmd := command{action: teilhabe.ActRequestExtension, may: teilhabe.CanWorkCase, audit: teilhabe.AuditExtensionRequested}
	return db.changeCase(ctx, a, id, version, cmd, func(ctx context.Context, ch *change) error {
		if err := in.CheckEnd(ch.c.AssignmentEnd); err != nil {
			return err
		}
		var open int
		if err := ch.t.queryRow(ctx, `SELECT COUNT(*) FROM messages WHERE case_id = ? AND kind = ? AND awaiting <> ?`,
			ch.c.ID, teilhabe.MsgExtensionRequest, teilhabe.SideNone).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return teilhabe.Conflict("err.extension_open")
		}
		// The request refers to the plan in force: the sponsor reads it.
		planID, err := ch.t.currentPlanID(ctx, ch.c.ID)
		if err != nil {
			return err
		}
		if err := ch.t.send(ctx, a, ch.c, teilhabe.Message{Kind: teilhabe.MsgExtensionRequest, Awaiting: teilhabe.SideSponsor,
			Status: teilhabe.StatusOpen, Note: strings.TrimSpace(in.Reason), ProposedEnd: in.ProposedEnd, PlanID: planID}); err != nil {
			return err
		}
		ch.event(teilhabe.Event{Kind: teilhabe.EventExtensionRequested, On: in.ProposedEnd})
		return nil
	})
}

// DecideExtension answers the open extension request of a case: approving
// moves the planned end to in.End (zero: the proposed end), refusing keeps
// it and needs a note.
// Who: the case's sponsor (teilhabe.CanDecideForSponsor). Errors: see the
// package documentation.
func (db *DB) DecideExtension(ctx context.Context, a teilhabe.Actor, id int64, version int, in teilhabe.ExtensionDecision) error {
	if err := in.Validate(); err != nil {
		return err
	}
	cmd := command{action: teilhabe.ActDecideExtension, may: teilhabe.CanDecideForSponsor, audit: teilhabe.AuditExtensionDeclined}
	if in.Decision == teilhabe.Approve {
		cmd.audit = teilhabe.AuditExtensionAccepted
	}
	return db.changeCase(ctx, a, id, version, cmd, func(ctx context.Context, ch *change) error {
		var proposed dbDate
		err := ch.t.queryRow(ctx, `SELECT proposed_end FROM messages WHERE case_id = ? AND kind = ? AND awaiting = ?`,
			ch.c.ID, teilhabe.MsgExtensionRequest, teilhabe.SideSponsor).Scan(&proposed)
		if errors.Is(err, sql.ErrNoRows) {
			return teilhabe.Conflict("err.no_extension_open")
		}
		if err != nil {
			return err
		}
		if in.End.IsZero() {
			in.End = proposed.t
		}
		if err := in.CheckEnd(ch.c.AssignmentEnd); err != nil {
			return err
		}
		reply := teilhabe.Message{Kind: teilhabe.MsgExtensionReply, Awaiting: teilhabe.SideNone, Status: teilhabe.StatusDeclined,
			Note: strings.TrimSpace(in.Note)}
		event := teilhabe.Event{Kind: teilhabe.EventExtensionRefused}
		if in.Decision == teilhabe.Approve {
			ch.c.AssignmentEnd = in.End
			ch.set.add("assignment_end", date(in.End))
			reply.Status, reply.ProposedEnd = teilhabe.StatusAccepted, in.End
			event = teilhabe.Event{Kind: teilhabe.EventExtensionApproved, On: in.End}
		}
		if err := ch.t.answer(ctx, a, ch.c.ID, teilhabe.MsgExtensionRequest, reply.Status); err != nil {
			return err
		}
		if err := ch.t.send(ctx, a, ch.c, reply); err != nil {
			return err
		}
		ch.event(event)
		return nil
	})
}

// FindCaseworkers lists the active caseworkers of a's sponsor, for the
// assignment form. Only that sponsor's caseworkers may ask
// (teilhabe.CanListCaseworkers).
func (db *DB) FindCaseworkers(ctx context.Context, a teilhabe.Actor) ([]teilhabe.User, error) {
	if !teilhabe.CanListCaseworkers(a) {
		return nil, teilhabe.ErrNotFound
	}
	var list []teilhabe.User
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = queryAll(ctx, t, scanUser, `SELECT `+userColumns+userFrom+` WHERE u.organisation_id = ? AND u.role = ?
			AND u.active = 1 ORDER BY u.name`, a.OrgID, teilhabe.RoleSponsorCaseworker)
		return err
	})
	return list, err
}
