package sqldb

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"teilhabe"
)

func TestProgrammeRoundTrip(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		got, err := db.FindProgrammeByID(ctx, f.admin, f.prog.ID)
		must(t, err)
		if diff := cmp.Diff(f.prog.WithCoachingDefaults(), got); diff != "" {
			t.Errorf("FindProgrammeByID (-want +got):\n%s", diff)
		}
		_, err = db.CreateProgramme(ctx, f.admin, f.prog)
		wantInvalid(t, err, "name", "err.name_taken")
		bad := f.prog
		bad.Name, bad.PlacesPerYear = "Andere", 0
		_, err = db.CreateProgramme(ctx, f.admin, bad)
		wantInvalid(t, err, "places_per_year", "err.range")
		_, err = db.CreateProgramme(ctx, f.actor("coord"), teilhabe.Programme{Name: "X"})
		wantErr(t, err, teilhabe.ErrForbidden)
	})
}

func TestUpdateProgrammeChecksVersion(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		p, err := db.FindProgrammeByID(ctx, f.admin, f.prog.ID)
		must(t, err)

		first := p
		first.PlacesPerYear = 30
		must(t, db.UpdateProgramme(ctx, f.admin, first))
		// A second update based on the old version loses, and changes nothing.
		second := p
		second.AssignmentMonths = 24
		wantErr(t, db.UpdateProgramme(ctx, f.actor("coord"), second), teilhabe.ErrStale)

		got, err := db.FindProgrammeByID(ctx, f.admin, f.prog.ID)
		must(t, err)
		want := first
		want.Version = p.Version + 1
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("programme after the stale update (-want +got):\n%s", diff)
		}
		if n := auditCount(t, db, "programme.updated", 0); n != 1 {
			t.Errorf("programme.updated audit entries = %d, want 1", n)
		}

		// The coordinator may change the own programme's settings; others may not.
		got.InfoDeadline = teilhabe.DeadlineRule{Kind: teilhabe.DeadlineWorkingDays, Days: 5}
		must(t, db.UpdateProgramme(ctx, f.actor("coord"), got))
		got.Version++
		wantErr(t, db.UpdateProgramme(ctx, f.actor("lead.a"), got), teilhabe.ErrNotFound)
	})
}

func TestFindProgrammesScope(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		other := f.prog
		other.Name = "Aachen inklusiv"
		otherID, err := db.CreateProgramme(ctx, f.admin, other)
		must(t, err)

		all, err := db.FindProgrammes(ctx, f.admin)
		must(t, err)
		if len(all) != 2 || all[0].ID != otherID || all[1].ID != f.prog.ID {
			t.Fatalf("FindProgrammes as admin = %+v, want both by name", all)
		}
		if s := all[1]; s.Sponsors != 2 || s.Providers != 2 || s.Locations != 3 {
			t.Errorf("counts = %d sponsors, %d providers, %d locations; want 2, 2, 3", s.Sponsors, s.Providers, s.Locations)
		}
		for _, name := range []string{"coord", "coach.b", "dpo"} {
			own, err := db.FindProgrammes(ctx, f.actor(name))
			must(t, err)
			if len(own) != 1 || own[0].ID != f.prog.ID {
				t.Errorf("FindProgrammes as %s = %+v, want only the own programme", name, own)
			}
		}
		_, err = db.FindProgrammeByID(ctx, f.actor("coord"), otherID)
		wantErr(t, err, teilhabe.ErrNotFound)
		_, err = db.FindOrganisations(ctx, f.actor("coord"), otherID)
		wantErr(t, err, teilhabe.ErrNotFound)
		_, err = db.FindLocations(ctx, f.actor("coord"), LocationFilter{ProgrammeID: otherID})
		wantErr(t, err, teilhabe.ErrNotFound)
	})
}

// TestCoordinatorChangesOnlyTheSettings: the coordinator's save keeps name,
// region, state and period; the audit entry lists every change.
func TestCoordinatorChangesOnlyTheSettings(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coord := f.actor("coord")
		p, err := db.FindProgrammeByID(ctx, coord, f.prog.ID)
		must(t, err)
		want := p
		p.Name, p.State, p.PlacesPerYear = "Umbenannt", teilhabe.StateBY, p.PlacesPerYear+5
		must(t, db.UpdateProgramme(ctx, coord, p))
		got, err := db.FindProgrammeByID(ctx, coord, f.prog.ID)
		must(t, err)
		if got.Name != want.Name || got.State != want.State || got.PlacesPerYear != want.PlacesPerYear+5 {
			t.Errorf("after the coordinator's save: name %q, state %s, places %d; want %q, %s, %d",
				got.Name, got.State, got.PlacesPerYear, want.Name, want.State, want.PlacesPerYear+5)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'programme.updated' AND detail LIKE 'places %'`); n != 1 {
			t.Errorf("programme.updated entries naming the places change = %d, want 1", n)
		}
	})
}
