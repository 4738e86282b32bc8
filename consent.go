package teilhabe

import (
	"strings"
	"time"
)

// Consent is a release the participant gave (PRODUCT.md, step 4).
type Consent struct {
	ID        int64
	Scope     ConsentScope
	Recipient string
	GivenOn   time.Time
	RevokedOn time.Time // zero while the consent holds
}

// ConsentGiven is what a coach records when the participant consents.
type ConsentGiven struct {
	Scope     ConsentScope
	Recipient string // required for ConsentOther
	GivenOn   time.Time
}

// Validate checks the consent in form order; today bounds the date.
func (in ConsentGiven) Validate(today time.Time) error {
	var pr Problems
	if !in.Scope.Valid() {
		pr.Add("scope", "err.choose")
	}
	if in.Scope == ConsentOther && strings.TrimSpace(in.Recipient) == "" {
		pr.Add("recipient", "err.required")
	}
	checkName(&pr, "recipient", in.Recipient, false)
	checkRecentDate(&pr, "given_on", in.GivenOn, today)
	return pr.Err()
}

// ContractSignature records the signed participation contract.
type ContractSignature struct {
	SignedOn     time.Time
	EasyLanguage bool // an easy-to-read copy was handed over
}

// Validate checks the date; today bounds it.
func (in ContractSignature) Validate(today time.Time) error {
	var pr Problems
	checkRecentDate(&pr, "signed_on", in.SignedOn, today)
	return pr.Err()
}

// CheckCase checks the signature against case c: a contract is signed on or
// after the day eligibility was confirmed.
func (in ContractSignature) CheckCase(c Case) error {
	if in.SignedOn.Before(c.EligibilityOn) {
		return Invalid("signed_on", "err.signed_before_eligibility", FormatDate(c.EligibilityOn))
	}
	return nil
}
