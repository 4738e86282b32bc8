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
		if diff := cmp.Diff(f.prog, got); diff != "" {
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

func TestOneLeadSponsor(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		_, err := db.CreateOrganisation(ctx, f.admin, teilhabe.Organisation{ProgrammeID: f.prog.ID,
			Kind: teilhabe.OrgJobcenterZKT, Name: "Jobcenter Vulkaneifel", Lead: true, State: teilhabe.StateRP})
		wantInvalid(t, err, "lead", "err.lead_exists")
		_, err = db.CreateOrganisation(ctx, f.admin, teilhabe.Organisation{ProgrammeID: f.prog.ID,
			Kind: teilhabe.OrgProvider, Name: "Caritas Trier", State: teilhabe.StateRP})
		wantInvalid(t, err, "name", "err.name_taken")

		orgs, err := db.FindOrganisations(ctx, f.admin, f.prog.ID)
		must(t, err)
		var names []string
		for _, o := range orgs {
			names = append(names, o.Name)
		}
		want := []string{"Agentur für Arbeit Trier", "Jobcenter Trier Stadt", "Bürgerservice", "Caritas Trier"}
		if diff := cmp.Diff(want, names); diff != "" {
			t.Errorf("FindOrganisations: lead sponsor first, then sponsors, then providers (-want +got):\n%s", diff)
		}
		if !orgs[0].Lead || orgs[1].Lead {
			t.Errorf("lead flags = %v, %v; want the Agentur only", orgs[0].Lead, orgs[1].Lead)
		}
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
		_, err = db.FindLocations(ctx, f.actor("coord"), otherID)
		wantErr(t, err, teilhabe.ErrNotFound)
	})
}

func TestCreateLocation(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		loc := teilhabe.Location{ProviderID: f.agentur, Name: "Agentur-Standort", Street: "Dasbachstraße 9",
			Postcode: "54292", City: "Trier", State: teilhabe.StateRP, PlacesPerYear: 5}
		_, err := db.CreateLocation(ctx, f.admin, loc)
		wantInvalid(t, err, "provider", "err.choose")
		loc.ProviderID = f.provA
		loc.Name = "Caritas Mitte"
		_, err = db.CreateLocation(ctx, f.admin, loc)
		wantInvalid(t, err, "name", "err.name_taken")

		list, err := db.FindLocations(ctx, f.admin, f.prog.ID)
		must(t, err)
		if len(list) != 3 {
			t.Fatalf("FindLocations = %d locations, want 3", len(list))
		}
		// By provider name, then location name.
		want := []int64{f.locB, f.locA2, f.locA1}
		for i, l := range list {
			if l.ID != want[i] {
				t.Errorf("location %d = %d (%s), want %d", i, l.ID, l.Name, want[i])
			}
		}
		if a1 := list[2]; a1.PlacesPerYear != 10 || !a1.HasFeature(teilhabe.FeatureStepFree) || a1.State != teilhabe.StateRP {
			t.Errorf("location A1 = %+v", a1)
		}
	})
}

// TestUpdateLocation: the administrator, the programme's coordinator and the
// provider's lead may change a location; anyone else finds no such location;
// a stale version changes nothing.
func TestUpdateLocation(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		for _, name := range []string{"coach.a1", "lead.b", "cw.aa", "dpo"} {
			_, err := db.FindLocationByID(ctx, f.actor(name), f.locA1)
			wantErr(t, err, teilhabe.ErrNotFound)
		}
		version := 1
		for i, name := range []string{"admin", "coord", "lead.a"} {
			l, err := db.FindLocationByID(ctx, f.actor(name), f.locA1)
			must(t, err)
			if l.Version != version {
				t.Fatalf("%s: version = %d, want %d", name, l.Version, version)
			}
			l.PlacesPerYear = 20 + i
			l.Features = []teilhabe.Feature{teilhabe.FeatureStepFree, teilhabe.FeatureInductionLoop}
			must(t, db.UpdateLocation(ctx, f.actor(name), l))
			version++
		}
		l, err := db.FindLocationByID(ctx, f.actor("admin"), f.locA1)
		must(t, err)
		if l.PlacesPerYear != 22 || !l.HasFeature(teilhabe.FeatureInductionLoop) {
			t.Errorf("location after updates = %+v", l)
		}
		stale := l
		stale.Version--
		stale.PlacesPerYear = 99
		wantErr(t, db.UpdateLocation(ctx, f.actor("admin"), stale), teilhabe.ErrStale)
		l.PlacesPerYear = -1
		wantInvalid(t, db.UpdateLocation(ctx, f.actor("admin"), l), "places_per_year", "err.range")
		if n := auditCount(t, db, "location.updated", 0); n != 3 {
			t.Errorf("location.updated entries = %d, want 3", n)
		}
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
