package sqldb

import (
	"context"
	"errors"
	"testing"

	"teilhabe"
)

// TestFindWorklist: the work of the day is grouped by when it is due; the
// cases that wait on the sponsor stand apart; the week's appointments are
// listed; a provider lead sees each location's counts and may narrow to
// one; nobody sees another location's or provider's work.
func TestFindWorklist(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, coachA2 := f.actor("coach.a1"), f.actor("coach.a2")
		book := func(id int64, day int) {
			t.Helper()
			must(t, db.BookAppointment(ctx, coach, id, f.version(coach, id), "info", inPerson(days(day), f.locA1)))
		}
		overdue := f.contact(coach, person("Anna", "Adler"))   // info due on day 7
		today := f.contact(coach, person("Bert", "Berg"))      // booked on day 8
		thisWeek := f.contact(coach, person("Carla", "Conte")) // booked on day 10
		later := f.contact(coach, person("Dora", "Dahl"))      // booked on day 20
		book(today, 8)
		book(thisWeek, 10)
		book(later, 20)
		requested := f.contact(coach, person("Emil", "Ernst"))
		f.toContractSigned(coach, requested, f.locA1, f.agentur)
		_, err := db.RequestAssignment(ctx, coach, requested, f.version(coach, requested), teilhabe.AssignmentRequest{})
		must(t, err)
		f.wantStage(requested, teilhabe.StageAssignmentRequested)
		// A case in coaching whose assignment ends on day 20.
		coaching := f.contact(coach, person("Gerd", "Gast"))
		f.toContractSigned(coach, coaching, f.locA1, f.agentur)
		_, err = db.RequestAssignment(ctx, coach, coaching, f.version(coach, coaching), teilhabe.AssignmentRequest{})
		must(t, err)
		cw := f.actor("cw.aa")
		must(t, db.Assign(ctx, cw, coaching, f.version(cw, coaching), teilhabe.Assignment{Start: testToday, End: days(20)}))
		must(t, db.BookAppointment(ctx, coach, coaching, f.version(coach, coaching), "first", teilhabe.Booking{On: testToday, At: "09:00", Mode: "remote"}))
		must(t, db.SetAppointmentOutcome(ctx, coach, coaching, f.version(coach, coaching), "first", "held"))
		f.wantStage(coaching, teilhabe.StageActive)

		id, _, err := db.RecordFirstContact(ctx, coachA2, teilhabe.FirstContact{Person: person("Fritz", "Falk"),
			LocationID: f.locA2, Channel: "phone", ContactOn: testToday})
		must(t, err)
		otherLocation := id

		day8 := onDay(db, days(8))
		ids := func(g WorkGroup) []int64 {
			var out []int64
			for _, it := range g.Items {
				out = append(out, it.ID)
			}
			return out
		}
		w, err := day8.FindWorklist(ctx, coach, 0)
		must(t, err)
		wantIDs(t, "overdue", ids(w.Overdue), overdue)
		wantIDs(t, "due today", ids(w.DueToday), today)
		wantIDs(t, "this week", ids(w.DueThisWeek), thisWeek)
		wantIDs(t, "waiting on others", ids(w.Elsewhere), requested)
		wantIDs(t, "assignment ending", ids(w.Ending), coaching)
		if w.Overdue.Count != 1 || w.DueToday.Count != 1 || w.DueThisWeek.Count != 1 || w.Ending.Count != 1 ||
			w.Elsewhere.Count != 1 || w.Later != 1 {
			t.Errorf("counts = %d/%d/%d/%d/%d later %d, want 1/1/1/1/1 later 1",
				w.Overdue.Count, w.DueToday.Count, w.DueThisWeek.Count, w.Ending.Count, w.Elsewhere.Count, w.Later)
		}
		// Before the last four weeks of its assignment a case in coaching
		// waits among the later ones.
		early, err := onDay(db, days(-10)).FindWorklist(ctx, coach, 0)
		must(t, err)
		if early.Ending.Count != 0 || early.Later < 1 {
			t.Errorf("on day -10: %d ending, %d later; want the coaching case later", early.Ending.Count, early.Later)
		}
		if len(w.Appointments) != 2 || w.Appointments[0].CaseID != today || w.Appointments[1].CaseID != thisWeek {
			t.Fatalf("appointments = %+v, want the ones of cases %d and %d", w.Appointments, today, thisWeek)
		}
		if ap := w.Appointments[0]; !ap.On.Equal(days(8)) || ap.At != "10:30" || ap.Kind != "info" ||
			ap.Mode != teilhabe.ModeInPerson || ap.Place != "Caritas Mitte" || ap.Name != "Berg, Bert" {
			t.Errorf("appointment = %+v", ap)
		}
		if len(w.Locations) != 1 || w.Locations[0].ID != f.locA1 {
			t.Errorf("coach's locations = %+v, want only Caritas Mitte", w.Locations)
		}

		// The lead sees both locations, and each alone.
		lead := f.actor("lead.a")
		w, err = day8.FindWorklist(ctx, lead, 0)
		must(t, err)
		wantIDs(t, "lead overdue", ids(w.Overdue), overdue, otherLocation)
		if len(w.Locations) != 2 || w.Locations[0].Name != "Caritas Klein" || w.Locations[0].Overdue != 1 ||
			w.Locations[1].Name != "Caritas Mitte" || w.Locations[1].Elsewhere != 1 {
			t.Errorf("lead's locations = %+v", w.Locations)
		}
		w, err = day8.FindWorklist(ctx, lead, f.locA2)
		must(t, err)
		wantIDs(t, "lead overdue at Caritas Klein", ids(w.Overdue), otherLocation)
		if w.Overdue.Count != 1 || w.DueToday.Count != 0 || len(w.Appointments) != 0 || w.Elsewhere.Count != 0 {
			t.Errorf("lead at Caritas Klein: %+v", w)
		}

		// Other providers see nothing; sponsors have no worklist.
		w, err = day8.FindWorklist(ctx, f.actor("coach.b"), 0)
		must(t, err)
		if w.Overdue.Count+w.DueToday.Count+w.DueThisWeek.Count+w.Elsewhere.Count+w.Later != 0 || len(w.Appointments) != 0 {
			t.Errorf("coach of provider B sees %+v", w)
		}
		if _, err := day8.FindWorklist(ctx, f.actor("cw.aa"), 0); !errors.Is(err, teilhabe.ErrNotFound) {
			t.Errorf("sponsor's worklist: err = %v, want ErrNotFound", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'worklist.viewed'`); n != 5 {
			t.Errorf("worklist.viewed entries = %d, want 5", n)
		}
	})
}

// wantIDs fails unless got lists exactly want, in order.
func wantIDs(t *testing.T, what string, got []int64, want ...int64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s = %v, want %v", what, got, want)
			return
		}
	}
}
