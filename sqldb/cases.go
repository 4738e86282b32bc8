package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"teilhabe"
)

// scopeSQL returns the condition that limits cases (alias c) to what a may
// see — the SQL twin of teilhabe.CanReadCase — and its arguments.
func scopeSQL(a teilhabe.Actor) (string, []any) {
	switch a.Role {
	case teilhabe.RoleCoach:
		return "c.programme_id = ? AND c.location_id = ?", []any{a.ProgrammeID, a.LocationID}
	case teilhabe.RoleProviderLead:
		return "c.programme_id = ? AND c.provider_id = ?", []any{a.ProgrammeID, a.OrgID}
	case teilhabe.RoleSponsorCaseworker:
		return "c.programme_id = ? AND c.sponsor_id = ? AND c.shared_with_sponsor = 1", []any{a.ProgrammeID, a.OrgID}
	}
	return "1 = 0", nil
}

const caseColumns = `c.id, c.programme_id, c.provider_id, c.location_id, COALESCE(c.sponsor_id, 0), c.shared_with_sponsor,
	c.legal_domain, c.customer_number, c.origin, c.channel, c.started_by, c.announcement_reason,
	c.first_contact_on, c.info_due_on, c.info_held_on, c.stage, c.next_due_on, c.closed_reason, c.closed_note,
	COALESCE(c.job_seeking, 0), c.disability_kind, COALESCE(c.gdb, 0), c.proof_kind, c.proof_issued_on,
	c.proof_valid_until, c.proof_unlimited, c.merkzeichen, c.barriers, c.eligibility_reasons, c.eligibility_on,
	c.contract_signed_on, c.easy_language_copy, c.assignment_start, c.assignment_end, COALESCE(c.caseworker_id, 0),
	c.version, c.created_at,
	p.id, p.first_name, p.last_name, p.birth_date, p.phone, p.email, p.street, p.postcode, p.city,
	prov.name, l.name, COALESCE(sp.name, ''), COALESCE(cw.name, '')`

const caseFrom = ` FROM cases c
	JOIN persons p ON p.id = c.person_id
	JOIN organisations prov ON prov.id = c.provider_id
	JOIN locations l ON l.id = c.location_id
	LEFT JOIN organisations sp ON sp.id = c.sponsor_id
	LEFT JOIN users cw ON cw.id = c.caseworker_id`

func scanCase(s interface{ Scan(...any) error }) (teilhabe.Case, error) {
	var c teilhabe.Case
	var shared, jobSeeking, unlimited, easy int
	var first, infoDue, infoHeld, nextDue, issued, validUntil, eligOn, signed, start, end, birth dbDate
	var created dbTime
	var merk, barriers, reasons string
	e := &c.Eligibility
	err := s.Scan(&c.ID, &c.ProgrammeID, &c.ProviderID, &c.LocationID, &c.SponsorID, &shared,
		&e.LegalDomain, &e.CustomerNumber, &c.Origin, &c.Channel, &c.StartedBy, &c.AnnouncementReason,
		&first, &infoDue, &infoHeld, &c.Stage, &nextDue, &c.ClosedReason, &c.ClosedNote,
		&jobSeeking, &e.Kind, &e.GdB, &e.ProofKind, &issued,
		&validUntil, &unlimited, &merk, &barriers, &reasons, &eligOn,
		&signed, &easy, &start, &end, &c.CaseworkerID,
		&c.Version, &created,
		&c.Person.ID, &c.Person.FirstName, &c.Person.LastName, &birth, &c.Person.Phone, &c.Person.Email,
		&c.Person.Street, &c.Person.Postcode, &c.Person.City,
		&c.ProviderName, &c.LocationName, &c.SponsorName, &c.CaseworkerName)
	if errors.Is(err, sql.ErrNoRows) {
		return c, teilhabe.ErrNotFound
	}
	if err != nil {
		return c, err
	}
	c.SharedWithSponsor = shared == 1
	e.JobSeeking, e.ProofUnlimited, c.EasyLanguageCopy = jobSeeking == 1, unlimited == 1, easy == 1
	e.SponsorID = c.SponsorID
	c.FirstContactOn, c.InfoDueOn, c.InfoHeldOn, c.NextDueOn = first.t, infoDue.t, infoHeld.t, nextDue.t
	e.ProofIssued, e.ProofValidUntil, c.EligibilityOn, c.ContractSignedOn = issued.t, validUntil.t, eligOn.t, signed.t
	c.AssignmentStart, c.AssignmentEnd, c.Person.BirthDate, c.CreatedAt = start.t, end.t, birth.t, created.t
	e.Merkzeichen, e.Barriers, c.IneligibleReasons = splitCodes(merk), splitCodes(barriers), splitCodes(reasons)
	return c, nil
}

