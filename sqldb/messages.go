package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"teilhabe"
)

// Message kinds between sponsor and provider (PRODUCT.md, "Messages between
// sponsor and provider"). Every message is a structured record with a status
// and the side that must act next, never free-text mail.
const (
	MsgAnnouncement      = "announcement"       // sponsor → provider: a candidate
	MsgAnnouncementReply = "announcement_reply" // provider → sponsor: confirmation or refusal
	MsgAssignmentRequest = "assignment_request" // provider → sponsor
	MsgAssignmentReply   = "assignment_reply"   // sponsor → provider: assignment or refusal
	MsgExtensionRequest  = "extension_request"  // provider → sponsor
	MsgExtensionReply    = "extension_reply"    // sponsor → provider: decision
)

// Message statuses.
const (
	StatusOpen      = "open"      // waiting for the other side
	StatusWaiting   = "waiting"   // on the waiting list (assignment requests)
	StatusAccepted  = "accepted"  // confirmed, assigned, extended
	StatusDeclined  = "declined"  // refused
	StatusWithdrawn = "withdrawn" // the provider withdrew the request
)

// Sides that can be awaited.
const (
	SideSponsor  = "sponsor"
	SideProvider = "provider"
	SideNone     = "none"
)

// Message is a structured message about a case.
type Message struct {
	ID           int64
	CaseID       int64
	Kind         string
	Awaiting     string
	Status       string
	ReasonCode   string
	Note         string
	ProposedEnd  time.Time
	CreatedAt    time.Time
	CreatedBy    string
	AnsweredAt   time.Time
	PersonName   string
	SponsorName  string
	LocationName string
}

const messageColumns = `m.id, m.case_id, m.kind, m.awaiting, m.status, m.reason_code, m.note, m.proposed_end,
	m.created_at, COALESCE(u.name, ''), m.answered_at, p.last_name || ', ' || p.first_name, sp.name, l.name`

const messageFrom = ` FROM messages m JOIN cases c ON c.id = m.case_id JOIN persons p ON p.id = c.person_id
	JOIN organisations sp ON sp.id = m.sponsor_id JOIN locations l ON l.id = m.location_id
	LEFT JOIN users u ON u.id = m.created_by`

func scanMessage(s interface{ Scan(...any) error }) (Message, error) {
	var m Message
	var end dbDate
	var created, answered dbTime
	err := s.Scan(&m.ID, &m.CaseID, &m.Kind, &m.Awaiting, &m.Status, &m.ReasonCode, &m.Note, &end,
		&created, &m.CreatedBy, &answered, &m.PersonName, &m.SponsorName, &m.LocationName)
	m.ProposedEnd, m.CreatedAt, m.AnsweredAt = end.t, created.t, answered.t
	return m, err
}

func (t *tx) caseMessages(ctx context.Context, caseID int64) ([]Message, error) {
	rows, err := t.query(ctx, `SELECT `+messageColumns+messageFrom+` WHERE m.case_id = ? ORDER BY m.created_at DESC, m.id DESC`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, m)
	}
	return list, rows.Err()
}

