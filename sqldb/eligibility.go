package sqldb

import (
	"context"
	"strings"

	"teilhabe"
)

// RecordEligibility stores the eligibility check and decides it: eligible
// cases move to the contract; ineligible ones close with the reasons, but
// only when confirm is set — otherwise nothing is saved and the reasons come
// back as a *teilhabe.IneligibleError, so that an expired proof is never
// silently accepted. The barriers must be in the programme's catalogue; the
// sponsor must be one of the programme and serve the legal domain, and an
// announcing sponsor stays responsible.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) RecordEligibility(ctx context.Context, a teilhabe.Actor, id int64, version int, e teilhabe.Eligibility, confirm bool) error {
	if err := e.Validate(); err != nil {
		return err
	}
	on := db.Today()
	reasons := e.Assess(on)
	if len(reasons) == 0 {
		if err := e.RequireResponsible(); err != nil {
			return err
		}
	}
	if len(reasons) > 0 && !confirm {
		return &teilhabe.IneligibleError{Reasons: reasons}
	}
	cmd := command{action: teilhabe.ActEligible, may: teilhabe.CanWorkCase, audit: teilhabe.AuditEligibility}
	if len(reasons) > 0 {
		cmd.action = teilhabe.ActNotEligible
	}
	return db.changeCase(ctx, a, id, version, cmd, func(ctx context.Context, ch *change) error {
		c := ch.c
		prog, err := ch.t.programme(ctx, c.ProgrammeID)
		if err != nil {
			return err
		}
		for _, b := range e.Barriers {
			if !prog.OffersBarrier(b) {
				return teilhabe.Invalid("barriers", "err.barrier_not_in_programme")
			}
		}
		if e.SponsorID != 0 {
			sponsor, err := ch.t.organisation(ctx, e.SponsorID)
			if err != nil || sponsor.ProgrammeID != c.ProgrammeID || !sponsor.Kind.IsSponsor() {
				return teilhabe.Invalid("sponsor", "err.choose")
			}
			if sponsor.LegalDomain() != e.LegalDomain {
				return teilhabe.Invalid("sponsor", "err.sponsor_domain")
			}
			if c.Origin == teilhabe.OriginSponsor && sponsor.ID != c.SponsorID {
				// The announcing sponsor stays responsible; a change of legal
				// domain is part 2 (Rechtskreiswechsel, with history).
				return teilhabe.Invalid("sponsor", "err.sponsor_fixed")
			}
		} else {
			// Not eligible and no sponsor named: keep what the case had.
			e.SponsorID, e.LegalDomain = c.SponsorID, c.Eligibility.LegalDomain
		}
		ch.c.EligibilityOn, ch.c.SponsorID = on, e.SponsorID
		u := &ch.set
		u.add("job_seeking", boolInt(e.JobSeeking))
		u.add("disability_kind", e.Kind)
		u.add("gdb", nullInt(e.GdB))
		u.add("proof_kind", e.ProofKind)
		u.add("proof_issued_on", date(e.ProofIssued))
		u.add("proof_valid_until", date(e.ProofValidUntil))
		u.add("proof_unlimited", boolInt(e.ProofUnlimited))
		u.add("merkzeichen", joinCodes(e.Merkzeichen))
		u.add("barriers", joinCodes(e.Barriers))
		u.add("legal_domain", e.LegalDomain)
		u.add("sponsor_id", nullID(e.SponsorID))
		u.add("customer_number", strings.TrimSpace(e.CustomerNumber))
		u.add("eligibility_reasons", joinCodes(reasons))
		u.add("eligibility_on", date(on))
		ch.detail = "eligible"
		if len(reasons) > 0 {
			u.add("closed_reason", "not_eligible")
			ch.detail = "not eligible: " + joinCodes(reasons)
			ch.event(teilhabe.Event{Kind: teilhabe.EventNotEligible, Codes: teilhabe.Strings(reasons)})
		} else {
			ch.event(teilhabe.Event{Kind: teilhabe.EventEligible})
		}
		return nil
	})
}
