package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"teilhabe"
	"teilhabe/sqldb"
)

// The employers register of the user's provider: the list with its
// search, an employer's page with contacts and openings, and the forms
// that keep them.

type employersPage struct {
	page
	Query     string
	Employers []sqldb.EmployerListItem
	Pager     pager
}

// employers lists the provider's employers, by name, with a search.
func (s *Server) employers(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	pg, err := pageParam(r)
	if err != nil {
		return err
	}
	q := r.URL.Query().Get("q")
	p := employersPage{page: s.newPage(r, "title.employers"), Query: q}
	list, more, err := s.db.FindEmployers(r.Context(), u.Actor(), sqldb.EmployerFilter{Query: q, Page: pg})
	if invalid := asInvalid(err); invalid != nil {
		p.withProblems(r, invalid)
		p.Form = map[string]string{"q": q} // a GET: withProblems kept no form
		return s.render(w, r, http.StatusUnprocessableEntity, "employers", &p)
	}
	if err != nil {
		return err
	}
	if pg > 1 && len(list) == 0 {
		return teilhabe.ErrNotFound
	}
	p.Employers, p.Pager = list, newPager(r, pg, more)
	p.Form = map[string]string{"q": q}
	return s.render(w, r, http.StatusOK, "employers", &p)
}

type employerPage struct {
	page
	Employer teilhabe.Employer
	// Cases are the cases in the user's scope with a prospect here.
	Cases []sqldb.EmployerCase
}

func employerURL(id int64) string { return "/employers/" + strconv.FormatInt(id, 10) }

// pathEmployer reads the employer of the path, of the user's provider.
func (s *Server) pathEmployer(r *http.Request, u teilhabe.User) (teilhabe.Employer, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return teilhabe.Employer{}, err
	}
	return s.db.FindEmployer(r.Context(), u.Actor(), id)
}

// employer shows an employer with its contacts and openings, and the form
// that adds a contact person.
func (s *Server) employer(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	e, err := s.pathEmployer(r, u)
	if err != nil {
		return err
	}
	return s.renderEmployer(w, r, http.StatusOK, e, nil)
}

// renderEmployer shows employer e; invalid, if not nil, are the problems
// of the contact form submitted.
func (s *Server) renderEmployer(w http.ResponseWriter, r *http.Request, status int, e teilhabe.Employer, invalid *teilhabe.InvalidError) error {
	p := employerPage{page: s.newPage(r, "title.employer"), Employer: e}
	p.Title = e.Name
	var err error
	if p.Cases, err = s.db.FindEmployerCases(r.Context(), p.User.Actor(), e.ID); err != nil {
		return err
	}
	if invalid != nil {
		p.withProblems(r, invalid)
	}
	return s.render(w, r, status, "employer", &p)
}

// addEmployerContact adds a contact person from the employer's page.
func (s *Server) addEmployerContact(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	e, err := s.pathEmployer(r, u)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	c := teilhabe.EmployerContact{Name: f.str("contact_name"), Function: f.str("contact_function"),
		Phone: f.str("contact_phone"), Email: f.str("contact_email")}
	err = f.err(errOr(f, func() error {
		_, err := s.db.AddEmployerContact(r.Context(), u.Actor(), e.ID, c)
		return err
	}, c.Validate))
	if invalid := asInvalid(err); invalid != nil {
		return s.renderEmployer(w, r, http.StatusUnprocessableEntity, e, invalid)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, employerURL(e.ID)+"#h-contacts", "flash.contact_added")
}

// removeEmployerContact removes a contact person who left the employer.
func (s *Server) removeEmployerContact(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	e, err := s.pathEmployer(r, u)
	if err != nil {
		return err
	}
	contact, err := pathID(r, "contact")
	if err != nil {
		return err
	}
	if err := s.db.RemoveEmployerContact(r.Context(), u.Actor(), e.ID, contact); err != nil {
		return err
	}
	return s.redirect(w, r, employerURL(e.ID)+"#h-contacts", "flash.contact_removed")
}