// send writes a message about case c.
func (t *tx) send(ctx context.Context, a teilhabe.Actor, c teilhabe.Case, kind, awaiting, status, reason, note string, proposedEnd time.Time) (int64, error) {
	return t.insert(ctx, `INSERT INTO messages (programme_id, case_id, kind, sponsor_id, provider_id, location_id, awaiting, status,
		reason_code, note, proposed_end, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ProgrammeID, c.ID, kind, c.SponsorID, c.ProviderID, c.LocationID, awaiting, status, reason, note,
		date(proposedEnd), ts(t.now), nullID(a.UserID))
}

// answer closes the open message of kind about case c with status.
func (t *tx) answer(ctx context.Context, a teilhabe.Actor, caseID int64, kind, status string) error {
	_, err := t.exec(ctx, `UPDATE messages SET awaiting = 'none', status = ?, answered_at = ?, answered_by = ?
		WHERE case_id = ? AND kind = ? AND awaiting <> 'none'`, status, ts(t.now), nullID(a.UserID), caseID, kind)
	return err
}

// Inbox is a's view of the messages between sponsor and provider.
type Inbox struct {
	// Mine are the messages waiting for a's side, oldest first.
	Mine []Message
	// Theirs are a's side's messages waiting for the other side.
	Theirs []Message
	// Recent are the latest answered messages and replies.
	Recent []Message
	// Truncated is set when a list holds more than InboxLimit messages
	// and only the first InboxLimit are returned.
	Truncated bool
}

// InboxLimit bounds each list of the inbox page.
const InboxLimit = 100

// FindInbox returns the inbox of a: for sponsors the messages of their
// organisation, for providers those of their location (coach) or provider.
func (db *DB) FindInbox(ctx context.Context, a teilhabe.Actor) (Inbox, error) {
	var in Inbox
	if !teilhabe.CanUseInbox(a) {
		return in, teilhabe.ErrNotFound
	}
	var scope string
	var arg int64
	mySide, otherSide := SideProvider, SideSponsor
	switch a.Role {
	case teilhabe.RoleCoach:
		scope, arg = "m.location_id = ?", a.LocationID
	case teilhabe.RoleProviderLead:
		scope, arg = "m.provider_id = ?", a.OrgID
	default:
		scope, arg = "m.sponsor_id = ?", a.OrgID
		mySide, otherSide = SideSponsor, SideProvider
	}
	err := db.inTx(ctx, func(t *tx) error {
		for _, q := range []struct {
			cond  string
			arg   any
			order string
			into  *[]Message
		}{
			{"m.awaiting = ?", mySide, "m.created_at, m.id", &in.Mine},
			{"m.awaiting = ?", otherSide, "m.created_at, m.id", &in.Theirs},
			{"m.awaiting = ?", SideNone, "COALESCE(m.answered_at, m.created_at) DESC, m.id DESC", &in.Recent},
		} {
			rows, err := t.query(ctx, `SELECT `+messageColumns+messageFrom+` WHERE m.programme_id = ? AND `+scope+
				` AND `+q.cond+` ORDER BY `+q.order+` LIMIT ?`, a.ProgrammeID, arg, q.arg, InboxLimit+1)
			if err != nil {
				return err
			}
			for rows.Next() {
				m, err := scanMessage(rows)
				if err != nil {
					rows.Close()
					return err
				}
				*q.into = append(*q.into, m)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if len(*q.into) > InboxLimit {
				*q.into, in.Truncated = (*q.into)[:InboxLimit], true
			}
		}
		// The inbox shows names: reading it is logged like a case list.
		return t.audit(ctx, a, auditEntry{action: "inbox.viewed", objectType: "message",
			detail: fmt.Sprintf("%d waiting here, %d there, %d settled", len(in.Mine), len(in.Theirs), len(in.Recent))})
	})
	return in, err
}

// LocationCapacity is how full a location is in a year.
type LocationCapacity struct {
	Location teilhabe.Location
	Provider string
	Places   int
	Assigned int // assignments starting in the year
	Pending  int // open assignment requests
	Waiting  []CaseListItem
}

// Free returns the places not yet taken or promised.
func (c LocationCapacity) Free() int { return max(c.Places-c.Assigned-c.Pending, 0) }

// FindCapacity returns places, assignments and waiting lists per location in
// year: the whole programme for the coordinator (waiting lists without
// names), the own provider for the provider lead (with names). The view is
// written to the audit log.
func (db *DB) FindCapacity(ctx context.Context, a teilhabe.Actor, year int) ([]LocationCapacity, error) {
	if !teilhabe.CanSeeCapacity(a) {
		return nil, teilhabe.ErrNotFound
	}
	cond, arg := "o.programme_id = ?", a.ProgrammeID
	if a.Role == teilhabe.RoleProviderLead {
		cond, arg = "o.id = ?", a.OrgID
	}
	var list []LocationCapacity
	err := db.inTx(ctx, func(t *tx) error {
		// One statement for all locations; the counts use the indexes on
		// (location_id, assignment_start) and (location_id, next_due_on).
		from, to := teilhabe.Day(year, 1, 1), teilhabe.Day(year+1, 1, 1)
		rows, err := t.query(ctx, `SELECT `+locationColumns+`, o.name,
			(SELECT COUNT(*) FROM cases c WHERE c.location_id = l.id AND c.assignment_start >= ? AND c.assignment_start < ?),
			(SELECT COUNT(*) FROM cases c WHERE c.location_id = l.id AND c.stage = 'assignment_requested')
			FROM locations l JOIN organisations o ON o.id = l.provider_id
			WHERE `+cond+` ORDER BY o.name, l.name`, date(from), date(to), arg)
		if err != nil {
			return err
		}
		for rows.Next() {
			var lc LocationCapacity
			var features string
			l := &lc.Location
			if err := rows.Scan(&l.ID, &l.ProviderID, &l.Name, &l.Street, &l.Postcode, &l.City, &l.State, &l.PlacesPerYear,
				&features, &l.Version, &lc.Provider, &lc.Assigned, &lc.Pending); err != nil {
				rows.Close()
				return err
			}
			lc.Places = l.PlacesPerYear
			for _, f := range splitCodes(features) {
				l.Features = append(l.Features, teilhabe.Feature(f))
			}
			list = append(list, lc)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// The coordinator steers places, not persons: no names.
		waiting, err := t.waitingLists(ctx, `c.location_id IN (SELECT l.id FROM locations l JOIN organisations o
			ON o.id = l.provider_id WHERE `+cond+`)`, arg, a.Role == teilhabe.RoleProviderLead)
		if err != nil {
			return err
		}
		for i := range list {
			list[i].Waiting = waiting[list[i].Location.ID]
		}
		return t.audit(ctx, a, auditEntry{action: "capacity.viewed", objectType: "programme", objectID: a.ProgrammeID})
	})
	return list, err
}

// placesTaken counts a location's assignments starting in year and its open
// assignment requests, which hold a place until the sponsor decides.
func (t *tx) placesTaken(ctx context.Context, locationID int64, year int) (assigned, pending int, err error) {
	from, to := teilhabe.Day(year, 1, 1), teilhabe.Day(year+1, 1, 1)
	err = t.queryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN assignment_start >= ? AND assignment_start < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN stage = 'assignment_requested' THEN 1 ELSE 0 END), 0)
		FROM cases WHERE location_id = ? AND (assignment_start IS NOT NULL OR stage = 'assignment_requested')`,
		date(from), date(to), locationID).Scan(&assigned, &pending)
	return assigned, pending, err
}

