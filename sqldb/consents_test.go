package sqldb

import (
	"context"
	"teilhabe"
	"testing"
)

func TestConsents(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		wantInvalid(t, db.AddConsent(ctx, coach, id, teilhabe.ConsentGiven{Scope: "other", GivenOn: testToday}), "recipient", "err.required")
		wantInvalid(t, db.AddConsent(ctx, coach, id, teilhabe.ConsentGiven{Scope: "everyone", GivenOn: testToday}), "scope", "err.choose")
		wantErr(t, db.AddConsent(ctx, f.actor("coach.b"), id, teilhabe.ConsentGiven{Scope: "employer", GivenOn: testToday}), teilhabe.ErrNotFound)
		must(t, db.AddConsent(ctx, coach, id, teilhabe.ConsentGiven{Scope: "employer", GivenOn: days(-2)}))
		d, err := db.FindCaseByID(ctx, coach, id)
		must(t, err)
		if len(d.Consents) != 1 || d.Consents[0].Scope != "employer" || !d.Consents[0].GivenOn.Equal(days(-2)) || !d.Consents[0].RevokedOn.IsZero() {
			t.Fatalf("consents = %+v", d.Consents)
		}
		cid := d.Consents[0].ID
		must(t, db.RevokeConsent(ctx, coach, id, cid))
		wantConflict(t, db.RevokeConsent(ctx, coach, id, cid), "err.consent_revoked")
		d, err = db.FindCaseByID(ctx, coach, id)
		must(t, err)
		if !d.Consents[0].RevokedOn.Equal(testToday) {
			t.Errorf("revoked on %v, want today", d.Consents[0].RevokedOn)
		}
		// A consent of one case cannot be revoked through another.
		other := f.contact(coach, person("Bernd", "Berg"))
		wantConflict(t, db.RevokeConsent(ctx, coach, other, cid), "err.consent_revoked")
	})
}
