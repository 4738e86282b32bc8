package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"teilhabe"
	"teilhabe/sqldb"
)

type programmesPage struct {
	page
	Programmes []sqldb.ProgrammeSummary
}

func (s *Server) adminProgrammes(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	list, err := s.db.FindProgrammes(r.Context(), u.Actor())
	if err != nil {
		return err
	}
	p := programmesPage{page: s.newPage(r, "title.programmes"), Programmes: list}
	return s.render(w, r, http.StatusOK, "admin_programmes", &p)
}

type programmePage struct {
	page
	Programme     teilhabe.Programme
	Organisations []teilhabe.Organisation
	Locations     []teilhabe.Location
}

// ProviderName returns the name of the provider with id.
func (p *programmePage) ProviderName(id int64) string {
	for _, o := range p.Organisations {
		if o.ID == id {
			return o.Name
		}
	}
	return ""
}

// TotalPlaces sums the places of all locations.
func (p *programmePage) TotalPlaces() int {
	n := 0
	for _, l := range p.Locations {
		n += l.PlacesPerYear
	}
	return n
}

func (s *Server) loadProgrammePage(r *http.Request, u sqldb.User, id int64, titleKey string) (programmePage, error) {
	a := u.Actor()
	prog, err := s.db.FindProgrammeByID(r.Context(), a, id)
	if err != nil {
		return programmePage{}, err
	}
	orgs, err := s.db.FindOrganisations(r.Context(), a, id)
	if err != nil {
		return programmePage{}, err
	}
	locs, err := s.db.FindLocations(r.Context(), a, id)
	if err != nil {
		return programmePage{}, err
	}
	p := programmePage{page: s.newPage(r, titleKey), Programme: prog, Organisations: orgs, Locations: locs}
	p.Title = prog.Name
	return p, nil
}

func (s *Server) adminProgramme(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.loadProgrammePage(r, u, id, "title.programme")
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "admin_programme", &p)
}

// programmeOverview shows the coordinator their programme's set-up.
func (s *Server) programmeOverview(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	if u.Role == teilhabe.RoleAdmin {
		http.Redirect(w, r, "/admin/programmes", http.StatusSeeOther)
		return nil
	}
	p, err := s.loadProgrammePage(r, u, u.ProgrammeID, "title.programme")
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "admin_programme", &p)
}

type programmeFormPage struct {
	page
	Programme teilhabe.Programme
	States    []teilhabe.State
	Kinds     []option
	Barriers  []option
	New       bool
	Stale     bool
}

