package demo

import (
	"fmt"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// eligibility is the eligibility check after the info appointment
// (sqldb.DB.RecordEligibility). It reports whether the person is eligible.
func (j *journey) eligibility() bool {
	held := j.c.InfoHeldOn
	switch {
	case j.c.Origin == teilhabe.OriginSelf && j.full(held.Year()) && j.chance(60):
		// No place this year: the provider says so after the info appointment.
		j.withdraw(j.at(j.later(held, 1, 5)), "provider_declines")
		return false
	case j.chance(26):
		// Having heard what it takes, many decide against it.
		j.withdraw(j.at(j.later(held, 1, 10)), draw(j.rng, []teilhabe.WithdrawReason{"declines", "declines", "declines",
			"declines", "took_up_work", "took_up_training", "unreachable", "other"}))
		return false
	case j.chance(2):
		return j.giveUp(held.AddDate(0, 0, 14))
	}
	on := j.later(held, 0, 10)
	t := j.at(on)
	why := eligible
	if j.chance(20) {
		why = drawIneligibility(j.rng)
	}
	e := eligibilityInput(j.rng, j.prog, j.c.Person, on, why)
	// An eligible person needs a responsible sponsor; for others the coach
	// names one half of the time. An announcing sponsor stays responsible.
	if j.sponsor == nil && (why == eligible || j.chance(50)) {
		j.sponsor = j.pickSponsor()
		if j.chance(85) {
			j.c.Eligibility.CustomerNumber = j.sponsor.customerNumber(j.rng)
		}
	}
	if j.sponsor != nil {
		e.LegalDomain, e.SponsorID = j.sponsor.LegalDomain(), j.sponsor.ID
	}
	e.CustomerNumber = j.c.Eligibility.CustomerNumber
	reasons := e.Assess(on)
	if (why == eligible) != (len(reasons) == 0) {
		j.check("eligibility", fmt.Errorf("%w: drawn as %q, assessed %v", errStep, why, reasons))
	}
	action := teilhabe.ActEligible
	if len(reasons) > 0 {
		action = teilhabe.ActNotEligible
	}
	if !j.act(t, action) {
		return false
	}
	j.check("eligibility", e.Validate())
	if len(reasons) == 0 {
		j.check("eligibility", e.RequireResponsible())
	}
	// What the store checks against the programme and the sponsor.
	for _, b := range e.Barriers {
		if !j.prog.OffersBarrier(b) {
			j.check("eligibility", fmt.Errorf("%w: barrier %s not in the programme's catalogue", errStep, b))
		}
	}
	if j.sponsor != nil && (j.sponsor.LegalDomain() != e.LegalDomain || j.sponsor.ProgrammeID != j.c.ProgrammeID ||
		(j.c.Origin == teilhabe.OriginSponsor && j.sponsor.ID != j.c.SponsorID)) {
		j.check("eligibility", fmt.Errorf("%w: sponsor %s does not fit", errStep, j.sponsor.Name))
	}
	c := j.c
	c.Eligibility, c.SponsorID, c.EligibilityOn, c.IneligibleReasons = e, e.SponsorID, on, reasons
	if len(reasons) > 0 {
		c.ClosedReason = "not_eligible"
		j.event(t, j.staff, teilhabe.Event{Kind: teilhabe.EventNotEligible, Codes: teilhabe.Strings(reasons)})
		return false
	}
	j.event(t, j.staff, teilhabe.Event{Kind: teilhabe.EventEligible})
	return true
}

// contract is the signing of the participation contract
// (sqldb.DB.SignContract) and the consents given with it.
func (j *journey) contract() bool {
	elig := j.c.EligibilityOn
	switch {
	case j.chance(6):
		j.withdraw(j.at(j.later(elig, 2, 20)),
			draw(j.rng, []teilhabe.WithdrawReason{"declines", "took_up_work", "took_up_training", "unreachable"}))
		return false
	case j.chance(1):
		return j.giveUp(elig.AddDate(0, 0, 14))
	}
	on := j.later(elig, 0, 10)
	t := j.at(on)
	if !j.act(t, teilhabe.ActSignContract) {
		return false
	}
	in := teilhabe.ContractSignature{SignedOn: on, EasyLanguage: j.chance(15)}
	j.check("contract", in.Validate(day(t)))
	j.check("contract", in.CheckCase(*j.c))
	j.c.ContractSignedOn, j.c.EasyLanguageCopy = on, in.EasyLanguage
	j.event(t, j.staff, teilhabe.Event{Kind: teilhabe.EventContractSigned, On: on})
	for _, s := range []struct {
		scope   teilhabe.ConsentScope
		percent int
	}{{teilhabe.ConsentSponsorExchange, 85}, {teilhabe.ConsentEmployer, 30}, {teilhabe.ConsentDoctor, 12},
		{teilhabe.ConsentIntegrationOffice, 15}, {teilhabe.ConsentOther, 4}} {
		if j.chance(s.percent) {
			j.consent(on, s.scope)
		}
	}
	return true
}

// consent records a consent given on day on (sqldb.DB.AddConsent), which
// is now and then revoked months later (sqldb.DB.RevokeConsent). Neither
// changes the case's version.
func (j *journey) consent(on time.Time, scope teilhabe.ConsentScope) {
	t := j.at(on)
	j.last = t
	in := teilhabe.ConsentGiven{Scope: scope, GivenOn: on}
	if scope == teilhabe.ConsentOther {
		in.Recipient = draw(j.rng, consentRecipients)
	}
	j.check("consent", in.Validate(day(t)))
	cs := sqldb.ConsentRecord{Consent: teilhabe.Consent{Scope: scope, Recipient: in.Recipient, GivenOn: on}, At: t}
	j.event(t, j.staff, teilhabe.Event{Kind: teilhabe.EventConsentGiven, Codes: []string{string(scope)}})
	if j.chance(4) {
		revoked := j.later(on, 30, 400)
		if rt := time.Date(revoked.Year(), revoked.Month(), revoked.Day(), 11, 0, 0, 0, teilhabe.Germany); rt.Before(j.g.asOf) {
			cs.RevokedOn = revoked
			j.event(rt, j.staff, teilhabe.Event{Kind: teilhabe.EventConsentRevoked, Codes: []string{string(scope)}})
		}
	}
	j.r.Consents = append(j.r.Consents, cs)
}
