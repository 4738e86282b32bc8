package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"teilhabe"
)

// ProgrammeSummary is a programme with its counts, for the administrator's list.
type ProgrammeSummary struct {
	teilhabe.Programme
	Sponsors  int
	Providers int
	Locations int
}

// FindProgrammes lists programmes by name: all of them for the
// administrator, the own one for everyone else.
func (db *DB) FindProgrammes(ctx context.Context, a teilhabe.Actor) ([]ProgrammeSummary, error) {
	var list []ProgrammeSummary
	err := db.read(ctx, func(t *tx) error {
		q := `SELECT ` + programmeColumns + `,
			(SELECT COUNT(*) FROM organisations o WHERE o.programme_id = p.id AND o.kind <> 'provider'),
			(SELECT COUNT(*) FROM organisations o WHERE o.programme_id = p.id AND o.kind = 'provider'),
			(SELECT COUNT(*) FROM locations l JOIN organisations o ON o.id = l.provider_id WHERE o.programme_id = p.id)
			FROM programmes p`
		var args []any
		if !teilhabe.CanManageSetup(a) {
			q += ` WHERE p.id = ?`
			args = append(args, a.ProgrammeID)
		}
		rows, err := t.query(ctx, q+` ORDER BY p.name`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s ProgrammeSummary
			p, err := scanProgramme(rows, &s.Sponsors, &s.Providers, &s.Locations)
			if err != nil {
				return err
			}
			s.Programme = p
			list = append(list, s)
		}
		return rows.Err()
	})
	return list, err
}

const programmeColumns = `p.id, p.name, p.region, p.state, p.period_start, p.period_end, p.places_per_year,
	p.assignment_months, p.info_deadline_kind, p.info_deadline_days, p.barriers, p.version`

func scanProgramme(s interface{ Scan(...any) error }, extra ...any) (teilhabe.Programme, error) {
	var p teilhabe.Programme
	var start, end dbDate
	var barriers string
	dest := append([]any{&p.ID, &p.Name, &p.Region, &p.State, &start, &end, &p.PlacesPerYear,
		&p.AssignmentMonths, &p.InfoDeadline.Kind, &p.InfoDeadline.Days, &barriers, &p.Version}, extra...)
	if err := s.Scan(dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return p, teilhabe.ErrNotFound
		}
		return p, err
	}
	p.PeriodStart, p.PeriodEnd, p.Barriers = start.t, end.t, splitCodes(barriers)
	return p, nil
}

// FindProgrammeByID returns programme id if a may see it: the administrator
// any, everyone else only their own. Otherwise teilhabe.ErrNotFound.
func (db *DB) FindProgrammeByID(ctx context.Context, a teilhabe.Actor, id int64) (teilhabe.Programme, error) {
	if !teilhabe.CanManageSetup(a) && a.ProgrammeID != id {
		return teilhabe.Programme{}, teilhabe.ErrNotFound
	}
	var p teilhabe.Programme
	err := db.read(ctx, func(t *tx) error {
		var err error
		p, err = t.programme(ctx, id)
		return err
	})
	return p, err
}

func (t *tx) programme(ctx context.Context, id int64) (teilhabe.Programme, error) {
	return scanProgramme(t.queryRow(ctx, `SELECT `+programmeColumns+` FROM programmes p WHERE p.id = ?`, id))
}

// CreateProgramme adds a programme. Only the administrator may.
func (db *DB) CreateProgramme(ctx context.Context, a teilhabe.Actor, p teilhabe.Programme) (int64, error) {
	if !teilhabe.CanManageSetup(a) {
		return 0, teilhabe.ErrForbidden
	}
	if err := p.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := db.inTx(ctx, func(t *tx) error {
		var err error
		id, err = t.insert(ctx, `INSERT INTO programmes (name, region, state, period_start, period_end, places_per_year,
			assignment_months, info_deadline_kind, info_deadline_days, barriers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			strings.TrimSpace(p.Name), strings.TrimSpace(p.Region), p.State, date(p.PeriodStart), date(p.PeriodEnd),
			p.PlacesPerYear, p.AssignmentMonths, p.InfoDeadline.Kind, p.InfoDeadline.Days, joinCodes(p.Barriers), ts(t.now))
		if isUniqueViolation(err) {
			return teilhabe.Invalid("name", "err.name_taken")
		}
		if err != nil {
			return err
		}
		a := a
		a.ProgrammeID = id // so the programme's own audit trail starts here
		return t.audit(ctx, a, auditEntry{action: "programme.created", objectType: "programme", objectID: id, detail: p.Name})
	})
	return id, err
}

// UpdateProgramme changes a programme's settings if its version is still
// p.Version; otherwise it returns teilhabe.ErrStale. The administrator may
// change everything; the programme's coordinator places, assignment length
// and deadline rule (other fields keep their values). Anyone else gets
// teilhabe.ErrNotFound.
func (db *DB) UpdateProgramme(ctx context.Context, a teilhabe.Actor, p teilhabe.Programme) error {
	if !teilhabe.CanEditProgrammeSettings(a, p.ID) {
		return teilhabe.ErrNotFound
	}
	return db.inTx(ctx, func(t *tx) error {
		old, err := t.programme(ctx, p.ID)
		if err != nil {
			return err
		}
		if a.Role != teilhabe.RoleAdmin {
			// The coordinator steers places, length and deadline; name,
			// region, federal state (the holiday calendar) and period are
			// set up by the administrator.
			p.Name, p.Region, p.State, p.PeriodStart, p.PeriodEnd = old.Name, old.Region, old.State, old.PeriodStart, old.PeriodEnd
		}
		if err := p.Validate(); err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE programmes SET name = ?, region = ?, state = ?, period_start = ?, period_end = ?,
			places_per_year = ?, assignment_months = ?, info_deadline_kind = ?, info_deadline_days = ?, barriers = ?,
			version = version + 1 WHERE id = ? AND version = ?`,
			strings.TrimSpace(p.Name), strings.TrimSpace(p.Region), p.State, date(p.PeriodStart), date(p.PeriodEnd),
			p.PlacesPerYear, p.AssignmentMonths, p.InfoDeadline.Kind, p.InfoDeadline.Days, joinCodes(p.Barriers), p.ID, p.Version)
		if isUniqueViolation(err) {
			return teilhabe.Invalid("name", "err.name_taken")
		}
		if err := checkVersion(res, err); err != nil {
			return err
		}
		detail := programmeChanges(old, p)
		a := a
		a.ProgrammeID = p.ID
		return t.audit(ctx, a, auditEntry{action: "programme.updated", objectType: "programme", objectID: p.ID, detail: detail})
	})
}

