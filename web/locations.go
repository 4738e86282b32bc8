package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"teilhabe"
)

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

func (s *Server) locationForm(r *http.Request, u teilhabe.User) (locationFormPage, error) {
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
	p.Features = labelled(&p.page, teilhabe.Features())
	p.Form["state"] = string(prog.State)
	return p, nil
}

func (s *Server) newLocationForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	p, err := s.locationForm(r, u)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "location_form", &p)
}

func (s *Server) createLocation(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
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

// readLocation reads the fields the new and the edit location form share.
func readLocation(f *form) teilhabe.Location {
	l := teilhabe.Location{Name: f.str("name"), Street: f.str("street"), Postcode: f.str("postcode"), City: f.str("city"),
		State: teilhabe.State(f.str("state")), PlacesPerYear: f.int("places_per_year", true)}
	l.Features = codes[teilhabe.Feature](f, "features")
	return l
}

// editLocation prepares the form for an existing location, filled with
// loc's values.
func (s *Server) editLocation(r *http.Request, loc teilhabe.Location) locationFormPage {
	p := locationFormPage{page: s.newPage(r, "title.location_edit"), States: teilhabe.States(), Location: &loc}
	p.Title = p.T("title.location_edit") + ": " + loc.Name
	p.Features = labelled(&p.page, teilhabe.Features())
	p.Form = map[string]string{"name": loc.Name, "street": loc.Street, "postcode": loc.Postcode, "city": loc.City,
		"state": string(loc.State), "places_per_year": strconv.Itoa(loc.PlacesPerYear), "features": strings.Join(teilhabe.Strings(loc.Features), ",")}
	return p
}

func (s *Server) editLocationForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
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

func (s *Server) updateLocation(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
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
	if errors.Is(err, teilhabe.ErrStale) {
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
	// Back to where the user edits locations from.
	target := "/capacity"
	switch u.Role {
	case teilhabe.RoleAdmin:
		target = "/admin/programmes"
	case teilhabe.RoleCoordinator:
		target = "/programme"
	}
	return s.redirect(w, r, target, "flash.saved")
}
