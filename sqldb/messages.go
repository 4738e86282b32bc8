package sqldb

import (
	"context"
	"fmt"
	"strings"

	"teilhabe"
)

const messageColumns = `m.id, m.case_id, m.kind, m.awaiting, m.status, m.reason_code, m.note, m.on_date, m.proposed_end,
	m.created_at, COALESCE(u.name, ''), m.answered_at, c.version, p.last_name || ', ' || p.first_name, sp.name, l.name,
	COALESCE(m.plan_id, 0), COALESCE(mp.number, 0), mp.agreed_on, m.detail_codes, COALESCE(m.final_report_id, 0),
	COALESCE(mr.number, 0)`

const messageFrom = ` FROM messages m JOIN cases c ON c.id = m.case_id JOIN persons p ON p.id = c.person_id
	JOIN organisations sp ON sp.id = m.sponsor_id JOIN locations l ON l.id = m.location_id
	LEFT JOIN users u ON u.id = m.created_by LEFT JOIN case_plans mp ON mp.id = m.plan_id
	LEFT JOIN final_reports mr ON mr.id = m.final_report_id`

func scanMessage(s scanner) (teilhabe.Message, error) {
	var m teilhabe.Message
	var on, end, planOn dbDate
	var created, answered dbTime
	var codes string
	err := s.Scan(&m.ID, &m.CaseID, &m.Kind, &m.Awaiting, &m.Status, &m.ReasonCode, &m.Note, &on, &end,
		&created, &m.CreatedBy, &answered, &m.CaseVersion, &m.PersonName, &m.SponsorName, &m.LocationName,
		&m.PlanID, &m.PlanNumber, &planOn, &codes, &m.FinalReportID, &m.ReportNumber)
	m.On, m.ProposedEnd, m.CreatedAt, m.AnsweredAt, m.PlanAgreedOn = on.t, end.t, created.t, answered.t, planOn.t
	if codes != "" {
		m.Codes = strings.Split(codes, ",")
	}
	return m, err
}

// caseMessages returns a case's messages, newest first.
func (t *tx) caseMessages(ctx context.Context, caseID int64) ([]teilhabe.Message, error) {
	return queryAll(ctx, t, scanMessage, `SELECT `+messageColumns+messageFrom+` WHERE m.case_id = ?
		ORDER BY m.created_at DESC, m.id DESC`, caseID)
}

