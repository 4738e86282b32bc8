package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"teilhabe"
)

// The module catalogue of a programme, kept by its coordinator, and the
// modules booked for a case: the step that books one and the step that
// records how it goes.

type cataloguePage struct {
	page
	Programme teilhabe.Programme
	Modules   []teilhabe.CatalogueModule
}

// catalogueProgramme reads the programme of the path for a catalogue page,
// if u may keep its catalogue; otherwise not found.
func (s *Server) catalogueProgramme(r *http.Request, u teilhabe.User) (teilhabe.Programme, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return teilhabe.Programme{}, err
	}
	if !teilhabe.CanEditModuleCatalogue(u.Actor(), id) {
		return teilhabe.Programme{}, teilhabe.ErrNotFound
	}
	return s.db.FindProgrammeByID(r.Context(), u.Actor(), id)
}

// moduleCatalogue lists the modules a programme offers.
func (s *Server) moduleCatalogue(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	prog, err := s.catalogueProgramme(r, u)
	if err != nil {
		return err
	}
	list, err := s.db.FindModuleCatalogue(r.Context(), u.Actor(), prog.ID)
	if err != nil {
		return err
	}
	p := cataloguePage{page: s.newPage(r, "title.module_catalogue"), Programme: prog, Modules: list}
	p.Title = p.T("title.module_catalogue") + ": " + prog.Name
	return s.render(w, r, http.StatusOK, "module_catalogue", &p)
}

// ProgrammeHref is the page the catalogue belongs to: the programme's
// set-up as the user reaches it.
func (p *cataloguePage) ProgrammeHref() string { return programmeHref(p.User, p.Programme.ID) }

func programmeHref(u *teilhabe.User, id int64) string {
	if u != nil && teilhabe.CanManageSetup(u.Actor()) {
		return "/admin/programmes/" + strconv.FormatInt(id, 10)
	}
	return "/programme"
}

type catalogueFormPage struct {
	page
	Programme  teilhabe.Programme
	Module     teilhabe.CatalogueModule
	Kinds      []option
	Deliverers []option
	New        bool
	Stale      bool
}

func (s *Server) catalogueForm(r *http.Request, prog teilhabe.Programme, m teilhabe.CatalogueModule, isNew bool) catalogueFormPage {
	key := "title.module_edit"
	if isNew {
		key = "title.module_new"
	}
	p := catalogueFormPage{page: s.newPage(r, key), Programme: prog, Module: m, New: isNew}
	p.Kinds = labelled(&p.page, teilhabe.ModuleKinds())
	p.Deliverers = labelled(&p.page, teilhabe.Deliverers())
	if !isNew {
		p.Title = p.T(key) + ": " + m.Name
	}
	active := ""
	if m.Active {
		active = "on"
	}
	p.Form = map[string]string{"name": m.Name, "kind": string(m.Kind), "description": m.Description,
		"sessions": itoa(m.Sessions), "hours": itoa(m.Hours), "deliverer": string(m.Deliverer), "active": active}
	return p
}

// readCatalogueModule reads the catalogue form into base.
func readCatalogueModule(f *form, base teilhabe.CatalogueModule) teilhabe.CatalogueModule {
	m := base
	m.Name, m.Kind, m.Description = f.str("name"), teilhabe.ModuleKind(f.str("kind")), f.str("description")
	m.Sessions, m.Hours = f.int("sessions", false), f.int("hours", false)
	m.Deliverer, m.Active = teilhabe.Deliverer(f.str("deliverer")), f.bool("active")
	m.Version = f.version()
	return m
}

func catalogueURL(programmeID int64) string {
	return "/programmes/" + strconv.FormatInt(programmeID, 10) + "/modules"
}

func (s *Server) newCatalogueModuleForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	prog, err := s.catalogueProgramme(r, u)
	if err != nil {
		return err
	}
	p := s.catalogueForm(r, prog, teilhabe.CatalogueModule{Deliverer: teilhabe.DeliveredByProvider, Active: true}, true)
	return s.render(w, r, http.StatusOK, "module_form", &p)
}

func (s *Server) createCatalogueModule(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	prog, err := s.catalogueProgramme(r, u)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	m := readCatalogueModule(f, teilhabe.CatalogueModule{ProgrammeID: prog.ID})
	err = f.err(errOr(f, func() error {
		_, err := s.db.CreateCatalogueModule(r.Context(), u.Actor(), m)
		return err
	}, m.Validate))
	if invalid := asInvalid(err); invalid != nil {
		p := s.catalogueForm(r, prog, m, true)
		p.withProblems(r, invalid)
		return s.render(w, r, http.StatusUnprocessableEntity, "module_form", &p)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, catalogueURL(prog.ID), "flash.module_added")
}

