package sqldb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"teilhabe"
)

// The module catalogue of a programme (programme_modules) and the modules
// booked for a case (case_modules). A module's sessions are appointments of
// kind module_session that name it in case_module_id.

const catalogueColumns = `m.id, m.programme_id, m.name, m.kind, m.description, m.sessions, m.hours, m.deliverer,
	m.active, m.version`

func scanCatalogueModule(s scanner) (teilhabe.CatalogueModule, error) {
	var m teilhabe.CatalogueModule
	var active int
	err := notFound(s.Scan(&m.ID, &m.ProgrammeID, &m.Name, &m.Kind, &m.Description, &m.Sessions, &m.Hours, &m.Deliverer,
		&active, &m.Version))
	m.Active = active == 1
	return m, err
}

// CanReadModuleCatalogue reports whether a may see the module catalogue
// of programme programmeID: whoever keeps it, and the provider staff of the
// programme, who book from it. It holds no personal data.
func canReadModuleCatalogue(a teilhabe.Actor, programmeID int64) bool {
	return teilhabe.CanEditModuleCatalogue(a, programmeID) ||
		a.Role.IsProviderSide() && a.ProgrammeID != 0 && a.ProgrammeID == programmeID
}

// FindModuleCatalogue lists the modules programme programmeID offers, the
// active ones first, each group by name. Who: teilhabe.CanEditModuleCatalogue
// and the programme's provider staff; anyone else gets teilhabe.ErrNotFound.
// The catalogue names no person, so reading it is not logged.
func (db *DB) FindModuleCatalogue(ctx context.Context, a teilhabe.Actor, programmeID int64) ([]teilhabe.CatalogueModule, error) {
	if !canReadModuleCatalogue(a, programmeID) {
		return nil, teilhabe.ErrNotFound
	}
	var list []teilhabe.CatalogueModule
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = t.moduleCatalogue(ctx, programmeID)
		return err
	})
	return list, err
}

func (t *tx) moduleCatalogue(ctx context.Context, programmeID int64) ([]teilhabe.CatalogueModule, error) {
	return queryAll(ctx, t, scanCatalogueModule, `SELECT `+catalogueColumns+` FROM programme_modules m
		WHERE m.programme_id = ? ORDER BY m.active DESC, m.name, m.id`, programmeID)
}

// FindCatalogueModule returns module id of programme programmeID, for
// whoever may see the catalogue; otherwise teilhabe.ErrNotFound.
func (db *DB) FindCatalogueModule(ctx context.Context, a teilhabe.Actor, programmeID, id int64) (teilhabe.CatalogueModule, error) {
	if !canReadModuleCatalogue(a, programmeID) {
		return teilhabe.CatalogueModule{}, teilhabe.ErrNotFound
	}
	var m teilhabe.CatalogueModule
	err := db.read(ctx, func(t *tx) error {
		var err error
		m, err = t.catalogueModule(ctx, programmeID, id)
		return err
	})
	return m, err
}

func (t *tx) catalogueModule(ctx context.Context, programmeID, id int64) (teilhabe.CatalogueModule, error) {
	return scanCatalogueModule(t.queryRow(ctx, `SELECT `+catalogueColumns+` FROM programme_modules m
		WHERE m.id = ? AND m.programme_id = ?`, id, programmeID))
}