// programmeChanges describes every changed setting, old→new, for the audit log.
func programmeChanges(old, p teilhabe.Programme) string {
	var changes []string
	for _, c := range []struct{ name, from, to string }{
		{"name", old.Name, strings.TrimSpace(p.Name)},
		{"region", old.Region, strings.TrimSpace(p.Region)},
		{"state", string(old.State), string(p.State)},
		{"period", teilhabe.FormatDate(old.PeriodStart) + "–" + teilhabe.FormatDate(old.PeriodEnd),
			teilhabe.FormatDate(p.PeriodStart) + "–" + teilhabe.FormatDate(p.PeriodEnd)},
		{"places", fmt.Sprint(old.PlacesPerYear), fmt.Sprint(p.PlacesPerYear)},
		{"months", fmt.Sprint(old.AssignmentMonths), fmt.Sprint(p.AssignmentMonths)},
		{"deadline", fmt.Sprintf("%d %s", old.InfoDeadline.Days, old.InfoDeadline.Kind), fmt.Sprintf("%d %s", p.InfoDeadline.Days, p.InfoDeadline.Kind)},
		{"barriers", joinCodes(old.Barriers), joinCodes(p.Barriers)},
	} {
		if c.from != c.to {
			changes = append(changes, c.name+" "+c.from+"→"+c.to)
		}
	}
	if len(changes) == 0 {
		return "no change"
	}
	return strings.Join(changes, ", ")
}

// checkVersion turns an UPDATE … WHERE version = ? that changed no row into
// teilhabe.ErrStale.
func checkVersion(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return teilhabe.ErrStale
	}
	return nil
}

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
	rows, err := t.query(ctx, `SELECT id, programme_id, kind, name, lead, state FROM organisations
		WHERE programme_id = ? ORDER BY CASE WHEN kind = 'provider' THEN 1 ELSE 0 END, lead DESC, name`, programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []teilhabe.Organisation
	for rows.Next() {
		var o teilhabe.Organisation
		var lead int
		if err := rows.Scan(&o.ID, &o.ProgrammeID, &o.Kind, &o.Name, &lead, &o.State); err != nil {
			return nil, err
		}
		o.Lead = lead == 1
		list = append(list, o)
	}
	return list, rows.Err()
}

func (t *tx) organisation(ctx context.Context, id int64) (teilhabe.Organisation, error) {
	var o teilhabe.Organisation
	var lead int
	err := t.queryRow(ctx, `SELECT id, programme_id, kind, name, lead, state FROM organisations WHERE id = ?`, id).
		Scan(&o.ID, &o.ProgrammeID, &o.Kind, &o.Name, &lead, &o.State)
	if errors.Is(err, sql.ErrNoRows) {
		return o, teilhabe.ErrNotFound
	}
	o.Lead = lead == 1
	return o, err
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
		return t.audit(ctx, a, auditEntry{action: "organisation.created", objectType: "organisation", objectID: id, detail: o.Name})
	})
	return id, err
}

