package web

import (
	"net/http"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// startPage is each role's start page; only the part for the user's role
// is filled.
type startPage struct {
	page
	Today      time.Time
	Programmes []sqldb.ProgrammeSummary // administrator
	Figures    sqldb.Figures            // coordinator
	Stages     []teilhabe.Stage         // coordinator
	Capacity   sqldb.Capacity           // coordinator: locations that are full or have a waiting list
	Inbox      sqldb.Inbox              // sponsor, provider
	Worklist   caseTable                // provider: the cases needing action; sponsor: assigned participants
	Audit      []sqldb.AuditRecord      // data protection officer: the latest entries
	Review     []sqldb.AuditRecord      // data protection officer: accounts with case access to review
}

func (s *Server) start(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	ctx, a := r.Context(), u.Actor()
	p := startPage{page: s.newPage(r, "title.start."+string(u.Role)), Today: s.db.Today()}
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	switch u.Role {
	case teilhabe.RoleAdmin:
		p.Programmes, err = s.db.FindProgrammes(ctx, a)
	case teilhabe.RoleCoordinator:
		p.Stages = teilhabe.Stages()
		if p.Figures, err = s.db.FindFigures(ctx, a); err == nil {
			p.Capacity, err = s.db.FindCapacity(ctx, a, sqldb.CapacityFilter{Year: p.Today.Year(), Attention: true})
		}
	case teilhabe.RoleSponsorCaseworker:
		if p.Inbox, err = s.db.FindInbox(ctx, a); err == nil {
			p.Worklist, err = s.caseTable(r, a, sqldb.CaseFilter{Assigned: true, Page: page})
		}
	case teilhabe.RoleProviderLead, teilhabe.RoleCoach:
		if p.Inbox, err = s.db.FindInbox(ctx, a); err == nil {
			p.Worklist, err = s.caseTable(r, a, sqldb.CaseFilter{Worklist: true, Page: page})
		}
	case teilhabe.RoleDataProtection:
		if p.Review, err = s.db.FindAccountsToReview(ctx, a); err != nil {
			return err
		}
		p.Audit, _, err = s.db.FindAuditEntries(ctx, a, sqldb.AuditFilter{Page: 1})
		if len(p.Audit) > 10 {
			p.Audit = p.Audit[:10]
		}
	}
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "start", &p)
}
