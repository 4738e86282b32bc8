package sqldb

import (
	"context"
	"fmt"
	"sync"
	"teilhabe"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFigures(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		f.contact(coach, person("Bernd", "Berg"))
		must(t, db.BookAppointment(ctx, coach, id, 1, "info", inPerson(testToday, f.locA1)))
		must(t, db.SetAppointmentOutcome(ctx, coach, id, 2, "info", "held"))
		fig, err := db.FindFigures(ctx, f.actor("coord"))
		must(t, err)
		if fig.Total != 2 || fig.ByStage[teilhabe.StageContacted] != 1 || fig.ByStage[teilhabe.StageEligibilityPending] != 1 ||
			fig.InfoHeld != 1 || fig.InfoOnTimePercent() != 100 || fig.Overdue != 0 {
			t.Errorf("figures = %+v", fig)
		}
		_, err = db.FindFigures(ctx, coach)
		wantErr(t, err, teilhabe.ErrNotFound)
	})
}

// TestCountersUnderConcurrentWrites moves many cases of the same locations
// through the journey at once, in opposite directions too (booked and
// missed appointments), and requests places of one location in parallel.
// The counters must equal a recount afterwards (the cleanup of every store
// test checks that) and no place may be given twice.
func TestCountersUnderConcurrentWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		const n = 12
		var ids []int64
		for i := range n {
			ids = append(ids, f.contact(coach, person(fmt.Sprintf("Anna%02d", i), "Arend")))
		}
		// Half of them book the info appointment and miss it, the other half
		// book it and hold it, all at once.
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
		for i, id := range ids {
			wg.Go(func() {
				if err := db.BookAppointment(ctx, coach, id, 1, "info", inPerson(testToday, f.locA1)); err != nil {
					errs <- err
					return
				}
				outcome := teilhabe.OutcomeHeld
				if i%2 == 0 {
					outcome = teilhabe.OutcomeNoShow
				}
				errs <- db.SetAppointmentOutcome(ctx, coach, id, 2, "info", outcome)
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("concurrent journey step: %v", err)
			}
		}
		// The held ones go on to request a place at the location with 10.
		var held []int64
		for i, id := range ids {
			if i%2 == 1 {
				held = append(held, id)
				f.toContractSignedFrom(coach, id, f.agentur)
			}
		}
		requests := make(chan bool, len(held))
		for _, id := range held {
			wg.Go(func() {
				waiting, err := db.RequestAssignment(ctx, coach, id, f.version(coach, id), teilhabe.AssignmentRequest{})
				if err != nil {
					t.Errorf("RequestAssignment: %v", err)
				}
				requests <- waiting
			})
		}
		wg.Wait()
		close(requests)
		fig, err := db.FindFigures(ctx, f.actor("coord"))
		must(t, err)
		if fig.ByStage[teilhabe.StageContacted] != n/2 || fig.ByStage[teilhabe.StageAssignmentRequested] != n/2 || fig.InfoHeld != n/2 {
			t.Errorf("figures after the concurrent steps = %+v", fig)
		}
		// RebuildCounts counts the same.
		must(t, db.RebuildCounts(ctx))
		again, err := db.FindFigures(ctx, f.actor("coord"))
		must(t, err)
		if diff := cmp.Diff(fig, again); diff != "" {
			t.Errorf("figures after RebuildCounts (-kept +rebuilt):\n%s", diff)
		}
	})
}
