package sqldb

import (
	"context"
	"errors"
	"teilhabe"
	"testing"
)

// TestForbiddenTransitions checks that steps out of order fail with a
// conflict that says what must happen first, and change nothing.
func TestForbiddenTransitions(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		before := auditCount(t, db, "", id)
		for _, tc := range []struct {
			name string
			do   func() error
			key  string
		}{
			{"SignContract", func() error {
				return db.SignContract(ctx, coach, id, 1, teilhabe.ContractSignature{SignedOn: testToday, EasyLanguage: false})
			}, "journey.need.eligible"},
			{"RecordEligibility", func() error { return db.RecordEligibility(ctx, coach, id, 1, f.eligible(f.agentur), false) }, "journey.need.info_held"},
			{"SetAppointmentOutcome", func() error { return db.SetAppointmentOutcome(ctx, coach, id, 1, "info", "held") }, "journey.need.info_booked"},
			{"RequestAssignment", func() error {
				_, err := db.RequestAssignment(ctx, coach, id, 1, teilhabe.AssignmentRequest{})
				return err
			}, "journey.need.contract"},
			{"BookAppointment first", func() error { return db.BookAppointment(ctx, coach, id, 1, "first", inPerson(testToday, f.locA1)) }, "journey.need.assigned"},
			{"ConfirmAnnouncement", func() error { return db.ConfirmAnnouncement(ctx, coach, id, 1, inPerson(testToday, f.locA1)) }, "journey.need.announced"},
			{"RequestExtension", func() error {
				return db.RequestExtension(ctx, coach, id, 1, teilhabe.ExtensionRequest{ProposedEnd: days(400), Reason: "x"})
			}, "journey.need.assigned"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantConflict(t, tc.do(), tc.key)
			})
		}
		if s, v := f.stage(id); s != teilhabe.StageContacted || v != 1 {
			t.Errorf("after forbidden steps: stage %s version %d, want contacted 1", s, v)
		}
		if got := auditCount(t, db, "", id); got != before {
			t.Errorf("audit entries about the case = %d, want %d", got, before)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM appointments`); n != 0 {
			t.Errorf("appointments = %d, want 0", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM messages`); n != 0 {
			t.Errorf("messages = %d, want 0", n)
		}

		// A closed case takes no more steps.
		must(t, db.Withdraw(ctx, coach, id, 1, teilhabe.Closure[teilhabe.WithdrawReason]{Reason: "took_up_work"}))
		wantConflict(t, db.BookAppointment(ctx, coach, id, 2, "info", inPerson(testToday, f.locA1)), "journey.closed")
		wantConflict(t, db.AddConsent(ctx, coach, id, teilhabe.ConsentGiven{Scope: "employer", GivenOn: testToday}), "journey.closed")
	})
}

func TestStaleVersion(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, lead := f.actor("coach.a1"), f.actor("lead.a")
		id := f.contact(coach, person("Anna", "Arend"))
		// Two users loaded version 1; the second save loses.
		must(t, db.BookAppointment(ctx, coach, id, 1, "info", inPerson(days(1), f.locA1)))
		wantErr(t, db.BookAppointment(ctx, lead, id, 1, "info", inPerson(days(2), f.locA1)), teilhabe.ErrStale)
		d, err := db.FindCaseByID(ctx, lead, id)
		must(t, err)
		if d.Case.Version != 2 || len(d.Appointments) != 1 || !d.Appointments[0].On.Equal(days(1)) {
			t.Errorf("after the stale save: version %d, appointments %+v", d.Case.Version, d.Appointments)
		}
		// Rebooking with the current version reschedules the old appointment.
		must(t, db.BookAppointment(ctx, lead, id, 2, "info", inPerson(days(2), f.locA1)))
		d, err = db.FindCaseByID(ctx, coach, id)
		must(t, err)
		if len(d.Appointments) != 2 || d.Appointments[0].Status != teilhabe.OutcomeRescheduled || d.Appointments[1].Status != "booked" {
			t.Errorf("after rebooking: %+v", d.Appointments)
		}
		if d.Events[0].Kind != "info_rebooked" {
			t.Errorf("latest event = %s, want info_rebooked", d.Events[0].Kind)
		}

		// The version check in the UPDATE itself catches a save between
		// loading and writing.
		cmd := command{action: teilhabe.ActInfoMissed, may: teilhabe.CanWorkCase, audit: "case.test"}
		err = db.changeCase(ctx, coach, id, 3, cmd, func(ctx context.Context, ch *change) error {
			_, err := ch.t.exec(ctx, `UPDATE cases SET version = version + 1 WHERE id = ?`, id)
			return err
		})
		wantErr(t, err, teilhabe.ErrStale)
		if s, v := f.stage(id); s != teilhabe.StageInfoBooked || v != 3 {
			t.Errorf("after the lost race: stage %s version %d, want info_booked 3", s, v)
		}
	})
}

// TestConcurrentSaves lets two users save the same version at once: one
// wins, the other gets ErrStale.
func TestConcurrentSaves(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, lead := f.actor("coach.a1"), f.actor("lead.a")
		id := f.contact(coach, person("Anna", "Arend"))
		errs := make(chan error, 2)
		for i, a := range []teilhabe.Actor{coach, lead} {
			go func() {
				errs <- db.BookAppointment(ctx, a, id, 1, "info", inPerson(days(1+i), f.locA1))
			}()
		}
		var ok, stale int
		for range 2 {
			switch err := <-errs; {
			case err == nil:
				ok++
			case errors.Is(err, teilhabe.ErrStale):
				stale++
			default:
				t.Errorf("concurrent save: %v", err)
			}
		}
		if ok != 1 || stale != 1 {
			t.Errorf("%d saves succeeded and %d were stale, want 1 and 1", ok, stale)
		}
		if s, v := f.stage(id); s != teilhabe.StageInfoBooked || v != 2 {
			t.Errorf("stage %s version %d, want info_booked 2", s, v)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM appointments WHERE case_id = ?`, id); n != 1 {
			t.Errorf("appointments = %d, want 1", n)
		}
	})
}
