package sqldb

import (
	"context"
	"errors"
	"testing"

	"teilhabe"
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

// TestFindBookedAt lists what is booked at a location in a date range, in
// the user's scope only, without rescheduled appointments.
func TestFindBookedAt(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		one := f.contact(coach, person("Anna", "Arend"))
		two := f.contact(coach, person("Bert", "Berg"))
		must(t, db.BookAppointment(ctx, coach, one, f.version(coach, one), "info", inPerson(days(1), f.locA1)))
		must(t, db.BookAppointment(ctx, coach, one, f.version(coach, one), "info", inPerson(days(2), f.locA1))) // rescheduled
		must(t, db.BookAppointment(ctx, coach, two, f.version(coach, two), "info", teilhabe.Booking{On: days(2), At: "08:15", Mode: "remote"}))
		must(t, db.BookAppointment(ctx, coach, two, f.version(coach, two), "info", teilhabe.Booking{On: days(9), At: "08:15", Mode: "remote"}))

		list, err := db.FindBookedAt(ctx, coach, f.locA1, days(1), days(3))
		must(t, err)
		if len(list) != 1 || !list[0].On.Equal(days(2)) || list[0].At != "10:30" || list[0].Location != "Caritas Mitte" {
			t.Errorf("booked on days 1-3 = %+v, want the rescheduled appointment of day 2 only", list)
		}
		list, err = db.FindBookedAt(ctx, coach, f.locA1, days(1), days(9))
		must(t, err)
		if len(list) != 2 {
			t.Errorf("booked on days 1-9 = %+v, want two", list)
		}
		list, err = db.FindBookedAt(ctx, f.actor("coach.b"), f.locA1, days(1), days(9))
		must(t, err)
		if len(list) != 0 {
			t.Errorf("another provider's coach sees %+v", list)
		}
		if _, err := db.FindBookedAt(ctx, f.actor("cw.aa"), f.locA1, days(1), days(9)); !errors.Is(err, teilhabe.ErrNotFound) {
			t.Errorf("a sponsor: err = %v, want ErrNotFound", err)
		}
	})
}
