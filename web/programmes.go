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

func (s *Server) adminProgrammes(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
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
	Locations     []sqldb.ProviderLocation
	Phases        []teilhabe.Phase
	// EditPhases is whether the user may change the phases.
	EditPhases bool
}

// TotalPlaces sums the places of all locations.
func (p *programmePage) TotalPlaces() int {
	n := 0
	for _, l := range p.Locations {
		n += l.PlacesPerYear
	}
	return n
}

func (s *Server) loadProgrammePage(r *http.Request, u teilhabe.User, id int64, titleKey string) (programmePage, error) {
	a := u.Actor()
	prog, err := s.db.FindProgrammeByID(r.Context(), a, id)
	if err != nil {
		return programmePage{}, err
	}
	orgs, err := s.db.FindOrganisations(r.Context(), a, id)
	if err != nil {
		return programmePage{}, err
	}
	locs, err := s.db.FindLocations(r.Context(), a, sqldb.LocationFilter{ProgrammeID: id})
	if err != nil {
		return programmePage{}, err
	}
	phases, err := s.db.FindPhases(r.Context(), a, id)
	if err != nil {
		return programmePage{}, err
	}
	p := programmePage{page: s.newPage(r, titleKey), Programme: prog, Organisations: orgs, Locations: locs,
		Phases: phases, EditPhases: teilhabe.CanEditPhases(a, id)}
	p.Title = prog.Name
	return p, nil
}

func (s *Server) adminProgramme(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
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
func (s *Server) programmeOverview(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
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
	Exits     []option
	New       bool
	Stale     bool
}

func (s *Server) programmeForm(r *http.Request, prog teilhabe.Programme, isNew bool) programmeFormPage {
	key := "title.programme_settings"
	if isNew {
		key = "title.programme_new"
	}
	p := programmeFormPage{page: s.newPage(r, key), Programme: prog, States: teilhabe.States(), New: isNew}
	p.Kinds = labelled(&p.page, teilhabe.DeadlineKinds())
	p.Barriers = labelled(&p.page, teilhabe.Barriers())
	p.Exits = labelled(&p.page, teilhabe.ExitReasons())
	if !isNew {
		p.Title = p.T("title.programme_settings") + ": " + prog.Name
	}
	p.Form = map[string]string{
		"name": prog.Name, "region": prog.Region, "state": string(prog.State),
		"period_start": teilhabe.FormatDate(prog.PeriodStart), "period_end": teilhabe.FormatDate(prog.PeriodEnd),
		"places_per_year": itoa(prog.PlacesPerYear), "assignment_months": itoa(prog.AssignmentMonths),
		"info_deadline_kind": string(prog.InfoDeadline.Kind), "info_deadline_days": itoa(prog.InfoDeadline.Days),
		"barriers":           strings.Join(teilhabe.Strings(prog.BarrierCatalogue()), ","),
		"exit_reasons":       strings.Join(teilhabe.Strings(prog.ExitReasonCatalogue()), ","),
		"contact_lapse_days": itoa(prog.ContactLapseDays), "no_show_notice": itoa(prog.NoShowNotice),
		"review_months": itoa(prog.ReviewMonths),
		// Zero weeks of weekly contact is a setting, not a blank.
		"followup_weekly": strconv.Itoa(prog.FollowUp.Weekly), "followup_months": itoa(prog.FollowUp.Months),
	}
	return p
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func (s *Server) newProgrammeForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	p := s.programmeForm(r, teilhabe.Programme{State: teilhabe.StateRP, AssignmentMonths: 12,
		InfoDeadline:     teilhabe.DeadlineRule{Kind: teilhabe.DeadlineCalendarDays, Days: 7},
		ContactLapseDays: teilhabe.DefaultContactLapseDays, NoShowNotice: teilhabe.DefaultNoShowNotice,
		ReviewMonths: teilhabe.DefaultReviewMonths,
		FollowUp:     teilhabe.FollowUpCadence{Weekly: teilhabe.DefaultFollowUpWeekly, Months: teilhabe.DefaultFollowUpMonths}}, true)
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
	if p.Barriers = codes[teilhabe.Barrier](f, "barriers"); len(p.Barriers) == 0 {
		f.pr.Add("barriers", "err.barrier_none")
	}
	if p.ExitReasons = codes[teilhabe.ExitReason](f, "exit_reasons"); len(p.ExitReasons) == 0 {
		f.pr.Add("exit_reasons", "err.exit_reason_none")
	}
	p.InfoDeadline = teilhabe.DeadlineRule{Kind: teilhabe.DeadlineKind(f.str("info_deadline_kind")), Days: f.int("info_deadline_days", true)}
	p.ContactLapseDays, p.NoShowNotice = f.int("contact_lapse_days", true), f.int("no_show_notice", true)
	p.ReviewMonths = f.int("review_months", true)
	p.FollowUp = teilhabe.FollowUpCadence{Weekly: f.int("followup_weekly", true), Months: f.int("followup_months", true)}
	p.Version = f.version()
	return p
}

func (s *Server) createProgramme(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
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

func (s *Server) programmeSettingsForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
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

func (s *Server) updateProgrammeSettings(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
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
	prog := readProgramme(f, current, teilhabe.CanEditProgrammeIdentity(u.Actor()))
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
	if teilhabe.CanManageSetup(u.Actor()) {
		target = "/admin/programmes/" + strconv.FormatInt(id, 10)
	}
	return s.redirect(w, r, target, "flash.saved")
}

type organisationFormPage struct {
	page
	Programme teilhabe.Programme
	Kinds     []option
	States    []teilhabe.State
}

func (s *Server) organisationForm(r *http.Request, u teilhabe.User) (organisationFormPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return organisationFormPage{}, err
	}
	prog, err := s.db.FindProgrammeByID(r.Context(), u.Actor(), id)
	if err != nil {
		return organisationFormPage{}, err
	}
	p := organisationFormPage{page: s.newPage(r, "title.organisation_new"), Programme: prog, States: teilhabe.States()}
	p.Kinds = labelled(&p.page, teilhabe.OrgKinds())
	p.Form["state"] = string(prog.State)
	return p, nil
}

func (s *Server) newOrganisationForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	p, err := s.organisationForm(r, u)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "organisation_form", &p)
}

func (s *Server) createOrganisation(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
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