func splitCodes(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// caseInScope loads case id if a may see it, else teilhabe.ErrNotFound.
func (t *tx) caseInScope(ctx context.Context, a teilhabe.Actor, id int64) (teilhabe.Case, error) {
	where, args := scopeSQL(a)
	c, err := scanCase(t.queryRow(ctx, `SELECT `+caseColumns+caseFrom+` WHERE c.id = ? AND `+where, append([]any{id}, args...)...))
	if err != nil {
		return c, err
	}
	// The query and the rule must agree; if they ever do not, the rule wins.
	if !teilhabe.CanReadCase(a, c.Scope()) {
		return teilhabe.Case{}, teilhabe.ErrNotFound
	}
	return c, nil
}

// CaseDetail is everything the case page shows.
type CaseDetail struct {
	Case         teilhabe.Case
	Appointments []Appointment
	Consents     []Consent
	Messages     []Message
	Events       []Event
}

// Appointment is a booked info appointment or first conversation.
type Appointment struct {
	ID         int64
	Kind       string // "info" or "first"
	On         time.Time
	At         string // HH:MM
	Mode       string // "in_person" or "remote"
	LocationID int64
	Location   string
	Needs      []string
	Note       string
	Status     string // booked, held, no_show, cancelled
}

// Consent is a release the participant gave.
type Consent struct {
	ID        int64
	Scope     string
	Recipient string
	GivenOn   time.Time
	RevokedOn time.Time
}

// Event is one line of a case's timeline.
type Event struct {
	At        time.Time
	ActorName string
	Kind      string
	Detail    string
	Internal  bool
}

// FindCaseByID returns a case with its appointments, consents, messages and
// timeline, if a may see it; otherwise teilhabe.ErrNotFound. Internal notes
// are left out for sponsors. The view is written to the audit log.
func (db *DB) FindCaseByID(ctx context.Context, a teilhabe.Actor, id int64) (CaseDetail, error) {
	var d CaseDetail
	err := db.inTx(ctx, func(t *tx) error {
		var err error
		d.Case, err = t.caseInScope(ctx, a, id)
		if err != nil {
			return err
		}
		if d.Appointments, err = t.appointments(ctx, id); err != nil {
			return err
		}
		if d.Consents, err = t.consents(ctx, id); err != nil {
			return err
		}
		if d.Messages, err = t.caseMessages(ctx, id); err != nil {
			return err
		}
		if d.Events, err = t.events(ctx, id, teilhabe.CanSeeInternalNotes(a)); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit("case.viewed", d.Case, ""))
	})
	return d, err
}

func caseAudit(action string, c teilhabe.Case, detail string) auditEntry {
	return auditEntry{action: action, objectType: "case", objectID: c.ID, caseID: c.ID,
		providerID: c.ProviderID, sponsorID: c.SponsorID, detail: detail}
}

