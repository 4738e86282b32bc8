package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"teilhabe"
	"teilhabe/sqldb"
)

// phasePage is the form that moves a case into another phase.
type phasePage struct {
	stepPage
	Phases []option
}

// phaseStep moves a case in coaching into another phase of its programme
// from a day on.
var phaseStep = &caseStep[phasePage, *phasePage]{
	name: "phase", template: "step_phase", intro: "step.phase.intro", button: "form.save",
	may: teilhabe.CanSetPhase, open: inCoaching,
	prepare: func(s *Server, r *http.Request, p *phasePage) error {
		list, err := s.db.FindPhases(r.Context(), p.User.Actor(), p.Case.ProgrammeID)
		if err != nil {
			return err
		}
		for _, ph := range list {
			if !ph.Retired && ph.ID != p.Case.PhaseID {
				p.Phases = append(p.Phases, option{Value: strconv.FormatInt(ph.ID, 10), Label: ph.Name})
			}
		}
		p.Form["began_on"] = teilhabe.FormatDate(s.db.Today())
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		phase, _ := strconv.ParseInt(f.str("phase"), 10, 64)
		in := teilhabe.PhaseChange{PhaseID: phase, On: f.date("began_on", true)}
		return "flash.phase_set", f.err(errOr(f, func() error {
			return s.db.SetPhase(r.Context(), a, id, f.version(), in)
		}, func() error { return in.Validate(s.db.Today()) }))
	},
}

// inCoaching offers a step only on cases in coaching.
func inCoaching(d sqldb.CaseDetail) bool { return d.Case.Stage == teilhabe.StageActive }

// phaseFormPage adds a phase to a programme or renames one.
type phaseFormPage struct {
	page
	Programme teilhabe.Programme
	Phase     teilhabe.Phase // zero for a new phase
	Action    string
	Back      string
	Stale     bool
}

// phaseForm builds the form for phase phaseID of the request's programme,
// or for a new phase when phaseID is 0.
func (s *Server) phaseForm(r *http.Request, u teilhabe.User, phaseID int64) (phaseFormPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return phaseFormPage{}, err
	}
	a := u.Actor()
	if !teilhabe.CanEditPhases(a, id) {
		return phaseFormPage{}, teilhabe.ErrNotFound
	}
	prog, err := s.db.FindProgrammeByID(r.Context(), a, id)
	if err != nil {
		return phaseFormPage{}, err
	}
	p := phaseFormPage{page: s.newPage(r, "title.phase_new"), Programme: prog, Back: programmeHome(a, id),
		Action: "/programmes/" + strconv.FormatInt(id, 10) + "/phases"}
	if phaseID != 0 {
		list, err := s.db.FindPhases(r.Context(), a, id)
		if err != nil {
			return phaseFormPage{}, err
		}
		for _, ph := range list {
			if ph.ID == phaseID {
				p.Phase = ph
			}
		}
		if p.Phase.ID == 0 {
			return phaseFormPage{}, teilhabe.ErrNotFound
		}
		p.Title = p.T("title.phase_rename") + ": " + p.Phase.Name
		p.Action += "/" + strconv.FormatInt(phaseID, 10)
		p.Form["name"] = p.Phase.Name
	}
	return p, nil
}

// programmeHome is the page that shows programme id's set-up to a.
func programmeHome(a teilhabe.Actor, id int64) string {
	if teilhabe.CanManageSetup(a) {
		return "/admin/programmes/" + strconv.FormatInt(id, 10)
	}
	return "/programme"
}

// newPhaseForm and editPhaseForm show the form; addPhase and renamePhase
// submit it.
func (s *Server) newPhaseForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	p, err := s.phaseForm(r, u, 0)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "phase_form", &p)
}

func (s *Server) editPhaseForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	phaseID, err := pathID(r, "phase")
	if err != nil {
		return err
	}
	p, err := s.phaseForm(r, u, phaseID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "phase_form", &p)
}

func (s *Server) addPhase(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	return s.submitPhase(w, r, u, 0)
}

func (s *Server) renamePhase(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	phaseID, err := pathID(r, "phase")
	if err != nil {
		return err
	}
	return s.submitPhase(w, r, u, phaseID)
}

func (s *Server) submitPhase(w http.ResponseWriter, r *http.Request, u teilhabe.User, phaseID int64) error {
	p, err := s.phaseForm(r, u, phaseID)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	in := teilhabe.PhaseName{Name: f.str("name")}
	if phaseID == 0 {
		err = s.db.AddPhase(r.Context(), u.Actor(), p.Programme.ID, in)
	} else {
		err = s.db.RenamePhase(r.Context(), u.Actor(), p.Programme.ID, phaseID, f.version(), in)
	}
	if invalid := asInvalid(err); invalid != nil {
		p.withProblems(r, invalid)
		return s.render(w, r, http.StatusUnprocessableEntity, "phase_form", &p)
	}
	if errors.Is(err, teilhabe.ErrStale) {
		p.keepForm(r)
		p.Stale = true
		return s.render(w, r, http.StatusConflict, "phase_form", &p)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, p.Back, "flash.saved")
}

// changePhase moves a phase up or down, retires, reinstates or deletes it:
// one button of the programme page's list of phases.
func (s *Server) changePhase(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	phaseID, err := pathID(r, "phase")
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	a := u.Actor()
	if err := s.db.ChangePhase(r.Context(), a, id, phaseID, f.version(), teilhabe.PhaseMove(f.str("move"))); err != nil {
		return err
	}
	return s.redirect(w, r, programmeHome(a, id)+"#h-phases", "flash.saved")
}

// phaseAuditDetail says the detail of a change to a programme's phases in
// words: "added X", "renamed X→Y", or a teilhabe.PhaseMove and the name
// (see sqldb.DB.ChangePhase).
func (p *page) phaseAuditDetail(detail string) (string, bool) {
	verb, name, ok := strings.Cut(detail, " ")
	switch {
	case !ok:
		return detail, true
	case verb == "renamed":
		if from, to, ok := strings.Cut(name, "→"); ok {
			return p.T("audit.detail.phase_renamed", from, to), false
		}
	case phaseAuditKeys[verb] != "":
		return p.T(phaseAuditKeys[verb], name), false
	}
	return detail, true
}

// phaseAuditKeys are the texts of the changes to a phase, by the verb the
// store writes.
var phaseAuditKeys = map[string]string{
	"added": "audit.detail.phase_added", string(teilhabe.PhaseUp): "audit.detail.phase_up",
	string(teilhabe.PhaseDown): "audit.detail.phase_down", string(teilhabe.PhaseRetire): "audit.detail.phase_retire",
	string(teilhabe.PhaseReinstate): "audit.detail.phase_reinstate", string(teilhabe.PhaseDelete): "audit.detail.phase_delete",
}
