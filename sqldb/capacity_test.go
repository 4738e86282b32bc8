package sqldb

import (
	"context"
	"testing"

	"teilhabe"
)

// TestWaitingList fills the location with one place: the first request holds
// the place, the next ones wait in order, and a refusal passes the place on.
func TestWaitingList(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a2"), f.actor("cw.aa")
		var ids [3]int64
		for i, name := range []string{"Arend", "Berg", "Christ"} {
			ids[i] = f.contact(coach, person("Anna", name))
			f.toContractSigned(coach, ids[i], f.locA2, f.agentur)
		}
		for i, id := range ids {
			waiting, err := db.RequestAssignment(ctx, coach, id, f.version(coach, id), teilhabe.AssignmentRequest{})
			must(t, err)
			if want := i > 0; waiting != want {
				t.Errorf("request %d: waiting = %v, want %v", i+1, waiting, want)
			}
		}
		f.wantStage(ids[0], teilhabe.StageAssignmentRequested)
		f.wantStage(ids[1], teilhabe.StageWaitingList)
		f.wantStage(ids[2], teilhabe.StageWaitingList)
		// A waiting request cannot be assigned before it gets the place.
		wantConflict(t, db.Assign(ctx, cw, ids[1], f.version(cw, ids[1]), teilhabe.Assignment{Start: days(7)}), "journey.need.requested")

		capacityOf := func(a teilhabe.Actor, loc int64, wantLocations int) LocationCapacity {
			t.Helper()
			c, err := db.FindCapacity(ctx, a, CapacityFilter{Year: 2026})
			if err != nil {
				t.Fatalf("FindCapacity as %s: %v", a.Username, err)
			}
			list := c.Locations
			if len(list) != wantLocations {
				t.Errorf("FindCapacity as %s: %d locations, want %d", a.Username, len(list), wantLocations)
			}
			for _, lc := range list {
				if lc.Location.ID == loc {
					return lc
				}
			}
			t.Fatalf("FindCapacity as %s: location %d missing", a.Username, loc)
			return LocationCapacity{}
		}
		waitingIDs := func(lc LocationCapacity) []int64 {
			var ids []int64
			for _, it := range lc.Waiting {
				ids = append(ids, it.ID)
			}
			return ids
		}

		lc := capacityOf(f.actor("coord"), f.locA2, 3)
		if lc.Places != 1 || lc.Pending != 1 || lc.Assigned != 0 || lc.Free() != 0 || lc.Provider != "Caritas Trier" {
			t.Errorf("capacity of A2 = %+v, want 1 place, 1 pending", lc)
		}
		if got := waitingIDs(lc); len(got) != 2 || got[0] != ids[1] || got[1] != ids[2] {
			t.Errorf("waiting list = %v, want %v, %v in order", got, ids[1], ids[2])
		}
		if lc.Waiting[0].Name != "" || lc.Waiting[0].SponsorName != "Agentur für Arbeit Trier" {
			t.Errorf("first waiting as the coordinator sees it = %+v, want no name", lc.Waiting[0])
		}
		if w := capacityOf(f.actor("lead.a"), f.locA2, 2).Waiting[0]; w.Name != "Berg, Anna" {
			t.Errorf("first waiting as the provider lead sees it = %+v, want Berg, Anna", w)
		}
		if other := capacityOf(f.actor("coord"), f.locA1, 3); other.Free() != 10 || len(other.Waiting) != 0 {
			t.Errorf("capacity of A1 = %+v, want 10 free", other)
		}
		// The totals cover all locations; the filter keeps the full ones.
		c, err := db.FindCapacity(ctx, f.actor("coord"), CapacityFilter{Year: 2026, Attention: true})
		must(t, err)
		if c.Total.Places != 21 || c.Total.Pending != 1 || c.Total.WaitingCount != 2 || len(c.Locations) != 1 ||
			c.Locations[0].Location.ID != f.locA2 || c.Locations[0].WaitingCount != 2 {
			t.Errorf("capacity needing attention = %+v, want totals 21/1/2 and A2 alone", c)
		}
		capacityOf(f.actor("lead.a"), f.locA2, 2)
		capacityOf(f.actor("lead.b"), f.locB, 1)
		for _, name := range []string{"coach.a2", "cw.aa", "dpo", "admin"} {
			_, err := db.FindCapacity(ctx, f.actor(name), CapacityFilter{Year: 2026})
			wantErr(t, err, teilhabe.ErrNotFound)
		}
		if n := auditCount(t, db, "capacity.viewed", 0); n != 6 {
			t.Errorf("capacity.viewed audit entries = %d, want 6", n)
		}

		// The sponsor sees the waiting requests too.
		in, err := db.FindInbox(ctx, cw, InboxFilter{})
		must(t, err)
		if len(in.Mine) != 3 {
			t.Errorf("caseworker's inbox holds %d requests, want 3", len(in.Mine))
		}

		// Refusing the open request gives the place to the first waiting case.
		wantInvalid(t, db.RefuseAssignment(ctx, cw, ids[0], f.version(cw, ids[0]), teilhabe.Closure[teilhabe.RefuseReason]{Reason: "other"}), "note", "err.note_for_other")
		must(t, db.RefuseAssignment(ctx, cw, ids[0], f.version(cw, ids[0]), teilhabe.Closure[teilhabe.RefuseReason]{Reason: "no_place"}))
		f.wantStage(ids[0], teilhabe.StageAssignmentRefused)
		f.wantStage(ids[1], teilhabe.StageAssignmentRequested)
		f.wantStage(ids[2], teilhabe.StageWaitingList)
		if n := count(t, db, `SELECT COUNT(*) FROM messages WHERE case_id = ? AND kind = 'assignment_request' AND status = 'open'`, ids[1]); n != 1 {
			t.Errorf("open requests of the promoted case = %d, want 1", n)
		}
		lc = capacityOf(f.actor("coord"), f.locA2, 3)
		if lc.Pending != 1 || len(lc.Waiting) != 1 || lc.Waiting[0].ID != ids[2] {
			t.Errorf("capacity after the refusal = %+v, want 1 pending and the third case waiting", lc)
		}

		// Assigning the promoted case takes the place for the year.
		must(t, db.Assign(ctx, cw, ids[1], f.version(cw, ids[1]), teilhabe.Assignment{Start: days(7)}))
		lc = capacityOf(f.actor("coord"), f.locA2, 3)
		if lc.Assigned != 1 || lc.Pending != 0 || lc.Free() != 0 {
			t.Errorf("capacity after assigning = %+v, want 1 assigned", lc)
		}
		// Refusing a waiting request frees nothing and promotes nobody.
		must(t, db.RefuseAssignment(ctx, cw, ids[2], f.version(cw, ids[2]), teilhabe.Closure[teilhabe.RefuseReason]{Reason: "other_measure"}))
		f.wantStage(ids[2], teilhabe.StageAssignmentRefused)
		f.wantStage(ids[1], teilhabe.StageAssigned)

		// The provider lead may withdraw a waiting case; its request is answered.
		id := f.contact(coach, person("Dora", "Dahm"))
		f.toContractSigned(coach, id, f.locA2, f.agentur)
		waiting, err := db.RequestAssignment(ctx, coach, id, f.version(coach, id), teilhabe.AssignmentRequest{})
		if err != nil || !waiting {
			t.Fatalf("RequestAssignment at the full location = %v, %v; want waiting", waiting, err)
		}
		must(t, db.Withdraw(ctx, f.actor("lead.a"), id, f.version(coach, id), teilhabe.Closure[teilhabe.WithdrawReason]{Reason: "took_up_work"}))
		if n := count(t, db, `SELECT COUNT(*) FROM messages WHERE case_id = ? AND awaiting <> 'none'`, id); n != 0 {
			t.Errorf("messages of the withdrawn case still awaiting = %d, want 0", n)
		}
	})
}