func (s *Server) programmeForm(r *http.Request, prog teilhabe.Programme, isNew bool) programmeFormPage {
	key := "title.programme_settings"
	if isNew {
		key = "title.programme_new"
	}
	p := programmeFormPage{page: s.newPage(r, key), Programme: prog, States: teilhabe.States(), New: isNew}
	p.Kinds = p.codeOptions("deadline", []string{string(teilhabe.DeadlineCalendarDays), string(teilhabe.DeadlineWorkingDays)})
	p.Barriers = p.codeOptions("barrier", teilhabe.Barriers)
	if !isNew {
		p.Title = p.T("title.programme_settings") + ": " + prog.Name
	}
	p.Form = map[string]string{
		"name": prog.Name, "region": prog.Region, "state": string(prog.State),
		"period_start": teilhabe.FormatDate(prog.PeriodStart), "period_end": teilhabe.FormatDate(prog.PeriodEnd),
		"places_per_year": itoa(prog.PlacesPerYear), "assignment_months": itoa(prog.AssignmentMonths),
		"info_deadline_kind": string(prog.InfoDeadline.Kind), "info_deadline_days": itoa(prog.InfoDeadline.Days),
		"barriers": strings.Join(prog.BarrierCatalogue(), ","),
	}
	return p
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func (s *Server) newProgrammeForm(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	p := s.programmeForm(r, teilhabe.Programme{State: teilhabe.StateRP, AssignmentMonths: 12,
		InfoDeadline: teilhabe.DeadlineRule{Kind: teilhabe.DeadlineCalendarDays, Days: 7}}, true)
	return s.render(w, r, http.StatusOK, "programme_form", &p)
}

// readProgramme reads the programme form into base: all fields, or (for
// the coordinator, whose form does not show them) all but name, region,
// state and period, which keep base's values.
func readProgramme(f *form, base teilhabe.Programme, all bool) teilhabe.Programme {
	p := base
	if all {
		p.Name, p.Region, p.State = f.str("name"), f.str("region"), teilhabe.State(f.str("state"))
		p.PeriodStart, p.PeriodEnd = f.date("period_start", true), f.date("period_end", true)
	}
	p.PlacesPerYear, p.AssignmentMonths = f.int("places_per_year", true), f.int("assignment_months", true)
	if p.Barriers = f.list("barriers"); len(p.Barriers) == 0 {
		f.pr.Add("barriers", "err.barrier_none")
	}
	p.InfoDeadline = teilhabe.DeadlineRule{Kind: teilhabe.DeadlineKind(f.str("info_deadline_kind")), Days: f.int("info_deadline_days", true)}
	p.Version = f.version()
	return p
}

func (s *Server) createProgramme(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	prog := readProgramme(f, teilhabe.Programme{}, true)
	var id int64
	err = errOr(f, func() error {
		id, err = s.db.CreateProgramme(r.Context(), u.Actor(), prog)
		return err
	}, prog.Validate)
	if invalid := asInvalid(f.err(err)); invalid != nil {
		p := s.programmeForm(r, prog, true)
		p.withProblems(r, invalid)
		return s.render(w, r, http.StatusUnprocessableEntity, "programme_form", &p)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/programmes/"+strconv.FormatInt(id, 10), "flash.programme_created")
}

func (s *Server) programmeSettingsForm(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if !teilhabe.CanEditProgrammeSettings(u.Actor(), id) {
		return teilhabe.ErrNotFound
	}
	prog, err := s.db.FindProgrammeByID(r.Context(), u.Actor(), id)
	if err != nil {
		return err
	}
	p := s.programmeForm(r, prog, false)
	return s.render(w, r, http.StatusOK, "programme_form", &p)
}

func (s *Server) updateProgrammeSettings(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	current, err := s.db.FindProgrammeByID(r.Context(), u.Actor(), id)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	prog := readProgramme(f, current, u.Role == teilhabe.RoleAdmin)
	err = errOr(f, func() error { return s.db.UpdateProgramme(r.Context(), u.Actor(), prog) }, prog.Validate)
	if invalid := asInvalid(f.err(err)); invalid != nil {
		p := s.programmeForm(r, prog, false)
		p.withProblems(r, invalid)
		return s.render(w, r, http.StatusUnprocessableEntity, "programme_form", &p)
	}
	if errors.Is(err, teilhabe.ErrStale) {
		current, err := s.db.FindProgrammeByID(r.Context(), u.Actor(), id)
		if err != nil {
			return err
		}
		p := s.programmeForm(r, current, false)
		p.Stale = true
		return s.render(w, r, http.StatusConflict, "programme_form", &p)
	}
	if err != nil {
		return err
	}
	target := "/programme"
	if u.Role == teilhabe.RoleAdmin {
		target = "/admin/programmes/" + strconv.FormatInt(id, 10)
	}
	return s.redirect(w, r, target, "flash.saved")
}

// asInvalid returns err as an *InvalidError, or nil.
func asInvalid(err error) *teilhabe.InvalidError {
	var invalid *teilhabe.InvalidError
	if errors.As(err, &invalid) {
		return invalid
	}
	return nil
}

type organisationFormPage struct {
	page
	Programme teilhabe.Programme
	Kinds     []option
	States    []teilhabe.State
}

func (s *Server) organisationForm(r *http.Request, u sqldb.User) (organisationFormPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return organisationFormPage{}, err
	}
	prog, err := s.db.FindProgrammeByID(r.Context(), u.Actor(), id)
	if err != nil {
		return organisationFormPage{}, err
	}
	p := organisationFormPage{page: s.newPage(r, "title.organisation_new"), Programme: prog, States: teilhabe.States()}
	p.Kinds = p.codeOptions("org", strs(teilhabe.OrgKinds()))
	p.Form["state"] = string(prog.State)
	return p, nil
}

func (s *Server) newOrganisationForm(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	p, err := s.organisationForm(r, u)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "organisation_form", &p)
}

