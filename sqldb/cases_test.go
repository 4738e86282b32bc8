package sqldb

import (
	"context"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"teilhabe"
)

// TestCaseScope checks that every role reaches exactly the cases in its
// scope, and that a case outside it behaves as if it did not exist.
func TestCaseScope(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coachA1, coachA2, coachB := f.actor("coach.a1"), f.actor("coach.a2"), f.actor("coach.b")
		leadA, leadB := f.actor("lead.a"), f.actor("lead.b")
		cwAA, cwJC := f.actor("cw.aa"), f.actor("cw.jc")

		idA1 := f.contact(coachA1, person("Anna", "Arend"))
		idA2 := f.contact(coachA2, person("Bernd", "Berg")) // a coach records at their own location
		idB := f.contact(coachB, person("Claudia", "Christ"))
		if c := f.load(coachA2, idA2); c.LocationID != f.locA2 {
			t.Errorf("coach A2's case is at location %d, want %d", c.LocationID, f.locA2)
		}

		// Outside the scope: not found, for reading and for every change.
		for _, tc := range []struct {
			who teilhabe.Actor
			id  int64
		}{{coachB, idA1}, {coachA2, idA1}, {coachA1, idA2}, {leadB, idA1}, {leadA, idB}, {cwAA, idA1}, {cwJC, idA1}} {
			_, err := db.FindCaseByID(ctx, tc.who, tc.id)
			wantErr(t, err, teilhabe.ErrNotFound)
			_, err = db.CaseVersion(ctx, tc.who, tc.id)
			wantErr(t, err, teilhabe.ErrNotFound)
			wantErr(t, db.BookAppointment(ctx, tc.who, tc.id, 1, "info", inPerson(testToday, f.locA1)), teilhabe.ErrNotFound)
			wantErr(t, db.AddNote(ctx, tc.who, tc.id, internalNote("Notiz")), teilhabe.ErrNotFound)
			wantErr(t, db.Withdraw(ctx, tc.who, tc.id, 1, teilhabe.Closure[teilhabe.WithdrawReason]{Reason: "declines"}), teilhabe.ErrNotFound)
		}
		for _, name := range []string{"admin", "coord", "dpo"} {
			a := f.actor(name)
			_, err := db.FindCaseByID(ctx, a, idA1)
			wantErr(t, err, teilhabe.ErrNotFound)
			_, _, err = db.FindCases(ctx, a, CaseFilter{})
			wantErr(t, err, teilhabe.ErrNotFound)
			_, err = db.FindInbox(ctx, a, InboxFilter{})
			wantErr(t, err, teilhabe.ErrNotFound)
			_, _, err = db.RecordFirstContact(ctx, a, teilhabe.FirstContact{Person: person("X", "Y"), LocationID: f.locA1,
				Channel: "phone", ContactOn: testToday})
			wantErr(t, err, teilhabe.ErrNotFound)
		}
		if s, v := f.stage(idA1); s != teilhabe.StageContacted || v != 1 {
			t.Errorf("case A1 after attempts from outside: stage %s version %d, want contacted 1", s, v)
		}

		// The provider lead works the cases of both their locations.
		must(t, db.BookAppointment(ctx, leadA, idA2, 1, "info", inPerson(testToday, f.locA2)))
		// In person only at the case's provider.
		wantInvalid(t, db.BookAppointment(ctx, leadA, idA1, 1, "info", inPerson(testToday, f.locB)), "location", "err.choose")

		// The sponsor sees a self-referred case only once asked to assign it,
		// even after it became responsible in the eligibility check.
		f.toContractSigned(coachA1, idA1, f.locA1, f.agentur)
		if c := f.load(coachA1, idA1); c.SponsorID != f.agentur || c.SharedWithSponsor {
			t.Fatalf("after the contract: sponsor %d shared %v; want the Agentur, not shared", c.SponsorID, c.SharedWithSponsor)
		}
		_, err := db.FindCaseByID(ctx, cwAA, idA1)
		wantErr(t, err, teilhabe.ErrNotFound)
		_, err = db.RequestAssignment(ctx, coachA1, idA1, f.version(coachA1, idA1), teilhabe.AssignmentRequest{})
		must(t, err)
		if c := f.load(cwAA, idA1); !c.SharedWithSponsor || c.Stage != teilhabe.StageAssignmentRequested {
			t.Errorf("sponsor's view: shared %v stage %s", c.SharedWithSponsor, c.Stage)
		}
		_, err = db.FindCaseByID(ctx, cwJC, idA1)
		wantErr(t, err, teilhabe.ErrNotFound)
		// Only the responsible sponsor decides; the provider cannot.
		wantErr(t, db.Assign(ctx, cwJC, idA1, f.version(cwAA, idA1), teilhabe.Assignment{Start: days(7)}), teilhabe.ErrNotFound)
		wantErr(t, db.Assign(ctx, leadA, idA1, f.version(cwAA, idA1), teilhabe.Assignment{Start: days(7)}), teilhabe.ErrForbidden)
		// And the sponsor cannot work the provider's side.
		wantErr(t, db.Withdraw(ctx, cwAA, idA1, f.version(cwAA, idA1), teilhabe.Closure[teilhabe.WithdrawReason]{Reason: "declines"}), teilhabe.ErrForbidden)

		// Each role's case list holds exactly its scope.
		for _, tc := range []struct {
			who  string
			want []int64
		}{
			{"coach.a1", []int64{idA1}},
			{"coach.a2", []int64{idA2}},
			{"coach.b", []int64{idB}},
			{"lead.a", []int64{idA1, idA2}},
			{"lead.b", []int64{idB}},
			{"cw.aa", []int64{idA1}},
			{"cw.jc", nil},
		} {
			items, more, err := db.FindCases(ctx, f.actor(tc.who), CaseFilter{})
			must(t, err)
			var got []int64
			for _, it := range items {
				got = append(got, it.ID)
			}
			sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
			if !cmp.Equal(tc.want, got) || more {
				t.Errorf("FindCases as %s = %v (more %v), want %v", tc.who, got, more, tc.want)
			}
		}

		// The lead narrows the list to one location.
		items, _, err := db.FindCases(ctx, leadA, CaseFilter{LocationID: f.locA2})
		must(t, err)
		if len(items) != 1 || items[0].ID != idA2 || items[0].LocationName != "Caritas Klein" {
			t.Errorf("lead A's cases at A2 = %+v, want case %d", items, idA2)
		}
	})
}