// FindLocations lists the locations of a programme's providers, by provider
// and name.
func (db *DB) FindLocations(ctx context.Context, a teilhabe.Actor, programmeID int64) ([]teilhabe.Location, error) {
	if !teilhabe.CanManageSetup(a) && a.ProgrammeID != programmeID {
		return nil, teilhabe.ErrNotFound
	}
	var list []teilhabe.Location
	err := db.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT `+locationColumns+` FROM locations l JOIN organisations o ON o.id = l.provider_id
			WHERE o.programme_id = ? ORDER BY o.name, l.name`, programmeID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			l, err := scanLocation(rows)
			if err != nil {
				return err
			}
			list = append(list, l)
		}
		return rows.Err()
	})
	return list, err
}

const locationColumns = `l.id, l.provider_id, l.name, l.street, l.postcode, l.city, l.state, l.places_per_year, l.features, l.version`

func scanLocation(s interface{ Scan(...any) error }) (teilhabe.Location, error) {
	var l teilhabe.Location
	var features string
	err := s.Scan(&l.ID, &l.ProviderID, &l.Name, &l.Street, &l.Postcode, &l.City, &l.State, &l.PlacesPerYear, &features, &l.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return l, teilhabe.ErrNotFound
	}
	for _, f := range strings.Split(features, ",") {
		if f != "" {
			l.Features = append(l.Features, teilhabe.Feature(f))
		}
	}
	return l, err
}

func (t *tx) location(ctx context.Context, id int64) (teilhabe.Location, error) {
	return scanLocation(t.queryRow(ctx, `SELECT `+locationColumns+` FROM locations l WHERE l.id = ?`, id))
}

func joinFeatures(fs []teilhabe.Feature) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = string(f)
	}
	return strings.Join(s, ",")
}

// CreateLocation adds a location to a provider. Only the administrator may.
func (db *DB) CreateLocation(ctx context.Context, a teilhabe.Actor, l teilhabe.Location) (int64, error) {
	if !teilhabe.CanManageSetup(a) {
		return 0, teilhabe.ErrForbidden
	}
	if err := l.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := db.inTx(ctx, func(t *tx) error {
		o, err := t.organisation(ctx, l.ProviderID)
		if err != nil || o.Kind != teilhabe.OrgProvider {
			return teilhabe.Invalid("provider", "err.choose")
		}
		id, err = t.insert(ctx, `INSERT INTO locations (provider_id, name, street, postcode, city, state, places_per_year, features, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, l.ProviderID, strings.TrimSpace(l.Name), strings.TrimSpace(l.Street), l.Postcode,
			strings.TrimSpace(l.City), l.State, l.PlacesPerYear, joinFeatures(l.Features), ts(t.now))
		if isUniqueViolation(err) {
			return teilhabe.Invalid("name", "err.name_taken")
		}
		if err != nil {
			return err
		}
		a := a
		a.ProgrammeID = o.ProgrammeID
		return t.audit(ctx, a, auditEntry{action: "location.created", objectType: "location", objectID: id, providerID: l.ProviderID, detail: l.Name})
	})
	return id, err
}

// FindLocationByID returns a location that a may edit (see
// teilhabe.CanEditLocation); any other is teilhabe.ErrNotFound.
func (db *DB) FindLocationByID(ctx context.Context, a teilhabe.Actor, id int64) (teilhabe.Location, error) {
	var l teilhabe.Location
	err := db.read(ctx, func(t *tx) error {
		var err error
		l, _, err = t.editableLocation(ctx, a, id)
		return err
	})
	return l, err
}

func (t *tx) editableLocation(ctx context.Context, a teilhabe.Actor, id int64) (teilhabe.Location, teilhabe.Organisation, error) {
	l, err := t.location(ctx, id)
	if err != nil {
		return l, teilhabe.Organisation{}, err
	}
	o, err := t.organisation(ctx, l.ProviderID)
	if err != nil {
		return l, o, err
	}
	if !teilhabe.CanEditLocation(a, o.ProgrammeID, o.ID) {
		return teilhabe.Location{}, o, teilhabe.ErrNotFound
	}
	return l, o, nil
}

// UpdateLocation changes a location's name, address, places and
// accessibility features if its version is still l.Version (else
// teilhabe.ErrStale). Who may: see teilhabe.CanEditLocation; for anyone else
// the location is teilhabe.ErrNotFound. The provider cannot change. Places
// added go to the location's waiting list at once, first come first served.
func (db *DB) UpdateLocation(ctx context.Context, a teilhabe.Actor, l teilhabe.Location) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(t *tx) error {
		old, o, err := t.editableLocation(ctx, a, l.ID)
		if err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE locations SET name = ?, street = ?, postcode = ?, city = ?, state = ?, places_per_year = ?,
			features = ?, version = version + 1 WHERE id = ? AND version = ?`, strings.TrimSpace(l.Name), strings.TrimSpace(l.Street),
			l.Postcode, strings.TrimSpace(l.City), l.State, l.PlacesPerYear, joinFeatures(l.Features), l.ID, l.Version)
		if isUniqueViolation(err) {
			return teilhabe.Invalid("name", "err.name_taken")
		}
		if err := checkVersion(res, err); err != nil {
			return err
		}
		a := a
		a.ProgrammeID = o.ProgrammeID
		if err := t.audit(ctx, a, auditEntry{action: "location.updated", objectType: "location", objectID: l.ID, providerID: o.ID,
			detail: fmt.Sprintf("places %d→%d, features %s→%s", old.PlacesPerYear, l.PlacesPerYear, joinFeatures(old.Features), joinFeatures(l.Features))}); err != nil {
			return err
		}
		// More places go to those waiting, in order.
		return t.promoteWaiting(ctx, a, l.ID)
	})
}
