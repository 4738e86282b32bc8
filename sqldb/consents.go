package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"teilhabe"
)

// SignContract records the participation contract's signature date, which
// cannot lie before the eligibility check.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) SignContract(ctx context.Context, a teilhabe.Actor, id int64, version int, in teilhabe.ContractSignature) error {
	if err := in.Validate(db.Today()); err != nil {
		return err
	}
	cmd := command{action: teilhabe.ActSignContract, may: teilhabe.CanWorkCase, audit: teilhabe.AuditContractSigned}
	return db.changeCase(ctx, a, id, version, cmd, func(ctx context.Context, ch *change) error {
		if err := in.CheckCase(ch.c); err != nil {
			return err
		}
		ch.c.ContractSignedOn = in.SignedOn
		ch.set.add("contract_signed_on", date(in.SignedOn))
		ch.set.add("easy_language_copy", boolInt(in.EasyLanguage))
		ch.event(teilhabe.Event{Kind: teilhabe.EventContractSigned, On: in.SignedOn})
		return nil
	})
}

// AddConsent records a consent the participant gave. A closed case takes no
// more consents.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) AddConsent(ctx context.Context, a teilhabe.Actor, id int64, in teilhabe.ConsentGiven) error {
	if err := in.Validate(db.Today()); err != nil {
		return err
	}
	cmd := command{may: teilhabe.CanWorkCase, audit: teilhabe.AuditConsentGiven, adds: true}
	return db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		if ch.c.Stage.Closed() {
			return teilhabe.Conflict("journey.closed")
		}
		if _, err := ch.t.exec(ctx, `INSERT INTO consents (case_id, scope, recipient, given_on, created_at) VALUES (?, ?, ?, ?, ?)`,
			ch.c.ID, in.Scope, strings.TrimSpace(in.Recipient), date(in.GivenOn), ts(ch.t.now)); err != nil {
			return err
		}
		ch.event(teilhabe.Event{Kind: teilhabe.EventConsentGiven, Codes: []string{string(in.Scope)}})
		ch.detail = string(in.Scope)
		return nil
	})
}

// RevokeConsent records the revocation of a consent; it takes effect on the
// day it is recorded. A consent already revoked, or not of this case, is a
// conflict.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) RevokeConsent(ctx context.Context, a teilhabe.Actor, id, consentID int64) error {
	cmd := command{may: teilhabe.CanWorkCase, audit: teilhabe.AuditConsentRevoked, adds: true}
	return db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		var scope teilhabe.ConsentScope
		err := ch.t.queryRow(ctx, `UPDATE consents SET revoked_on = ? WHERE id = ? AND case_id = ? AND revoked_on IS NULL
			RETURNING scope`, date(teilhabe.Today(ch.t.now)), consentID, ch.c.ID).Scan(&scope)
		if errors.Is(err, sql.ErrNoRows) {
			return teilhabe.Conflict("err.consent_revoked")
		}
		if err != nil {
			return err
		}
		ch.event(teilhabe.Event{Kind: teilhabe.EventConsentRevoked, Codes: []string{string(scope)}})
		ch.detail = string(scope)
		return nil
	})
}

// consents returns a case's consents in the order they were given.
func (t *tx) consents(ctx context.Context, caseID int64) ([]teilhabe.Consent, error) {
	return queryAll(ctx, t, func(s scanner) (teilhabe.Consent, error) {
		var c teilhabe.Consent
		var given, revoked dbDate
		err := s.Scan(&c.ID, &c.Scope, &c.Recipient, &given, &revoked)
		c.GivenOn, c.RevokedOn = given.t, revoked.t
		return c, err
	}, `SELECT id, scope, recipient, given_on, revoked_on FROM consents WHERE case_id = ? ORDER BY given_on, id`, caseID)
}
