package web

import (
	"errors"
	"net/http"
	"strconv"

	"teilhabe"
	"teilhabe/sqldb"
)

type usersPage struct {
	page
	Users []teilhabe.User
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	list, err := s.db.FindUsers(r.Context(), u.Actor(), 0)
	if err != nil {
		return err
	}
	p := usersPage{page: s.newPage(r, "title.users"), Users: list}
	return s.render(w, r, http.StatusOK, "admin_users", &p)
}

type userFormPage struct {
	page
	Account    teilhabe.User
	New        bool
	Stale      bool
	Roles      []option
	Programmes []sqldb.ProgrammeSummary
	Programme  sqldb.ProgrammeSummary // the one whose organisations are offered
	Orgs       []teilhabe.Organisation
	Locations  []sqldb.ProviderLocation
	MinLen     int
}

func (s *Server) userForm(r *http.Request, u teilhabe.User, account teilhabe.User, isNew bool) (userFormPage, error) {
	key := "title.user_edit"
	if isNew {
		key = "title.user_new"
	}
	p := userFormPage{page: s.newPage(r, key), Account: account, New: isNew, MinLen: teilhabe.MinPasswordLength}
	if !isNew {
		p.Title = p.T("title.user_edit") + ": " + account.Username
	}
	p.Roles = labelled(&p.page, teilhabe.Roles())
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
		if p.Locations, err = s.db.FindLocations(r.Context(), a, sqldb.LocationFilter{ProgrammeID: prog.ID}); err != nil {
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

func (s *Server) newUserForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	p, err := s.userForm(r, u, teilhabe.User{Active: true}, true)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "user_form", &p)
}

func readUser(f *form) teilhabe.AccountInput {
	return teilhabe.AccountInput{Username: f.str("username"), Name: f.str("name"), Role: teilhabe.Role(f.str("role")),
		ProgrammeID: f.id("programme"), OrgID: f.id("organisation"), LocationID: f.id("location"),
		Active: f.bool("active"), Password: f.r.PostForm.Get("password"), Version: f.version()}
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	in := readUser(f)
	_, err = s.db.CreateUser(r.Context(), u.Actor(), in)
	if invalid := asInvalid(err); invalid != nil {
		p, err := s.userForm(r, u, teilhabe.User{}, true)
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

func (s *Server) editUserForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
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

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
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
