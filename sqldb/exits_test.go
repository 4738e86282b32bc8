package sqldb

import (
	"context"
	"testing"
	"time"

	"teilhabe"
)

// TestExit: an exit closes the case, cancels what was booked after it,
// tells the sponsor with reason, destination and good cause, and a bad
// exit changes nothing. The sponsor takes note of it once.
func TestExit(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		id := f.contact(coach, person("Anna", "Arend"))
		f.toActive(coach, id)
		_, err := db.BookCoaching(ctx, coach, id, f.coachingBooking(days(7), "10:00", 2), false)
		must(t, err)
		dropout := teilhabe.Exit{On: testToday, Kind: teilhabe.ExitEarly, Reason: teilhabe.ExitDroppedOut,
			GoodCause: teilhabe.GoodCauseUnclear, Destination: teilhabe.DestUnknown, Note: "Nicht mehr erreichbar."}

		bad := dropout
		bad.GoodCause = ""
		before := auditCount(t, db, "", id)
		wantInvalid(t, db.RecordExit(ctx, coach, id, f.version(coach, id), bad), "good_cause", "err.choose")
		wantErr(t, db.RecordExit(ctx, coach, id, f.version(coach, id)-1, dropout), teilhabe.ErrStale)
		wantErr(t, db.RecordExit(ctx, f.actor("coach.b"), id, f.version(coach, id), dropout), teilhabe.ErrNotFound)
		wantErr(t, db.RecordExit(ctx, cw, id, f.version(cw, id), dropout), teilhabe.ErrForbidden)
		if n := auditCount(t, db, "", id); n != before {
			t.Fatalf("refused exits wrote %d audit entries", n-before)
		}
		f.wantStage(id, teilhabe.StageActive)

		must(t, db.RecordExit(ctx, coach, id, f.version(coach, id), dropout))
		c := f.load(coach, id)
		if c.Stage != teilhabe.StageExited || !c.ExitOn.Equal(testToday) || c.ExitKind != teilhabe.ExitEarly ||
			c.Closure() != teilhabe.ExitDroppedOut || c.ExitGoodCause != teilhabe.GoodCauseUnclear ||
			c.ExitDestination != teilhabe.DestUnknown || !c.NextDueOn.IsZero() {
			t.Fatalf("case after the exit: %+v", c)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM appointments WHERE case_id = ? AND status = ?`, id, teilhabe.OutcomeBooked); n != 0 {
			t.Errorf("%d appointments still booked after the exit", n)
		}
		if n := auditCount(t, db, string(teilhabe.AuditExited), id); n != 1 {
			t.Errorf("%d exit audit entries, want 1", n)
		}
		// Nothing more happens to an exited case.
		wantConflict(t, db.RecordExit(ctx, coach, id, f.version(coach, id), dropout), "journey.closed")

		// The sponsor's inbox has the notice, with every code.
		in, err := db.FindInbox(ctx, cw, InboxFilter{Page: 1})
		must(t, err)
		var notice teilhabe.Message
		for _, m := range in.Mine {
			if m.CaseID == id && m.Kind == teilhabe.MsgExit {
				notice = m
			}
		}
		kind, dest, cause := notice.ExitDetails()
		if !notice.AwaitsNote() || notice.Reason() != teilhabe.ExitDroppedOut || kind != teilhabe.ExitEarly ||
			dest != teilhabe.DestUnknown || cause != teilhabe.GoodCauseUnclear || !notice.On.Equal(testToday) {
			t.Fatalf("the sponsor's exit notice: %+v", notice)
		}
		wantErr(t, db.AcknowledgeNotice(ctx, coach, id, notice.ID), teilhabe.ErrForbidden)
		wantErr(t, db.AcknowledgeNotice(ctx, f.actor("cw.jc"), id, notice.ID), teilhabe.ErrNotFound)
		must(t, db.AcknowledgeNotice(ctx, cw, id, notice.ID))
		wantConflict(t, db.AcknowledgeNotice(ctx, cw, id, notice.ID), "err.nothing_to_acknowledge")
		if n := count(t, db, `SELECT COUNT(*) FROM messages WHERE id = ? AND status = ? AND awaiting = ?`,
			notice.ID, teilhabe.StatusNoted, teilhabe.SideNone); n != 1 {
			t.Errorf("the notice is not settled as noted")
		}
		if n := auditCount(t, db, string(teilhabe.AuditNoticeAcknowledged), id); n != 1 {
			t.Errorf("%d acknowledgement audit entries, want 1", n)
		}

		// The closed case is found among the closed ones, and the person
		// can start again.
		list, _, err := db.FindCases(ctx, coach, CaseFilter{Closed: true})
		must(t, err)
		if len(list) != 1 || list[0].ID != id {
			t.Errorf("closed cases: %+v, want the exited case", list)
		}
		again := f.contact(coach, person("Anna", "Arend"))
		if again == id {
			t.Errorf("a new first contact reopened the exited case")
		}
	})
}

// TestExitFreesThePlace: an early exit in the assignment's year gives its
// place to the first case on the waiting list; a regular one would not.
func TestExitFreesThePlace(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a2"), f.actor("cw.aa")
		first := f.contact(coach, person("Anna", "Arend"))
		next := f.contact(coach, person("Berta", "Berg"))
		for _, id := range []int64{first, next} {
			f.toContractSigned(coach, id, f.locA2, f.agentur)
			_, err := db.RequestAssignment(ctx, coach, id, f.version(coach, id), teilhabe.AssignmentRequest{})
			must(t, err)
		}
		f.wantStage(next, teilhabe.StageWaitingList)
		must(t, db.Assign(ctx, cw, first, f.version(cw, first), teilhabe.Assignment{Start: testToday}))
		f.wantStage(next, teilhabe.StageWaitingList) // the one place is taken

		must(t, db.RecordExit(ctx, coach, first, f.version(coach, first), teilhabe.Exit{On: testToday,
			Kind: teilhabe.ExitEarly, Reason: teilhabe.ExitMoved, Destination: teilhabe.DestUnknown}))
		f.wantStage(next, teilhabe.StageAssignmentRequested)
		c, err := db.FindCapacity(ctx, f.actor("coord"), CapacityFilter{Year: testToday.Year()})
		must(t, err)
		for _, lc := range c.Locations {
			if lc.Location.ID == f.locA2 && (lc.Assigned != 1 || lc.Freed != 1 || lc.Pending != 1 || lc.Free() != 0) {
				t.Errorf("capacity of the small location: %+v, want 1 assigned, 1 freed, 1 pending, none free", lc)
			}
		}
	})
}

// TestLaterDestination: six months after an exit the worklist asks where
// the person is; it is recorded once, by the case's provider, not before
// the mark; and the worklist no longer asks.
func TestLaterDestination(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		f.toActive(coach, id)
		later := teilhabe.LaterDestination{On: testToday, Destination: teilhabe.DestEmploymentFull, Source: teilhabe.SourceParticipant}
		wantConflict(t, db.RecordLaterDestination(ctx, coach, id, later), "err.later_not_exited")
		must(t, db.RecordExit(ctx, coach, id, f.version(coach, id), teilhabe.Exit{On: testToday, Kind: teilhabe.ExitEarly,
			Reason: teilhabe.ExitEmployment, Destination: teilhabe.DestEmploymentFull}))
		if c := f.load(coach, id); teilhabe.FormatDate(c.LaterDue) != teilhabe.FormatDate(teilhabe.LaterDue(testToday)) {
			t.Fatalf("the exit set the six-month mark to %s", teilhabe.FormatDate(c.LaterDue))
		}
		wantInvalid(t, db.RecordLaterDestination(ctx, coach, id, later), "on", "err.later_early")

		// Six months on.
		at := db.WithClock(func() time.Time { return teilhabe.LaterDue(testToday).AddDate(0, 0, 3) })
		asked := func() bool {
			w, err := at.FindWorklist(ctx, coach, 0)
			must(t, err)
			for _, g := range w.Coaching {
				for _, it := range g.Items {
					if g.Kind == WorkLater && it.ID == id {
						return true
					}
				}
			}
			return false
		}
		if !asked() {
			t.Error("six months after the exit, the worklist does not ask for the destination")
		}
		later.On = teilhabe.LaterDue(testToday)
		wantErr(t, at.RecordLaterDestination(ctx, f.actor("coach.b"), id, later), teilhabe.ErrNotFound)
		wantErr(t, at.RecordLaterDestination(ctx, f.actor("cw.aa"), id, later), teilhabe.ErrForbidden)
		must(t, at.RecordLaterDestination(ctx, coach, id, later))
		wantConflict(t, at.RecordLaterDestination(ctx, coach, id, later), "err.later_recorded")
		if c := f.load(coach, id); c.Later.Destination != teilhabe.DestEmploymentFull || c.Later.Source != teilhabe.SourceParticipant {
			t.Errorf("the case after the record: %+v", c.Later)
		}
		if asked() {
			t.Error("the worklist still asks for a recorded destination")
		}
		if n := auditCount(t, db, string(teilhabe.AuditLaterDestination), id); n != 1 {
			t.Errorf("%d audit entries, want 1", n)
		}
	})
}