func (s *Server) createOrganisation(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	p, err := s.organisationForm(r, u)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	o := teilhabe.Organisation{ProgrammeID: p.Programme.ID, Kind: teilhabe.OrgKind(f.str("kind")), Name: f.str("name"),
		Lead: f.bool("lead"), State: teilhabe.State(f.str("state"))}
	_, err = s.db.CreateOrganisation(r.Context(), u.Actor(), o)
	if invalid := asInvalid(err); invalid != nil {
		p.withProblems(r, invalid)
		return s.render(w, r, http.StatusUnprocessableEntity, "organisation_form", &p)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/programmes/"+strconv.FormatInt(p.Programme.ID, 10), "flash.organisation_created")
}

type locationFormPage struct {
	page
	Programme teilhabe.Programme
	Providers []teilhabe.Organisation
	States    []teilhabe.State
	Features  []option
	// Location is set when an existing location is edited.
	Location *teilhabe.Location
	Stale    bool
}

func (s *Server) locationForm(r *http.Request, u sqldb.User) (locationFormPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return locationFormPage{}, err
	}
	prog, err := s.db.FindProgrammeByID(r.Context(), u.Actor(), id)
	if err != nil {
		return locationFormPage{}, err
	}
	orgs, err := s.db.FindOrganisations(r.Context(), u.Actor(), id)
	if err != nil {
		return locationFormPage{}, err
	}
	p := locationFormPage{page: s.newPage(r, "title.location_new"), Programme: prog, States: teilhabe.States()}
	for _, o := range orgs {
		if o.Kind == teilhabe.OrgProvider {
			p.Providers = append(p.Providers, o)
		}
	}
	p.Features = p.codeOptions("feature", strs(teilhabe.Features()))
	p.Form["state"] = string(prog.State)
	return p, nil
}

func (s *Server) newLocationForm(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	p, err := s.locationForm(r, u)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "location_form", &p)
}