// insertCatalogueModule adds m to the catalogue of programme programmeID;
// a name the programme already has is a problem of the name field.
func (t *tx) insertCatalogueModule(ctx context.Context, programmeID int64, m teilhabe.CatalogueModule) (int64, error) {
	id, err := t.insert(ctx, `INSERT INTO programme_modules (programme_id, name, kind, description, sessions, hours,
		deliverer, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, programmeID, strings.TrimSpace(m.Name), m.Kind,
		strings.TrimSpace(m.Description), m.Sessions, m.Hours, m.Deliverer, boolInt(m.Active), ts(t.now))
	if isUniqueViolation(err) {
		return 0, teilhabe.Invalid("name", "err.name_taken")
	}
	return id, err
}

// addDefaultCatalogue gives a new programme teilhabe.DefaultModuleCatalogue.
func (t *tx) addDefaultCatalogue(ctx context.Context, programmeID int64) error {
	for _, m := range teilhabe.DefaultModuleCatalogue() {
		if _, err := t.insertCatalogueModule(ctx, programmeID, m); err != nil {
			return fmt.Errorf("default module %s: %w", m.Name, err)
		}
	}
	return nil
}

// CreateCatalogueModule adds a module to the catalogue of programme
// m.ProgrammeID. Who: teilhabe.CanEditModuleCatalogue; anyone else gets
// teilhabe.ErrNotFound.
func (db *DB) CreateCatalogueModule(ctx context.Context, a teilhabe.Actor, m teilhabe.CatalogueModule) (int64, error) {
	if !teilhabe.CanEditModuleCatalogue(a, m.ProgrammeID) {
		return 0, teilhabe.ErrNotFound
	}
	if err := m.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := db.inTx(ctx, func(t *tx) error {
		if _, err := t.programme(ctx, m.ProgrammeID); err != nil {
			return err
		}
		var err error
		if id, err = t.insertCatalogueModule(ctx, m.ProgrammeID, m); err != nil {
			return err
		}
		a := a
		a.ProgrammeID = m.ProgrammeID
		return t.audit(ctx, a, auditEntry{action: teilhabe.AuditCatalogueAdded, objectType: "programme_module", objectID: id,
			detail: strings.TrimSpace(m.Name)})
	})
	return id, err
}

// UpdateCatalogueModule changes module m.ID of programme m.ProgrammeID if
// its version is still m.Version; otherwise teilhabe.ErrStale. Retiring a
// module (Active false) keeps it on the cases that booked it. Who:
// teilhabe.CanEditModuleCatalogue; anyone else, and a module of another
// programme, get teilhabe.ErrNotFound.
func (db *DB) UpdateCatalogueModule(ctx context.Context, a teilhabe.Actor, m teilhabe.CatalogueModule) error {
	if !teilhabe.CanEditModuleCatalogue(a, m.ProgrammeID) {
		return teilhabe.ErrNotFound
	}
	if err := m.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(t *tx) error {
		old, err := t.catalogueModule(ctx, m.ProgrammeID, m.ID)
		if err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE programme_modules SET name = ?, kind = ?, description = ?, sessions = ?, hours = ?,
			deliverer = ?, active = ?, version = version + 1 WHERE id = ? AND version = ?`, strings.TrimSpace(m.Name), m.Kind,
			strings.TrimSpace(m.Description), m.Sessions, m.Hours, m.Deliverer, boolInt(m.Active), m.ID, m.Version)
		if isUniqueViolation(err) {
			return teilhabe.Invalid("name", "err.name_taken")
		}
		if err := checkVersion(res, err); err != nil {
			return err
		}
		a := a
		a.ProgrammeID = m.ProgrammeID
		return t.audit(ctx, a, auditEntry{action: teilhabe.AuditCatalogueUpdated, objectType: "programme_module", objectID: m.ID,
			detail: catalogueChanges(old, m)})
	})
}

// catalogueChanges describes every changed field of a catalogue module,
// old→new, for the audit log.
func catalogueChanges(old, m teilhabe.CatalogueModule) string {
	var changes []string
	for _, c := range []struct{ name, from, to string }{
		{"name", old.Name, strings.TrimSpace(m.Name)},
		{"kind", string(old.Kind), string(m.Kind)},
		{"description", old.Description, strings.TrimSpace(m.Description)},
		{"sessions", fmt.Sprint(old.Sessions), fmt.Sprint(m.Sessions)},
		{"hours", fmt.Sprint(old.Hours), fmt.Sprint(m.Hours)},
		{"deliverer", string(old.Deliverer), string(m.Deliverer)},
		{"active", fmt.Sprint(old.Active), fmt.Sprint(m.Active)},
	} {
		switch {
		case c.from == c.to:
		case c.name == "description":
			changes = append(changes, "text")
		default:
			changes = append(changes, c.name+" "+c.from+"→"+c.to)
		}
	}
	if len(changes) == 0 {
		return "no change"
	}
	return strings.Join(changes, ", ")
}

