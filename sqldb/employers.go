package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"teilhabe"
)

// The employers register: each provider's employers (employers), their
// contact persons (employer_contacts) and job openings (employer_openings).
// Every query names the actor's provider; an employer of another provider
// is not found. The register is business data and names no participant,
// so reading it is not logged; every change is.

const employerColumns = `e.id, e.provider_id, e.name, e.street, e.postcode, e.city, e.sector, e.workplaces,
	e.disabled, e.notes, e.version`

func scanEmployer(s scanner) (teilhabe.Employer, error) {
	var e teilhabe.Employer
	var disabled sql.NullInt64
	err := notFound(s.Scan(&e.ID, &e.ProviderID, &e.Name, &e.Street, &e.Postcode, &e.City, &e.Sector, &e.Workplaces,
		&disabled, &e.Notes, &e.Version))
	e.Disabled, e.DisabledKnown = int(disabled.Int64), disabled.Valid
	return e, err
}

// EmployerFilter selects employers of the register.
type EmployerFilter struct {
	// Query finds employers whose name contains it (as teilhabe.EmployerKey
	// writes both), or whose postcode begins with it.
	Query string
	// Page counts from 1.
	Page int
}

// EmployerPageSize is how many employers a page of the register lists.
const EmployerPageSize = 50

// EmployerListItem is an employer as the register lists it.
type EmployerListItem struct {
	teilhabe.Employer
	// OpenOpenings counts its openings still open.
	OpenOpenings int
}

// FindEmployers lists the employers of a's provider matching f, by name,
// one page, and whether there is another. Who: teilhabe.CanUseEmployers.
func (db *DB) FindEmployers(ctx context.Context, a teilhabe.Actor, f EmployerFilter) ([]EmployerListItem, bool, error) {
	if !teilhabe.CanUseEmployers(a) {
		return nil, false, teilhabe.ErrNotFound
	}
	var pr teilhabe.Problems
	teilhabe.CheckSearch(&pr, "q", f.Query)
	if err := pr.Err(); err != nil {
		return nil, false, err
	}
	where, args := `e.provider_id = ?`, []any{a.OrgID}
	if q := strings.TrimSpace(f.Query); q != "" {
		if key := teilhabe.EmployerKey(q); key != "" {
			where += ` AND (e.name_key LIKE ? ESCAPE '\' OR e.postcode LIKE ? ESCAPE '\')`
			args = append(args, "%"+escapeLike(key)+"%", escapeLike(q)+"%")
		}
	}
	page := max(f.Page, 1)
	var list []EmployerListItem
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = queryAll(ctx, t, func(s scanner) (EmployerListItem, error) {
			var it EmployerListItem
			e, err := scanEmployer(extraScanner{s, []any{&it.OpenOpenings}})
			it.Employer = e
			return it, err
		}, `SELECT `+employerColumns+`, (SELECT COUNT(*) FROM employer_openings o WHERE o.employer_id = e.id AND o.status = ?)
			FROM employers e WHERE `+where+` ORDER BY e.name_key, e.id LIMIT ? OFFSET ?`,
			append(append([]any{teilhabe.OpeningOpen}, args...), EmployerPageSize+1, (page-1)*EmployerPageSize)...)
		return err
	})
	more := len(list) > EmployerPageSize
	if more {
		list = list[:EmployerPageSize]
	}
	return list, more, err
}

// escapeLike escapes the wildcards of a LIKE pattern, with \ as the escape.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// FindEmployer returns employer id of a's provider with its contacts and
// openings (open ones first). Who: teilhabe.CanUseEmployers; an employer
// of another provider is teilhabe.ErrNotFound.
func (db *DB) FindEmployer(ctx context.Context, a teilhabe.Actor, id int64) (teilhabe.Employer, error) {
	if !teilhabe.CanUseEmployers(a) {
		return teilhabe.Employer{}, teilhabe.ErrNotFound
	}
	var e teilhabe.Employer
	err := db.read(ctx, func(t *tx) error {
		var err error
		if e, err = t.employer(ctx, a, id); err != nil {
			return err
		}
		if e.Contacts, err = queryAll(ctx, t, func(s scanner) (teilhabe.EmployerContact, error) {
			var c teilhabe.EmployerContact
			err := s.Scan(&c.ID, &c.EmployerID, &c.Name, &c.Function, &c.Phone, &c.Email)
			return c, err
		}, `SELECT id, employer_id, name, function, phone, email FROM employer_contacts WHERE employer_id = ? ORDER BY name, id`,
			id); err != nil {
			return err
		}
		e.Openings, err = queryAll(ctx, t, scanOpening, `SELECT `+openingColumns+` FROM employer_openings o
			WHERE o.employer_id = ? ORDER BY CASE WHEN o.status = ? THEN 0 ELSE 1 END, o.created_at DESC, o.id DESC`,
			id, teilhabe.OpeningOpen)
		return err
	})
	return e, err
}

