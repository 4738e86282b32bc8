package sqldb

import (
	"context"
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
		var err error
		list, err = queryAll(ctx, t, func(s scanner) (ProgrammeSummary, error) {
			var ps ProgrammeSummary
			p, err := scanProgramme(s, &ps.Sponsors, &ps.Providers, &ps.Locations)
			ps.Programme = p
			return ps, err
		}, q+` ORDER BY p.name`, args...)
		return err
	})
	return list, err
}

const programmeColumns = `p.id, p.name, p.region, p.state, p.period_start, p.period_end, p.places_per_year,
	p.assignment_months, p.info_deadline_kind, p.info_deadline_days, p.barriers, p.contact_lapse_days, p.no_show_notice,
	p.review_months, p.exit_reasons, p.followup_weekly, p.followup_months, p.version`

func scanProgramme(s scanner, extra ...any) (teilhabe.Programme, error) {
	var p teilhabe.Programme
	var start, end dbDate
	var barriers, exits string
	dest := append([]any{&p.ID, &p.Name, &p.Region, &p.State, &start, &end, &p.PlacesPerYear,
		&p.AssignmentMonths, &p.InfoDeadline.Kind, &p.InfoDeadline.Days, &barriers, &p.ContactLapseDays, &p.NoShowNotice,
		&p.ReviewMonths, &exits, &p.FollowUp.Weekly, &p.FollowUp.Months, &p.Version}, extra...)
	if err := notFound(s.Scan(dest...)); err != nil {
		return p, err
	}
	p.PeriodStart, p.PeriodEnd, p.Barriers = start.t, end.t, splitCodes[teilhabe.Barrier](barriers)
	p.ExitReasons = splitCodes[teilhabe.ExitReason](exits)
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

// CreateProgramme adds a programme with the default module catalogue
// (teilhabe.DefaultModuleCatalogue). Only the administrator may.
func (db *DB) CreateProgramme(ctx context.Context, a teilhabe.Actor, p teilhabe.Programme) (int64, error) {
	if !teilhabe.CanManageSetup(a) {
		return 0, teilhabe.ErrForbidden
	}
	p = p.WithCoachingDefaults()
	if err := p.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := db.inTx(ctx, func(t *tx) error {
		var err error
		id, err = t.insert(ctx, `INSERT INTO programmes (name, region, state, period_start, period_end, places_per_year,
			assignment_months, info_deadline_kind, info_deadline_days, barriers, contact_lapse_days, no_show_notice,
			review_months, exit_reasons, followup_weekly, followup_months, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			strings.TrimSpace(p.Name), strings.TrimSpace(p.Region), p.State, date(p.PeriodStart), date(p.PeriodEnd),
			p.PlacesPerYear, p.AssignmentMonths, p.InfoDeadline.Kind, p.InfoDeadline.Days, joinCodes(p.Barriers),
			p.ContactLapseDays, p.NoShowNotice, p.ReviewMonths, joinCodes(p.ExitReasons), p.FollowUp.Weekly, p.FollowUp.Months,
			ts(t.now))
		if isUniqueViolation(err) {
			return teilhabe.Invalid("name", "err.name_taken")
		}
		if err != nil {
			return err
		}
		if err := t.addDefaultPhases(ctx, id); err != nil {
			return err
		}
		if err := t.addDefaultCatalogue(ctx, id); err != nil {
			return err
		}
		a := a
		a.ProgrammeID = id // so the programme's own audit trail starts here
		return t.audit(ctx, a, auditEntry{action: teilhabe.AuditProgrammeCreated, objectType: "programme", objectID: id, detail: p.Name})
	})
	return id, err
}

// UpdateProgramme changes a programme's settings if its version is still
// p.Version; otherwise it returns teilhabe.ErrStale. Who may:
// teilhabe.CanEditProgrammeSettings, and for name, region, state and period
// teilhabe.CanEditProgrammeIdentity (for others those keep their values).
// Anyone else gets teilhabe.ErrNotFound.
func (db *DB) UpdateProgramme(ctx context.Context, a teilhabe.Actor, p teilhabe.Programme) error {
	if !teilhabe.CanEditProgrammeSettings(a, p.ID) {
		return teilhabe.ErrNotFound
	}
	return db.inTx(ctx, func(t *tx) error {
		old, err := t.programme(ctx, p.ID)
		if err != nil {
			return err
		}
		if !teilhabe.CanEditProgrammeIdentity(a) {
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
			contact_lapse_days = ?, no_show_notice = ?, review_months = ?, exit_reasons = ?, followup_weekly = ?,
			followup_months = ?, version = version + 1
			WHERE id = ? AND version = ?`,
			strings.TrimSpace(p.Name), strings.TrimSpace(p.Region), p.State, date(p.PeriodStart), date(p.PeriodEnd),
			p.PlacesPerYear, p.AssignmentMonths, p.InfoDeadline.Kind, p.InfoDeadline.Days, joinCodes(p.Barriers),
			p.ContactLapseDays, p.NoShowNotice, p.ReviewMonths, joinCodes(p.ExitReasons), p.FollowUp.Weekly, p.FollowUp.Months,
			p.ID, p.Version)
		if isUniqueViolation(err) {
			return teilhabe.Invalid("name", "err.name_taken")
		}
		if err := checkVersion(res, err); err != nil {
			return err
		}
		detail := programmeChanges(old, p)
		a := a
		a.ProgrammeID = p.ID
		return t.audit(ctx, a, auditEntry{action: teilhabe.AuditProgrammeUpdated, objectType: "programme", objectID: p.ID, detail: detail})
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
		{"exit_reasons", joinCodes(old.ExitReasons), joinCodes(p.ExitReasons)},
		{"contact_lapse", fmt.Sprint(old.ContactLapseDays), fmt.Sprint(p.ContactLapseDays)},
		{"no_show_notice", fmt.Sprint(old.NoShowNotice), fmt.Sprint(p.NoShowNotice)},
		{"review", fmt.Sprint(old.ReviewMonths), fmt.Sprint(p.ReviewMonths)},
		{"followup", fmt.Sprintf("%d/%d", old.FollowUp.Weekly, old.FollowUp.Months), fmt.Sprintf("%d/%d", p.FollowUp.Weekly, p.FollowUp.Months)},
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
