package sqldb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"teilhabe"
)

// Bulk loads a generated data set — programmes, organisations, locations,
// accounts and cases with their whole history — into an empty database, far
// faster than the journey's store methods could: rows are buffered per table
// and written in large batches (multi-row INSERTs on SQLite, COPY on
// PostgreSQL) by a goroutine of its own while the caller builds the next
// ones, and the whole load is one transaction, so that a failed load leaves
// the database as empty as it was.
//
// Bulk writes what it is given. It checks no access rule, no journey
// transition and no input: the caller builds its records through the
// domain's inputs and rules, validates them as the store methods would, and
// gives the state and history those methods would have written. Bulk assigns
// the ids itself, so that child rows name their parents without a round
// trip.
//
// Like a bufio.Writer, a Bulk remembers the first error: the methods that
// add rows never fail, and Case and Commit report a failed write.
type Bulk struct {
	ctx    context.Context
	loader bulkLoader
	next   [numBulkTables]int64 // the next id of each table
	batch  *bulkBatch           // rows not yet handed to the writer
	cases  int                  // cases in batch
	// batchCases is how many cases are handed to the writer at once.
	batchCases int
	// phases are each programme's phases, the defaults.
	phases map[int64][]teilhabe.Phase

	writes chan *bulkBatch
	done   chan struct{}
	mu     sync.Mutex
	err    error
	closed bool
}

// bulkBatchCases is how many cases Bulk buffers before it hands them to
// the writer; with their history they are some 75,000 rows.
const bulkBatchCases = 5000

// bulkHoldsQuery counts what makes a database not empty for a bulk load.
const bulkHoldsQuery = `SELECT (SELECT COUNT(*) FROM programmes), (SELECT COUNT(*) FROM users)`

// ErrNotEmpty is returned, wrapped with what the database holds, by DB.Bulk
// for a database that already holds a programme or an account.
var ErrNotEmpty = errors.New("the database is not empty")

// Bulk starts a bulk load into db, which must hold no programme and no
// account (else an error wrapping ErrNotEmpty). ctx governs the whole load,
// as it does a transaction's. The caller ends the load with Commit, or with
// Rollback to abandon it.
//
// While the load runs it holds one connection and a write transaction; on
// SQLite it trades crash safety for speed (no WAL, no fsync) until Commit,
// and on both databases it drops the secondary indexes (and, on PostgreSQL,
// the foreign keys) of the tables it fills and creates them again at
// Commit, inside the same transaction.
func (db *DB) Bulk(ctx context.Context) (*Bulk, error) {
	// A look before the load changes any setting, and one within its
	// transaction, which no other writer can change any more.
	var programmes, users int
	err := db.read(ctx, func(t *tx) error { return t.queryRow(ctx, bulkHoldsQuery).Scan(&programmes, &users) })
	if err == nil && programmes+users > 0 {
		err = fmt.Errorf("%w: it holds %d programmes and %d accounts", ErrNotEmpty, programmes, users)
	}
	if err != nil {
		return nil, err
	}
	b := &Bulk{ctx: ctx, batch: new(bulkBatch), batchCases: bulkBatchCases, writes: make(chan *bulkBatch, 1),
		done: make(chan struct{}), phases: map[int64][]teilhabe.Phase{}}
	if db.dialect.name == postgresDialect.name {
		b.loader, err = startPostgresLoad(ctx, db)
	} else {
		b.loader, err = startSQLiteLoad(ctx, db)
	}
	if err != nil {
		return nil, fmt.Errorf("start bulk load: %w", err)
	}
	if err := b.prepare(); err != nil {
		b.loader.abort()
		return nil, err
	}
	go b.write()
	return b, nil
}

// prepare checks, within the load's transaction, that the database is still
// empty, continues each table's ids after any row a previous installation
// step left (the audit entry of create-admin, say), and drops the indexes.
func (b *Bulk) prepare() error {
	programmes, users, err := b.loader.holds(b.ctx)
	if err == nil && programmes+users > 0 {
		err = fmt.Errorf("%w: it holds %d programmes and %d accounts", ErrNotEmpty, programmes, users)
	}
	if err != nil {
		return err
	}
	for t, tab := range bulkTables {
		if b.next[t], err = b.loader.maxID(b.ctx, tab.name); err != nil {
			return err
		}
		b.next[t]++
	}
	return b.loader.dropIndexes(b.ctx)
}

