package sqldb

import (
	"context"
	"testing"

	"teilhabe"
)

// TestPhases checks a programme's default phases, the first phase a case
// enters with its coaching, changing phases with their history, and the
// refusals.
func TestPhases(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		list, err := db.FindPhases(ctx, coach, f.prog.ID)
		must(t, err)
		if len(list) != 5 || list[0].Name != "Orientierung und Profiling" || list[4].Position != 5 {
			t.Fatalf("default phases = %+v", list)
		}
		_, err = db.FindPhases(ctx, coach, f.prog.ID+1)
		wantErr(t, err, teilhabe.ErrNotFound)

		id := f.contact(coach, person("Anna", "Arend"))
		wantConflict(t, db.SetPhase(ctx, coach, id, f.version(coach, id), teilhabe.PhaseChange{PhaseID: list[1].ID, On: testToday}),
			"journey.need.active")
		f.toActive(coach, id)
		c := f.load(coach, id)
		if c.PhaseID != list[0].ID || c.PhaseName != list[0].Name || !c.PhaseSince.Equal(testToday) {
			t.Fatalf("after the first conversation: phase %d %q since %v", c.PhaseID, c.PhaseName, c.PhaseSince)
		}
		later := onDay(db, days(10))
		next := teilhabe.PhaseChange{PhaseID: list[1].ID, On: days(9)}
		wantErr(t, later.SetPhase(ctx, coach, id, c.Version+1, next), teilhabe.ErrStale)
		wantErr(t, later.SetPhase(ctx, cw, id, c.Version, next), teilhabe.ErrForbidden)
		wantErr(t, later.SetPhase(ctx, f.actor("coach.a2"), id, c.Version, next), teilhabe.ErrNotFound)
		wantInvalid(t, later.SetPhase(ctx, coach, id, c.Version, teilhabe.PhaseChange{PhaseID: list[1].ID, On: days(-1)}),
			"began_on", "err.phase_before_current")
		wantInvalid(t, later.SetPhase(ctx, coach, id, c.Version, teilhabe.PhaseChange{PhaseID: list[0].ID, On: days(9)}),
			"phase", "err.phase_same")
		wantInvalid(t, later.SetPhase(ctx, coach, id, c.Version, teilhabe.PhaseChange{PhaseID: 999999, On: days(9)}),
			"phase", "err.choose")
		if n := count(t, db, `SELECT COUNT(*) FROM case_phases WHERE case_id = ?`, id); n != 1 {
			t.Errorf("%d phases after the refusals, want 1", n)
		}
		must(t, later.SetPhase(ctx, coach, id, c.Version, next))
		d, err := db.FindCaseByID(ctx, cw, id)
		must(t, err)
		if d.Case.PhaseName != "Stabilisierung" || !d.Case.PhaseSince.Equal(days(9)) || len(d.Phases) != 2 ||
			d.Phases[0].Name != "Stabilisierung" || d.Phases[1].Name != "Orientierung und Profiling" {
			t.Errorf("after SetPhase: %q since %v, history %+v", d.Case.PhaseName, d.Case.PhaseSince, d.Phases)
		}
		if got := auditCount(t, db, "case.phase_set", id); got != 1 {
			t.Errorf("phase_set audit entries = %d, want 1", got)
		}
		items, _, err := db.FindCases(ctx, coach, CaseFilter{Stage: teilhabe.StageActive})
		must(t, err)
		if len(items) != 1 || items[0].PhaseName != "Stabilisierung" || !items[0].PhaseSince.Equal(days(9)) {
			t.Errorf("case list = %+v, want the phase and since when", items)
		}

		// The programme's phases: add, rename, reorder, retire; a phase in
		// use is not deleted.
		coord := f.actor("coord")
		wantErr(t, db.AddPhase(ctx, coach, f.prog.ID, teilhabe.PhaseName{Name: "Extra"}), teilhabe.ErrNotFound)
		wantInvalid(t, db.AddPhase(ctx, coord, f.prog.ID, teilhabe.PhaseName{Name: " "}), "name", "err.required")
		wantInvalid(t, db.AddPhase(ctx, coord, f.prog.ID, teilhabe.PhaseName{Name: "stabilisierung"}), "name", "err.name_taken")
		must(t, db.AddPhase(ctx, coord, f.prog.ID, teilhabe.PhaseName{Name: "Übergang"}))
		list, err = db.FindPhases(ctx, coord, f.prog.ID)
		must(t, err)
		if len(list) != 6 || list[5].Name != "Übergang" || list[5].Position != 6 || !list[0].InUse || !list[1].InUse || list[2].InUse {
			t.Fatalf("phases after adding = %+v", list)
		}
		added := list[5]
		wantErr(t, db.RenamePhase(ctx, coord, f.prog.ID, list[1].ID, list[1].Version+1, teilhabe.PhaseName{Name: "Stabil"}), teilhabe.ErrStale)
		must(t, db.RenamePhase(ctx, coord, f.prog.ID, list[1].ID, list[1].Version, teilhabe.PhaseName{Name: "Stabilisierung und Alltag"}))
		if c := f.load(coach, id); c.PhaseName != "Stabilisierung und Alltag" {
			t.Errorf("the case's phase after renaming: %q", c.PhaseName)
		}
		wantConflict(t, db.ChangePhase(ctx, coord, f.prog.ID, list[0].ID, list[0].Version, teilhabe.PhaseUp), "phase.err_cannot_move")
		wantConflict(t, db.ChangePhase(ctx, coord, f.prog.ID, list[0].ID, list[0].Version, teilhabe.PhaseDelete), "phase.err_in_use")
		must(t, db.ChangePhase(ctx, coord, f.prog.ID, added.ID, added.Version, teilhabe.PhaseUp))
		must(t, db.ChangePhase(ctx, coord, f.prog.ID, list[0].ID, list[0].Version, teilhabe.PhaseRetire))
		list, err = db.FindPhases(ctx, coord, f.prog.ID)
		must(t, err)
		if list[4].Name != "Übergang" || list[5].Name != "Nachbetreuung" || !list[0].Retired {
			t.Errorf("phases after moving and retiring = %+v", list)
		}
		must(t, db.ChangePhase(ctx, coord, f.prog.ID, list[4].ID, list[4].Version, teilhabe.PhaseDelete))
		list, err = db.FindPhases(ctx, coord, f.prog.ID)
		must(t, err)
		if len(list) != 5 || list[4].Name != "Nachbetreuung" || list[4].Position != 5 {
			t.Errorf("phases after deleting = %+v", list)
		}
		// A new case enters the first phase still offered.
		second := f.contact(coach, person("Bert", "Bauer"))
		f.toActive(coach, second)
		if c := f.load(coach, second); c.PhaseName != "Stabilisierung und Alltag" {
			t.Errorf("a new case with the first phase retired enters %q", c.PhaseName)
		}
		// A retired phase is not offered.
		wantInvalid(t, later.SetPhase(ctx, coach, id, f.version(coach, id), teilhabe.PhaseChange{PhaseID: list[0].ID, On: days(10)}),
			"phase", "err.choose")
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'programme.phases_changed'`); n != 5 {
			t.Errorf("phases_changed audit entries = %d, want 5", n)
		}
	})
}
