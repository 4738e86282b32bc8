package web

import (
	"net/http"
	"strconv"
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
	Work       sqldb.Worklist           // provider: the work of the day and the week
	Assigned   caseTable                // sponsor: assigned participants
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
		if p.Inbox, err = s.db.FindInbox(ctx, a, sqldb.InboxFilter{}); err == nil {
			p.Assigned, err = s.caseTable(r, a, sqldb.CaseFilter{Assigned: true, Page: page})
		}
	case teilhabe.RoleProviderLead, teilhabe.RoleCoach:
		var location int64 // a lead may narrow the worklist to one location
		if u.Role == teilhabe.RoleProviderLead {
			location, _ = strconv.ParseInt(r.URL.Query().Get("location"), 10, 64)
			p.Form["location"] = r.URL.Query().Get("location")
		}
		if p.Inbox, err = s.db.FindInbox(ctx, a, sqldb.InboxFilter{}); err == nil {
			p.Work, err = s.db.FindWorklist(ctx, a, location)
		}
	case teilhabe.RoleDataProtection:
		if p.Review, err = s.db.FindAccountsToReview(ctx, a); err != nil {
			return err
		}
		p.Audit, _, err = s.db.FindAuditEntries(ctx, a, sqldb.AuditFilter{Page: 1, PageSize: 10})
	}
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "start", &p)
}

// Group prepares one group of the worklist for the "casetable" partial.
// The location column is left out when all cases are at one location.
func (p *startPage) Group(g sqldb.WorkGroup, captionKey, emptyKey string) tableView {
	return p.Table(caseTable{Items: g.Items, Today: p.Today, OneLocation: p.OneLocation(), Side: teilhabe.SideProvider},
		captionKey, emptyKey)
}

// OneLocation reports whether all of the worklist is at one location.
func (p *startPage) OneLocation() bool {
	return p.User.Role == teilhabe.RoleCoach || p.Work.LocationID != 0 || len(p.Work.Locations) == 1
}

// Day names a day of the coming week: "heute", "morgen", or the weekday
// and date.
func (p *startPage) Day(t time.Time) string {
	switch {
	case t.Equal(p.Today):
		return p.T("day.today")
	case t.Equal(p.Today.AddDate(0, 0, 1)):
		return p.T("day.tomorrow")
	}
	return p.T("day."+strconv.Itoa(int(t.Weekday()))) + ", " + teilhabe.FormatDate(t)
}