// write runs in its own goroutine and writes the batches it is handed, in
// order, until the channel closes; after an error it only drains.
func (b *Bulk) write() {
	defer close(b.done)
	for batch := range b.writes {
		if b.Err() != nil {
			continue
		}
		for t, rows := range batch {
			if len(rows) == 0 {
				continue
			}
			if err := b.loader.write(b.ctx, bulkTableID(t), rows); err != nil {
				b.fail(fmt.Errorf("write %s: %w", bulkTables[t].name, err))
				break
			}
		}
	}
}

// Err returns the first error of the load, if any.
func (b *Bulk) Err() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

func (b *Bulk) fail(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err == nil {
		b.err = err
	}
}

// add buffers a row of table t whose first column is its id, assigns the
// id and returns it.
func (b *Bulk) add(t bulkTableID, values ...any) int64 {
	id := b.next[t]
	b.next[t]++
	values[0] = id
	// Converted here, so that the writer's goroutine only writes.
	for i, v := range values[1:] {
		values[i+1] = b.loader.value(v)
	}
	b.batch[t] = append(b.batch[t], values)
	return id
}

// handOver gives the buffered rows to the writer, waiting while it is busy
// with the previous batch.
func (b *Bulk) handOver() {
	if b.cases == 0 && b.batch.empty() {
		return
	}
	select {
	case b.writes <- b.batch:
	case <-b.ctx.Done():
		b.fail(b.ctx.Err())
	}
	b.batch, b.cases = new(bulkBatch), 0
}

// Commit writes what is buffered, creates the indexes and foreign keys the
// load dropped, moves PostgreSQL's id sequences past the ids it assigned,
// commits, and updates the planner statistics (ANALYZE). It returns the
// first error of the load; then nothing is committed.
func (b *Bulk) Commit() error {
	if b.closed {
		return errors.New("bulk load already ended")
	}
	b.handOver()
	b.closed = true
	close(b.writes)
	<-b.done
	if err := b.Err(); err != nil {
		b.loader.abort()
		return err
	}
	if err := b.loader.finish(b.ctx); err != nil {
		b.loader.abort()
		return fmt.Errorf("finish bulk load: %w", err)
	}
	return nil
}

// Rollback abandons the load: nothing is written. It is safe to call after
// Commit, which makes it a no-op, so that it can be deferred.
func (b *Bulk) Rollback() {
	if b.closed {
		return
	}
	b.closed = true
	close(b.writes)
	<-b.done
	b.loader.abort()
}

// Programme buffers programme p, created by a at time at, with its audit
// entry, and returns its id.
func (b *Bulk) Programme(a teilhabe.Actor, p teilhabe.Programme, at time.Time) int64 {
	id := b.add(bulkProgrammes, nil, strings.TrimSpace(p.Name), strings.TrimSpace(p.Region), p.State, date(p.PeriodStart),
		date(p.PeriodEnd), p.PlacesPerYear, p.AssignmentMonths, p.InfoDeadline.Kind, p.InfoDeadline.Days, joinCodes(p.Barriers),
		p.ContactLapseDays, p.NoShowNotice, p.ReviewMonths, p.FollowUp.Weekly, p.FollowUp.Months, 1, ts(at))
	for i, name := range teilhabe.DefaultPhaseNames() {
		ph := teilhabe.Phase{ProgrammeID: id, Position: i + 1, Name: name, Version: 1}
		ph.ID = b.add(bulkPhases, nil, id, ph.Position, name, 0, 1)
		b.phases[id] = append(b.phases[id], ph)
	}
	a.ProgrammeID = id // as CreateProgramme: the programme's audit trail starts here
	b.audit(a, at, auditEntry{action: teilhabe.AuditProgrammeCreated, objectType: "programme", objectID: id, detail: p.Name})
	return id
}

// Phases returns the phases Programme gave programme programmeID: the
// defaults, in order.
func (b *Bulk) Phases(programmeID int64) []teilhabe.Phase { return b.phases[programmeID] }

// Organisation buffers organisation o, created by a at time at, with its
// audit entry, and returns its id.
func (b *Bulk) Organisation(a teilhabe.Actor, o teilhabe.Organisation, at time.Time) int64 {
	id := b.add(bulkOrganisations, nil, o.ProgrammeID, o.Kind, strings.TrimSpace(o.Name), boolInt(o.Lead), o.State, ts(at))
	a.ProgrammeID = o.ProgrammeID
	b.audit(a, at, auditEntry{action: teilhabe.AuditOrganisationCreated, objectType: "organisation", objectID: id, detail: o.Name})
	return id
}

