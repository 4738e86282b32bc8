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
	List    []sqldb.Message
	Caption string
	Empty   string
}

// Msgs prepares a message list for the "messages" partial.
func (p *page) Msgs(list []sqldb.Message, captionKey, emptyKey string) messagesView {
	return messagesView{P: p, List: list, Caption: p.T(captionKey), Empty: p.T(emptyKey)}
}

// Reason translates a message's reason code with the catalogue of its kind.
func (p *page) Reason(m sqldb.Message) string {
	if m.ReasonCode == "" {
		return ""
	}
	switch m.Kind {
	case sqldb.MsgAnnouncementReply:
		return p.Code("decline", m.ReasonCode)
	case sqldb.MsgAssignmentReply:
		return p.Code("refuse", m.ReasonCode)
	}
	return m.ReasonCode
}

// auditView is the dot of the "audittable" partial.
type auditView struct {
	P       *page
	Entries []sqldb.AuditRecord
}

// AuditView prepares audit entries for the "audittable" partial.
func (p *page) AuditView(entries []sqldb.AuditRecord) auditView {
	return auditView{P: p, Entries: entries}
}

// FeatureList translates a location's accessibility features.
func (p *page) FeatureList(fs []teilhabe.Feature) string { return p.Codes("feature", strs(fs)) }