// catalogueModule reads the programme and the catalogue module of the path.
func (s *Server) catalogueModule(r *http.Request, u teilhabe.User) (teilhabe.Programme, teilhabe.CatalogueModule, error) {
	prog, err := s.catalogueProgramme(r, u)
	if err != nil {
		return prog, teilhabe.CatalogueModule{}, err
	}
	id, err := pathID(r, "module")
	if err != nil {
		return prog, teilhabe.CatalogueModule{}, err
	}
	m, err := s.db.FindCatalogueModule(r.Context(), u.Actor(), prog.ID, id)
	return prog, m, err
}

func (s *Server) editCatalogueModuleForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	prog, m, err := s.catalogueModule(r, u)
	if err != nil {
		return err
	}
	p := s.catalogueForm(r, prog, m, false)
	return s.render(w, r, http.StatusOK, "module_form", &p)
}

func (s *Server) updateCatalogueModule(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	prog, current, err := s.catalogueModule(r, u)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	m := readCatalogueModule(f, current)
	err = f.err(errOr(f, func() error { return s.db.UpdateCatalogueModule(r.Context(), u.Actor(), m) }, m.Validate))
	if invalid := asInvalid(err); invalid != nil {
		p := s.catalogueForm(r, prog, m, false)
		p.withProblems(r, invalid)
		return s.render(w, r, http.StatusUnprocessableEntity, "module_form", &p)
	}
	if errors.Is(err, teilhabe.ErrStale) {
		_, now, err := s.catalogueModule(r, u)
		if err != nil {
			return err
		}
		p := s.catalogueForm(r, prog, now, false)
		p.Stale = true
		return s.render(w, r, http.StatusConflict, "module_form", &p)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, catalogueURL(prog.ID), "flash.saved")
}

// moduleBookingPage books a module of the programme's active catalogue.
type moduleBookingPage struct {
	stepPage
	// employerChoice offers the employers a work trial may take place at.
	employerChoice
	Catalogue  []teilhabe.CatalogueModule // the active modules
	Modules    []option
	Deliverers []option
}

// bookModuleStep books a module for a participant in coaching.
var bookModuleStep = &caseStep[moduleBookingPage, *moduleBookingPage]{
	name: "book-module", template: "step_book-module", intro: "step.book-module.intro", button: "step.book-module.submit",
	may: teilhabe.CanBookModule, open: inCoaching,
	prepare: func(s *Server, r *http.Request, p *moduleBookingPage) error {
		list, err := s.db.FindModuleCatalogue(r.Context(), p.User.Actor(), p.Case.ProgrammeID)
		if err != nil {
			return err
		}
		for _, m := range list {
			if m.Active {
				p.Catalogue = append(p.Catalogue, m)
				p.Modules = append(p.Modules, option{Value: idStr(m.ID), Label: m.Name + " (" + p.Label(m.Kind) + ")"})
			}
		}
		p.Deliverers = append([]option{{Value: "", Label: p.T("module.deliverer_default")}}, labelled(&p.page, teilhabe.Deliverers())...)
		p.Form["start"] = teilhabe.FormatDate(p.Today)
		return chooseEmployer(s, r, &p.stepPage, &p.employerChoice)
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.ModuleBooking{ModuleID: f.id("module"), Start: f.date("start", true), End: f.date("end", true),
			Deliverer: teilhabe.Deliverer(f.str("deliverer")), ExternalName: f.str("external_name"), EmployerID: f.id("employer")}
		return "flash.module_booked", f.err(errOr(f, func() error {
			_, err := s.db.BookModule(r.Context(), a, id, in)
			return err
		}, func() error { return in.Validate(s.db.Today(), "") }))
	},
}

// moduleProgressPage records how a booked module goes.
type moduleProgressPage struct {
	stepPage
	Module     teilhabe.CaseModule
	Sessions   []teilhabe.Appointment
	Deliverers []option
	Statuses   []option
	Results    []option
}

// ModuleVersion is the module's version the form carries: the one the
// rejected form was loaded with, else the current one (a fresh form, or
// the form again after someone saved the module meanwhile).
func (p *moduleProgressPage) ModuleVersion() string {
	if v := p.Value("module_version"); v != "" && len(p.Problems) > 0 {
		return v
	}
	return strconv.Itoa(p.Module.Version)
}