// Location buffers location l of a provider of programme programmeID,
// created by a at time at, with its audit entry, and returns its id.
func (b *Bulk) Location(a teilhabe.Actor, programmeID int64, l teilhabe.Location, at time.Time) int64 {
	id := b.add(bulkLocations, nil, l.ProviderID, strings.TrimSpace(l.Name), strings.TrimSpace(l.Street), l.Postcode,
		strings.TrimSpace(l.City), l.State, l.PlacesPerYear, joinCodes(l.Features), ts(at), 1)
	a.ProgrammeID = programmeID
	b.audit(a, at, auditEntry{action: teilhabe.AuditLocationCreated, objectType: "location", objectID: id, providerID: l.ProviderID, detail: l.Name})
	return id
}

// User buffers account u with the encoded password hash (see
// teilhabe.HashPassword), created by a at time at, with its audit entry,
// and returns its id.
func (b *Bulk) User(a teilhabe.Actor, u teilhabe.User, passwordHash string, at time.Time) int64 {
	lang := u.Lang
	if lang == "" {
		lang = "de"
	}
	id := b.add(bulkUsers, nil, teilhabe.NormalizeUsername(u.Username), strings.TrimSpace(u.Name), passwordHash, u.Role,
		nullID(u.ProgrammeID), nullID(u.OrgID), nullID(u.LocationID), lang, boolInt(u.Active), 1, ts(at), ts(at))
	a.ProgrammeID = u.ProgrammeID
	b.audit(a, at, auditEntry{action: teilhabe.AuditUserCreated, objectType: "user", objectID: id, detail: u.Username + " as " + string(u.Role)})
	return id
}

// Employer buffers employer e of the register of provider a.OrgID,
// created by a at time at, with its audit entry, and returns its id.
func (b *Bulk) Employer(a teilhabe.Actor, e teilhabe.Employer, at time.Time) int64 {
	e = trimEmployer(e)
	id := b.add(bulkEmployers, nil, a.OrgID, e.Name, teilhabe.EmployerKey(e.Name), e.Street, e.Postcode, e.City, e.Sector,
		e.Workplaces, disabledValue(e), e.Notes, 1, ts(at), nullID(a.UserID))
	b.audit(a, at, employerAudit(teilhabe.AuditEmployerCreated, a, id, e.Name))
	return id
}

// audit buffers an audit entry by a at time at.
func (b *Bulk) audit(a teilhabe.Actor, at time.Time, e auditEntry) {
	b.add(bulkAudit, nil, ts(at), nullID(a.UserID), a.AuditName(), a.Role, nullID(a.OrgID), nullID(a.ProgrammeID), e.action,
		e.objectType, nullID(e.objectID), nullID(e.caseID), nullID(e.providerID), nullID(e.sponsorID), e.detail, "")
}

// bulkTableID names a table a bulk load fills.
type bulkTableID int

// The tables of a bulk load, parents before children: each batch is
// written in this order.
const (
	bulkProgrammes bulkTableID = iota
	bulkPhases
	bulkOrganisations
	bulkLocations
	bulkUsers
	bulkEmployers
	bulkPersons
	bulkCases
	bulkAppointments
	bulkConsents
	bulkMessages
	bulkEvents
	bulkNotes
	bulkCasePhases
	bulkProspects
	bulkPlacements
	bulkFollowUpContacts
	bulkAudit
	numBulkTables
)