// BookModule books a module of the programme's active catalogue for case
// id, which must be in coaching (stage active), and returns the case
// module's id. The module is planned, or running if it starts today or
// started already; without a deliverer, the catalogue's default delivers it. Who: teilhabe.CanBookModule. Errors: see the package
// documentation; a conflict journey.need.active outside coaching.
func (db *DB) BookModule(ctx context.Context, a teilhabe.Actor, id int64, in teilhabe.ModuleBooking) (int64, error) {
	today := db.Today()
	if err := in.Validate(today, ""); err != nil {
		return 0, err
	}
	var moduleID int64
	cmd := command{may: teilhabe.CanBookModule, audit: teilhabe.AuditModuleBooked, adds: true}
	err := db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		if ch.c.Stage != teilhabe.StageActive {
			return teilhabe.Conflict("journey.need.active")
		}
		m, err := ch.t.catalogueModule(ctx, ch.c.ProgrammeID, in.ModuleID)
		if errors.Is(err, teilhabe.ErrNotFound) || err == nil && !m.Active {
			return teilhabe.Invalid("module", "err.choose")
		}
		if err != nil {
			return err
		}
		if in.Deliverer == "" {
			in.Deliverer = m.Deliverer
		}
		if err := in.Validate(today, m.Kind); err != nil {
			return err
		}
		if in.EmployerID != 0 {
			// A work trial at an employer of the register: it delivers the
			// module, and the participant has released the coach towards it.
			on := in.Start
			if on.After(today) {
				on = today // a release given today covers a trial that starts later
			}
			name, err := ch.releasedTowards(ctx, in.EmployerID, on, "err.module_no_employer_consent")
			if err != nil {
				return err
			}
			in.Deliverer = teilhabe.DeliveredExternally
			if strings.TrimSpace(in.ExternalName) == "" {
				in.ExternalName = name
			}
		}
		status := teilhabe.ModulePlanned
		if !in.Start.After(today) {
			status = teilhabe.ModuleRunning
		}
		external := strings.TrimSpace(in.ExternalName)
		if in.Deliverer != teilhabe.DeliveredExternally {
			external = ""
		}
		if moduleID, err = ch.t.insert(ctx, `INSERT INTO case_modules (case_id, programme_module_id, planned_start, planned_end,
			deliverer, external_name, employer_id, status, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			ch.c.ID, m.ID, date(in.Start), date(in.End), in.Deliverer, external, nullID(in.EmployerID), status, ts(ch.t.now),
			nullID(ch.a.UserID), ts(ch.t.now)); err != nil {
			return err
		}
		ch.event(teilhabe.Event{Kind: teilhabe.EventModuleBooked, Text: m.Name})
		ch.detail = string(m.Kind)
		return nil
	})
	return moduleID, err
}

// UpdateCaseModule records the progress of module moduleID of case id:
// its dates, who delivers it, its status, result and certificate date, if
// the module's version is still in.Version (else teilhabe.ErrStale). The
// case itself keeps its version. Who: teilhabe.CanBookModule. Errors: see
// the package documentation; a module not of this case is not found.
func (db *DB) UpdateCaseModule(ctx context.Context, a teilhabe.Actor, id, moduleID int64, in teilhabe.ModuleProgress) error {
	today := db.Today()
	in = in.Normal()
	cmd := command{may: teilhabe.CanBookModule, audit: teilhabe.AuditModuleUpdated, adds: true}
	return db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		old, err := ch.t.caseModule(ctx, ch.c.ID, moduleID)
		if err != nil {
			return err
		}
		if old.Version != in.Version {
			return teilhabe.ErrStale
		}
		if ch.c.Stage.Closed() {
			return teilhabe.Conflict("journey.need.active")
		}
		if err := in.Validate(today, old.Kind); err != nil {
			return err
		}
		res, err := ch.t.exec(ctx, `UPDATE case_modules SET planned_start = ?, planned_end = ?, deliverer = ?, external_name = ?,
			status = ?, result = ?, outcome_note = ?, certificate_on = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND case_id = ? AND version = ?`, date(in.Start), date(in.End), in.Deliverer, in.ExternalName, in.Status,
			in.Result, in.OutcomeNote, date(in.CertificateOn), ts(ch.t.now), moduleID, ch.c.ID, in.Version)
		if err := checkVersion(res, err); err != nil {
			return err
		}
		kind := teilhabe.EventModuleChanged
		if in.Status != old.Status {
			kind = map[teilhabe.ModuleStatus]teilhabe.EventKind{teilhabe.ModulePlanned: teilhabe.EventModuleChanged,
				teilhabe.ModuleRunning: teilhabe.EventModuleStarted, teilhabe.ModuleCompleted: teilhabe.EventModuleCompleted,
				teilhabe.ModuleBrokenOff: teilhabe.EventModuleBrokenOff}[in.Status]
		}
		ch.event(teilhabe.Event{Kind: kind, Text: old.Name})
		ch.detail = moduleChanges(old, in)
		return nil
	})
}

// moduleChanges describes what an update changed of a case module,
// old→new, for the audit log: codes and dates, never the texts.
func moduleChanges(old teilhabe.CaseModule, in teilhabe.ModuleProgress) string {
	period := func(a, b time.Time) string { return teilhabe.FormatDate(a) + "–" + teilhabe.FormatDate(b) }
	var changes []string
	for _, c := range []struct{ name, from, to string }{
		{"status", string(old.Status), string(in.Status)},
		{"result", string(old.Result), string(in.Result)},
		{"period", period(old.Start, old.End), period(in.Start, in.End)},
		{"deliverer", string(old.Deliverer), string(in.Deliverer)},
		{"certificate", teilhabe.FormatDate(old.CertificateOn), teilhabe.FormatDate(in.CertificateOn)},
	} {
		if c.from != c.to {
			changes = append(changes, c.name+" "+c.from+"→"+c.to)
		}
	}
	if in.OutcomeNote != old.OutcomeNote || in.ExternalName != old.ExternalName {
		changes = append(changes, "text")
	}
	if len(changes) == 0 {
		return "no change"
	}
	return strings.Join(changes, ", ")
}

// caseModuleColumns and caseModuleFrom select a case's modules (alias cm)
// with their catalogue entry and their sessions counted (see
// teilhabe.CaseModule); the query groups by cm.id, pm.id.
const (
	caseModuleColumns = `cm.id, cm.case_id, cm.programme_module_id, pm.name, pm.kind, cm.planned_start, cm.planned_end,
		cm.deliverer, cm.external_name, cm.employer_id, cm.status, cm.result, cm.outcome_note, cm.certificate_on, cm.version,
		COALESCE(SUM(CASE WHEN a.status = 'held' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.status IN ('held', 'no_show', 'cancelled', 'cancelled_participant') THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.status = 'booked' THEN 1 ELSE 0 END), 0)`
	caseModuleFrom = ` FROM case_modules cm JOIN programme_modules pm ON pm.id = cm.programme_module_id
		LEFT JOIN appointments a ON a.case_module_id = cm.id AND a.case_id = cm.case_id AND a.kind = 'module_session'`
)

func scanCaseModule(s scanner) (teilhabe.CaseModule, error) {
	var m teilhabe.CaseModule
	var start, end, cert dbDate
	var employer *int64
	err := notFound(s.Scan(&m.ID, &m.CaseID, &m.ModuleID, &m.Name, &m.Kind, &start, &end, &m.Deliverer, &m.ExternalName,
		&employer, &m.Status, &m.Result, &m.OutcomeNote, &cert, &m.Version, &m.Held, &m.Due, &m.Booked))
	m.Start, m.End, m.CertificateOn = start.t, end.t, cert.t
	if employer != nil {
		m.EmployerID = *employer
	}
	return m, err
}

// caseModules returns the modules of case caseID by planned start, each
// with its sessions counted: one query, however many modules and sessions.
// The caller has checked that the actor may read the case.
func (t *tx) caseModules(ctx context.Context, caseID int64) ([]teilhabe.CaseModule, error) {
	return queryAll(ctx, t, scanCaseModule, `SELECT `+caseModuleColumns+caseModuleFrom+`
		WHERE cm.case_id = ? GROUP BY cm.id, pm.id ORDER BY cm.planned_start, cm.id`, caseID)
}

// caseModule returns module moduleID of case caseID, else
// teilhabe.ErrNotFound.
func (t *tx) caseModule(ctx context.Context, caseID, moduleID int64) (teilhabe.CaseModule, error) {
	return scanCaseModule(t.queryRow(ctx, `SELECT `+caseModuleColumns+caseModuleFrom+`
		WHERE cm.id = ? AND cm.case_id = ? GROUP BY cm.id, pm.id`, moduleID, caseID))
}

// sessionModule checks that a module session may be booked for case
// module moduleID of case caseID: the module is the case's and has not
// ended. Otherwise it is a problem of the form's module field. For the
// coaching-appointment booking (kind module_session), in its transaction.
func (t *tx) sessionModule(ctx context.Context, caseID, moduleID int64) (teilhabe.CaseModule, error) {
	m, err := t.caseModule(ctx, caseID, moduleID)
	if errors.Is(err, teilhabe.ErrNotFound) || err == nil && m.Status.Ended() {
		return m, teilhabe.Invalid("module", "err.module_ended")
	}
	return m, err
}

// FindCaseModules returns the modules of case id with their sessions
// counted, if a may read the case (the sponsor's caseworker too: modules
// are no internal notes); otherwise teilhabe.ErrNotFound. The view is
// written to the audit log as a view of the case. A page that reads the
// case besides should call tx.caseModules in its own read instead, so
// that it logs one view.
func (db *DB) FindCaseModules(ctx context.Context, a teilhabe.Actor, id int64) ([]teilhabe.CaseModule, error) {
	var list []teilhabe.CaseModule
	var c teilhabe.Case
	err := db.read(ctx, func(t *tx) error {
		var err error
		if c, err = t.caseInScope(ctx, a, id); err != nil {
			return err
		}
		list, err = t.caseModules(ctx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return list, db.logRead(ctx, a, caseAudit(teilhabe.AuditCaseViewed, c, "modules"))
}

// workModulesEnding is the worklist's group "a module ending": the open
// cases in scope (scope and args from scopeSQL) with a planned or running
// module whose planned end is at most teilhabe.ModuleEndingDays after today
// or has passed without an outcome, the earliest such end first. Each case
// comes once, with that module's end as the work's day and its name as the
// work's detail. The statuses are written out so that the partial index
// case_modules_open_end serves the query.
func (t *tx) workModulesEnding(ctx context.Context, scope string, args []any, today time.Time) (CoachingWork, error) {
	until := date(today.AddDate(0, 0, teilhabe.ModuleEndingDays))
	return t.workGroup(ctx, WorkModulesEnding, `SELECT cm.case_id, cm.planned_end AS due, pm.name AS detail
		FROM case_modules cm JOIN cases c ON c.id = cm.case_id JOIN programme_modules pm ON pm.id = cm.programme_module_id
		WHERE `+scope+` AND c.next_due_on IS NOT NULL AND cm.status IN ('planned', 'running') AND cm.planned_end <= ?
		AND cm.id = (SELECT m2.id FROM case_modules m2 WHERE m2.case_id = c.id AND m2.status IN ('planned', 'running')
			ORDER BY m2.planned_end, m2.id LIMIT 1)`, append(append([]any{}, args...), until))
}

// extraScanner scans a row whose columns are another scanner's followed by
// extra ones.
type extraScanner struct {
	s     scanner
	extra []any
}

func (e extraScanner) Scan(dest ...any) error { return e.s.Scan(append(dest, e.extra...)...) }
