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
	// OneLocation leaves out the location column: every case is at the
	// same location, the user's own or the one chosen.
	OneLocation bool
	// Side is the side the list's reader works on; next steps and urgency
	// are written from it.
	Side teilhabe.Side
	// Phases adds the column of the phase of coaching and since when.
	Phases bool
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
// or, in coaching, when its assignment ends. A case waiting for a free
// place has none: nobody can act on it by a date.
func (t caseTable) DueDate(it sqldb.CaseListItem) time.Time {
	if it.Work != "" {
		return it.WorkDue
	}
	switch it.Stage {
	case teilhabe.StageActive:
		return it.AssignmentEnd
	case teilhabe.StageWaitingList:
		return time.Time{}
	}
	return it.NextDueOn
}

// DueUrgency classifies a listed case: "ended" once an assignment has
// passed its planned end; for coaching, an assignment ending within four
// weeks is "soon"; a case that waits on the sponsor is never overdue for
// the provider; otherwise as Urgency.
func (t caseTable) DueUrgency(it sqldb.CaseListItem) string {
	switch {
	case it.Work != "":
		return t.Urgency(it.WorkDue)
	case teilhabe.AssignmentEnded(it.Stage, it.AssignmentEnd, t.Today):
		return "ended"
	case it.Stage == teilhabe.StageActive:
		if !it.NextDueOn.After(t.Today) {
			return "soon"
		}
		return ""
	case it.Stage.WaitsForOthers() && t.Side != teilhabe.SideSponsor:
		return ""
	}
	return t.Urgency(t.DueDate(it))
}

// NextStep is the text key of a listed case's next step, from the
// reader's side.
func (t caseTable) NextStep(it sqldb.CaseListItem) string {
	if it.Work != "" {
		return "work." + it.Work
	}
	return nextStepKey(t.Side, it.Stage, it.AssignmentEnd, t.Today)
}

// nextStepKey is the text key of what happens next to a case in stage
// whose assignment ends on end, written from side: the sponsor's pages say
// what the sponsor does or waits for. An assignment past its end says so.
func nextStepKey(side teilhabe.Side, stage teilhabe.Stage, end, today time.Time) string {
	prefix := "code.next."
	if side == teilhabe.SideSponsor {
		prefix = "code.next_sponsor."
	}
	if teilhabe.AssignmentEnded(stage, end, today) {
		return prefix + "assignment_ended"
	}
	return prefix + string(stage)
}

func (s *Server) caseTable(r *http.Request, a teilhabe.Actor, f sqldb.CaseFilter) (caseTable, error) {
	items, more, err := s.db.FindCases(r.Context(), a, f)
	if err != nil {
		return caseTable{}, err
	}
	if f.Page > 1 && len(items) == 0 {
		return caseTable{}, teilhabe.ErrNotFound // a page past the last
	}
	return caseTable{Items: items, Pager: newPager(r, max(f.Page, 1), more), Today: s.db.Today(),
		OneLocation: a.Role == teilhabe.RoleCoach || f.LocationID != 0, Side: a.Role.Side(), Phases: !f.Closed}, nil
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
