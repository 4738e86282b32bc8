package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"teilhabe"
)

// Follow-up care after a placement that counts: contacts
// (followup_contacts), the sustainability check and the end of follow-up
// (columns of case_placements). A placement's next_followup_on and
// sustain_due_on say what is due; the worklist reads them by index.

// followUpCommand is the command of every follow-up action: provider
// staff of the case add to it, on a case in coaching or after its exit
// (the job outlasts the participation).
func followUpCommand(audit teilhabe.AuditAction) command {
	return command{may: teilhabe.CanWorkCase, audit: audit, adds: true}
}

// followUpOpen reports whether a case in stage may still have follow-up
// recorded.
func followUpOpen(stage teilhabe.Stage) bool {
	return stage == teilhabe.StageActive || stage == teilhabe.StageExited
}

// placementState is a placement as the follow-up actions need it.
type placementState struct {
	teilhabe.Placement
	running, checked bool
}

// placementOf loads placement pid of the change's case, which must count
// and whose case must be in coaching or exited; any other placement is
// not found.
func (ch *change) placementOf(ctx context.Context, pid int64) (placementState, error) {
	if !followUpOpen(ch.c.Stage) {
		return placementState{}, teilhabe.Conflict("journey.need.active")
	}
	var p placementState
	var start, lost, ended dbDate
	var sustained string
	err := ch.t.queryRow(ctx, `SELECT cp.id, cp.kind, COALESCE(e.name, ''), cp.start_on, cp.lost_on, cp.followup_end_on,
		cp.sustained FROM case_placements cp LEFT JOIN employers e ON e.id = cp.employer_id
		WHERE cp.id = ? AND cp.case_id = ?`, pid, ch.c.ID).Scan(&p.ID, &p.Kind, &p.EmployerName, &start, &lost, &ended, &sustained)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !p.Kind.Counts()) {
		return p, teilhabe.ErrNotFound
	}
	p.Start, p.Lost = start.t, lost.t
	p.running, p.checked = ended.t.IsZero(), sustained != ""
	return p, err
}