// send writes message m about case c, from a. A message that waits for
// no one is settled as it is sent.
func (t *tx) send(ctx context.Context, a teilhabe.Actor, c teilhabe.Case, m teilhabe.Message) error {
	var settled dbTime
	var settledBy any
	if m.Awaiting == teilhabe.SideNone {
		settled, settledBy = ts(t.now), nullID(a.UserID)
	}
	_, err := t.exec(ctx, `INSERT INTO messages (programme_id, case_id, kind, sponsor_id, provider_id, location_id, awaiting, status,
		reason_code, note, on_date, proposed_end, created_at, created_by, answered_at, answered_by, plan_id, detail_codes,
		final_report_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ProgrammeID, c.ID, m.Kind, c.SponsorID, c.ProviderID, c.LocationID, m.Awaiting, m.Status, m.ReasonCode, m.Note,
		date(m.On), date(m.ProposedEnd), ts(t.now), nullID(a.UserID), settled, settledBy, nullID(m.PlanID),
		strings.Join(m.Codes, ","), nullID(m.FinalReportID))
	return err
}

// answer settles the open message of kind about case caseID with status.
func (t *tx) answer(ctx context.Context, a teilhabe.Actor, caseID int64, kind teilhabe.MessageKind, status teilhabe.MessageStatus) error {
	_, err := t.exec(ctx, `UPDATE messages SET awaiting = ?, status = ?, answered_at = ?, answered_by = ?
		WHERE case_id = ? AND kind = ? AND awaiting <> ?`, teilhabe.SideNone, status, ts(t.now), nullID(a.UserID),
		caseID, kind, teilhabe.SideNone)
	return err
}

// Inbox is a's view of the messages between sponsor and provider.
type Inbox struct {
	// Mine are the messages waiting for a's side, oldest first, at most
	// InboxLimit; MoreMine is set when more wait.
	Mine     []teilhabe.Message
	MoreMine bool
	// Theirs are a's side's messages waiting for the other side, oldest
	// first, at most InboxLimit; MoreTheirs is set when more wait.
	Theirs     []teilhabe.Message
	MoreTheirs bool
	// Recent is one page of the settled messages, the last settled first;
	// MoreRecent is set when there is a next page.
	Recent     []teilhabe.Message
	MoreRecent bool
}

// InboxLimit bounds each list of open messages on the inbox page.
const InboxLimit = 100

// SettledPerPage is the number of settled messages on one page.
const SettledPerPage = 20

// InboxFilter chooses the page of settled messages (1 if 0).
type InboxFilter struct {
	Page int
}

// messageScope returns the condition that limits messages (alias m) to
// those of a's sponsor, provider or location, its argument, and the sides
// a's messages wait for: a's own and the other one.
func messageScope(a teilhabe.Actor) (cond string, arg int64, mine, theirs teilhabe.Side) {
	switch a.Role {
	case teilhabe.RoleCoach:
		return "m.location_id = ? AND m.programme_id = ?", a.LocationID, teilhabe.SideProvider, teilhabe.SideSponsor
	case teilhabe.RoleProviderLead:
		return "m.provider_id = ? AND m.programme_id = ?", a.OrgID, teilhabe.SideProvider, teilhabe.SideSponsor
	}
	return "m.sponsor_id = ? AND m.programme_id = ?", a.OrgID, teilhabe.SideSponsor, teilhabe.SideProvider
}

// CountWaitingMessages returns how many messages wait for a's side within
// a's scope, for the navigation ("Posteingang (5)"); 0 for those without an
// inbox (teilhabe.CanUseInbox). A number is no personal data, so the count
// is not written to the audit log. It is one COUNT over the scope index of
// messages, which holds every column of the condition.
func (db *DB) CountWaitingMessages(ctx context.Context, a teilhabe.Actor) (int, error) {
	if !teilhabe.CanUseInbox(a) {
		return 0, nil
	}
	q, args := waitingCount(a)
	var n int
	err := db.read(ctx, func(t *tx) error { return t.queryRow(ctx, q, args...).Scan(&n) })
	return n, err
}

// waitingCount is the query of CountWaitingMessages and its arguments.
func waitingCount(a teilhabe.Actor) (string, []any) {
	scope, arg, mine, _ := messageScope(a)
	return `SELECT COUNT(*) FROM messages m WHERE ` + scope + ` AND m.awaiting = ?`, []any{arg, a.ProgrammeID, mine}
}

// FindInbox returns the inbox of a: for sponsors the messages of their
// organisation, for providers those of their location (coach) or provider
// (teilhabe.CanUseInbox); others get teilhabe.ErrNotFound. The view is
// written to the audit log.
func (db *DB) FindInbox(ctx context.Context, a teilhabe.Actor, f InboxFilter) (Inbox, error) {
	var in Inbox
	if !teilhabe.CanUseInbox(a) {
		return in, teilhabe.ErrNotFound
	}
	page := max(f.Page, 1)
	scope, arg, mine, theirs := messageScope(a)
	err := db.read(ctx, func(t *tx) error {
		for _, q := range []struct {
			side   teilhabe.Side
			order  string
			limit  int
			offset int
			into   *[]teilhabe.Message
			more   *bool
		}{
			{mine, "m.created_at, m.id", InboxLimit, 0, &in.Mine, &in.MoreMine},
			{theirs, "m.created_at, m.id", InboxLimit, 0, &in.Theirs, &in.MoreTheirs},
			{teilhabe.SideNone, "m.answered_at DESC, m.id DESC", SettledPerPage, (page - 1) * SettledPerPage, &in.Recent, &in.MoreRecent},
		} {
			list, err := queryAll(ctx, t, scanMessage, `SELECT `+messageColumns+messageFrom+` WHERE `+scope+
				` AND m.awaiting = ? ORDER BY `+q.order+` LIMIT ? OFFSET ?`, arg, a.ProgrammeID, q.side, q.limit+1, q.offset)
			if err != nil {
				return err
			}
			if len(list) > q.limit {
				list, *q.more = list[:q.limit], true
			}
			*q.into = list
		}
		return nil
	})
	if err != nil {
		return Inbox{}, err
	}
	// The inbox shows names: reading it is logged like a case list.
	return in, db.logRead(ctx, a, auditEntry{action: teilhabe.AuditInboxViewed, objectType: "message",
		detail: fmt.Sprintf("%d waiting here, %d there, %d settled (page %d)", len(in.Mine), len(in.Theirs), len(in.Recent), page)})
}
