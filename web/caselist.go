package web

import (
	"net/http"
	"strconv"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// caseTable is a page of cases with its pager.
type caseTable struct {
	Items []sqldb.CaseListItem
	Pager pager
	Today time.Time
}

// Urgency classifies a due date: "overdue", "today", "soon" (within a
// week) or "".
func (t caseTable) Urgency(due time.Time) string {
	switch {
	case due.IsZero():
		return ""
	case due.Before(t.Today):
		return "overdue"
	case due.Equal(t.Today):
		return "today"
	case due.Before(t.Today.AddDate(0, 0, 7)):
		return "soon"
	}
	return ""
}

// DueDate is the date a list shows for a case: when its next step is due,
// or, in coaching, when its assignment ends.
func (t caseTable) DueDate(it sqldb.CaseListItem) time.Time {
	if it.Stage == teilhabe.StageActive {
		return it.AssignmentEnd
	}
	return it.NextDueOn
}

// DueUrgency classifies a listed case: for coaching, an assignment ending
// within four weeks is "soon"; otherwise as Urgency.
func (t caseTable) DueUrgency(it sqldb.CaseListItem) string {
	if it.Stage == teilhabe.StageActive {
		if !it.NextDueOn.After(t.Today) {
			return "soon"
		}
		return ""
	}
	return t.Urgency(it.NextDueOn)
}

func (s *Server) caseTable(r *http.Request, a teilhabe.Actor, f sqldb.CaseFilter) (caseTable, error) {
	items, more, err := s.db.FindCases(r.Context(), a, f)
	if err != nil {
		return caseTable{}, err
	}
	if f.Page > 1 && len(items) == 0 {
		return caseTable{}, teilhabe.ErrNotFound // a page past the last
	}
	return caseTable{Items: items, Pager: newPager(r, max(f.Page, 1), more), Today: s.db.Today()}, nil
}

type caseListPage struct {
	page
	Results   caseTable
	Stages    []option
	Locations []sqldb.ProviderLocation // for provider leads
	Searched  bool
}

// caseList searches the cases in the user's scope by name, date of birth,
// customer number, stage and location.
func (s *Server) caseList(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	q := r.URL.Query()
	p := caseListPage{page: s.newPage(r, "title.cases")}
	for k, v := range q {
		p.Form[k] = v[0]
	}
	p.Stages = labelled(&p.page, teilhabe.Stages())
	if u.Role == teilhabe.RoleProviderLead {
		var err error
		if p.Locations, err = s.ownLocations(r, u); err != nil {
			return err
		}
	}
	f := sqldb.CaseFilter{Query: q.Get("q"), CustomerNumber: q.Get("customer_number"),
		Stage: teilhabe.Stage(q.Get("stage")), Overdue: q.Get("overdue") == "on", Closed: q.Get("closed") == "on"}
	var err error
	if f.Page, err = pageParam(r); err != nil {
		return err
	}
	var pr teilhabe.Problems
	teilhabe.CheckSearch(&pr, "q", f.Query)
	if v := q.Get("birth_date"); v != "" {
		f.BirthDate = parseDate(&pr, "birth_date", v)
	}
	teilhabe.CheckSearch(&pr, "customer_number", f.CustomerNumber)
	if f.Stage != "" && !f.Stage.Valid() {
		pr.Add("stage", "err.choose")
	}
	if v := q.Get("location"); v != "" {
		f.LocationID, _ = strconv.ParseInt(v, 10, 64)
	}
	p.Searched = len(q) > 0
	if err := pr.Err(); err != nil {
		form := p.Form
		p.withProblems(r, err.(*teilhabe.InvalidError))
		p.Form = form
		p.Results.Today = s.db.Today()
		return s.render(w, r, http.StatusUnprocessableEntity, "cases", &p)
	}
	t, err := s.caseTable(r, u.Actor(), f)
	if err != nil {
		return err
	}
	p.Results = t
	return s.render(w, r, http.StatusOK, "cases", &p)
}