// TestWithdrawRequestPassesPlace: withdrawing a case whose request holds the
// location's only place closes the request and gives the place to the first
// waiting case; the provider's worklist never shows the waiting list.
func TestWithdrawRequestPassesPlace(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a2")
		var ids [2]int64
		for i, name := range []string{"Arend", "Berg"} {
			ids[i] = f.contact(coach, person("Anna", name))
			f.toContractSigned(coach, ids[i], f.locA2, f.agentur)
			_, err := db.RequestAssignment(ctx, coach, ids[i], f.version(coach, ids[i]), teilhabe.AssignmentRequest{})
			must(t, err)
		}
		f.wantStage(ids[1], teilhabe.StageWaitingList)

		w, err := db.FindWorklist(ctx, coach, 0)
		must(t, err)
		for _, g := range []WorkGroup{w.Overdue, w.DueToday, w.DueThisWeek} {
			for _, it := range g.Items {
				if it.Stage == teilhabe.StageWaitingList {
					t.Errorf("worklist shows waiting case %d among the work to do", it.ID)
				}
			}
		}
		if w.Elsewhere.Count != 2 || len(w.Elsewhere.Items) != 2 || w.Elsewhere.Items[1].Stage != teilhabe.StageWaitingList {
			t.Errorf("waiting on others = %d %+v, want the request and the waiting case", w.Elsewhere.Count, w.Elsewhere.Items)
		}
		// A waiting case cannot jump the queue by asking again.
		_, err = db.RequestAssignment(ctx, coach, ids[1], f.version(coach, ids[1]), teilhabe.AssignmentRequest{})
		wantConflict(t, err, "journey.need.contract")

		must(t, db.Withdraw(ctx, coach, ids[0], f.version(coach, ids[0]), teilhabe.Closure[teilhabe.WithdrawReason]{Reason: "took_up_work"}))
		f.wantStage(ids[0], teilhabe.StageWithdrawn)
		f.wantStage(ids[1], teilhabe.StageAssignmentRequested)
		if n := count(t, db, `SELECT COUNT(*) FROM messages WHERE case_id = ? AND kind = 'assignment_request' AND status = 'withdrawn' AND awaiting = 'none'`, ids[0]); n != 1 {
			t.Errorf("withdrawn request messages = %d, want 1", n)
		}
	})
}

// TestMorePlacesPromoteWaiting: raising a full location's places moves the
// waiting cases, in order, to open requests.
func TestMorePlacesPromoteWaiting(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a2")
		var ids [3]int64
		for i, name := range []string{"Arend", "Berg", "Christ"} {
			ids[i] = f.contact(coach, person("Anna", name))
			f.toContractSigned(coach, ids[i], f.locA2, f.agentur)
			_, err := db.RequestAssignment(ctx, coach, ids[i], f.version(coach, ids[i]), teilhabe.AssignmentRequest{})
			must(t, err)
		}
		admin := f.actor("admin")
		l, err := db.FindLocationByID(ctx, admin, f.locA2)
		must(t, err)
		l.PlacesPerYear = 2
		must(t, db.UpdateLocation(ctx, admin, l))
		f.wantStage(ids[1], teilhabe.StageAssignmentRequested)
		f.wantStage(ids[2], teilhabe.StageWaitingList)
	})
}