// employer reads employer id of a's provider.
func (t *tx) employer(ctx context.Context, a teilhabe.Actor, id int64) (teilhabe.Employer, error) {
	return scanEmployer(t.queryRow(ctx, `SELECT `+employerColumns+` FROM employers e WHERE e.id = ? AND e.provider_id = ?`,
		id, a.OrgID))
}

// refuseDuplicate refuses an employer whose key another employer of the
// provider (other than except) has, naming it, unless confirmed: the user
// saw the warning and keeps both.
func (t *tx) refuseDuplicate(ctx context.Context, providerID int64, e teilhabe.Employer, except int64, confirmed bool) error {
	if confirmed {
		return nil
	}
	twins, err := queryAll(ctx, t, func(s scanner) (string, error) {
		var name, city string
		err := s.Scan(&name, &city)
		return name + ", " + city, err
	}, `SELECT name, city FROM employers WHERE provider_id = ? AND name_key = ? AND id <> ? ORDER BY id LIMIT 3`,
		providerID, teilhabe.EmployerKey(e.Name), except)
	if err != nil || len(twins) == 0 {
		return err
	}
	return teilhabe.Invalid("name", "err.employer_duplicate", strings.Join(twins, "; "))
}

// CreateEmployer adds e to the register of a's provider and returns its
// id. A likely duplicate (teilhabe.EmployerKey) is refused with a problem
// on the name unless confirmDuplicate is set. Who: teilhabe.CanUseEmployers.
func (db *DB) CreateEmployer(ctx context.Context, a teilhabe.Actor, e teilhabe.Employer, confirmDuplicate bool) (int64, error) {
	if !teilhabe.CanUseEmployers(a) {
		return 0, teilhabe.ErrNotFound
	}
	if err := e.Validate(); err != nil {
		return 0, err
	}
	e = trimEmployer(e)
	var id int64
	err := db.inTx(ctx, func(t *tx) error {
		if err := t.refuseDuplicate(ctx, a.OrgID, e, 0, confirmDuplicate); err != nil {
			return err
		}
		var err error
		if id, err = t.insert(ctx, `INSERT INTO employers (provider_id, name, name_key, street, postcode, city, sector,
			workplaces, disabled, notes, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.OrgID, e.Name, teilhabe.EmployerKey(e.Name), e.Street, e.Postcode, e.City, e.Sector, e.Workplaces,
			disabledValue(e), e.Notes, ts(t.now), nullID(a.UserID)); err != nil {
			return err
		}
		return t.audit(ctx, a, employerAudit(teilhabe.AuditEmployerCreated, a, id, e.Name))
	})
	return id, err
}

// UpdateEmployer changes employer e.ID of a's provider if its version is
// still e.Version; otherwise teilhabe.ErrStale. A new name that makes it a
// likely duplicate is refused as in CreateEmployer.
func (db *DB) UpdateEmployer(ctx context.Context, a teilhabe.Actor, e teilhabe.Employer, confirmDuplicate bool) error {
	if !teilhabe.CanUseEmployers(a) {
		return teilhabe.ErrNotFound
	}
	if err := e.Validate(); err != nil {
		return err
	}
	e = trimEmployer(e)
	return db.inTx(ctx, func(t *tx) error {
		old, err := t.employer(ctx, a, e.ID)
		if err != nil {
			return err
		}
		if teilhabe.EmployerKey(old.Name) != teilhabe.EmployerKey(e.Name) {
			if err := t.refuseDuplicate(ctx, a.OrgID, e, e.ID, confirmDuplicate); err != nil {
				return err
			}
		}
		res, err := t.exec(ctx, `UPDATE employers SET name = ?, name_key = ?, street = ?, postcode = ?, city = ?, sector = ?,
			workplaces = ?, disabled = ?, notes = ?, version = version + 1 WHERE id = ? AND provider_id = ? AND version = ?`,
			e.Name, teilhabe.EmployerKey(e.Name), e.Street, e.Postcode, e.City, e.Sector, e.Workplaces, disabledValue(e), e.Notes,
			e.ID, a.OrgID, e.Version)
		if err := checkVersion(res, err); err != nil {
			return err
		}
		return t.audit(ctx, a, employerAudit(teilhabe.AuditEmployerUpdated, a, e.ID, employerChanges(old, e)))
	})
}

// address is an employer's address on one line.
func address(e teilhabe.Employer) string {
	return strings.TrimSpace(strings.Join([]string{e.Street, strings.TrimSpace(e.Postcode + " " + e.City)}, ", "))
}

func trimEmployer(e teilhabe.Employer) teilhabe.Employer {
	for _, s := range []*string{&e.Name, &e.Street, &e.Postcode, &e.City, &e.Notes} {
		*s = strings.TrimSpace(*s)
	}
	return e
}

// disabledValue stores an unknown number employed as NULL.
func disabledValue(e teilhabe.Employer) any {
	if !e.DisabledKnown {
		return nil
	}
	return e.Disabled
}

func employerAudit(action teilhabe.AuditAction, a teilhabe.Actor, id int64, detail string) auditEntry {
	return auditEntry{action: action, objectType: "employer", objectID: id, providerID: a.OrgID, detail: detail}
}

// employerChanges describes the changed fields of an employer for the
// audit log, old→new; the notes only as changed.
func employerChanges(old, e teilhabe.Employer) string {
	var changes []string
	disabled := func(e teilhabe.Employer) string {
		if !e.DisabledKnown {
			return "?"
		}
		return fmt.Sprint(e.Disabled)
	}
	for _, c := range []struct{ name, from, to string }{
		{"name", old.Name, e.Name},
		{"employer_address", address(old), address(e)},
		{"sector", string(old.Sector), string(e.Sector)},
		{"workplaces", fmt.Sprint(old.Workplaces), fmt.Sprint(e.Workplaces)},
		{"disabled", disabled(old), disabled(e)},
		{"notes", old.Notes, e.Notes},
	} {
		switch {
		case c.from == c.to:
		case c.name == "notes":
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

// AddEmployerContact adds contact person c to employer employerID of a's
// provider and returns its id.
func (db *DB) AddEmployerContact(ctx context.Context, a teilhabe.Actor, employerID int64, c teilhabe.EmployerContact) (int64, error) {
	if !teilhabe.CanUseEmployers(a) {
		return 0, teilhabe.ErrNotFound
	}
	if err := c.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := db.inTx(ctx, func(t *tx) error {
		if _, err := t.employer(ctx, a, employerID); err != nil {
			return err
		}
		var err error
		if id, err = t.insert(ctx, `INSERT INTO employer_contacts (employer_id, name, function, phone, email, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, employerID, strings.TrimSpace(c.Name), strings.TrimSpace(c.Function),
			strings.TrimSpace(c.Phone), strings.TrimSpace(c.Email), ts(t.now)); err != nil {
			return err
		}
		return t.audit(ctx, a, employerAudit(teilhabe.AuditEmployerContactAdded, a, employerID, fmt.Sprintf("contact %d", id)))
	})
	return id, err
}

// RemoveEmployerContact removes contact person contactID of employer
// employerID of a's provider: someone who left the business.
func (db *DB) RemoveEmployerContact(ctx context.Context, a teilhabe.Actor, employerID, contactID int64) error {
	if !teilhabe.CanUseEmployers(a) {
		return teilhabe.ErrNotFound
	}
	return db.inTx(ctx, func(t *tx) error {
		if _, err := t.employer(ctx, a, employerID); err != nil {
			return err
		}
		res, err := t.exec(ctx, `DELETE FROM employer_contacts WHERE id = ? AND employer_id = ?`, contactID, employerID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return notFoundIfNone(err)
		}
		return t.audit(ctx, a, employerAudit(teilhabe.AuditEmployerContactRemoved, a, employerID, fmt.Sprintf("contact %d", contactID)))
	})
}

// notFoundIfNone is err, or teilhabe.ErrNotFound when nothing went wrong
// but nothing was there.
func notFoundIfNone(err error) error {
	if err != nil {
		return err
	}
	return teilhabe.ErrNotFound
}

const openingColumns = `o.id, o.employer_id, o.title, o.hours, o.start_on, o.requirements, o.accessibility, o.status, o.version`

func scanOpening(s scanner) (teilhabe.Opening, error) {
	var o teilhabe.Opening
	var start dbDate
	err := notFound(s.Scan(&o.ID, &o.EmployerID, &o.Title, &o.Hours, &start, &o.Requirements, &o.Accessibility, &o.Status,
		&o.Version))
	o.Start = start.t
	return o, err
}

// AddOpening adds job opening o to employer employerID of a's provider and
// returns its id.
func (db *DB) AddOpening(ctx context.Context, a teilhabe.Actor, employerID int64, o teilhabe.Opening) (int64, error) {
	if !teilhabe.CanUseEmployers(a) {
		return 0, teilhabe.ErrNotFound
	}
	if err := o.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := db.inTx(ctx, func(t *tx) error {
		if _, err := t.employer(ctx, a, employerID); err != nil {
			return err
		}
		var err error
		if id, err = t.insert(ctx, `INSERT INTO employer_openings (employer_id, title, hours, start_on, requirements,
			accessibility, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, employerID, strings.TrimSpace(o.Title), o.Hours,
			date(o.Start), strings.TrimSpace(o.Requirements), strings.TrimSpace(o.Accessibility), o.Status, ts(t.now)); err != nil {
			return err
		}
		return t.audit(ctx, a, employerAudit(teilhabe.AuditOpeningAdded, a, employerID, fmt.Sprintf("opening %d", id)))
	})
	return id, err
}

// FindOpening returns opening id of employer employerID of a's provider.
func (db *DB) FindOpening(ctx context.Context, a teilhabe.Actor, employerID, id int64) (teilhabe.Opening, error) {
	if !teilhabe.CanUseEmployers(a) {
		return teilhabe.Opening{}, teilhabe.ErrNotFound
	}
	var o teilhabe.Opening
	err := db.read(ctx, func(t *tx) error {
		var err error
		o, err = t.opening(ctx, a, employerID, id)
		return err
	})
	return o, err
}

func (t *tx) opening(ctx context.Context, a teilhabe.Actor, employerID, id int64) (teilhabe.Opening, error) {
	return scanOpening(t.queryRow(ctx, `SELECT `+openingColumns+` FROM employer_openings o
		JOIN employers e ON e.id = o.employer_id WHERE o.id = ? AND o.employer_id = ? AND e.provider_id = ?`,
		id, employerID, a.OrgID))
}

// UpdateOpening changes opening o.ID of employer employerID of a's
// provider if its version is still o.Version; otherwise teilhabe.ErrStale.
func (db *DB) UpdateOpening(ctx context.Context, a teilhabe.Actor, employerID int64, o teilhabe.Opening) error {
	if !teilhabe.CanUseEmployers(a) {
		return teilhabe.ErrNotFound
	}
	if err := o.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(t *tx) error {
		old, err := t.opening(ctx, a, employerID, o.ID)
		if err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE employer_openings SET title = ?, hours = ?, start_on = ?, requirements = ?,
			accessibility = ?, status = ?, version = version + 1 WHERE id = ? AND employer_id = ? AND version = ?`,
			strings.TrimSpace(o.Title), o.Hours, date(o.Start), strings.TrimSpace(o.Requirements), strings.TrimSpace(o.Accessibility),
			o.Status, o.ID, employerID, o.Version)
		if err := checkVersion(res, err); err != nil {
			return err
		}
		detail := fmt.Sprintf("opening %d", o.ID)
		if old.Status != o.Status {
			detail += ", opening_status " + string(old.Status) + "→" + string(o.Status)
		}
		return t.audit(ctx, a, employerAudit(teilhabe.AuditOpeningUpdated, a, employerID, detail))
	})
}

// EmployerChoiceLimit bounds the employers a form offers to choose from.
const EmployerChoiceLimit = 2000

// FindEmployerChoices lists the employers of a's provider by name, for a
// form that names one: id, name and town.
func (db *DB) FindEmployerChoices(ctx context.Context, a teilhabe.Actor) ([]teilhabe.Employer, error) {
	if !teilhabe.CanUseEmployers(a) {
		return nil, teilhabe.ErrNotFound
	}
	var list []teilhabe.Employer
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = queryAll(ctx, t, func(s scanner) (teilhabe.Employer, error) {
			var e teilhabe.Employer
			err := s.Scan(&e.ID, &e.Name, &e.City)
			return e, err
		}, `SELECT id, name, city FROM employers WHERE provider_id = ? ORDER BY name_key, id LIMIT ?`, a.OrgID, EmployerChoiceLimit)
		return err
	})
	return list, err
}
