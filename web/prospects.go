package web

import (
	"net/http"
	"strconv"

	"teilhabe"
)

// prospectPage records a placement prospect, with the employer's consent
// on the same form.
type prospectPage struct {
	stepPage
	Kinds     []option
	Employers []option
	// Releases are the participant's releases towards employers in force:
	// a recipient, or "" for employers in general.
	Releases []teilhabe.Consent
}

// prospectStep records a placement prospect of a case in coaching, or
// that there is none.
var prospectStep = &caseStep[prospectPage, *prospectPage]{
	name: "prospect", template: "step_prospect", intro: "step.prospect.intro", button: "form.save",
	may: teilhabe.CanWorkCase, open: inCoaching,
	prepare: func(s *Server, r *http.Request, p *prospectPage) error {
		p.Kinds = labelled(&p.page, teilhabe.ProspectKinds())
		list, err := s.db.FindEmployerChoices(r.Context(), p.User.Actor())
		if err != nil {
			return err
		}
		for _, e := range list {
			p.Employers = append(p.Employers, option{Value: strconv.FormatInt(e.ID, 10), Label: e.Name + ", " + e.City})
		}
		for _, c := range p.Detail.Consents {
			if c.Scope == teilhabe.ConsentEmployer && c.RevokedOn.IsZero() {
				p.Releases = append(p.Releases, c)
			}
		}
		p.Form["on"] = teilhabe.FormatDate(s.db.Today())
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.Prospect{Kind: teilhabe.ProspectKind(f.str("kind")), On: f.date("on", true), EmployerID: f.id("employer"),
			Note: f.str("note")}
		return "flash.prospect_recorded", f.err(errOr(f, func() error {
			return s.db.RecordProspect(r.Context(), a, id, in)
		}, func() error { return in.Validate(s.db.Today()) }))
	},
}
