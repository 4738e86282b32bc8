package web

import (
	"strings"

	"teilhabe"
	"teilhabe/sqldb"
)

// tableView is the dot of the "casetable" partial. Its texts are written
// here, in Go, rather than called from the template row by row: a coach's
// start page lists hundreds of cases, and each call from a template costs
// a reflective call.
type tableView struct {
	T       caseTable
	Caption string
	Empty   string
	Cols    caseColumns
	Rows    []caseRow
}

// caseColumns are the headings of a case table, which its cells repeat
// as their labels on a narrow screen.
type caseColumns struct {
	Name, BirthDate, Stage, Phase, NextStep, Due, Location, Sponsor string
}

// caseRow is one listed case as the table shows it.
type caseRow struct {
	ID                         int64
	Name, BirthDate, Stage     string
	Phase, PhaseSince          string // PhaseSince: "seit 01.03.2026", or ""
	NextStep, WorkDetail       string
	Due, Urgency, UrgencyLabel string // Due: a date or "–"; Urgency: the tag's modifier, or ""
	Location, Sponsor          string
}

// Table prepares a case table for the "casetable" partial.
func (p *page) Table(t caseTable, captionKey, emptyKey string) tableView {
	v := tableView{T: t, Caption: p.T(captionKey), Empty: p.T(emptyKey), Cols: caseColumns{Name: p.T("col.name"),
		BirthDate: p.T("col.birth_date"), Stage: p.T("col.stage"), Phase: p.T("col.phase"), NextStep: p.T("col.next_step"),
		Due: p.T("col.due"), Location: p.T("col.location"), Sponsor: p.T("col.sponsor")}}
	v.Rows = make([]caseRow, len(t.Items))
	for i, it := range t.Items {
		r := caseRow{ID: it.ID, Name: it.Name, BirthDate: teilhabe.FormatDate(it.BirthDate), Stage: p.Label(it.Stage),
			Phase: it.PhaseName, NextStep: p.T(t.NextStep(it)), WorkDetail: it.WorkDetail, Due: "–",
			Urgency: t.DueUrgency(it), Location: it.LocationName, Sponsor: it.SponsorName}
		if it.PhaseName != "" {
			r.PhaseSince = p.T("cases.phase_since", teilhabe.FormatDate(it.PhaseSince))
		}
		if due := t.DueDate(it); !due.IsZero() {
			r.Due = teilhabe.FormatDate(due)
		}
		if r.Urgency != "" {
			r.UrgencyLabel = p.T("urgency." + r.Urgency)
		}
		v.Rows[i] = r
	}
	return v
}

// messagesView is the dot of the "messages" partial; like tableView, its
// texts are written in Go.
type messagesView struct {
	Rows    []msgRow
	Cols    msgColumns
	Caption string
	Empty   string
	// OneLocation leaves out the location column: a coach's messages are
	// all about the coach's own location.
	OneLocation bool
	// Settled adds the column of the day a message was settled.
	Settled bool
	// Return, if set, adds a column with the actions the user can take on
	// a message right in the list (acknowledging a refusal), whose forms
	// lead back to the list's page (see returnPaths).
	Return string
}

// Msgs prepares a list of open messages for the "messages" partial.
func (p *page) Msgs(list []teilhabe.Message, captionKey, emptyKey string) messagesView {
	v := messagesView{Caption: p.T(captionKey), Empty: p.T(emptyKey),
		OneLocation: p.User != nil && p.User.Role == teilhabe.RoleCoach,
		Cols: msgColumns{Message: p.T("col.message"), Name: p.T("col.name"), Status: p.T("col.status"),
			Detail: p.T("col.detail"), Location: p.T("col.location"), Sponsor: p.T("col.sponsor"), Sent: p.T("col.sent"),
			Settled: p.T("col.settled"), Action: p.T("col.action"), Acknowledge: p.T("step.acknowledge.submit"),
			TakeNote: p.T("notice.acknowledge")}}
	v.Rows = make([]msgRow, len(list))
	for i, m := range list {
		r := msgRow{ID: m.ID, CaseID: m.CaseID, CaseVersion: m.CaseVersion, Kind: p.Label(m.Kind), Person: m.PersonName,
			Status: p.Label(m.Status), Detail: p.MessageDetail(m), Location: m.LocationName, Sponsor: m.SponsorName,
			Sent: formatDateTime(m.CreatedAt), Settled: "–", NeedsAcknowledgement: m.NeedsAcknowledgement(),
			AwaitsNote: m.AwaitsNote()}
		if !m.Open() {
			r.Settled = formatDateTime(m.AnsweredAt)
		}
		v.Rows[i] = r
	}
	return v
}

// msgColumns are the headings of a message list and the labels of its
// buttons.
type msgColumns struct {
	Message, Name, Status, Detail, Location, Sponsor, Sent, Settled, Action string
	Acknowledge, TakeNote                                                   string
}

