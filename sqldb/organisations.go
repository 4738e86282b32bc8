package sqldb

import (
	"context"
	"strings"

	"teilhabe"
)

// FindOrganisations lists the organisations of a programme, sponsors first
// (lead sponsor first), then providers, each by name.
func (db *DB) FindOrganisations(ctx context.Context, a teilhabe.Actor, programmeID int64) ([]teilhabe.Organisation, error) {
	if !teilhabe.CanManageSetup(a) && a.ProgrammeID != programmeID {
		return nil, teilhabe.ErrNotFound
	}
	var list []teilhabe.Organisation
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = t.organisations(ctx, programmeID)
		return err
	})
	return list, err
}

func (t *tx) organisations(ctx context.Context, programmeID int64) ([]teilhabe.Organisation, error) {
	return queryAll(ctx, t, scanOrganisation, `SELECT `+organisationColumns+` FROM organisations
		WHERE programme_id = ? ORDER BY CASE WHEN kind = 'provider' THEN 1 ELSE 0 END, lead DESC, name`, programmeID)
}

const organisationColumns = `id, programme_id, kind, name, lead, state`

func scanOrganisation(s scanner) (teilhabe.Organisation, error) {
	var o teilhabe.Organisation
	var lead int
	err := s.Scan(&o.ID, &o.ProgrammeID, &o.Kind, &o.Name, &lead, &o.State)
	if err = notFound(err); err != nil {
		return o, err
	}
	o.Lead = lead == 1
	return o, err
}

func (t *tx) organisation(ctx context.Context, id int64) (teilhabe.Organisation, error) {
	return scanOrganisation(t.queryRow(ctx, `SELECT `+organisationColumns+` FROM organisations WHERE id = ?`, id))
}

// CreateOrganisation adds a sponsor or provider to a programme. Only the
// administrator may. A programme has at most one lead sponsor.
func (db *DB) CreateOrganisation(ctx context.Context, a teilhabe.Actor, o teilhabe.Organisation) (int64, error) {
	if !teilhabe.CanManageSetup(a) {
		return 0, teilhabe.ErrForbidden
	}
	if err := o.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := db.inTx(ctx, func(t *tx) error {
		if _, err := t.programme(ctx, o.ProgrammeID); err != nil {
			return err
		}
		if o.Lead {
			var leads int
			if err := t.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE programme_id = ? AND lead = 1`, o.ProgrammeID).Scan(&leads); err != nil {
				return err
			}
			if leads > 0 {
				return teilhabe.Invalid("lead", "err.lead_exists")
			}
		}
		var err error
		id, err = t.insert(ctx, `INSERT INTO organisations (programme_id, kind, name, lead, state, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			o.ProgrammeID, o.Kind, strings.TrimSpace(o.Name), boolInt(o.Lead), o.State, ts(t.now))
		if isUniqueViolation(err) {
			return teilhabe.Invalid("name", "err.name_taken")
		}
		if err != nil {
			return err
		}
		a := a
		a.ProgrammeID = o.ProgrammeID
		return t.audit(ctx, a, auditEntry{action: teilhabe.AuditOrganisationCreated, objectType: "organisation", objectID: id, detail: o.Name})
	})
	return id, err
}
