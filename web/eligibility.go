package web

import (
	"net/http"

	"teilhabe"
)

// eligibilityPage is the eligibility check's form.
type eligibilityPage struct {
	stepPage
	// Sponsors are the programme's sponsors grouped by the legal domain
	// they serve, so that the form offers each domain's own.
	Sponsors    []sponsorGroup
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

// sponsorGroup is one legal domain's sponsors in the sponsor select.
type sponsorGroup struct {
	Domain   teilhabe.LegalDomain
	Sponsors []teilhabe.Organisation
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
		for _, d := range teilhabe.LegalDomains() {
			g := sponsorGroup{Domain: d}
			for _, o := range orgs {
				if o.Kind.IsSponsor() && o.LegalDomain() == d {
					g.Sponsors = append(g.Sponsors, o)
				}
			}
			if len(g.Sponsors) > 0 {
				p.Sponsors = append(p.Sponsors, g)
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
