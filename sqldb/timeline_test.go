package sqldb

import (
	"context"
	"teilhabe"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestInternalNotes checks that sponsors never see the provider's notes.
func TestInternalNotes(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, lead, cw := f.actor("coach.a1"), f.actor("lead.a"), f.actor("cw.aa")
		id := f.contact(coach, person("Anna", "Arend"))
		f.toContractSigned(coach, id, f.locA1, f.agentur)
		_, err := db.RequestAssignment(ctx, coach, id, f.version(coach, id), teilhabe.AssignmentRequest{})
		must(t, err)

		wantInvalid(t, db.AddNote(ctx, coach, id, internalNote("   ")), "text", "err.required")
		must(t, db.AddNote(ctx, coach, id, internalNote("Wirkt sehr motiviert, Rückfrage beim Arzt offen.")))
		wantErr(t, db.AddNote(ctx, cw, id, internalNote("Notiz vom Träger?")), teilhabe.ErrForbidden)

		notes := func(a teilhabe.Actor) (internal, all int) {
			t.Helper()
			d, err := db.FindCaseByID(ctx, a, id)
			must(t, err)
			for _, e := range d.Events {
				if e.Internal || e.Kind == "note" {
					internal++
				}
			}
			return internal, len(d.Events)
		}
		if n, _ := notes(coach); n != 1 {
			t.Errorf("coach sees %d notes, want 1", n)
		}
		if n, _ := notes(lead); n != 1 {
			t.Errorf("provider lead sees %d notes, want 1", n)
		}
		n, all := notes(cw)
		if n != 0 {
			t.Errorf("sponsor sees %d notes, want 0", n)
		}
		if all == 0 {
			t.Error("sponsor sees no timeline at all, want the non-internal events")
		}
		if got := auditCount(t, db, "case.note_added", id); got != 1 {
			t.Errorf("note_added audit entries = %d, want 1", got)
		}
		// The note's text stays out of the audit log.
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%motiviert%'`); n != 0 {
			t.Error("the note's text is in the audit log")
		}
	})
}

// TestEventDetailsAreTyped checks that each detail of a timeline event
// comes back in its own field, and that a note's text is never read as a
// code, whatever it looks like (a note "code:decline.other" was once shown
// as the label of that code).
func TestEventDetailsAreTyped(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		must(t, db.BookAppointment(ctx, coach, id, 1, teilhabe.AppointmentInfo, inPerson(days(2), f.locA1)))
		must(t, db.AddNote(ctx, coach, id, internalNote("code:decline.other")))
		must(t, db.AddNote(ctx, coach, id, internalNote("codes:ineligible:no_barrier")))
		d, err := db.FindCaseByID(ctx, coach, id)
		must(t, err)
		strip := func(e teilhabe.Event) teilhabe.Event { e.At, e.ActorName = time.Time{}, ""; return e }
		var got []teilhabe.Event
		for i := len(d.Events) - 1; i >= 0; i-- {
			got = append(got, strip(d.Events[i]))
		}
		want := []teilhabe.Event{
			{Kind: teilhabe.EventFirstContact, Codes: []string{"phone"}},
			{Kind: teilhabe.EventInfoBooked, On: days(2), Time: "10:30"},
			{Kind: teilhabe.EventNote, Internal: true, Text: "code:decline.other", On: testToday},
			{Kind: teilhabe.EventNote, Internal: true, Text: "codes:ineligible:no_barrier", On: testToday},
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("timeline (-want +got):\n%s", diff)
		}
		for _, e := range got[2:] {
			if labels := e.Labels(); len(labels) != 0 {
				t.Errorf("note %q has labels %v, want none", e.Text, labels)
			}
		}
	})
}
