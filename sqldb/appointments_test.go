package sqldb

import (
	"context"
	"teilhabe"
	"testing"
)

func TestAppointmentNoShow(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		wantInvalid(t, db.BookAppointment(ctx, coach, id, 1, "info", teilhabe.Booking{On: days(1), At: "25:00", Mode: "remote"}), "at", "err.time")
		wantInvalid(t, db.BookAppointment(ctx, coach, id, 1, "info", inPerson(days(1), f.locB)), "location", "err.choose")
		wantErr(t, db.BookAppointment(ctx, coach, id, 1, "lunch", inPerson(days(1), f.locA1)), teilhabe.ErrNotFound)
		must(t, db.BookAppointment(ctx, coach, id, 1, "info", inPerson(days(1), f.locA1)))
		wantInvalid(t, db.SetAppointmentOutcome(ctx, coach, id, 2, "info", "late"), "outcome", "err.choose")
		// A missed appointment may be recorded before its day ends; the case
		// goes back to booking.
		must(t, db.SetAppointmentOutcome(ctx, coach, id, 2, "info", "no_show"))
		c := f.load(coach, id)
		if c.Stage != teilhabe.StageContacted || !c.NextDueOn.Equal(c.InfoDueOn) || !c.InfoHeldOn.IsZero() {
			t.Errorf("after no-show: stage %s next due %v info held %v", c.Stage, c.NextDueOn, c.InfoHeldOn)
		}
	})
}