// bulkTables are the tables' names and the columns Bulk writes, the id
// first.
var bulkTables = [numBulkTables]struct {
	name string
	cols []string
}{
	bulkProgrammes: {"programmes", []string{"id", "name", "region", "state", "period_start", "period_end", "places_per_year",
		"assignment_months", "info_deadline_kind", "info_deadline_days", "barriers", "contact_lapse_days", "no_show_notice",
		"review_months", "followup_weekly", "followup_months", "version", "created_at"}},
	bulkPhases:        {"programme_phases", []string{"id", "programme_id", "position", "name", "retired", "version"}},
	bulkOrganisations: {"organisations", []string{"id", "programme_id", "kind", "name", "lead", "state", "created_at"}},
	bulkLocations: {"locations", []string{"id", "provider_id", "name", "street", "postcode", "city", "state", "places_per_year",
		"features", "created_at", "version"}},
	bulkUsers: {"users", []string{"id", "username", "name", "password_hash", "role", "programme_id", "organisation_id",
		"location_id", "lang", "active", "version", "created_at", "password_changed_at"}},
	bulkEmployers: {"employers", []string{"id", "provider_id", "name", "name_key", "street", "postcode", "city", "sector",
		"workplaces", "disabled", "notes", "version", "created_at", "created_by"}},
	bulkPersons: {"persons", []string{"id", "programme_id", "first_name", "last_name", "name_key", "birth_date", "phone",
		"email", "street", "postcode", "city", "created_at"}},
	bulkCases: {"cases", []string{"id", "programme_id", "person_id", "provider_id", "location_id", "sponsor_id",
		"shared_with_sponsor", "legal_domain", "customer_number", "origin", "channel", "started_by", "announcement_reason",
		"first_contact_on", "info_due_on", "info_held_on", "stage", "next_due_on", "closed_reason", "closed_note",
		"job_seeking", "disability_kind", "gdb", "proof_kind", "proof_issued_on", "proof_valid_until", "proof_unlimited",
		"merkzeichen", "barriers", "eligibility_reasons", "eligibility_on", "contract_signed_on", "easy_language_copy",
		"assignment_start", "assignment_end", "caseworker_id", "version", "created_at", "updated_at",
		"last_contact_on", "phase_id", "phase_since", "exit_on", "exit_kind", "exit_good_cause", "exit_destination", "later_due_on",
		"later_destination", "later_on", "later_source"}},
	bulkAppointments: {"appointments", []string{"id", "case_id", "kind", "on_date", "at_time", "mode", "location_id", "needs",
		"note", "status", "created_at", "created_by"}},
	bulkConsents: {"consents", []string{"id", "case_id", "scope", "recipient", "given_on", "revoked_on", "created_at"}},
	bulkMessages: {"messages", []string{"id", "programme_id", "case_id", "kind", "sponsor_id", "provider_id", "location_id",
		"awaiting", "status", "reason_code", "note", "on_date", "proposed_end", "created_at", "created_by", "answered_at", "answered_by",
		"detail_codes"}},
	bulkEvents: {"case_events", []string{"id", "case_id", "at", "actor_id", "actor_name", "kind", "internal", "detail_text",
		"detail_on", "detail_until", "detail_time", "detail_codes"}},
	bulkNotes: {"contact_notes", []string{"id", "case_id", "contact_on", "channel", "visibility", "text", "created_at",
		"created_by", "created_by_name", "version"}},
	bulkCasePhases: {"case_phases", []string{"id", "case_id", "phase_id", "began_on", "set_at", "set_by", "set_by_name"}},
	bulkProspects: {"case_prospects", []string{"id", "case_id", "kind", "on_date", "employer_id", "note", "created_at",
		"created_by", "created_by_name"}},
	bulkPlacements: {"case_placements", []string{"id", "case_id", "kind", "employer_id", "job_title", "start_on", "hours",
		"fixed_end", "subsidy", "subsidy_percent", "subsidy_months", "integrationsamt", "ifd", "note", "created_at",
		"created_by", "created_by_name", "next_followup_on", "sustain_due_on", "sustain_mark_on", "sustained",
		"sustained_on", "sustained_source", "sustained_note", "followup_end_on", "followup_end_reason",
		"followup_end_note", "lost_on"}},
	bulkFollowUpContacts: {"followup_contacts", []string{"id", "case_id", "placement_id", "on_date", "side", "mode", "crisis",
		"problem", "solution", "created_at", "created_by", "created_by_name"}},
	bulkAudit: {"audit_log", []string{"id", "at", "actor_id", "actor_name", "actor_role", "actor_org_id", "programme_id", "action",
		"object_type", "object_id", "case_id", "provider_id", "sponsor_id", "detail", "request_id"}},
}

// bulkTableList is the tables' names as an SQL list of literals.
func bulkTableList() string {
	names := make([]string, len(bulkTables))
	for i, t := range bulkTables {
		names[i] = "'" + t.name + "'"
	}
	return strings.Join(names, ", ")
}

// bulkBatch holds rows per table.
type bulkBatch [numBulkTables][][]any

func (b *bulkBatch) empty() bool {
	for _, rows := range b {
		if len(rows) > 0 {
			return false
		}
	}
	return true
}
