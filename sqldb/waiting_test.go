package sqldb

import (
	"context"
	"testing"

	"teilhabe"
)

// TestWaitingRequestMoves: a case on a waiting list knows its place in the
// queue and the locations with a free place; its request moves to one of
// its provider's, never to another provider's or a full one, and leaves
// the waiting list there.
func TestWaitingRequestMoves(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a2")
		var ids [3]int64
		for i, name := range []string{"Arend", "Berg", "Conte"} {
			ids[i] = f.contact(coach, person("Anna", name))
			f.toContractSigned(coach, ids[i], f.locA2, f.agentur)
			_, err := db.RequestAssignment(ctx, coach, ids[i], f.version(coach, ids[i]), teilhabe.AssignmentRequest{})
			must(t, err)
		}
		// The first takes the only place at Caritas Klein; two wait.
		d, err := db.FindCaseByID(ctx, coach, ids[2])
		must(t, err)
		w := d.Waiting
		if w == nil || w.Position != 2 || w.Of != 2 {
			t.Fatalf("waiting = %+v, want place 2 of 2", w)
		}
		if len(w.Free) != 2 || w.Free[0].ID != f.locA1 || !w.Free[0].SameProvider || w.Free[0].Free != 10 ||
			w.Free[1].ID != f.locB || w.Free[1].SameProvider {
			t.Errorf("free locations = %+v, want Caritas Mitte (same provider) first, then Bürgerservice", w.Free)
		}
		if d, _ := db.FindCaseByID(ctx, coach, ids[0]); d.Waiting != nil {
			t.Errorf("a case with an open request has waiting %+v", d.Waiting)
		}

		v := f.version(coach, ids[1])
		wantInvalid(t, db.MoveRequest(ctx, coach, ids[1], v, f.locB), "location", "err.choose")
		wantInvalid(t, db.MoveRequest(ctx, coach, ids[1], v, f.locA2), "location", "err.same_location")
		wantErr(t, db.MoveRequest(ctx, f.actor("coach.b"), ids[1], v, f.locA1), teilhabe.ErrNotFound)
		// A full location takes no request.
		if _, err := db.writer.ExecContext(ctx, db.dialect.rebind(`UPDATE locations SET places_per_year = 0 WHERE id = ?`), f.locA1); err != nil {
			t.Fatal(err)
		}
		wantConflict(t, db.MoveRequest(ctx, coach, ids[1], v, f.locA1), "err.no_free_place")
		if _, err := db.writer.ExecContext(ctx, db.dialect.rebind(`UPDATE locations SET places_per_year = 10 WHERE id = ?`), f.locA1); err != nil {
			t.Fatal(err)
		}

		// The coach moves the first waiting request: it leaves the
		// coach's location, and the sponsor sees an open request.
		must(t, db.MoveRequest(ctx, coach, ids[1], v, f.locA1))
		_, err = db.FindCaseByID(ctx, coach, ids[1])
		wantErr(t, err, teilhabe.ErrNotFound)
		c := f.load(f.actor("coach.a1"), ids[1])
		if c.Stage != teilhabe.StageAssignmentRequested || c.LocationID != f.locA1 {
			t.Errorf("after the move: stage %s at location %d, want an open request at %d", c.Stage, c.LocationID, f.locA1)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM messages WHERE case_id = ? AND kind = 'assignment_request' AND status = 'open'`, ids[1]); n != 1 {
			t.Errorf("open requests = %d, want 1", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'case.request_moved' AND case_id = ? AND detail = 'Caritas Mitte'`, ids[1]); n != 1 {
			t.Errorf("audit entries = %d, want 1", n)
		}
		// The other waiting case moved up; the sponsor may move it too.
		d, err = db.FindCaseByID(ctx, coach, ids[2])
		must(t, err)
		if d.Waiting.Position != 1 || d.Waiting.Of != 1 {
			t.Errorf("the last case waits at %d of %d, want 1 of 1", d.Waiting.Position, d.Waiting.Of)
		}
		cw := f.actor("cw.aa")
		must(t, db.MoveRequest(ctx, cw, ids[2], f.version(cw, ids[2]), f.locA1))
		f.wantStage(ids[2], teilhabe.StageAssignmentRequested)
	})
}