// BookSession is the booking form of a session of the module.
func (p *moduleProgressPage) BookSession() string { return bookSessionURL(p.Case.ID, p.Module.ID) }

// bookSessionURL is the coaching-appointment booking form for a session
// of case module moduleID.
func bookSessionURL(caseID, moduleID int64) string {
	q := url.Values{"kind": {string(teilhabe.AppointmentModuleSession)}, "module": {idStr(moduleID)}}
	return caseURL(caseID) + "/book-appointment?" + q.Encode()
}

// moduleStep records the progress of one booked module of the case, at
// /cases/{id}/modules/{module}. It is reached from the module's row on the
// case page, not from the list of steps.
var moduleStep = &caseStep[moduleProgressPage, *moduleProgressPage]{
	name: "module", template: "step_module", intro: "step.module.intro", button: "form.save",
	may: teilhabe.CanBookModule, open: notClosed,
	prepare: func(s *Server, r *http.Request, p *moduleProgressPage) error {
		mid, err := pathID(r, "module")
		if err != nil {
			return err
		}
		found := false
		for _, m := range p.Detail.Modules {
			if m.ID == mid {
				p.Module, found = m, true
			}
		}
		if !found {
			return teilhabe.ErrNotFound
		}
		p.Sessions = p.Detail.ModuleSessions(mid)
		p.Title = p.T("step.module") + ": " + p.Module.Name + " – " + p.Case.Person.FullName()
		p.Deliverers = labelled(&p.page, teilhabe.Deliverers())
		p.Statuses = labelled(&p.page, teilhabe.ModuleStatuses())
		p.Results = append([]option{{Value: "", Label: p.T("module.result_none")}}, labelled(&p.page, teilhabe.ModuleResults())...)
		m := p.Module
		cert := ""
		if !m.CertificateOn.IsZero() {
			cert = teilhabe.FormatDate(m.CertificateOn)
		}
		p.Form = map[string]string{"start": teilhabe.FormatDate(m.Start), "end": teilhabe.FormatDate(m.End),
			"deliverer": string(m.Deliverer), "external_name": m.ExternalName, "status": string(m.Status),
			"result": string(m.Result), "outcome_note": m.OutcomeNote, "certificate_on": cert}
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		mid, err := pathID(r, "module")
		if err != nil {
			return "", err
		}
		version, err := strconv.Atoi(f.r.PostForm.Get("module_version"))
		if err != nil {
			version = -1 // no form sent it: stale
		}
		in := teilhabe.ModuleProgress{Start: f.date("start", true), End: f.date("end", true),
			Deliverer: teilhabe.Deliverer(f.str("deliverer")), ExternalName: f.str("external_name"),
			Status: teilhabe.ModuleStatus(f.str("status")), Result: teilhabe.ModuleResult(f.str("result")),
			OutcomeNote: f.str("outcome_note"), CertificateOn: f.date("certificate_on", false), Version: version}
		return "flash.saved", f.err(errOr(f, func() error {
			return s.db.UpdateCaseModule(r.Context(), a, id, mid, in)
		}, func() error { return in.Validate(s.db.Today(), "") }))
	},
}

// CanBookModule reports whether the user may book modules for the case and
// record how they go.
func (p *casePage) CanBookModule() bool {
	return p.User != nil && !p.Case.Stage.Closed() && teilhabe.CanBookModule(p.User.Actor(), p.Case.Scope())
}

// ModuleSessions returns the sessions of case module id.
func (p *casePage) ModuleSessions(id int64) []teilhabe.Appointment {
	return p.Detail.ModuleSessions(id)
}

// BookSession is the booking form of a session of case module id.
func (p *casePage) BookSession(id int64) string { return bookSessionURL(p.Case.ID, id) }

// ModuleEnding reports whether module m is to be recorded soon: it has not
// ended and its planned end is near or past.
func (p *casePage) ModuleEnding(m teilhabe.CaseModule) bool {
	return m.EndingSoon(p.Today, teilhabe.ModuleEndingDays)
}

// sessionsView is the dot of the "moduleattendance" partial.
type sessionsView struct {
	P    *page
	M    teilhabe.CaseModule
	List []teilhabe.Appointment
}

// Attendance prepares module m and its sessions for the
// "moduleattendance" partial.
func (p *page) Attendance(m teilhabe.CaseModule, list []teilhabe.Appointment) sessionsView {
	return sessionsView{P: p, M: m, List: list}
}
