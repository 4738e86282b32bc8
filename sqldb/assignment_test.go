package sqldb

import (
	"context"
	"teilhabe"
	"testing"
)

// TestExtensionWhileFirstBooked checks that an extension asked for before the
// first conversation keeps the case due on the appointment day.
func TestExtensionWhileFirstBooked(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		id := f.contact(coach, person("Anna", "Arend"))
		f.toContractSigned(coach, id, f.locA1, f.agentur)
		_, err := db.RequestAssignment(ctx, coach, id, 5, teilhabe.AssignmentRequest{})
		must(t, err)
		must(t, db.Assign(ctx, cw, id, 6, teilhabe.Assignment{Start: days(7), End: days(60)}))
		must(t, db.BookAppointment(ctx, coach, id, 7, "first", inPerson(days(10), f.locA1)))
		must(t, db.RequestExtension(ctx, coach, id, 8, teilhabe.ExtensionRequest{ProposedEnd: days(120), Reason: "Längere Eingewöhnung nötig."}))
		must(t, db.DecideExtension(ctx, cw, id, 9, teilhabe.ExtensionDecision{Decision: teilhabe.Approve}))
		c := f.load(coach, id)
		if c.Stage != teilhabe.StageFirstBooked || !c.NextDueOn.Equal(days(10)) || !c.AssignmentEnd.Equal(days(120)) {
			t.Errorf("after the extension: stage %s, next due %v, end %v; want first_booked, %v, %v",
				c.Stage, c.NextDueOn, c.AssignmentEnd, days(10), days(120))
		}
		items, _, err := db.FindCases(ctx, coach, CaseFilter{})
		must(t, err)
		if len(items) != 1 || items[0].ID != id {
			t.Errorf("open cases = %+v, want the case", items)
		}
	})
}
