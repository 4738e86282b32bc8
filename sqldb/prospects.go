package sqldb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"teilhabe"
)

// A case's placement prospects (case_prospects), each resting on an
// employer of the provider's register or recording that there is none.

// RecordProspect records placement prospect in for case id, which must be
// in coaching. A prospect with an employer needs the participant's release
// from confidentiality towards that employer or employers in general
// (teilhabe.EmployerConsent), since recording it means the coach spoke
// with the employer about the participant; without one, or after it was
// revoked, the prospect is refused on the employer field.
// Who: provider staff of the case (teilhabe.CanWorkCase).
func (db *DB) RecordProspect(ctx context.Context, a teilhabe.Actor, id int64, in teilhabe.Prospect) error {
	if err := in.Validate(db.Today()); err != nil {
		return err
	}
	cmd := command{may: teilhabe.CanWorkCase, audit: teilhabe.AuditProspectRecorded, adds: true}
	return db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		if ch.c.Stage != teilhabe.StageActive {
			return teilhabe.Conflict("journey.need.active")
		}
		employer, err := ch.releasedEmployer(ctx, in.EmployerID, in.On)
		if err != nil {
			return err
		}
		pid, err := ch.t.insert(ctx, `INSERT INTO case_prospects (case_id, kind, on_date, employer_id, note, created_at,
			created_by, created_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ch.c.ID, in.Kind, date(in.On), nullID(in.EmployerID),
			strings.TrimSpace(in.Note), ts(ch.t.now), nullID(a.UserID), a.DisplayName())
		if err != nil {
			return err
		}
		ch.event(teilhabe.Event{Kind: teilhabe.EventProspectRecorded, Codes: []string{string(in.Kind)}, On: in.On, Text: employer})
		ch.detail = fmt.Sprintf("prospect %d", pid)
		if in.EmployerID != 0 {
			ch.detail += fmt.Sprintf(", employer %d", in.EmployerID)
		}
		return nil
	})
}

// releasedEmployer returns the name of employer employerID of the case's
// provider, if the participant released the coach from confidentiality
// towards it on day on (teilhabe.EmployerConsent); "" for employerID 0. An
// employer of another provider is no choice; a missing or revoked release
// is a problem of the employer field that names the employer.
func (ch *change) releasedEmployer(ctx context.Context, employerID int64, on time.Time) (string, error) {
	if employerID == 0 {
		return "", nil
	}
	return ch.releasedTowards(ctx, employerID, on, "err.no_employer_consent")
}

// releasedTowards returns the name of employer employerID of the case's
// provider if the participant has released the coach from confidentiality
// towards it on day on; otherwise a problem of the form's employer field:
// not of the register, or missing its release (the key noConsent, with
// the employer's name).
func (ch *change) releasedTowards(ctx context.Context, employerID int64, on time.Time, noConsent string) (string, error) {
	var name string
	err := notFound(ch.t.queryRow(ctx, `SELECT name FROM employers WHERE id = ? AND provider_id = ?`,
		employerID, ch.c.ProviderID).Scan(&name))
	if errors.Is(err, teilhabe.ErrNotFound) {
		return "", teilhabe.Invalid("employer", "err.choose")
	}
	if err != nil {
		return "", err
	}
	consents, err := ch.t.consents(ctx, ch.c.ID)
	if err != nil {
		return "", err
	}
	if !teilhabe.EmployerConsent(consents, name, on) {
		return "", teilhabe.Invalid("employer", noConsent, name)
	}
	return name, nil
}

// prospects returns case caseID's prospects in the order recorded.
func (t *tx) prospects(ctx context.Context, caseID int64) ([]teilhabe.Prospect, error) {
	return queryAll(ctx, t, func(s scanner) (teilhabe.Prospect, error) {
		var p teilhabe.Prospect
		var on dbDate
		var employer *int64
		err := s.Scan(&p.ID, &p.Kind, &on, &employer, &p.EmployerName, &p.Note, &p.RecordedBy)
		p.On = on.t
		if employer != nil {
			p.EmployerID = *employer
		}
		return p, err
	}, `SELECT cp.id, cp.kind, cp.on_date, cp.employer_id, COALESCE(e.name, ''), cp.note, cp.created_by_name
		FROM case_prospects cp LEFT JOIN employers e ON e.id = cp.employer_id
		WHERE cp.case_id = ? ORDER BY cp.id`, caseID)
}

// EmployerCase is a case connected to an employer, as the employer's page
// lists it: its latest prospect or a placement there.
type EmployerCase struct {
	CaseID int64
	Name   string
	// What is a teilhabe.PlacementKind, teilhabe.ModuleWorkTrial or a
	// teilhabe.ProspectKind.
	What teilhabe.Code
	On   time.Time // the prospect's day or the placement's start
}

// FindEmployerCases lists the cases in a's scope with a placement at
// employer employerID of a's provider, then those with a work trial
// there, then those with a prospect there (the latest of each case), the
// newest first. Only cases a may read are
// listed (scopeSQL): a coach sees the cases of the own location. Naming
// participants, the list is logged as a read.
func (db *DB) FindEmployerCases(ctx context.Context, a teilhabe.Actor, employerID int64) ([]EmployerCase, error) {
	if !teilhabe.CanUseEmployers(a) {
		return nil, teilhabe.ErrNotFound
	}
	scope, args := scopeSQL(a)
	var list []EmployerCase
	err := db.read(ctx, func(t *tx) error {
		if _, err := t.employer(ctx, a, employerID); err != nil {
			return err
		}
		for _, q := range []struct {
			table, kind, on string
			code            func(string) teilhabe.Code
		}{
			{"case_placements", "x.kind", "start_on", func(s string) teilhabe.Code { return teilhabe.PlacementKind(s) }},
			{"case_modules", "'" + string(teilhabe.ModuleWorkTrial) + "'", "planned_start",
				func(s string) teilhabe.Code { return teilhabe.ModuleKind(s) }},
			{"case_prospects", "x.kind", "on_date", func(s string) teilhabe.Code { return teilhabe.ProspectKind(s) }},
		} {
			more, err := queryAll(ctx, t, func(s scanner) (EmployerCase, error) {
				var ec EmployerCase
				var on dbDate
				var kind string
				err := s.Scan(&ec.CaseID, &ec.Name, &kind, &on)
				ec.What, ec.On = q.code(kind), on.t
				return ec, err
			}, `SELECT c.id, p.last_name || ', ' || p.first_name, `+q.kind+`, x.`+q.on+`
				FROM `+q.table+` x JOIN cases c ON c.id = x.case_id JOIN persons p ON p.id = c.person_id
				WHERE x.employer_id = ? AND `+scope+`
				AND x.id = (SELECT MAX(y.id) FROM `+q.table+` y WHERE y.case_id = x.case_id AND y.employer_id = x.employer_id)
				ORDER BY x.`+q.on+` DESC, c.id LIMIT 200`, append([]any{employerID}, args...)...)
			if err != nil {
				return err
			}
			list = append(list, more...)
		}
		return nil
	})
	if err != nil || len(list) == 0 {
		return list, err
	}
	return list, db.logRead(ctx, a, auditEntry{action: teilhabe.AuditCasesListed, objectType: "employer", objectID: employerID,
		providerID: a.OrgID, detail: fmt.Sprintf("employer %d, %d cases", employerID, len(list))})
}
