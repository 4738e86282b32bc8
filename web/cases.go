package web

import (
	"net/http"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

type casePage struct {
	page
	Detail   sqldb.CaseDetail
	Case     teilhabe.Case
	Today    time.Time
	Steps    []stepLink
	Internal bool // the user may read and write internal notes
}

type stepLink struct {
	Href  string
	Label string
}

// DeadlineMet reports whether the info appointment was held in time.
func (p *casePage) DeadlineMet() bool {
	met, _ := p.Case.InfoDeadlineMet()
	return met
}

// CloseReason says why a closed case ended, in the vocabulary of the stage
// it closed in.
func (p *casePage) CloseReason() string {
	c := p.Case
	if c.Stage == teilhabe.StageNotEligible {
		return p.T("case.not_eligible") + ": " + p.Labels(c.IneligibleReasons)
	}
	return p.Label(c.Closure())
}

func (s *Server) casePage(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := u.Actor()
	d, err := s.db.FindCaseByID(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := casePage{page: s.newPage(r, "title.case"), Detail: d, Case: d.Case, Today: s.db.Today(),
		Internal: teilhabe.CanSeeInternalNotes(a)}
	p.Title = d.Case.Person.FullName()
	for _, st := range steps {
		if st.Available(a, d) {
			p.Steps = append(p.Steps, stepLink{Href: caseURL(id) + "/" + st.Name(), Label: p.T("step." + st.Name())})
		}
	}
	return s.render(w, r, http.StatusOK, "case", &p)
}
