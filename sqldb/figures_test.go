package sqldb

import (
	"context"
	"teilhabe"
	"testing"
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