func (s *Server) createLocation(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	p, err := s.locationForm(r, u)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	l := readLocation(f)
	l.ProviderID = f.id("provider")
	err = errOr(f, func() error {
		_, err := s.db.CreateLocation(r.Context(), u.Actor(), l)
		return err
	}, l.Validate)
	if invalid := asInvalid(f.err(err)); invalid != nil {
		p.withProblems(r, invalid)
		return s.render(w, r, http.StatusUnprocessableEntity, "location_form", &p)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/programmes/"+strconv.FormatInt(p.Programme.ID, 10), "flash.location_created")
}

type usersPage struct {
	page
	Users []sqldb.User
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	list, err := s.db.FindUsers(r.Context(), u.Actor(), 0)
	if err != nil {
		return err
	}
	p := usersPage{page: s.newPage(r, "title.users"), Users: list}
	return s.render(w, r, http.StatusOK, "admin_users", &p)
}

type userFormPage struct {
	page
	Account    sqldb.User
	New        bool
	Stale      bool
	Roles      []option
	Programmes []sqldb.ProgrammeSummary
	Programme  sqldb.ProgrammeSummary // the one whose organisations are offered
	Orgs       []teilhabe.Organisation
	Locations  []teilhabe.Location
	MinLen     int
}

// ProviderName names the provider of a location, for the location select.
func (p *userFormPage) ProviderName(id int64) string {
	for _, o := range p.Orgs {
		if o.ID == id {
			return o.Name
		}
	}
	return ""
}

func (s *Server) userForm(r *http.Request, u sqldb.User, account sqldb.User, isNew bool) (userFormPage, error) {
	key := "title.user_edit"
	if isNew {
		key = "title.user_new"
	}
	p := userFormPage{page: s.newPage(r, key), Account: account, New: isNew, MinLen: teilhabe.MinPasswordLength}
	if !isNew {
		p.Title = p.T("title.user_edit") + ": " + account.Username
	}
	p.Roles = p.codeOptions("role", strs(teilhabe.Roles()))
	a := u.Actor()
	progs, err := s.db.FindProgrammes(r.Context(), a)
	if err != nil {
		return p, err
	}
	p.Programmes = progs
	// Organisations and locations are offered for one programme at a time
	// (a nationwide installation has thousands): the one chosen with the
	// small programme form, else the account's, else the only one.
	chosen := account.ProgrammeID
	if v, err := strconv.ParseInt(r.FormValue("programme"), 10, 64); err == nil {
		chosen = v
	}
	if chosen == 0 && len(progs) == 1 {
		chosen = progs[0].ID
	}
	for _, prog := range progs {
		if prog.ID != chosen {
			continue
		}
		p.Programme = prog
		if p.Orgs, err = s.db.FindOrganisations(r.Context(), a, prog.ID); err != nil {
			return p, err
		}
		if p.Locations, err = s.db.FindLocations(r.Context(), a, prog.ID); err != nil {
			return p, err
		}
	}
	p.Form = map[string]string{"username": account.Username, "name": account.Name, "role": string(account.Role),
		"programme": idStr(p.Programme.ID), "organisation": idStr(account.OrgID), "location": idStr(account.LocationID)}
	if account.Active || isNew {
		p.Form["active"] = "on"
	}
	return p, nil
}

func idStr(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func (s *Server) newUserForm(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	p, err := s.userForm(r, u, sqldb.User{Active: true}, true)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "user_form", &p)
}

func readUser(f *form) sqldb.UserInput {
	return sqldb.UserInput{Username: f.str("username"), Name: f.str("name"), Role: teilhabe.Role(f.str("role")),
		ProgrammeID: f.id("programme"), OrgID: f.id("organisation"), LocationID: f.id("location"),
		Active: f.bool("active"), Password: f.r.PostForm.Get("password"), Version: f.version()}
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	in := readUser(f)
	_, err = s.db.CreateUser(r.Context(), u.Actor(), in)
	if invalid := asInvalid(err); invalid != nil {
		p, err := s.userForm(r, u, sqldb.User{}, true)
		if err != nil {
			return err
		}
		p.withProblems(r, invalid)
		delete(p.Form, "password")
		return s.render(w, r, http.StatusUnprocessableEntity, "user_form", &p)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/users", "flash.user_created")
}

func (s *Server) editUserForm(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	account, err := s.db.FindUserByID(r.Context(), u.Actor(), id)
	if err != nil {
		return err
	}
	p, err := s.userForm(r, u, account, false)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "user_form", &p)
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	account, err := s.db.FindUserByID(r.Context(), u.Actor(), id)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	in := readUser(f)
	err = s.db.UpdateUser(r.Context(), u.Actor(), id, in)
	if invalid := asInvalid(err); invalid != nil {
		// The form keeps the version the user loaded, so that a correction
		// still cannot overwrite someone else's save.
		account.Version = in.Version
		p, err := s.userForm(r, u, account, false)
		if err != nil {
			return err
		}
		p.withProblems(r, invalid)
		delete(p.Form, "password")
		return s.render(w, r, http.StatusUnprocessableEntity, "user_form", &p)
	}
	if errors.Is(err, teilhabe.ErrStale) {
		p, err := s.userForm(r, u, account, false)
		if err != nil {
			return err
		}
		p.Stale = true
		return s.render(w, r, http.StatusConflict, "user_form", &p)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/users", "flash.saved")
}

// readLocation reads the fields the new and the edit location form share.
func readLocation(f *form) teilhabe.Location {
	l := teilhabe.Location{Name: f.str("name"), Street: f.str("street"), Postcode: f.str("postcode"), City: f.str("city"),
		State: teilhabe.State(f.str("state")), PlacesPerYear: f.int("places_per_year", true)}
	for _, v := range f.list("features") {
		l.Features = append(l.Features, teilhabe.Feature(v))
	}
	return l
}

// editLocation prepares the form for an existing location, filled with
// loc's values.
func (s *Server) editLocation(r *http.Request, loc teilhabe.Location) locationFormPage {
	p := locationFormPage{page: s.newPage(r, "title.location_edit"), States: teilhabe.States(), Location: &loc}
	p.Title = p.T("title.location_edit") + ": " + loc.Name
	p.Features = p.codeOptions("feature", strs(teilhabe.Features()))
	p.Form = map[string]string{"name": loc.Name, "street": loc.Street, "postcode": loc.Postcode, "city": loc.City,
		"state": string(loc.State), "places_per_year": strconv.Itoa(loc.PlacesPerYear), "features": strings.Join(strs(loc.Features), ",")}
	return p
}

func (s *Server) editLocationForm(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	loc, err := s.db.FindLocationByID(r.Context(), u.Actor(), id)
	if err != nil {
		return err
	}
	p := s.editLocation(r, loc)
	return s.render(w, r, http.StatusOK, "location_form", &p)
}

func (s *Server) updateLocation(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	loc, err := s.db.FindLocationByID(r.Context(), u.Actor(), id)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	l := readLocation(f)
	l.ID, l.ProviderID, l.Version = id, loc.ProviderID, f.version()
	err = errOr(f, func() error { return s.db.UpdateLocation(r.Context(), u.Actor(), l) }, l.Validate)
	if invalid := asInvalid(f.err(err)); invalid != nil {
		loc.Version = l.Version // keep the version the user loaded
		p := s.editLocation(r, loc)
		p.withProblems(r, invalid)
		return s.render(w, r, http.StatusUnprocessableEntity, "location_form", &p)
	}
	if isStale(err) {
		current, err := s.db.FindLocationByID(r.Context(), u.Actor(), id)
		if err != nil {
			return err
		}
		p := s.editLocation(r, current)
		p.Stale = true
		return s.render(w, r, http.StatusConflict, "location_form", &p)
	}
	if err != nil {
		return err
	}
	target := "/capacity"
	if u.Role == teilhabe.RoleAdmin {
		target = "/admin/programmes"
	} else if u.Role == teilhabe.RoleCoordinator {
		target = "/programme"
	}
	return s.redirect(w, r, target, "flash.saved")
}