type employerFormPage struct {
	page
	Employer teilhabe.Employer
	Sectors  []option
	New      bool
	Stale    bool
}

// Duplicate reports whether the form was refused for a likely duplicate:
// it then offers to save anyway.
func (p *employerFormPage) Duplicate() bool {
	return slices.ContainsFunc(p.Problems, func(pr problem) bool { return pr.key == "err.employer_duplicate" })
}

func (s *Server) employerForm(r *http.Request, e teilhabe.Employer, isNew bool) employerFormPage {
	key := "title.employer_edit"
	if isNew {
		key = "title.employer_new"
	}
	p := employerFormPage{page: s.newPage(r, key), Employer: e, New: isNew}
	p.Sectors = labelled(&p.page, teilhabe.Sectors())
	if !isNew {
		p.Title = p.T(key) + ": " + e.Name
	}
	disabled := ""
	if e.DisabledKnown {
		disabled = strconv.Itoa(e.Disabled)
	}
	p.Form = map[string]string{"name": e.Name, "street": e.Street, "postcode": e.Postcode, "city": e.City,
		"sector": string(e.Sector), "workplaces": itoa(e.Workplaces), "disabled": disabled, "notes": e.Notes}
	return p
}

// readEmployer reads the employer form into base.
func readEmployer(f *form, base teilhabe.Employer) teilhabe.Employer {
	e := base
	e.Name, e.Street, e.Postcode, e.City = f.str("name"), f.str("street"), f.str("postcode"), f.str("city")
	e.Sector, e.Notes = teilhabe.Sector(f.str("sector")), f.str("notes")
	e.Workplaces = f.int("workplaces", false)
	e.DisabledKnown = f.str("disabled") != ""
	e.Disabled = f.int("disabled", false)
	e.Version = f.version()
	return e
}

func (s *Server) newEmployerForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	p := s.employerForm(r, teilhabe.Employer{}, true)
	p.Form["name"] = r.URL.Query().Get("name") // from a search that found nothing
	return s.render(w, r, http.StatusOK, "employer_form", &p)
}

func (s *Server) createEmployer(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	e := readEmployer(f, teilhabe.Employer{})
	var id int64
	err = f.err(errOr(f, func() error {
		var err error
		id, err = s.db.CreateEmployer(r.Context(), u.Actor(), e, f.bool("confirm_duplicate"))
		return err
	}, e.Validate))
	if invalid := asInvalid(err); invalid != nil {
		p := s.employerForm(r, e, true)
		p.withProblems(r, invalid)
		return s.render(w, r, http.StatusUnprocessableEntity, "employer_form", &p)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, employerURL(id), "flash.employer_added")
}

func (s *Server) editEmployerForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	e, err := s.pathEmployer(r, u)
	if err != nil {
		return err
	}
	p := s.employerForm(r, e, false)
	return s.render(w, r, http.StatusOK, "employer_form", &p)
}

func (s *Server) updateEmployer(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	current, err := s.pathEmployer(r, u)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	e := readEmployer(f, current)
	err = f.err(errOr(f, func() error {
		return s.db.UpdateEmployer(r.Context(), u.Actor(), e, f.bool("confirm_duplicate"))
	}, e.Validate))
	if invalid := asInvalid(err); invalid != nil {
		p := s.employerForm(r, e, false)
		p.withProblems(r, invalid)
		return s.render(w, r, http.StatusUnprocessableEntity, "employer_form", &p)
	}
	if errors.Is(err, teilhabe.ErrStale) {
		now, err := s.pathEmployer(r, u)
		if err != nil {
			return err
		}
		p := s.employerForm(r, now, false)
		p.Stale = true
		return s.render(w, r, http.StatusConflict, "employer_form", &p)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, employerURL(e.ID), "flash.saved")
}

