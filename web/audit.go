package web

import (
	"net/http"
	"strconv"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

type auditPage struct {
	page
	// Installation offers the entries of no programme.
	Installation bool
	Entries      []sqldb.AuditRecord
	Pager        pager
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	q := r.URL.Query()
	p := auditPage{page: s.newPage(r, "title.audit"), Installation: teilhabe.CanReadInstallationAudit(u.Actor())}
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	f := sqldb.AuditFilter{Actor: teilhabe.NormalizeUsername(q.Get("actor")), Action: q.Get("action"), Page: page,
		Installation: q.Get("installation") == "on"}
	for k, v := range q {
		p.Form[k] = v[0]
	}
	var pr teilhabe.Problems
	teilhabe.CheckSearch(&pr, "actor", f.Actor)
	teilhabe.CheckSearch(&pr, "action", f.Action)
	parseQueryDate := func(name string) time.Time {
		v := q.Get(name)
		if v == "" {
			return time.Time{}
		}
		return parseDate(&pr, name, v)
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
	if f.Page > 1 && len(entries) == 0 {
		return teilhabe.ErrNotFound // a page past the last
	}
	p.Entries, p.Pager = entries, newPager(r, f.Page, more)
	return s.render(w, r, http.StatusOK, "audit", &p)
}
