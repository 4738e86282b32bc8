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

// auditEntry is one line of the audit log: who did what to which object.
// The detail never holds health data (domain-germany.md §8.4).
type auditEntry struct {
	action     teilhabe.AuditAction
	objectType string
	objectID   int64
	caseID     int64
	providerID int64
	sponsorID  int64
	detail     string
}

// requestIDKey carries the request id from the web layer into audit entries.
type requestIDKey struct{}

// WithRequestID returns a context whose audit entries carry id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// audit writes e in transaction t, so the entry and the change it records
// commit or fail together.
func (t *tx) audit(ctx context.Context, a teilhabe.Actor, e auditEntry) error {
	return t.insertAudit(ctx, auditRow{at: t.now, actor: a, entry: e, requestID: requestID(ctx)})
}

// auditRow is an audit entry with who, when and in which request.
type auditRow struct {
	at        time.Time
	actor     teilhabe.Actor
	entry     auditEntry
	requestID string
}

// insertAudit writes r. An action missing from teilhabe.AuditActions is
// refused, and with it the change it records: the data protection officer
// could not read it.
func (t *tx) insertAudit(ctx context.Context, r auditRow) error {
	a, e := r.actor, r.entry
	if !e.action.Valid() {
		return fmt.Errorf("audit action %q is not in teilhabe.AuditActions", e.action)
	}
	_, err := t.exec(ctx, `INSERT INTO audit_log (at, actor_id, actor_name, actor_role, actor_org_id, programme_id,
		action, object_type, object_id, case_id, provider_id, sponsor_id, detail, request_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ts(r.at), nullID(a.UserID), a.AuditName(), a.Role, nullID(a.OrgID), nullID(a.ProgrammeID),
		e.action, e.objectType, nullID(e.objectID), nullID(e.caseID), nullID(e.providerID), nullID(e.sponsorID),
		e.detail, r.requestID)
	return err
}

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// logRead writes the audit entry of a read of personal data. Entries of
// reads that arrive together share one transaction (and one fsync), so
// that reads do not queue one by one for the disk behind the writers.
//
// Within an audit scope (WithAuditScope) logRead returns at once and the
// caller waits for all of the request's entries with AwaitAudit before it
// shows anything; otherwise logRead returns once the entry is durable.
func (db *DB) logRead(ctx context.Context, a teilhabe.Actor, e auditEntry) error {
	p := &pendingAudit{row: auditRow{at: db.now().UTC(), actor: a, entry: e, requestID: requestID(ctx)}, done: make(chan error, 1)}
	if err := db.audits.enqueue(ctx, p); err != nil {
		return err
	}
	if scope, ok := ctx.Value(auditScopeKey{}).(*auditScope); ok {
		scope.add(p.done)
		return nil
	}
	return db.awaitEntry(ctx, p.done)
}

func (db *DB) awaitEntry(ctx context.Context, done <-chan error) error {
	defer statsFrom(ctx).since(time.Now())
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		// The entry is written all the same; the page is not shown.
		return ctx.Err()
	}
}

// auditScope collects the audit entries of one request's reads.
type auditScope struct {
	mu      sync.Mutex
	pending []<-chan error
}

func (s *auditScope) add(done <-chan error) {
	s.mu.Lock()
	s.pending = append(s.pending, done)
	s.mu.Unlock()
}

type auditScopeKey struct{}

// WithAuditScope returns a context in which the audit entries of reads are
// written without waiting; the request must call AwaitAudit before it
// shows what it read. A page that reads twice (a worklist and an inbox)
// then waits once.
func WithAuditScope(ctx context.Context) context.Context {
	return context.WithValue(ctx, auditScopeKey{}, &auditScope{})
}

// AwaitAudit returns once the audit entries of every read made with ctx are
// durable, or with the first error; a page may be shown only then.
func (db *DB) AwaitAudit(ctx context.Context) error {
	scope, ok := ctx.Value(auditScopeKey{}).(*auditScope)
	if !ok {
		return nil
	}
	scope.mu.Lock()
	pending := scope.pending
	scope.pending = nil
	scope.mu.Unlock()
	var first error
	for _, done := range pending {
		if err := db.awaitEntry(ctx, done); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// auditWriter writes the audit entries of reads in batches, one
// transaction per batch: while a batch commits, the next one gathers.
type auditWriter struct {
	db     *DB
	queue  chan *pendingAudit
	done   chan struct{}
	mu     sync.RWMutex // held for reading while enqueueing, for writing to close
	closed bool
}

type pendingAudit struct {
	row  auditRow
	done chan error
}

// maxAuditBatch bounds one batch, and so the time a batch holds the writer.
const maxAuditBatch = 500

func startAuditWriter(db *DB) *auditWriter {
	w := &auditWriter{db: db, queue: make(chan *pendingAudit, maxAuditBatch), done: make(chan struct{})}
	go w.run()
	return w
}

var errStoreClosed = errors.New("store closed")

func (w *auditWriter) enqueue(ctx context.Context, p *pendingAudit) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return errStoreClosed
	}
	select {
	case w.queue <- p:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (w *auditWriter) run() {
	defer close(w.done)
	for first := range w.queue {
		batch := []*pendingAudit{first}
	gather:
		for len(batch) < maxAuditBatch {
			select {
			case p, ok := <-w.queue:
				if !ok {
					break gather
				}
				batch = append(batch, p)
			default:
				break gather
			}
		}
		err := w.db.inTx(context.Background(), func(t *tx) error {
			for _, p := range batch {
				if err := t.insertAudit(context.Background(), p.row); err != nil {
					return err
				}
			}
			return nil
		})
		for _, p := range batch {
			p.done <- err
		}
	}
}

// close writes what is queued and stops the writer.
func (w *auditWriter) close() {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.queue)
	}
	w.mu.Unlock()
	<-w.done
}

// RecordRefusedCase writes to the audit log that a tried to open case id,
// which lies outside a's scope or does not exist (the two answer alike).
func (db *DB) RecordRefusedCase(ctx context.Context, a teilhabe.Actor, id int64, what string) error {
	return db.logRead(ctx, a, auditEntry{action: teilhabe.AuditCaseRefused, objectType: "case", objectID: id, caseID: id, detail: what})
}

// FindAccountsToReview lists the accounts created or changed in the last
// 30 days that can read cases (coaches, provider leads, sponsor
// caseworkers), newest first: with one form the administrator could give
// anyone case access, so the data protection officer reviews each. Who may:
// teilhabe.CanReadAudit; an officer of one organisation sees its accounts.
func (db *DB) FindAccountsToReview(ctx context.Context, a teilhabe.Actor) ([]AuditRecord, error) {
	if !teilhabe.CanReadAudit(a) {
		return nil, teilhabe.ErrForbidden
	}
	var caseRoles []any
	for _, r := range teilhabe.Roles() {
		if teilhabe.CanListCases(teilhabe.Actor{Role: r}) {
			caseRoles = append(caseRoles, r)
		}
	}
	where := `al.action IN (?, ?) AND al.at >= ? AND al.programme_id = ?
		AND u.role IN (?` + strings.Repeat(", ?", len(caseRoles)-1) + `)`
	args := append([]any{teilhabe.AuditUserCreated, teilhabe.AuditUserUpdated, ts(db.now().AddDate(0, 0, -30)), a.ProgrammeID},
		caseRoles...)
	if a.OrgID != 0 {
		where += ` AND u.organisation_id = ?`
		args = append(args, a.OrgID)
	}
	var list []AuditRecord
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = queryAll(ctx, t, scanAuditRecord, `SELECT `+auditColumns+` FROM audit_log al
			JOIN users u ON u.id = al.object_id WHERE `+where+` ORDER BY al.at DESC, al.id DESC LIMIT 50`, args...)
		return err
	})
	return list, err
}

// AuditRecord is one audit entry as the data protection officer sees it.
type AuditRecord struct {
	ID        int64
	At        time.Time
	ActorName string
	// ActorRole is the actor's role when the entry was written: "" for the
	// system, unknown accounts and entries older than the column.
	ActorRole  teilhabe.Role
	Action     teilhabe.AuditAction
	ObjectType string
	ObjectID   int64
	CaseID     int64
	Detail     string
	RequestID  string
}

const auditColumns = `al.id, al.at, al.actor_name, al.actor_role, al.action, al.object_type, COALESCE(al.object_id, 0),
	COALESCE(al.case_id, 0), al.detail, al.request_id`

func scanAuditRecord(s scanner) (AuditRecord, error) {
	var r AuditRecord
	var at dbTime
	err := s.Scan(&r.ID, &at, &r.ActorName, &r.ActorRole, &r.Action, &r.ObjectType, &r.ObjectID, &r.CaseID, &r.Detail, &r.RequestID)
	r.At = at.t
	return r, err
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	Actor   string                 // the actor's name in the log (teilhabe.Actor.AuditName), exact
	Actions []teilhabe.AuditAction // any of these; every action if none
	CaseID  int64                  // entries about one case
	From    time.Time              // calendar day in Germany, inclusive
	To      time.Time              // calendar day in Germany, inclusive
	// Installation shows the entries of no programme instead of the
	// programme's: sign-ins with unknown usernames, the administrator's
	// own sign-ins (teilhabe.CanReadInstallationAudit).
	Installation bool
	Page         int // from 1
	PageSize     int // entries per page, at most AuditPageSize; AuditPageSize if 0
}

// where returns the condition that selects f's entries within a's scope:
// the programme's (and, for an officer of one organisation, only entries
// by or about it), or the installation's.
func (f AuditFilter) where(a teilhabe.Actor) (string, []any, error) {
	if !teilhabe.CanReadAudit(a) {
		return "", nil, teilhabe.ErrForbidden
	}
	where := []string{"al.programme_id = ?"}
	args := []any{a.ProgrammeID}
	if f.Installation {
		if !teilhabe.CanReadInstallationAudit(a) {
			return "", nil, teilhabe.ErrForbidden
		}
		where, args = []string{"al.programme_id IS NULL"}, nil
	}
	if a.OrgID != 0 {
		where = append(where, "(al.actor_org_id = ? OR al.provider_id = ? OR al.sponsor_id = ?)")
		args = append(args, a.OrgID, a.OrgID, a.OrgID)
	}
	if f.Actor != "" {
		where = append(where, "al.actor_name = ?")
		args = append(args, f.Actor)
	}
	if len(f.Actions) > 0 {
		where = append(where, "al.action IN (?"+strings.Repeat(", ?", len(f.Actions)-1)+")")
		for _, action := range f.Actions {
			args = append(args, action)
		}
	}
	if f.CaseID != 0 {
		where = append(where, "al.case_id = ?")
		args = append(args, f.CaseID)
	}
	if !f.From.IsZero() {
		where = append(where, "al.at >= ?")
		args = append(args, ts(germanDayStart(f.From)))
	}
	if !f.To.IsZero() {
		where = append(where, "al.at < ?")
		args = append(args, ts(germanDayStart(f.To.AddDate(0, 0, 1))))
	}
	return strings.Join(where, " AND "), args, nil
}

// describe names the filters f uses, not their values, for the audit
// entry of reading the log: ", filter action case" or "".
func (f AuditFilter) describe() string {
	var used []string
	for _, c := range []struct {
		name string
		on   bool
	}{{"action", len(f.Actions) > 0}, {"actor", f.Actor != ""}, {"case", f.CaseID != 0},
		{"from", !f.From.IsZero()}, {"to", !f.To.IsZero()}, {"installation", f.Installation}} {
		if c.on {
			used = append(used, c.name)
		}
	}
	if len(used) == 0 {
		return ""
	}
	return ", filter " + strings.Join(used, " ")
}

// AuditPageSize is the number of entries per page.
const AuditPageSize = 50

// FindAuditEntries lists the audit log, newest first, a page at a time.
// Only the data protection officer may read it, and only for their
// programme (and, if the account belongs to an organisation, only entries
// by or about it). Reading the log is itself logged, with the number of
// entries shown and the filters used. Returns ErrForbidden for anyone else.
func (db *DB) FindAuditEntries(ctx context.Context, a teilhabe.Actor, f AuditFilter) (entries []AuditRecord, more bool, err error) {
	where, args, err := f.where(a)
	if err != nil {
		return nil, false, err
	}
	page, size := max(f.Page, 1), f.PageSize
	if size <= 0 || size > AuditPageSize {
		size = AuditPageSize
	}
	args = append(args, size+1, (page-1)*size)
	err = db.read(ctx, func(t *tx) error {
		var err error
		entries, err = queryAll(ctx, t, scanAuditRecord, `SELECT `+auditColumns+` FROM audit_log al
			WHERE `+where+` ORDER BY al.at DESC, al.id DESC LIMIT ? OFFSET ?`, args...)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	if len(entries) > size {
		entries, more = entries[:size], true
	}
	detail := fmt.Sprintf("%d shown, page %d%s", len(entries), page, f.describe())
	err = db.logRead(ctx, a, auditEntry{action: teilhabe.AuditLogRead, objectType: "audit_log", detail: detail})
	return entries, more, err
}

// AuditExportLimit bounds an export of the audit log.
const AuditExportLimit = 10_000

// ExportAuditEntries returns every entry f selects, its page aside, newest
// first, for a download. Who may: as FindAuditEntries. The export is logged
// with the number of entries and the filters used. A selection of more
// than AuditExportLimit entries is refused as invalid (a shorter period,
// field "from") and not logged: nothing was handed out.
func (db *DB) ExportAuditEntries(ctx context.Context, a teilhabe.Actor, f AuditFilter) ([]AuditRecord, error) {
	where, args, err := f.where(a)
	if err != nil {
		return nil, err
	}
	var entries []AuditRecord
	err = db.read(ctx, func(t *tx) error {
		var err error
		entries, err = queryAll(ctx, t, scanAuditRecord, `SELECT `+auditColumns+` FROM audit_log al
			WHERE `+where+` ORDER BY al.at DESC, al.id DESC LIMIT ?`, append(args, AuditExportLimit+1)...)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(entries) > AuditExportLimit {
		return nil, teilhabe.Invalid("from", "err.audit_export_too_many")
	}
	detail := fmt.Sprintf("%d exported%s", len(entries), f.describe())
	return entries, db.logRead(ctx, a, auditEntry{action: teilhabe.AuditLogExported, objectType: "audit_log", detail: detail})
}

// FindAuditActors lists the accounts the data protection officer may
// filter the log by, by username: the programme's, and, for an officer who
// may read the installation's entries, the administrators'. Who may:
// teilhabe.CanReadAudit, else ErrForbidden.
func (db *DB) FindAuditActors(ctx context.Context, a teilhabe.Actor) ([]teilhabe.User, error) {
	if !teilhabe.CanReadAudit(a) {
		return nil, teilhabe.ErrForbidden
	}
	where := `u.programme_id = ?`
	if teilhabe.CanReadInstallationAudit(a) {
		where += ` OR u.programme_id IS NULL`
	}
	var list []teilhabe.User
	err := db.read(ctx, func(t *tx) error {
		var err error
		list, err = queryAll(ctx, t, scanUser, `SELECT `+userColumns+userFrom+` WHERE `+where+` ORDER BY u.username`, a.ProgrammeID)
		return err
	})
	return list, err
}

// germanDayStart returns the instant the calendar day of d begins in
// Germany, where the officer reads the log's times.
func germanDayStart(d time.Time) time.Time {
	y, m, day := d.Date()
	return time.Date(y, m, day, 0, 0, 0, 0, teilhabe.Germany)
}
