package sqldb

import (
	"context"
	"teilhabe"
	"testing"
)

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

		list, err := db.FindLocations(ctx, f.admin, LocationFilter{ProgrammeID: f.prog.ID})
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
