package sqldb

import (
	"context"
	"fmt"
	"strings"

	"teilhabe"
)

// A case's placements (case_placements): into work, training or another
// outcome.

// RecordPlacement records placement in for case id, which must be in
// coaching. A placement with an employer needs the participant's release
// from confidentiality towards it, as a prospect does. A placement that
// counts (teilhabe.PlacementKind.Counts) is sent to the sponsor as a
// message in the same transaction: the kind, the start, the job and the
// employer — no note —, and waits until the sponsor takes note
// (AcknowledgeNotice), and starts follow-up care. The case stays in coaching: follow-up runs in the
// assignment, and the exit closes the case.
// Who: provider staff of the case (teilhabe.CanWorkCase).
func (db *DB) RecordPlacement(ctx context.Context, a teilhabe.Actor, id int64, in teilhabe.Placement) error {
	today := db.Today()
	if err := in.Validate(today); err != nil {
		return err
	}
	if in.Subsidy == teilhabe.SubsidyNone {
		in.SubsidyPercent, in.SubsidyMonths = 0, 0
	}
	cmd := command{may: teilhabe.CanWorkCase, audit: teilhabe.AuditPlacementRecorded, adds: true}
	return db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		if ch.c.Stage != teilhabe.StageActive {
			return teilhabe.Conflict("journey.need.active")
		}
		employer, err := ch.releasedEmployer(ctx, in.EmployerID, today)
		if err != nil {
			return err
		}
		pid, err := ch.t.insert(ctx, `INSERT INTO case_placements (case_id, kind, employer_id, job_title, start_on, hours,
			fixed_end, subsidy, subsidy_percent, subsidy_months, integrationsamt, ifd, note, created_at, created_by,
			created_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			ch.c.ID, in.Kind, nullID(in.EmployerID), strings.TrimSpace(in.JobTitle), date(in.Start), in.Hours, date(in.FixedEnd),
			in.Subsidy, in.SubsidyPercent, in.SubsidyMonths, boolInt(in.Integrationsamt), boolInt(in.IFD),
			strings.TrimSpace(in.Note), ts(ch.t.now), nullID(a.UserID), a.DisplayName())
		if err != nil {
			return err
		}
		if in.Kind.Counts() {
			in.ID = pid
			if err := ch.t.startFollowUp(ctx, ch.c.ProgrammeID, in); err != nil {
				return err
			}
		}
		ch.event(teilhabe.Event{Kind: teilhabe.EventPlacementRecorded, Codes: []string{string(in.Kind)}, On: in.Start,
			Text: employer})
		ch.detail = fmt.Sprintf("placement %d", pid)
		if in.Kind.Counts() && ch.c.SponsorID != 0 {
			note := strings.TrimSpace(in.JobTitle)
			if employer != "" {
				note += ", " + employer
			}
			return ch.t.send(ctx, ch.a, ch.c, teilhabe.Message{Kind: teilhabe.MsgPlacement, Awaiting: teilhabe.SideSponsor,
				Status: teilhabe.StatusOpen, On: in.Start, Note: note})
		}
		return nil
	})
}

// placements returns case caseID's placements in the order recorded, and
// the follow-up of each that counts — one read of case_placements, and
// one of the contacts for those who may read provider-internal notes.
func (t *tx) placements(ctx context.Context, a teilhabe.Actor, caseID int64) ([]teilhabe.Placement, []teilhabe.FollowUp, error) {
	var follow []teilhabe.FollowUp
	list, err := queryAll(ctx, t, func(s scanner) (teilhabe.Placement, error) {
		var p teilhabe.Placement
		var f teilhabe.FollowUp
		var check teilhabe.SustainabilityCheck
		var start, end, lost, next, checked, ended dbDate
		var employer *int64
		var amt, ifd int
		err := s.Scan(&p.ID, &p.Kind, &employer, &p.EmployerName, &p.JobTitle, &start, &p.Hours, &end, &p.Subsidy,
			&p.SubsidyPercent, &p.SubsidyMonths, &amt, &ifd, &p.Note, &p.RecordedBy, &lost,
			&next, &check.Result, &checked, &check.Source, &check.Note, &ended, &f.Ended.Reason, &f.Ended.Note)
		p.Start, p.FixedEnd, p.Integrationsamt, p.IFD, p.Lost = start.t, end.t, amt == 1, ifd == 1, lost.t
		if employer != nil {
			p.EmployerID = *employer
		}
		if p.Kind.Counts() {
			f.Placement, f.NextContact, f.Ended.On = p, next.t, ended.t
			if check.Result != "" {
				check.On = checked.t
				f.Check = &check
			}
			follow = append(follow, f)
		}
		return p, err
	}, `SELECT cp.id, cp.kind, cp.employer_id, COALESCE(e.name, ''), cp.job_title, cp.start_on, cp.hours, cp.fixed_end,
		cp.subsidy, cp.subsidy_percent, cp.subsidy_months, cp.integrationsamt, cp.ifd, cp.note, cp.created_by_name,
		cp.lost_on, cp.next_followup_on, cp.sustained, cp.sustained_on, cp.sustained_source, cp.sustained_note,
		cp.followup_end_on, cp.followup_end_reason, cp.followup_end_note
		FROM case_placements cp LEFT JOIN employers e ON e.id = cp.employer_id
		WHERE cp.case_id = ? ORDER BY cp.id`, caseID)
	if err != nil || len(follow) == 0 || !teilhabe.CanSeeInternalNotes(a) {
		return list, follow, err
	}
	return list, follow, t.followUpContacts(ctx, caseID, follow)
}