func (t *tx) appointments(ctx context.Context, caseID int64) ([]Appointment, error) {
	rows, err := t.query(ctx, `SELECT a.id, a.kind, a.on_date, a.at_time, a.mode, COALESCE(a.location_id, 0),
		COALESCE(l.name, ''), a.needs, a.note, a.status FROM appointments a LEFT JOIN locations l ON l.id = a.location_id
		WHERE a.case_id = ? ORDER BY a.on_date, a.at_time, a.id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []Appointment
	for rows.Next() {
		var ap Appointment
		var on dbDate
		var needs string
		if err := rows.Scan(&ap.ID, &ap.Kind, &on, &ap.At, &ap.Mode, &ap.LocationID, &ap.Location, &needs, &ap.Note, &ap.Status); err != nil {
			return nil, err
		}
		ap.On, ap.Needs = on.t, splitCodes(needs)
		list = append(list, ap)
	}
	return list, rows.Err()
}

func (t *tx) consents(ctx context.Context, caseID int64) ([]Consent, error) {
	rows, err := t.query(ctx, `SELECT id, scope, recipient, given_on, revoked_on FROM consents WHERE case_id = ? ORDER BY given_on, id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []Consent
	for rows.Next() {
		var c Consent
		var given, revoked dbDate
		if err := rows.Scan(&c.ID, &c.Scope, &c.Recipient, &given, &revoked); err != nil {
			return nil, err
		}
		c.GivenOn, c.RevokedOn = given.t, revoked.t
		list = append(list, c)
	}
	return list, rows.Err()
}

func (t *tx) events(ctx context.Context, caseID int64, internal bool) ([]Event, error) {
	q := `SELECT at, actor_name, kind, detail, internal FROM case_events WHERE case_id = ?`
	if !internal {
		q += ` AND internal = 0`
	}
	rows, err := t.query(ctx, q+` ORDER BY at DESC, id DESC`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []Event
	for rows.Next() {
		var e Event
		var at dbTime
		var in int
		if err := rows.Scan(&at, &e.ActorName, &e.Kind, &e.Detail, &in); err != nil {
			return nil, err
		}
		e.At, e.Internal = at.t, in == 1
		list = append(list, e)
	}
	return list, rows.Err()
}

// event appends a line to the case's timeline.
func (t *tx) event(ctx context.Context, a teilhabe.Actor, caseID int64, kind, detail string, internal bool) error {
	_, err := t.exec(ctx, `INSERT INTO case_events (case_id, at, actor_id, actor_name, kind, detail, internal) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		caseID, ts(t.now), nullID(a.UserID), displayName(a), kind, detail, boolInt(internal))
	return err
}

func displayName(a teilhabe.Actor) string {
	if a.Name != "" {
		return a.Name
	}
	return actorName(a)
}

// CaseFilter narrows a case list. The zero value lists open cases, most
// urgent first.
type CaseFilter struct {
	Query          string // name: "Müller" or "Müller, Anna"
	BirthDate      time.Time
	CustomerNumber string
	Stage          teilhabe.Stage
	LocationID     int64
	Overdue        bool // only cases whose next step is overdue
	Assigned       bool // only cases holding an assignment
	// Worklist keeps only cases on which the provider has something to do
	// now: no waiting list (that is the coordinator's queue), and running
	// coaching only once its assignment ends within four weeks.
	Worklist bool
	Closed   bool // closed cases instead of open ones
	Page     int  // from 1
}

// describe names the filters in use, without their values, for the audit log.
func (f CaseFilter) describe() string {
	var used []string
	for name, on := range map[string]bool{"name": f.Query != "", "birth_date": !f.BirthDate.IsZero(),
		"customer_number": f.CustomerNumber != "", "stage": f.Stage != "", "location": f.LocationID != 0,
		"overdue": f.Overdue, "assigned": f.Assigned, "closed": f.Closed, "worklist": f.Worklist} {
		if on {
			used = append(used, name)
		}
	}
	if len(used) == 0 {
		return ""
	}
	sort.Strings(used)
	return ", filter " + strings.Join(used, " ")
}

// CaseListItem is one row of a case list.
type CaseListItem struct {
	ID             int64
	PersonID       int64
	Name           string
	BirthDate      time.Time
	Stage          teilhabe.Stage
	NextDueOn      time.Time
	InfoDueOn      time.Time
	LocationName   string
	SponsorName    string
	CustomerNumber string
	AssignmentEnd  time.Time
}

// CasePageSize is the number of cases per page.
const CasePageSize = 25

// FindCases lists the cases in a's scope that match f, ordered by the date
// the next step is due (most urgent first), then by id. more reports whether
// another page follows. It runs one query, whatever the page size.
func (db *DB) FindCases(ctx context.Context, a teilhabe.Actor, f CaseFilter) (items []CaseListItem, more bool, err error) {
	if !teilhabe.CanListCases(a) {
		return nil, false, teilhabe.ErrNotFound
	}
	scope, args := scopeSQL(a)
	where := []string{scope}
	if f.Closed {
		where = append(where, "c.next_due_on IS NULL")
	} else {
		where = append(where, "c.next_due_on IS NOT NULL")
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		last, first, _ := strings.Cut(q, ",")
		key := teilhabe.NameKey(first, last)
		if strings.TrimSpace(first) == "" {
			key = strings.TrimSuffix(key, "|")
		}
		where = append(where, "p.name_key >= ? AND p.name_key < ?")
		args = append(args, key, key+"\U0010FFFF")
	}
	if !f.BirthDate.IsZero() {
		where = append(where, "p.birth_date = ?")
		args = append(args, date(f.BirthDate))
	}
	if n := strings.TrimSpace(f.CustomerNumber); n != "" {
		where = append(where, "c.customer_number = ?")
		args = append(args, n)
	}
	if f.Stage != "" {
		where = append(where, "c.stage = ?")
		args = append(args, f.Stage)
	}
	if f.LocationID != 0 {
		where = append(where, "c.location_id = ?")
		args = append(args, f.LocationID)
	}
	if f.Worklist {
		where = append(where, "c.stage <> 'waiting_list' AND (c.stage <> 'active' OR c.next_due_on <= ?)")
		args = append(args, date(today(db.now())))
	}
	if f.Assigned {
		where = append(where, "c.stage IN ('assigned', 'first_booked', 'active')")
	}
	if f.Overdue {
		where = append(where, "c.next_due_on < ?")
		args = append(args, date(today(db.now())))
	}
	page := max(f.Page, 1)
	order := "c.next_due_on, c.id"
	if f.Closed {
		order = "c.updated_at DESC, c.id DESC"
	}
	args = append(args, CasePageSize+1, (page-1)*CasePageSize)
	// Lists show names and dates of birth, so reading them is logged too:
	// which filters were used (not their values) and how many rows were seen.
	err = db.inTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT c.id, p.last_name, p.first_name, p.birth_date, c.stage, c.next_due_on, c.info_due_on,
			l.name, COALESCE(sp.name, ''), c.customer_number, c.assignment_end
			FROM cases c JOIN persons p ON p.id = c.person_id JOIN locations l ON l.id = c.location_id
			LEFT JOIN organisations sp ON sp.id = c.sponsor_id
			WHERE `+strings.Join(where, " AND ")+` ORDER BY `+order+` LIMIT ? OFFSET ?`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var it CaseListItem
			var last, first string
			var birth, due, info, end dbDate
			if err := rows.Scan(&it.ID, &last, &first, &birth, &it.Stage, &due, &info, &it.LocationName, &it.SponsorName,
				&it.CustomerNumber, &end); err != nil {
				return err
			}
			it.Name, it.BirthDate, it.NextDueOn, it.InfoDueOn, it.AssignmentEnd = last+", "+first, birth.t, due.t, info.t, end.t
			items = append(items, it)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		detail := fmt.Sprintf("%d shown, page %d%s", min(len(items), CasePageSize), page, f.describe())
		return t.audit(ctx, a, auditEntry{action: "cases.listed", objectType: "case", detail: detail})
	})
	if len(items) > CasePageSize {
		items, more = items[:CasePageSize], true
	}
	return items, more, err
}

// today returns the calendar day of t in Germany.
func today(t time.Time) time.Time { return teilhabe.Today(t) }

// Today returns the current calendar day in Germany by the store's clock.
func (db *DB) Today() time.Time { return today(db.now()) }

// FindDuplicates returns the cases in a's scope of persons with the same name
// and date of birth, for the warning when a first contact is recorded.
func (db *DB) FindDuplicates(ctx context.Context, a teilhabe.Actor, first, last string, birth time.Time) ([]CaseListItem, error) {
	scope, args := scopeSQL(a)
	args = append(args, teilhabe.NameKey(first, last), date(birth))
	var items []CaseListItem
	err := db.inTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT c.id, p.id, p.last_name || ', ' || p.first_name, p.birth_date, c.stage, l.name
			FROM cases c JOIN persons p ON p.id = c.person_id JOIN locations l ON l.id = c.location_id
			WHERE `+scope+` AND p.name_key = ? AND p.birth_date = ? ORDER BY c.id LIMIT 20`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var it CaseListItem
			var birth dbDate
			if err := rows.Scan(&it.ID, &it.PersonID, &it.Name, &birth, &it.Stage, &it.LocationName); err != nil {
				return err
			}
			it.BirthDate = birth.t
			items = append(items, it)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return t.audit(ctx, a, auditEntry{action: "cases.duplicates_checked", objectType: "person",
			detail: fmt.Sprintf("%d found", len(items))})
	})
	return items, err
}

// CaseVersion returns the version of a case in a's scope, for callers that
// act on a case without showing it (the demo generator). It is not a view
// of personal data and is not logged.
func (db *DB) CaseVersion(ctx context.Context, a teilhabe.Actor, id int64) (int, error) {
	scope, args := scopeSQL(a)
	var v int
	err := db.read(ctx, func(t *tx) error {
		err := t.queryRow(ctx, `SELECT c.version FROM cases c WHERE c.id = ? AND `+scope, append([]any{id}, args...)...).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			return teilhabe.ErrNotFound
		}
		return err
	})
	return v, err
}
