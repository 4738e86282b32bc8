package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"teilhabe"
)

// The exit of a participation and the notices the sponsor takes note of.

// RecordExit ends the participation of case id with exit in: its day,
// kind, reason of the programme's catalogue and destination
// (teilhabe.Exit.Validate). In the same transaction it cancels the
// appointments booked after the exit day, sends the sponsor the exit and
// destination notice, which waits until the sponsor takes note, and, for
// an early exit, frees the place the assignment took in its year, which
// goes to the next case on the location's waiting list.
// Who: provider staff of the case (teilhabe.CanWorkCase).
func (db *DB) RecordExit(ctx context.Context, a teilhabe.Actor, id int64, version int, in teilhabe.Exit) error {
	today := db.Today()
	cmd := command{action: teilhabe.ActExit, may: teilhabe.CanWorkCase, audit: teilhabe.AuditExited}
	return db.changeCase(ctx, a, id, version, cmd, func(ctx context.Context, ch *change) error {
		prog, err := ch.t.programme(ctx, ch.c.ProgrammeID)
		if err != nil {
			return err
		}
		if err := in.Validate(ch.c, prog, today); err != nil {
			return err
		}
		if _, err := ch.t.exec(ctx, `UPDATE appointments SET status = ? WHERE case_id = ? AND status = ? AND on_date > ?`,
			teilhabe.OutcomeCancelled, ch.c.ID, teilhabe.OutcomeBooked, date(in.On)); err != nil {
			return err
		}
		if !in.Reason.Integration() {
			if err := ch.endFollowUpsOnExit(ctx, in.On); err != nil {
				return err
			}
		}
		ch.close(string(in.Reason), in.Note)
		ch.set.add("exit_on", date(in.On))
		ch.set.add("exit_kind", in.Kind)
		ch.set.add("exit_good_cause", in.GoodCause)
		ch.set.add("exit_destination", in.Destination)
		ch.set.add("later_due_on", date(teilhabe.LaterDue(in.On)))
		ch.event(teilhabe.Event{Kind: teilhabe.EventExited, On: in.On,
			Codes: []string{string(in.Reason), string(in.Destination)}})
		ch.detail = string(in.Reason)
		if ch.c.SponsorID != 0 {
			// The notice carries codes only; the note explains an "other"
			// reason and goes with it.
			err := ch.t.send(ctx, a, ch.c, teilhabe.Message{Kind: teilhabe.MsgExit, Awaiting: teilhabe.SideSponsor,
				Status: teilhabe.StatusOpen, ReasonCode: string(in.Reason), On: in.On, Note: strings.TrimSpace(in.Note),
				Codes: []string{string(in.Kind), string(in.Destination), string(in.GoodCause)}})
			if err != nil {
				return err
			}
		}
		if in.Kind == teilhabe.ExitEarly && !ch.c.AssignmentStart.IsZero() {
			year := ch.c.AssignmentStart.Year()
			if err := ch.t.countYear(ctx, ch.c, year, yearCounts{freed: 1}); err != nil {
				return err
			}
			if year == today.Year() {
				ch.after = func(ctx context.Context) error { return ch.t.promoteWaiting(ctx, a, ch.c.LocationID) }
			}
		}
		return nil
	})
}

// AcknowledgeNotice records that the sponsor took note of notice
// messageID about case id: a placement, an exit or a final report
// (teilhabe.Message.IsNotice). A notice already acknowledged, or a
// message of another kind, is a conflict.
// Who: the sponsor's caseworkers of the case (teilhabe.CanAcknowledgeNotice).
func (db *DB) AcknowledgeNotice(ctx context.Context, a teilhabe.Actor, id, messageID int64) error {
	cmd := command{may: teilhabe.CanAcknowledgeNotice, audit: teilhabe.AuditNoticeAcknowledged, adds: true}
	return db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		var kind teilhabe.MessageKind
		kinds := teilhabe.NoticeKinds()
		err := ch.t.queryRow(ctx, `SELECT kind FROM messages WHERE id = ? AND case_id = ? AND awaiting = ? AND kind IN (`+
			inList(len(kinds))+`)`, append([]any{messageID, ch.c.ID, teilhabe.SideSponsor}, anys(kinds)...)...).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) {
			return teilhabe.Conflict("err.nothing_to_acknowledge")
		}
		if err != nil {
			return err
		}
		if _, err := ch.t.exec(ctx, `UPDATE messages SET awaiting = ?, status = ?, answered_at = ?, answered_by = ? WHERE id = ?`,
			teilhabe.SideNone, teilhabe.StatusNoted, ts(ch.t.now), nullID(a.UserID), messageID); err != nil {
			return err
		}
		ch.event(teilhabe.Event{Kind: teilhabe.EventNoticeAcknowledged, Codes: []string{string(kind)}})
		ch.detail = string(kind)
		return nil
	})
}

// RecordLaterDestination records where the participant of exited case id
// was six months after the exit (teilhabe.LaterDestination.Validate),
// once: the figure of the integration rate.
// Who: provider staff of the case (teilhabe.CanWorkCase).
func (db *DB) RecordLaterDestination(ctx context.Context, a teilhabe.Actor, id int64, in teilhabe.LaterDestination) error {
	today := db.Today()
	cmd := command{may: teilhabe.CanWorkCase, audit: teilhabe.AuditLaterDestination, adds: true}
	return db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		switch {
		case ch.c.Stage != teilhabe.StageExited:
			return teilhabe.Conflict("err.later_not_exited")
		case ch.c.Later.Recorded():
			return teilhabe.Conflict("err.later_recorded")
		}
		if err := in.Validate(ch.c, today); err != nil {
			return err
		}
		res, err := ch.t.exec(ctx, `UPDATE cases SET later_destination = ?, later_on = ?, later_source = ?
			WHERE id = ? AND later_destination = ''`, in.Destination, date(in.On), in.Source, ch.c.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return teilhabe.Conflict("err.later_recorded") // recorded meanwhile
		}
		ch.event(teilhabe.Event{Kind: teilhabe.EventLaterDestination, On: in.On, Codes: []string{string(in.Destination)}})
		ch.detail = string(in.Destination)
		return nil
	})
}