// waitingList returns a location's waiting cases in the order they joined,
// without names.
func (t *tx) waitingList(ctx context.Context, locationID int64) ([]CaseListItem, error) {
	lists, err := t.waitingLists(ctx, "c.location_id = ?", locationID, false)
	return lists[locationID], err
}

// waitingLists returns the waiting lists of the locations matching where
// (on cases c, with one argument), each in the order the cases joined;
// with names false, without the person's name and date of birth.
func (t *tx) waitingLists(ctx context.Context, where string, arg any, names bool) (map[int64][]CaseListItem, error) {
	person := `'', NULL`
	if names {
		person = `p.last_name || ', ' || p.first_name, p.birth_date`
	}
	rows, err := t.query(ctx, `SELECT c.id, c.location_id, `+person+`, COALESCE(sp.name, ''), m.created_at
		FROM cases c JOIN persons p ON p.id = c.person_id LEFT JOIN organisations sp ON sp.id = c.sponsor_id
		JOIN messages m ON m.case_id = c.id AND m.kind = 'assignment_request' AND m.status = 'waiting'
		WHERE `+where+` AND c.stage = 'waiting_list' ORDER BY m.created_at, m.id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	lists := map[int64][]CaseListItem{}
	for rows.Next() {
		var it CaseListItem
		var loc int64
		var birth dbDate
		var since dbTime
		if err := rows.Scan(&it.ID, &loc, &it.Name, &birth, &it.SponsorName, &since); err != nil {
			return nil, err
		}
		it.BirthDate, it.NextDueOn, it.Stage = birth.t, today(since.t), teilhabe.StageWaitingList
		lists[loc] = append(lists[loc], it)
	}
	return lists, rows.Err()
}

// joinCodes stores a code list.
func joinCodes(codes []string) string { return strings.Join(codes, ",") }
