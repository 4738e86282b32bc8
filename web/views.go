package web

import (
	"teilhabe"
	"teilhabe/sqldb"
)

// tableView is the dot of the "casetable" partial.
type tableView struct {
	P       *page
	T       caseTable
	Caption string
	Empty   string
}

// Table prepares a case table for the "casetable" partial.
func (p *page) Table(t caseTable, captionKey, emptyKey string) tableView {
	return tableView{P: p, T: t, Caption: p.T(captionKey), Empty: p.T(emptyKey)}
}

// messagesView is the dot of the "messages" partial.
type messagesView struct {
	P       *page
	List    []teilhabe.Message
	Caption string
	Empty   string
	// OneLocation leaves out the location column: a coach's messages are
	// all about the coach's own location.
	OneLocation bool
}

// Msgs prepares a message list for the "messages" partial.
func (p *page) Msgs(list []teilhabe.Message, captionKey, emptyKey string) messagesView {
	return messagesView{P: p, List: list, Caption: p.T(captionKey), Empty: p.T(emptyKey),
		OneLocation: p.User != nil && p.User.Role == teilhabe.RoleCoach}
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