// RecordFollowUpContact adds follow-up contact in to placement pid of case
// id and moves the next contact due by the programme's cadence. A contact
// with the employer needs the participant's release from confidentiality
// towards it, in force on the contact's day.
// Who: provider staff of the case (teilhabe.CanWorkCase).
func (db *DB) RecordFollowUpContact(ctx context.Context, a teilhabe.Actor, id, pid int64, in teilhabe.FollowUpContact) error {
	today := db.Today()
	return db.changeCase(ctx, a, id, 0, followUpCommand(teilhabe.AuditFollowUpRecorded), func(ctx context.Context, ch *change) error {
		p, err := ch.placementOf(ctx, pid)
		if err != nil {
			return err
		}
		if !p.running {
			return teilhabe.Conflict("err.followup_ended")
		}
		if err := in.Validate(p.Placement, today); err != nil {
			return err
		}
		if in.With.MeetsEmployer() {
			consents, err := ch.t.consents(ctx, ch.c.ID)
			if err != nil {
				return err
			}
			if !teilhabe.EmployerConsent(consents, p.EmployerName, in.On) {
				return teilhabe.Invalid("with", "err.followup_no_consent", p.EmployerName)
			}
		}
		if _, err := ch.t.insert(ctx, `INSERT INTO followup_contacts (case_id, placement_id, on_date, side, mode, crisis,
			problem, solution, created_at, created_by, created_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			ch.c.ID, p.ID, date(in.On), in.With, in.Mode, boolInt(in.Crisis), strings.TrimSpace(in.Problem),
			strings.TrimSpace(in.Solution), ts(ch.t.now), nullID(a.UserID), a.DisplayName()); err != nil {
			return err
		}
		if err := ch.t.moveNextFollowUp(ctx, ch.c.ProgrammeID, p.Placement); err != nil {
			return err
		}
		ch.event(teilhabe.Event{Kind: teilhabe.EventFollowUpContact, Internal: true, On: in.On, Codes: []string{string(in.With)}})
		ch.detail = string(in.With)
		return nil
	})
}

// moveNextFollowUp sets the day the next contact of placement p is due:
// by the programme's cadence from its latest contact.
func (t *tx) moveNextFollowUp(ctx context.Context, programmeID int64, p teilhabe.Placement) error {
	prog, err := t.programme(ctx, programmeID)
	if err != nil {
		return err
	}
	var last dbDate
	if err := t.queryRow(ctx, `SELECT MAX(on_date) FROM followup_contacts WHERE placement_id = ?`, p.ID).Scan(&last); err != nil {
		return err
	}
	_, err = t.exec(ctx, `UPDATE case_placements SET next_followup_on = ? WHERE id = ?`,
		date(prog.FollowUp.NextContact(p.Start, last.t)), p.ID)
	return err
}

// CheckSustainability records the sustainability check of placement pid
// of case id, once. A job no longer there is lost on the day of the
// check — ending follow-up as lost if it still ran — and the case is back
// to placement work.
// Who: provider staff of the case (teilhabe.CanWorkCase).
func (db *DB) CheckSustainability(ctx context.Context, a teilhabe.Actor, id, pid int64, in teilhabe.SustainabilityCheck) error {
	today := db.Today()
	return db.changeCase(ctx, a, id, 0, followUpCommand(teilhabe.AuditSustainabilityChecked), func(ctx context.Context, ch *change) error {
		p, err := ch.placementOf(ctx, pid)
		if err != nil {
			return err
		}
		switch {
		case p.checked:
			return teilhabe.Conflict("err.sustain_checked")
		case !p.Lost.IsZero():
			return teilhabe.Conflict("err.sustain_lost")
		}
		if err := in.Validate(p.Placement, today); err != nil {
			return err
		}
		if _, err := ch.t.exec(ctx, `UPDATE case_placements SET sustained = ?, sustained_on = ?, sustained_source = ?,
			sustained_note = ?, sustain_due_on = NULL WHERE id = ?`,
			in.Result, date(in.On), in.Source, strings.TrimSpace(in.Note), p.ID); err != nil {
			return err
		}
		ch.event(teilhabe.Event{Kind: teilhabe.EventSustainabilityChecked, On: in.On, Codes: []string{string(in.Result)}})
		ch.detail = string(in.Result)
		switch {
		case in.Result != teilhabe.SustainedNo:
			return nil
		case p.running:
			return ch.endFollowUp(ctx, p.ID, teilhabe.FollowUpEnd{On: in.On, Reason: teilhabe.FollowUpJobLost})
		}
		// Follow-up had ended, but the job is gone all the same.
		_, err = ch.t.exec(ctx, `UPDATE case_placements SET lost_on = ? WHERE id = ? AND lost_on IS NULL`, date(in.On), p.ID)
		return err
	})
}

// EndFollowUp ends the follow-up of placement pid of case id. A job lost
// is recorded on the placement, which no longer counts as the case's
// placement: the case is back to placement work, and no sustainability
// check is due.
// Who: provider staff of the case (teilhabe.CanWorkCase).
func (db *DB) EndFollowUp(ctx context.Context, a teilhabe.Actor, id, pid int64, in teilhabe.FollowUpEnd) error {
	today := db.Today()
	return db.changeCase(ctx, a, id, 0, followUpCommand(teilhabe.AuditFollowUpEnded), func(ctx context.Context, ch *change) error {
		p, err := ch.placementOf(ctx, pid)
		if err != nil {
			return err
		}
		if !p.running {
			return teilhabe.Conflict("err.followup_ended")
		}
		if err := in.Validate(p.Placement, today); err != nil {
			return err
		}
		ch.detail = string(in.Reason)
		return ch.endFollowUp(ctx, p.ID, in)
	})
}

// endFollowUp ends the follow-up of placement pid with end, and records
// its timeline event.
func (ch *change) endFollowUp(ctx context.Context, pid int64, end teilhabe.FollowUpEnd) error {
	lost := time.Time{}
	if end.Reason == teilhabe.FollowUpJobLost {
		lost = end.On
	}
	_, err := ch.t.exec(ctx, `UPDATE case_placements SET followup_end_on = ?, followup_end_reason = ?, followup_end_note = ?,
		next_followup_on = NULL, lost_on = ?, sustain_due_on = CASE WHEN ? = 1 THEN NULL ELSE sustain_due_on END
		WHERE id = ? AND followup_end_on IS NULL`,
		date(end.On), end.Reason, strings.TrimSpace(end.Note), date(lost), boolInt(!lost.IsZero()), pid)
	if err == nil {
		ch.event(teilhabe.Event{Kind: teilhabe.EventFollowUpEnded, On: end.On, Codes: []string{string(end.Reason)}})
	}
	return err
}

// endFollowUpsOnExit ends the running follow-ups of the change's case
// when its participation ends without the job: the exit's reason is not
// an integration. Their sustainability checks are no longer due.
func (ch *change) endFollowUpsOnExit(ctx context.Context, on time.Time) error {
	_, err := ch.t.exec(ctx, `UPDATE case_placements SET followup_end_on = ?, followup_end_reason = ?,
		next_followup_on = NULL, sustain_due_on = NULL WHERE case_id = ? AND next_followup_on IS NOT NULL`,
		date(on), teilhabe.FollowUpExited, ch.c.ID)
	return err
}

// startFollowUp starts follow-up of placement p, just recorded: the first
// contact due by the programme's cadence, the check six months on.
func (t *tx) startFollowUp(ctx context.Context, programmeID int64, p teilhabe.Placement) error {
	prog, err := t.programme(ctx, programmeID)
	if err != nil {
		return err
	}
	mark := date(teilhabe.SustainabilityDue(p.Start))
	_, err = t.exec(ctx, `UPDATE case_placements SET next_followup_on = ?, sustain_due_on = ?, sustain_mark_on = ? WHERE id = ?`,
		date(prog.FollowUp.NextContact(p.Start, time.Time{})), mark, mark, p.ID)
	return err
}

// followUpContacts adds to each follow-up of case caseID its contacts,
// newest first.
func (t *tx) followUpContacts(ctx context.Context, caseID int64, follow []teilhabe.FollowUp) error {
	contacts, err := queryAll(ctx, t, func(s scanner) (teilhabe.FollowUpContact, error) {
		var c teilhabe.FollowUpContact
		var on dbDate
		var crisis int
		err := s.Scan(&c.ID, &c.PlacementID, &on, &c.With, &c.Mode, &crisis, &c.Problem, &c.Solution, &c.RecordedBy)
		c.On, c.Crisis = on.t, crisis == 1
		return c, err
	}, `SELECT id, placement_id, on_date, side, mode, crisis, problem, solution, created_by_name
		FROM followup_contacts WHERE case_id = ? ORDER BY on_date DESC, id DESC`, caseID)
	for _, c := range contacts {
		for i := range follow {
			if follow[i].Placement.ID == c.PlacementID {
				follow[i].Contacts = append(follow[i].Contacts, c)
			}
		}
	}
	return err
}
