package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"teilhabe"
)

// Phases of the coaching year: each programme's ordered list
// (programme_phases), each case's history (case_phases) and its current
// phase on the case (cases.phase_id, phase_since).

// FindPhases returns the phases of programme programmeID in order, retired
// ones included, each saying whether a case is or was in it. Everyone of
// the programme may read them (a phase's name is no personal data, so
// reading is not logged); the administrator those of any programme.
func (db *DB) FindPhases(ctx context.Context, a teilhabe.Actor, programmeID int64) ([]teilhabe.Phase, error) {
	if !teilhabe.CanManageSetup(a) && a.ProgrammeID != programmeID {
		return nil, teilhabe.ErrNotFound
	}
	var list []teilhabe.Phase
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = t.phases(ctx, programmeID)
		return err
	})
	return list, err
}

func (t *tx) phases(ctx context.Context, programmeID int64) ([]teilhabe.Phase, error) {
	return queryAll(ctx, t, func(s scanner) (teilhabe.Phase, error) {
		var p teilhabe.Phase
		var retired, used int
		err := s.Scan(&p.ID, &p.ProgrammeID, &p.Position, &p.Name, &retired, &p.Version, &used)
		p.Retired, p.InUse = retired == 1, used == 1
		return p, err
	}, `SELECT ph.id, ph.programme_id, ph.position, ph.name, ph.retired, ph.version,
		CASE WHEN EXISTS (SELECT 1 FROM case_phases cp WHERE cp.phase_id = ph.id) THEN 1 ELSE 0 END
		FROM programme_phases ph WHERE ph.programme_id = ? ORDER BY ph.position, ph.id`, programmeID)
}

// addDefaultPhases gives a new programme the default phases.
func (t *tx) addDefaultPhases(ctx context.Context, programmeID int64) error {
	for i, name := range teilhabe.DefaultPhaseNames() {
		if _, err := t.exec(ctx, `INSERT INTO programme_phases (programme_id, position, name) VALUES (?, ?, ?)`,
			programmeID, i+1, name); err != nil {
			return err
		}
	}
	return nil
}

// casePhases returns a case's phase history, the current phase first.
func (t *tx) casePhases(ctx context.Context, caseID int64) ([]teilhabe.CasePhase, error) {
	return queryAll(ctx, t, func(s scanner) (teilhabe.CasePhase, error) {
		var p teilhabe.CasePhase
		var on dbDate
		var at dbTime
		err := s.Scan(&p.PhaseID, &p.Name, &on, &at, &p.SetBy)
		p.BeganOn, p.SetAt = on.t, at.t
		return p, err
	}, `SELECT cp.phase_id, ph.name, cp.began_on, cp.set_at, cp.set_by_name
		FROM case_phases cp JOIN programme_phases ph ON ph.id = cp.phase_id
		WHERE cp.case_id = ? ORDER BY cp.began_on DESC, cp.id DESC`, caseID)
}

// enterPhase moves the case of ch into phase p from day on, keeping the
// earlier phase in the history.
func (ch *change) enterPhase(ctx context.Context, p teilhabe.Phase, on time.Time) error {
	if _, err := ch.t.exec(ctx, `INSERT INTO case_phases (case_id, phase_id, began_on, set_at, set_by, set_by_name)
		VALUES (?, ?, ?, ?, ?, ?)`, ch.c.ID, p.ID, date(on), ts(ch.t.now), nullID(ch.a.UserID), ch.a.DisplayName()); err != nil {
		return err
	}
	ch.c.PhaseID, ch.c.PhaseName, ch.c.PhaseSince = p.ID, p.Name, on
	ch.set.add("phase_id", p.ID)
	ch.set.add("phase_since", date(on))
	return nil
}

// enterFirstPhase puts the case of ch, whose coaching begins on day on (its
// first conversation was held), into the first phase its programme offers.
// A programme without phases leaves the case without one.
func (ch *change) enterFirstPhase(ctx context.Context, on time.Time) error {
	list, err := ch.t.phases(ctx, ch.c.ProgrammeID)
	if err != nil {
		return err
	}
	for _, p := range list {
		if !p.Retired {
			return ch.enterPhase(ctx, p, on)
		}
	}
	return nil
}

// SetPhase moves a case in coaching into another phase of its programme
// from a day on, which is not before its current phase began. Who: provider
// staff of the case (teilhabe.CanSetPhase). Errors: see the package
// documentation; a retired phase or one of another programme is invalid.
func (db *DB) SetPhase(ctx context.Context, a teilhabe.Actor, id int64, version int, in teilhabe.PhaseChange) error {
	if err := in.Validate(db.Today()); err != nil {
		return err
	}
	cmd := command{may: teilhabe.CanSetPhase, audit: teilhabe.AuditPhaseSet}
	return db.changeCase(ctx, a, id, version, cmd, func(ctx context.Context, ch *change) error {
		if err := in.CheckCase(ch.c); err != nil {
			return err
		}
		list, err := ch.t.phases(ctx, ch.c.ProgrammeID)
		if err != nil {
			return err
		}
		for _, p := range list {
			if p.ID == in.PhaseID && !p.Retired {
				ch.detail = p.Name
				return ch.enterPhase(ctx, p, in.On)
			}
		}
		return teilhabe.Invalid("phase", "err.choose")
	})
}

