package web

import (
	"net/http"
	"strconv"

	"teilhabe"
)

// The outcome's steps that may name an employer: a placement prospect and
// a placement. Each shows, on the same form, the releases from
// confidentiality the participant has given towards employers.

// employerChoice is what a form that names an employer offers.
type employerChoice struct {
	Employers []option
	// Releases are the participant's releases towards employers in force:
	// a recipient, or "" for employers in general.
	Releases []teilhabe.Consent
}

// chooseEmployer fills c for the step page p: the employers of the
// user's provider and the case's releases.
func chooseEmployer(s *Server, r *http.Request, p *stepPage, c *employerChoice) error {
	list, err := s.db.FindEmployerChoices(r.Context(), p.User.Actor())
	if err != nil {
		return err
	}
	for _, e := range list {
		c.Employers = append(c.Employers, option{Value: strconv.FormatInt(e.ID, 10), Label: e.Name + ", " + e.City})
	}
	for _, k := range p.Detail.Consents {
		if k.Scope == teilhabe.ConsentEmployer && k.RevokedOn.IsZero() {
			c.Releases = append(c.Releases, k)
		}
	}
	return nil
}

// prospectPage records a placement prospect.
type prospectPage struct {
	stepPage
	employerChoice
	Kinds []option
}

// prospectStep records a placement prospect of a case in coaching, or
// that there is none.
var prospectStep = &caseStep[prospectPage, *prospectPage]{
	name: "prospect", template: "step_prospect", intro: "step.prospect.intro", button: "form.save",
	may: teilhabe.CanWorkCase, open: inCoaching,
	prepare: func(s *Server, r *http.Request, p *prospectPage) error {
		p.Kinds = labelled(&p.page, teilhabe.ProspectKinds())
		p.Form["on"] = teilhabe.FormatDate(s.db.Today())
		return chooseEmployer(s, r, &p.stepPage, &p.employerChoice)
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.Prospect{Kind: teilhabe.ProspectKind(f.str("kind")), On: f.date("on", true), EmployerID: f.id("employer"),
			Note: f.str("note")}
		return "flash.prospect_recorded", f.err(errOr(f, func() error {
			return s.db.RecordProspect(r.Context(), a, id, in)
		}, func() error { return in.Validate(s.db.Today()) }))
	},
}

// placementPage records a placement.
type placementPage struct {
	stepPage
	employerChoice
	Kinds, Subsidies []option
}

// placementStep records a placement of a case in coaching: into work,
// training or another outcome.
var placementStep = &caseStep[placementPage, *placementPage]{
	name: "placement", template: "step_placement", intro: "step.placement.intro", button: "form.save",
	may: teilhabe.CanWorkCase, open: inCoaching,
	prepare: func(s *Server, r *http.Request, p *placementPage) error {
		p.Kinds = labelled(&p.page, teilhabe.PlacementKinds())
		p.Subsidies = labelled(&p.page, teilhabe.Subsidies())
		p.Form["subsidy"] = string(teilhabe.SubsidyNone)
		return chooseEmployer(s, r, &p.stepPage, &p.employerChoice)
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.Placement{Kind: teilhabe.PlacementKind(f.str("kind")), EmployerID: f.id("employer"),
			JobTitle: f.str("job_title"), Start: f.date("start", true), Hours: f.int("hours", false),
			FixedEnd: f.date("fixed_end", false), Subsidy: teilhabe.Subsidy(f.str("subsidy")),
			SubsidyPercent: f.int("subsidy_percent", false), SubsidyMonths: f.int("subsidy_months", false),
			Integrationsamt: f.bool("integrationsamt"), IFD: f.bool("ifd"), Note: f.str("note")}
		return "flash.placement_recorded", f.err(errOr(f, func() error {
			return s.db.RecordPlacement(r.Context(), a, id, in)
		}, func() error { return in.Validate(s.db.Today()) }))
	},
}
