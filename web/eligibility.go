package web

import (
	"net/http"

	"teilhabe"
)

// eligibilityPage is the eligibility check's form.
type eligibilityPage struct {
	stepPage
	Sponsors    []teilhabe.Organisation
	YesNo       []option
	Kinds       []option
	ProofKinds  []option
	Merkzeichen []option
	Barriers    []option // the programme's catalogue
	Domains     []option
	// Ineligible are the reasons against eligibility the user is asked to
	// confirm before the case closes.
	Ineligible []teilhabe.IneligibleReason
}

func (p *eligibilityPage) confirmIneligible(reasons []teilhabe.IneligibleReason) {
	p.Ineligible = reasons
}

// eligibilityStep records the eligibility check: eligible cases go on to
// the contract; an ineligible one closes once the user confirms the reasons.
var eligibilityStep = &caseStep[eligibilityPage, *eligibilityPage]{
	name: "eligibility", template: "step_eligibility", intro: "step.eligibility.intro", button: "step.eligibility.submit",
	action: teilhabe.ActEligible, may: teilhabe.CanWorkCase,
	prepare: func(s *Server, r *http.Request, p *eligibilityPage) error {
		a, c := p.User.Actor(), p.Case
		orgs, err := s.db.FindOrganisations(r.Context(), a, c.ProgrammeID)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			if o.Kind.IsSponsor() {
				p.Sponsors = append(p.Sponsors, o)
			}
		}
		prog, err := s.db.FindProgrammeByID(r.Context(), a, c.ProgrammeID)
		if err != nil {
			return err
		}
		p.YesNo = yesNo(&p.page)
		p.Kinds = labelled(&p.page, teilhabe.DisabilityKinds())
		p.ProofKinds = labelled(&p.page, teilhabe.ProofKinds())
		p.Merkzeichen = labelled(&p.page, teilhabe.AllMerkzeichen())
		p.Barriers = labelled(&p.page, prog.BarrierCatalogue())
		p.Domains = labelled(&p.page, teilhabe.LegalDomains())
		e := c.Eligibility
		p.Form["legal_domain"] = string(e.LegalDomain)
		p.Form["sponsor"] = idStr(c.SponsorID)
		p.Form["customer_number"] = e.CustomerNumber
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		e := readEligibility(f)
		return "flash.eligibility", f.err(errOr(f, func() error {
			return s.db.RecordEligibility(r.Context(), a, id, f.version(), e, f.bool("confirm"))
		}, e.Validate))
	},
}

func readEligibility(f *form) teilhabe.Eligibility {
	e := teilhabe.Eligibility{JobSeeking: f.str("job_seeking") == "yes", Kind: teilhabe.DisabilityKind(f.str("kind")),
		GdB: f.int("gdb", false), ProofKind: teilhabe.ProofKind(f.str("proof_kind")), ProofIssued: f.date("proof_issued", false),
		ProofValidUntil: f.monthYear("proof_valid_until"), ProofUnlimited: f.bool("proof_unlimited"),
		Merkzeichen: codes[teilhabe.Merkzeichen](f, "merkzeichen"), Barriers: codes[teilhabe.Barrier](f, "barriers"),
		LegalDomain: teilhabe.LegalDomain(f.str("legal_domain")), SponsorID: f.id("sponsor"),
		CustomerNumber: f.str("customer_number")}
	if v := f.str("job_seeking"); v != "yes" && v != "no" {
		f.pr.Add("job_seeking", "err.choose")
	}
	return e
}