// AddPhase adds a phase at the end of programme programmeID's phases.
// Who: teilhabe.CanEditPhases; anyone else gets teilhabe.ErrNotFound.
func (db *DB) AddPhase(ctx context.Context, a teilhabe.Actor, programmeID int64, in teilhabe.PhaseName) error {
	if !teilhabe.CanEditPhases(a, programmeID) {
		return teilhabe.ErrNotFound
	}
	if err := in.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(t *tx) error {
		if _, err := t.programme(ctx, programmeID); err != nil {
			return err
		}
		list, err := t.phases(ctx, programmeID)
		if err != nil {
			return err
		}
		name := strings.TrimSpace(in.Name)
		if err := checkPhaseName(list, 0, name); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO programme_phases (programme_id, position, name) VALUES (?, ?, ?)`,
			programmeID, len(list)+1, name); err != nil {
			return err
		}
		return t.phaseAudit(ctx, a, programmeID, "added "+name)
	})
}

// checkPhaseName refuses a name another phase of list (not id) has.
func checkPhaseName(list []teilhabe.Phase, id int64, name string) error {
	for _, p := range list {
		if p.ID != id && strings.EqualFold(p.Name, name) {
			return teilhabe.Invalid("name", "err.name_taken")
		}
	}
	return nil
}

// RenamePhase renames phase phaseID of programme programmeID if its version
// is still version (else teilhabe.ErrStale). Cases in the phase show the
// new name. Who: teilhabe.CanEditPhases; anyone else gets
// teilhabe.ErrNotFound.
func (db *DB) RenamePhase(ctx context.Context, a teilhabe.Actor, programmeID, phaseID int64, version int, in teilhabe.PhaseName) error {
	if !teilhabe.CanEditPhases(a, programmeID) {
		return teilhabe.ErrNotFound
	}
	if err := in.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(t *tx) error {
		list, p, err := t.phaseOf(ctx, programmeID, phaseID, version)
		if err != nil {
			return err
		}
		name := strings.TrimSpace(in.Name)
		if err := checkPhaseName(list, p.ID, name); err != nil {
			return err
		}
		if err := t.updatePhase(ctx, p, "name = ?", name); err != nil {
			return err
		}
		return t.phaseAudit(ctx, a, programmeID, fmt.Sprintf("renamed %s→%s", p.Name, name))
	})
}

// ChangePhase moves phase phaseID of programme programmeID one place up or
// down, retires or reinstates it, or deletes it, if its version is still
// version (else teilhabe.ErrStale). A phase any case is or was in cannot
// be deleted, only retired (a conflict). Who: teilhabe.CanEditPhases;
// anyone else gets teilhabe.ErrNotFound.
func (db *DB) ChangePhase(ctx context.Context, a teilhabe.Actor, programmeID, phaseID int64, version int, m teilhabe.PhaseMove) error {
	if !teilhabe.CanEditPhases(a, programmeID) {
		return teilhabe.ErrNotFound
	}
	if !m.Valid() {
		return teilhabe.Invalid("move", "err.choose")
	}
	return db.inTx(ctx, func(t *tx) error {
		list, p, err := t.phaseOf(ctx, programmeID, phaseID, version)
		if err != nil {
			return err
		}
		switch m {
		case teilhabe.PhaseRetire, teilhabe.PhaseReinstate:
			if err := t.updatePhase(ctx, p, "retired = ?", boolInt(m == teilhabe.PhaseRetire)); err != nil {
				return err
			}
		case teilhabe.PhaseDelete:
			if p.InUse {
				return teilhabe.Conflict("phase.err_in_use")
			}
			if _, err := t.exec(ctx, `DELETE FROM programme_phases WHERE id = ?`, p.ID); err != nil {
				return err
			}
		case teilhabe.PhaseUp, teilhabe.PhaseDown:
			i := phaseIndex(list, p.ID)
			j := i - 1
			if m == teilhabe.PhaseDown {
				j = i + 1
			}
			if j < 0 || j >= len(list) {
				return teilhabe.Conflict("phase.err_cannot_move")
			}
			list[i], list[j] = list[j], list[i]
		}
		// Number the remaining phases 1, 2, … again, in their order.
		n := 0
		for _, q := range list {
			if m == teilhabe.PhaseDelete && q.ID == p.ID {
				continue
			}
			n++
			if q.Position != n {
				if _, err := t.exec(ctx, `UPDATE programme_phases SET position = ?, version = version + 1 WHERE id = ?`, n, q.ID); err != nil {
					return err
				}
			}
		}
		return t.phaseAudit(ctx, a, programmeID, string(m)+" "+p.Name)
	})
}

// phaseOf loads programme programmeID's phases and phase phaseID among
// them, checking its version.
func (t *tx) phaseOf(ctx context.Context, programmeID, phaseID int64, version int) ([]teilhabe.Phase, teilhabe.Phase, error) {
	list, err := t.phases(ctx, programmeID)
	if err != nil {
		return nil, teilhabe.Phase{}, err
	}
	i := phaseIndex(list, phaseID)
	if i < 0 {
		return nil, teilhabe.Phase{}, teilhabe.ErrNotFound
	}
	if list[i].Version != version {
		return nil, teilhabe.Phase{}, teilhabe.ErrStale
	}
	return list, list[i], nil
}

func phaseIndex(list []teilhabe.Phase, id int64) int {
	for i, p := range list {
		if p.ID == id {
			return i
		}
	}
	return -1
}

// updatePhase sets one column of phase p, checking its version.
func (t *tx) updatePhase(ctx context.Context, p teilhabe.Phase, set string, v any) error {
	res, err := t.exec(ctx, `UPDATE programme_phases SET `+set+`, version = version + 1 WHERE id = ? AND version = ?`,
		v, p.ID, p.Version)
	return checkVersion(res, err)
}

// phaseAudit writes the audit entry of a change to a programme's phases.
func (t *tx) phaseAudit(ctx context.Context, a teilhabe.Actor, programmeID int64, detail string) error {
	a.ProgrammeID = programmeID
	return t.audit(ctx, a, auditEntry{action: teilhabe.AuditPhasesChanged, objectType: "programme", objectID: programmeID, detail: detail})
}