// msgRow is one message as the list shows it.
type msgRow struct {
	ID, CaseID                       int64
	CaseVersion                      int
	Kind, Person, Status, Detail     string
	Location, Sponsor, Sent, Settled string
	NeedsAcknowledgement, AwaitsNote bool
}

// WaitingMsgs prepares the list of messages waiting for the user, which
// offers the actions that need no form of their own; back names the page
// they lead back to.
func (p *page) WaitingMsgs(list []teilhabe.Message, captionKey, emptyKey, back string) messagesView {
	v := p.Msgs(list, captionKey, emptyKey)
	for _, m := range list {
		if (m.NeedsAcknowledgement() || m.AwaitsNote()) && p.User != nil && p.User.Role == teilhabe.RoleSponsorCaseworker {
			v.Return = back
		}
	}
	return v
}

// CaseMsgs prepares a case's messages, settled or not, for the "messages"
// partial; the sponsor's caseworker takes note of notices right there.
func (p *page) CaseMsgs(list []teilhabe.Message, captionKey, emptyKey string) messagesView {
	v := p.WaitingMsgs(list, captionKey, emptyKey, "case")
	v.Settled = true
	return v
}

// SettledMsgs prepares a list of messages, some or all of them settled,
// for the "messages" partial.
func (p *page) SettledMsgs(list []teilhabe.Message, captionKey, emptyKey string) messagesView {
	v := p.Msgs(list, captionKey, emptyKey)
	v.Settled = true
	return v
}

// MessageDetail is what the details column says of m: the reason and the
// note, and each day the message names with its label ("Informations-
// gespräch am 02.12.2026", "beantragtes Ende: 30.11.2027").
func (p *page) MessageDetail(m teilhabe.Message) string {
	switch m.Kind {
	case teilhabe.MsgNoShowNotice: // the note holds the days
		return p.T("msg.dates.no_shows", m.Note)
	case teilhabe.MsgAttendance:
		return p.T("msg.dates.attendance", p.Month(m.On))
	case teilhabe.MsgPlacement: // the note holds the job and the employer
		return p.T("msg.dates.placement", m.Note, teilhabe.FormatDate(m.On))
	case teilhabe.MsgFinalReport:
		return p.T("msg.dates.final_report", m.ReportNumber, teilhabe.FormatDate(m.On))
	case teilhabe.MsgExit:
		kind, dest, cause := m.ExitDetails()
		parts := []string{p.T("msg.dates.exit", p.Label(kind), teilhabe.FormatDate(m.On)), p.Label(m.Reason())}
		if cause != "" {
			parts = append(parts, p.Label(cause))
		}
		parts = append(parts, p.T("msg.destination", p.Label(dest)))
		if m.Note != "" {
			parts = append(parts, m.Note)
		}
		return strings.Join(parts, "; ")
	}
	var parts []string
	reason := p.Label(m.Reason())
	switch {
	case reason != "" && m.Note != "":
		parts = append(parts, reason+": "+m.Note)
	case reason != "":
		parts = append(parts, reason)
	case m.Note != "":
		parts = append(parts, m.Note)
	}
	on, end := teilhabe.FormatDate(m.On), teilhabe.FormatDate(m.ProposedEnd)
	switch {
	case m.Kind == teilhabe.MsgAssignmentReply && on != "":
		parts = append(parts, p.T("msg.dates.assignment", on, end))
	case m.Kind == teilhabe.MsgAnnouncementReply && on != "":
		parts = append(parts, p.T("msg.dates.info", on))
	case m.Kind == teilhabe.MsgExtensionRequest && end != "":
		parts = append(parts, p.T("msg.dates.proposed_end", end))
		if m.PlanNumber > 0 {
			parts = append(parts, p.T("msg.plan", m.PlanNumber, teilhabe.FormatDate(m.PlanAgreedOn)))
		}
	case m.Kind == teilhabe.MsgExtensionReply && end != "":
		parts = append(parts, p.T("msg.dates.new_end", end))
	}
	return strings.Join(parts, "; ")
}

// auditView is the dot of the "audittable" partial.
type auditView struct {
	P     *page
	Lines []auditLine
}

// AuditView prepares audit entries for the "audittable" partial, in words.
func (p *page) AuditView(entries []sqldb.AuditRecord) auditView {
	v := auditView{P: p, Lines: make([]auditLine, len(entries))}
	for i, e := range entries {
		v.Lines[i] = p.auditLine(e)
	}
	return v
}

// eventView is the dot of the "eventdetail" partial.
type eventView struct {
	P *page
	E teilhabe.Event
}

// Event prepares a timeline event for the "eventdetail" partial.
func (p *page) Event(e teilhabe.Event) eventView { return eventView{P: p, E: e} }
