package sqldb

import (
	"context"
	"errors"
	"testing"

	"teilhabe"
)

// TestEmployers walks the register: create, a likely duplicate warned
// and kept when confirmed, search, contacts and openings, stale versions,
// and each provider seeing its own employers only.
func TestEmployers(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, lead, other := f.actor("coach.a1"), f.actor("lead.a"), f.actor("lead.b")
		weber := teilhabe.Employer{Name: "Bäckerei Weber GmbH", Street: "Hauptstraße 1", Postcode: "54290", City: "Trier",
			Sector: teilhabe.SectorCrafts, Workplaces: 45, Disabled: 1, DisabledKnown: true}
		id, err := db.CreateEmployer(ctx, coach, weber, false)
		must(t, err)

		// "Baeckerei Weber" is likely the same business: warned, nothing saved.
		twin := weber
		twin.Name = "Baeckerei Weber"
		_, err = db.CreateEmployer(ctx, lead, twin, false)
		wantInvalid(t, err, "name", "err.employer_duplicate")
		if n := count(t, db, `SELECT COUNT(*) FROM employers`); n != 1 {
			t.Fatalf("%d employers after the warned duplicate, want 1", n)
		}
		// Another provider may have its own Bäckerei Weber.
		theirs, err := db.CreateEmployer(ctx, other, twin, false)
		must(t, err)
		// Confirmed, the provider keeps both (two branches, say).
		branch, err := db.CreateEmployer(ctx, lead, twin, true)
		must(t, err)

		list, more, err := db.FindEmployers(ctx, coach, EmployerFilter{Query: "weber"})
		must(t, err)
		if more || len(list) != 2 {
			t.Fatalf("search weber: %d employers (more %v), want the provider's 2", len(list), more)
		}
		for _, it := range list {
			if it.ID == theirs {
				t.Error("the search shows another provider's employer")
			}
		}
		if list, _, _ := db.FindEmployers(ctx, coach, EmployerFilter{Query: "542"}); len(list) != 2 {
			t.Errorf("search by postcode 542: %d, want 2", len(list))
		}
		if list, _, _ := db.FindEmployers(ctx, coach, EmployerFilter{Query: "100%_"}); len(list) != 0 {
			t.Errorf("search with wildcards: %d, want none", len(list))
		}
		if _, err := db.FindEmployer(ctx, coach, theirs); !errors.Is(err, teilhabe.ErrNotFound) {
			t.Errorf("another provider's employer: %v, want ErrNotFound", err)
		}
		if _, _, err := db.FindEmployers(ctx, f.actor("cw.aa"), EmployerFilter{}); !errors.Is(err, teilhabe.ErrNotFound) {
			t.Errorf("a sponsor's caseworker lists employers: %v", err)
		}

		// Contacts and openings.
		_, err = db.AddEmployerContact(ctx, coach, id, teilhabe.EmployerContact{Name: "Petra Weber", Function: "Inhaberin",
			Phone: "0651 123", Email: "petra@example.org"})
		must(t, err)
		_, err = db.AddEmployerContact(ctx, coach, id, teilhabe.EmployerContact{Email: "x"})
		wantInvalid(t, err, "contact_name", "err.required")
		if _, err := db.AddEmployerContact(ctx, coach, theirs, teilhabe.EmployerContact{Name: "X"}); !errors.Is(err, teilhabe.ErrNotFound) {
			t.Errorf("a contact at another provider's employer: %v", err)
		}
		oid, err := db.AddOpening(ctx, coach, id, teilhabe.Opening{Title: "Verkäufer/in", Hours: 30, Status: teilhabe.OpeningOpen,
			Accessibility: "stufenloser Zugang"})
		must(t, err)
		e, err := db.FindEmployer(ctx, lead, id)
		must(t, err)
		if len(e.Contacts) != 1 || len(e.Openings) != 1 || !e.Obliged() || e.RequiredPlaces() != 2 || e.Shortfall() != 1 {
			t.Fatalf("employer %+v: want 1 contact, 1 opening, obliged with 2 places, 1 unfilled", e)
		}
		o := e.Openings[0]
		o.Status = teilhabe.OpeningFilled
		must(t, db.UpdateOpening(ctx, coach, id, o))
		if err := db.UpdateOpening(ctx, coach, id, o); !errors.Is(err, teilhabe.ErrStale) {
			t.Errorf("opening with an old version: %v, want ErrStale", err)
		}
		if err := db.UpdateOpening(ctx, coach, branch, o); !errors.Is(err, teilhabe.ErrNotFound) {
			t.Errorf("opening %d under another employer: %v, want ErrNotFound", oid, err)
		}
		must(t, db.RemoveEmployerContact(ctx, coach, id, e.Contacts[0].ID))
		if err := db.RemoveEmployerContact(ctx, coach, id, e.Contacts[0].ID); !errors.Is(err, teilhabe.ErrNotFound) {
			t.Errorf("removing a removed contact: %v", err)
		}

		// Renaming to a twin's name is warned too; a stale version refused.
		e.Name = "Baeckerei Weber GmbH"
		must(t, db.UpdateEmployer(ctx, coach, e, false)) // the same key: no warning
		e.Version++
		stale := e
		stale.Version--
		if err := db.UpdateEmployer(ctx, coach, stale, false); !errors.Is(err, teilhabe.ErrStale) {
			t.Errorf("stale employer: %v, want ErrStale", err)
		}
		e.Name, e.Workplaces = "Weber Logistik", 10
		must(t, db.UpdateEmployer(ctx, coach, e, false))
		e.Version++
		e.Name = "Bäckerei Weber"
		err = db.UpdateEmployer(ctx, coach, e, false)
		wantInvalid(t, err, "name", "err.employer_duplicate")
		if e, _ := db.FindEmployer(ctx, coach, id); e.Name != "Weber Logistik" || e.Obliged() {
			t.Errorf("after the refused rename: %q, obliged %v; want Weber Logistik, 10 places", e.Name, e.Obliged())
		}

		// One audit entry per change: 3 created, 1 contact added and
		// removed, 1 opening added and updated, 2 updates.
		for action, want := range map[teilhabe.AuditAction]int{teilhabe.AuditEmployerCreated: 3, teilhabe.AuditEmployerContactAdded: 1,
			teilhabe.AuditEmployerContactRemoved: 1, teilhabe.AuditOpeningAdded: 1, teilhabe.AuditOpeningUpdated: 1,
			teilhabe.AuditEmployerUpdated: 2} {
			if n := auditCount(t, db, string(action), 0); n != want {
				t.Errorf("%d audit entries %s, want %d", n, action, want)
			}
		}
	})
}