type openingFormPage struct {
	page
	Employer teilhabe.Employer
	Opening  teilhabe.Opening
	Statuses []option
	New      bool
	Stale    bool
}

func (s *Server) openingForm(r *http.Request, e teilhabe.Employer, o teilhabe.Opening, isNew bool) openingFormPage {
	key := "title.opening_edit"
	if isNew {
		key = "title.opening_new"
	}
	p := openingFormPage{page: s.newPage(r, key), Employer: e, Opening: o, New: isNew}
	p.Title = p.T(key) + ": " + e.Name
	p.Statuses = labelled(&p.page, teilhabe.OpeningStatuses())
	p.Form = map[string]string{"title": o.Title, "hours": itoa(o.Hours), "start": teilhabe.FormatDate(o.Start),
		"requirements": o.Requirements, "accessibility": o.Accessibility, "status": string(o.Status)}
	return p
}

func readOpening(f *form, base teilhabe.Opening) teilhabe.Opening {
	o := base
	o.Title, o.Requirements, o.Accessibility = f.str("title"), f.str("requirements"), f.str("accessibility")
	o.Hours, o.Start = f.int("hours", false), f.date("start", false)
	o.Status = teilhabe.OpeningStatus(f.str("status"))
	o.Version = f.version()
	return o
}

// pathOpening reads the employer and the opening of the path.
func (s *Server) pathOpening(r *http.Request, u teilhabe.User) (teilhabe.Employer, teilhabe.Opening, error) {
	e, err := s.pathEmployer(r, u)
	if err != nil {
		return e, teilhabe.Opening{}, err
	}
	id, err := pathID(r, "opening")
	if err != nil {
		return e, teilhabe.Opening{}, err
	}
	o, err := s.db.FindOpening(r.Context(), u.Actor(), e.ID, id)
	return e, o, err
}

func (s *Server) newOpeningForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	e, err := s.pathEmployer(r, u)
	if err != nil {
		return err
	}
	p := s.openingForm(r, e, teilhabe.Opening{Status: teilhabe.OpeningOpen}, true)
	return s.render(w, r, http.StatusOK, "opening_form", &p)
}

func (s *Server) createOpening(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	e, err := s.pathEmployer(r, u)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	o := readOpening(f, teilhabe.Opening{})
	err = f.err(errOr(f, func() error {
		_, err := s.db.AddOpening(r.Context(), u.Actor(), e.ID, o)
		return err
	}, o.Validate))
	if invalid := asInvalid(err); invalid != nil {
		p := s.openingForm(r, e, o, true)
		p.withProblems(r, invalid)
		return s.render(w, r, http.StatusUnprocessableEntity, "opening_form", &p)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, employerURL(e.ID)+"#h-openings", "flash.opening_added")
}

func (s *Server) editOpeningForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	e, o, err := s.pathOpening(r, u)
	if err != nil {
		return err
	}
	p := s.openingForm(r, e, o, false)
	return s.render(w, r, http.StatusOK, "opening_form", &p)
}

func (s *Server) updateOpening(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	e, current, err := s.pathOpening(r, u)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	o := readOpening(f, current)
	err = f.err(errOr(f, func() error { return s.db.UpdateOpening(r.Context(), u.Actor(), e.ID, o) }, o.Validate))
	if invalid := asInvalid(err); invalid != nil {
		p := s.openingForm(r, e, o, false)
		p.withProblems(r, invalid)
		return s.render(w, r, http.StatusUnprocessableEntity, "opening_form", &p)
	}
	if errors.Is(err, teilhabe.ErrStale) {
		_, now, err := s.pathOpening(r, u)
		if err != nil {
			return err
		}
		p := s.openingForm(r, e, now, false)
		p.Stale = true
		return s.render(w, r, http.StatusConflict, "opening_form", &p)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, employerURL(e.ID)+"#h-openings", "flash.saved")
}
