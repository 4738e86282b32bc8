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
	Capacity   []sqldb.LocationCapacity // coordinator, provider lead
	Inbox      sqldb.Inbox              // sponsor, provider
	Worklist   caseTable                // provider: the cases needing action; sponsor: assigned participants
	Audit      []sqldb.AuditRecord      // data protection officer
}

func (s *Server) start(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	ctx, a := r.Context(), u.Actor()
	p := startPage{page: s.newPage(r, "title.start."+string(u.Role)), Today: s.db.Today()}
	var err error
	switch u.Role {
	case teilhabe.RoleAdmin:
		p.Programmes, err = s.db.FindProgrammes(ctx, a)
	case teilhabe.RoleCoordinator:
		p.Stages = teilhabe.Stages()
		if p.Figures, err = s.db.FindFigures(ctx, a); err == nil {
			p.Capacity, err = s.db.FindCapacity(ctx, a, p.Today.Year())
		}
	case teilhabe.RoleSponsorCaseworker:
		if p.Inbox, err = s.db.FindInbox(ctx, a); err == nil {
			p.Worklist, err = s.caseTable(r, a, sqldb.CaseFilter{Assigned: true, Page: pageParam(r)})
		}
	case teilhabe.RoleProviderLead, teilhabe.RoleCoach:
		if p.Inbox, err = s.db.FindInbox(ctx, a); err == nil {
			p.Worklist, err = s.caseTable(r, a, sqldb.CaseFilter{Worklist: true, Page: pageParam(r)})
		}
	case teilhabe.RoleDataProtection:
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

// pageParam reads ?page=N, defaulting to 1.
func pageParam(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

type auditPage struct {
	page
	Entries []sqldb.AuditRecord
	Pager   pager
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	q := r.URL.Query()
	p := auditPage{page: s.newPage(r, "title.audit")}
	f := sqldb.AuditFilter{Actor: sqldb.NormalizeUsername(q.Get("actor")), Action: q.Get("action"), Page: pageParam(r)}
	for k, v := range q {
		p.Form[k] = v[0]
	}
	var pr teilhabe.Problems
	parseQueryDate := func(name string) time.Time {
		v := q.Get(name)
		if v == "" {
			return time.Time{}
		}
		d, err := teilhabe.ParseDate(v)
		if err != nil {
			pr.Add(name, "err.date")
		}
		return d
	}
	f.From, f.To = parseQueryDate("from"), parseQueryDate("to")
	if c := q.Get("case"); c != "" {
		id, err := strconv.ParseInt(c, 10, 64)
		if err != nil || id <= 0 {
			pr.Add("case", "err.number")
		}
		f.CaseID = id
	}
	if err := pr.Err(); err != nil {
		form := p.Form
		p.withProblems(r, err.(*teilhabe.InvalidError))
		p.Form = form
		return s.render(w, r, http.StatusUnprocessableEntity, "audit", &p)
	}
	entries, more, err := s.db.FindAuditEntries(r.Context(), u.Actor(), f)
	if err != nil {
		return err
	}
	p.Entries, p.Pager = entries, newPager(r, f.Page, more)
	return s.render(w, r, http.StatusOK, "audit", &p)
}

// pager links to the previous and next page of a list, keeping the query.
type pager struct {
	Page      int
	Prev      string
	Next      string
	HasPages  bool
	Label     string
	PrevLabel string
	NextLabel string
	PageLabel string
}

func newPager(r *http.Request, page int, more bool) pager {
	l := lang(r)
	p := pager{Page: page, Label: translate(l, "pager.label"), PrevLabel: translate(l, "pager.prev"),
		NextLabel: translate(l, "pager.next"), PageLabel: translate(l, "pager.page", page)}
	link := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if more {
		p.Next = link(page + 1)
	}
	p.HasPages = p.Prev != "" || p.Next != ""
	return p
}

type inboxPage struct {
	page
	Inbox sqldb.Inbox
	Limit int
}

func (s *Server) inbox(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	in, err := s.db.FindInbox(r.Context(), u.Actor())
	if err != nil {
		return err
	}
	p := inboxPage{page: s.newPage(r, "title.inbox"), Inbox: in, Limit: sqldb.InboxLimit}
	return s.render(w, r, http.StatusOK, "inbox", &p)
}

type capacityPage struct {
	page
	Year     int
	Capacity []sqldb.LocationCapacity
}

func (s *Server) capacity(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	year := s.db.Today().Year()
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2200 {
		year = y
	}
	list, err := s.db.FindCapacity(r.Context(), u.Actor(), year)
	if err != nil {
		return err
	}
	p := capacityPage{page: s.newPage(r, "title.capacity"), Year: year, Capacity: list}
	return s.render(w, r, http.StatusOK, "capacity", &p)
}
