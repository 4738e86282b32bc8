package sqldb

import (
	"context"
	"fmt"
	"strings"

	"teilhabe"
)

// LocationFilter narrows a list of locations.
type LocationFilter struct {
	ProgrammeID int64
	ProviderID  int64 // 0: every provider of the programme
}

// FindLocations lists the locations of a programme's providers (or of one
// provider), by provider and name, with the provider's name. The
// administrator may list any programme's, everyone else their own
// programme's; locations are not personal data.
func (db *DB) FindLocations(ctx context.Context, a teilhabe.Actor, f LocationFilter) ([]ProviderLocation, error) {
	if !teilhabe.CanManageSetup(a) && a.ProgrammeID != f.ProgrammeID {
		return nil, teilhabe.ErrNotFound
	}
	where, args := "o.programme_id = ?", []any{f.ProgrammeID}
	if f.ProviderID != 0 {
		where, args = where+" AND o.id = ?", append(args, f.ProviderID)
	}
	var list []ProviderLocation
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = queryAll(ctx, t, func(s scanner) (ProviderLocation, error) {
			var pl ProviderLocation
			l, err := scanLocation(s, &pl.Provider)
			pl.Location = l
			return pl, err
		}, `SELECT `+locationColumns+`, o.name FROM locations l JOIN organisations o ON o.id = l.provider_id
			WHERE `+where+` ORDER BY o.name, l.name`, args...)
		return err
	})
	return list, err
}

// ProviderLocation is a location with its provider's name.
type ProviderLocation struct {
	teilhabe.Location
	Provider string
}

const locationColumns = `l.id, l.provider_id, l.name, l.street, l.postcode, l.city, l.state, l.places_per_year, l.features, l.version`

// scanLocation scans the location columns followed by extra columns.
func scanLocation(s scanner, extra ...any) (teilhabe.Location, error) {
	var l teilhabe.Location
	var features string
	dest := append([]any{&l.ID, &l.ProviderID, &l.Name, &l.Street, &l.Postcode, &l.City, &l.State, &l.PlacesPerYear,
		&features, &l.Version}, extra...)
	err := s.Scan(dest...)
	if err = notFound(err); err != nil {
		return l, err
	}
	l.Features = splitCodes[teilhabe.Feature](features)
	return l, err
}

func (t *tx) location(ctx context.Context, id int64) (teilhabe.Location, error) {
	return scanLocation(t.queryRow(ctx, `SELECT `+locationColumns+` FROM locations l WHERE l.id = ?`, id))
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
			strings.TrimSpace(l.City), l.State, l.PlacesPerYear, joinCodes(l.Features), ts(t.now))
		if isUniqueViolation(err) {
			return teilhabe.Invalid("name", "err.name_taken")
		}
		if err != nil {
			return err
		}
		a := a
		a.ProgrammeID = o.ProgrammeID
		return t.audit(ctx, a, auditEntry{action: teilhabe.AuditLocationCreated, objectType: "location", objectID: id, providerID: l.ProviderID, detail: l.Name})
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
			l.Postcode, strings.TrimSpace(l.City), l.State, l.PlacesPerYear, joinCodes(l.Features), l.ID, l.Version)
		if isUniqueViolation(err) {
			return teilhabe.Invalid("name", "err.name_taken")
		}
		if err := checkVersion(res, err); err != nil {
			return err
		}
		a := a
		a.ProgrammeID = o.ProgrammeID
		if err := t.audit(ctx, a, auditEntry{action: teilhabe.AuditLocationUpdated, objectType: "location", objectID: l.ID, providerID: o.ID,
			detail: fmt.Sprintf("places %d→%d, features %s→%s", old.PlacesPerYear, l.PlacesPerYear, joinCodes(old.Features), joinCodes(l.Features))}); err != nil {
			return err
		}
		// More places go to those waiting, in order.
		return t.promoteWaiting(ctx, a, l.ID)
	})
}
