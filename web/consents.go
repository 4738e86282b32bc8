package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"teilhabe"
)

// signContractStep records the signed participation contract.
var signContractStep = &caseStep[stepPage, *stepPage]{
	name: "sign-contract", template: "step_sign-contract", intro: "step.sign-contract.intro", button: "form.save",
	action: teilhabe.ActSignContract, may: teilhabe.CanWorkCase,
	prepare: func(s *Server, r *http.Request, p *stepPage) error {
		p.Form["signed_on"] = teilhabe.FormatDate(s.db.Today())
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.ContractSignature{SignedOn: f.date("signed_on", true), EasyLanguage: f.bool("easy_language")}
		return "flash.contract_signed", f.err(errOr(f, func() error {
			return s.db.SignContract(r.Context(), a, id, f.version(), in)
		}, nil))
	},
}

// consentPage records a consent.
type consentPage struct {
	stepPage
	Scopes []option
}

// consentStep records a consent the participant gave.
var consentStep = &caseStep[consentPage, *consentPage]{
	name: "consent", template: "step_consent", intro: "step.consent.intro", button: "form.save",
	may: teilhabe.CanWorkCase, open: notClosed,
	prepare: func(s *Server, r *http.Request, p *consentPage) error {
		p.Scopes = labelled(&p.page, teilhabe.ConsentScopes())
		p.Form["given_on"] = teilhabe.FormatDate(s.db.Today())
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.ConsentGiven{Scope: teilhabe.ConsentScope(f.str("scope")), Recipient: f.str("recipient"),
			GivenOn: f.date("given_on", true)}
		return "flash.consent_given", f.err(errOr(f, func() error {
			return s.db.AddConsent(r.Context(), a, id, in)
		}, func() error { return in.Validate(s.db.Today()) }))
	},
}

// revokePage asks to confirm the revocation of one consent.
type revokePage struct {
	stepPage
	Consent teilhabe.Consent
}

// revokeConsent records that the participant withdrew a consent. GET asks
// for confirmation, with the consent's facts; POST records it.
func (s *Server) revokeConsent(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	consentID, err := pathID(r, "consent")
	if err != nil {
		return err
	}
	a := u.Actor()
	if r.Method == http.MethodPost {
		if err := s.db.RevokeConsent(r.Context(), a, id, consentID); err != nil {
			return err
		}
		return s.redirect(w, r, caseURL(id), "flash.consent_revoked")
	}
	d, err := s.db.FindCaseByID(r.Context(), a, id)
	if err != nil {
		return err
	}
	if !teilhabe.CanWorkCase(a, d.Case.Scope()) {
		return teilhabe.ErrNotFound
	}
	i := slices.IndexFunc(d.Consents, func(c teilhabe.Consent) bool { return c.ID == consentID })
	if i < 0 {
		return teilhabe.ErrNotFound
	}
	if !d.Consents[i].RevokedOn.IsZero() {
		return teilhabe.Conflict("err.consent_revoked")
	}
	p := revokePage{Consent: d.Consents[i]}
	p.page = s.newPage(r, "step.revoke")
	p.Title = p.T("step.revoke") + ": " + d.Case.Person.FullName()
	p.Case, p.Detail, p.Version = d.Case, d, d.Case.Version
	return s.render(w, r, http.StatusOK, "step_revoke", &p)
}

// contractPage is a printable copy of the participation contract: the
// contract itself, or the copy in easy-to-read language the coach hands
// over.
type contractPage struct {
	page
	Case      teilhabe.Case
	Programme teilhabe.Programme
	Today     time.Time
	// Coach is the name of the coach who prints the copy, whom the
	// participant can call; "" when a provider lead prints it.
	Coach string
}

// signatureView is the dot of the "signature" template of the contract.
type signatureView struct {
	P       *contractPage
	Caption string
	Name    string
	Place   string    // where the contract was signed: the location's city
	Signed  time.Time // zero while it is not signed
}

// Signature prepares a signature block: caption and name under the line,
// and, once the contract is signed, place and date above the first.
func (p *contractPage) Signature(caption, name string) signatureView {
	return signatureView{P: p, Caption: caption, Name: name, Place: p.Case.LocationCity, Signed: p.Case.ContractSignedOn}
}

// Lines splits a text of the easy-to-read copy into its lines: one
// sentence, one idea per line.
func (p *contractPage) Lines(key string, args ...any) []string {
	return strings.Split(p.T(key, args...), "\n")
}

// LongDate writes a day with the month's name, as easy-to-read language
// asks: "19. November 2026".
func (p *contractPage) LongDate(t time.Time) string {
	return p.T("easy.date", t.Day(), p.T("month."+strings.ToLower(t.Month().String())), t.Year())
}

// contractPage shows the printable participation contract.
func (s *Server) contractPage(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	return s.printContract(w, r, u, "contract", "title.contract")
}

// easyContractPage shows the copy of the contract in easy-to-read language
// that the coach prints for the participant.
func (s *Server) easyContractPage(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	return s.printContract(w, r, u, "contract_easy", "title.contract_easy")
}

// printContract shows a printable copy of the contract of case id, from the
// eligibility check on, to the provider's staff.
func (s *Server) printContract(w http.ResponseWriter, r *http.Request, u teilhabe.User, template, titleKey string) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.db.FindCaseByID(r.Context(), u.Actor(), id)
	if err != nil {
		return err
	}
	if !teilhabe.CanWorkCase(u.Actor(), d.Case.Scope()) {
		return teilhabe.ErrNotFound
	}
	if d.Case.Stage != teilhabe.StageContractPending && d.Case.ContractSignedOn.IsZero() {
		return teilhabe.Conflict("journey.need.eligible")
	}
	prog, err := s.db.FindProgrammeByID(r.Context(), u.Actor(), d.Case.ProgrammeID)
	if err != nil {
		return err
	}
	p := contractPage{page: s.newPage(r, titleKey), Case: d.Case, Programme: prog, Today: s.db.Today()}
	p.Title = p.T(titleKey) + ": " + d.Case.Person.FullName()
	if u.Role == teilhabe.RoleCoach {
		p.Coach = u.Name
	}
	return s.render(w, r, http.StatusOK, template, &p)
}
