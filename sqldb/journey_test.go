package sqldb

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"teilhabe"
)

// TestJourneySelfReferred walks a self-referred case from the first contact
// to running coaching and an extension, as the coach and the caseworker.
func TestJourneySelfReferred(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		id := f.contact(coach, person("Anna", "Arend"))

		// Info appointment in two days; it cannot be held before it happens.
		must(t, db.BookAppointment(ctx, coach, id, 1, "info", teilhabe.Booking{On: days(2), At: "9:05", Mode: "in_person",
			LocationID: f.locA1, Needs: []teilhabe.Need{"step_free"}}))
		f.wantStage(id, teilhabe.StageInfoBooked)
		err := db.SetAppointmentOutcome(ctx, coach, id, 2, "info", "held")
		wantInvalid(t, err, "outcome", "err.appointment_in_future")
		f.wantStage(id, teilhabe.StageInfoBooked)
		d, err := db.FindCaseByID(ctx, coach, id)
		must(t, err)
		want := []teilhabe.Appointment{{ID: d.Appointments[0].ID, CaseID: id, Kind: "info", On: days(2), At: "09:05", Mode: "in_person",
			LocationID: f.locA1, Location: "Caritas Mitte", Needs: []teilhabe.Need{"step_free"}, Status: "booked", Minutes: 60, Version: 1,
			StaffID: coach.UserID, Staff: "Test coach.a1"}}
		if diff := cmp.Diff(want, d.Appointments); diff != "" {
			t.Errorf("appointments (-want +got):\n%s", diff)
		}
		if !d.Case.NextDueOn.Equal(days(2)) {
			t.Errorf("next due %v, want the appointment day %v", d.Case.NextDueOn, days(2))
		}

		thu := onDay(db, days(2))
		must(t, thu.SetAppointmentOutcome(ctx, coach, id, 2, "info", "held"))
		f.wantStage(id, teilhabe.StageEligibilityPending)

		// Eligibility: an expired proof is never accepted silently.
		fri := onDay(db, days(3))
		e := f.eligible(f.agentur)
		e.ProofUnlimited, e.ProofValidUntil = false, teilhabe.Day(2026, 10, 31)
		err = fri.RecordEligibility(ctx, coach, id, 3, e, false)
		var inel *teilhabe.IneligibleError
		if !errors.As(err, &inel) || !cmp.Equal(inel.Reasons, []teilhabe.IneligibleReason{"proof_expired"}) {
			t.Fatalf("RecordEligibility with an expired proof: err = %v, want teilhabe.IneligibleError proof_expired", err)
		}
		if s, v := f.stage(id); s != teilhabe.StageEligibilityPending || v != 3 {
			t.Errorf("after the unconfirmed ineligible check: stage %s version %d, want eligibility_pending 3", s, v)
		}
		// The sponsor must serve the legal domain.
		e = f.eligible(f.agentur)
		e.LegalDomain = teilhabe.SGB2
		wantInvalid(t, fri.RecordEligibility(ctx, coach, id, 3, e, false), "sponsor", "err.sponsor_domain")
		if s, v := f.stage(id); s != teilhabe.StageEligibilityPending || v != 3 {
			t.Errorf("after the domain mismatch: stage %s version %d, want eligibility_pending 3", s, v)
		}
		must(t, fri.RecordEligibility(ctx, coach, id, 3, f.eligible(f.agentur), false))
		c := f.load(coach, id)
		if c.Stage != teilhabe.StageContractPending || c.SponsorID != f.agentur || c.SharedWithSponsor ||
			c.Eligibility.LegalDomain != teilhabe.SGB3 || c.Eligibility.GdB != 50 || !c.EligibilityOn.Equal(days(3)) ||
			!c.InfoHeldOn.Equal(days(2)) {
			t.Errorf("after eligibility: %+v", c)
		}
		// Not shared yet: the sponsor does not see the case.
		_, err = db.FindCaseByID(ctx, cw, id)
		wantErr(t, err, teilhabe.ErrNotFound)

		// The contract cannot predate the eligibility check.
		wantInvalid(t, fri.SignContract(ctx, coach, id, 4, teilhabe.ContractSignature{SignedOn: days(2), EasyLanguage: false}), "signed_on", "err.signed_before_eligibility")
		must(t, fri.SignContract(ctx, coach, id, 4, teilhabe.ContractSignature{SignedOn: days(3), EasyLanguage: true}))
		waiting, err := fri.RequestAssignment(ctx, coach, id, 5, teilhabe.AssignmentRequest{Note: "Bitte zuweisen."})
		if err != nil || waiting {
			t.Fatalf("RequestAssignment = %v, %v; want an open request", waiting, err)
		}
		f.wantStage(id, teilhabe.StageAssignmentRequested)
		in, err := db.FindInbox(ctx, cw, InboxFilter{})
		must(t, err)
		if len(in.Mine) != 1 || in.Mine[0].Kind != teilhabe.MsgAssignmentRequest || in.Mine[0].CaseID != id || in.Mine[0].Note != "Bitte zuweisen." {
			t.Fatalf("caseworker's inbox = %+v, want the assignment request", in.Mine)
		}

		// The caseworker assigns; the default end is twelve months less a day.
		sponsorVersion := f.version(cw, id)
		err = fri.Assign(ctx, cw, id, sponsorVersion, teilhabe.Assignment{Start: days(7), End: days(6)})
		wantInvalid(t, err, "end", "err.end_before_start")
		wantErr(t, fri.Assign(ctx, coach, id, sponsorVersion, teilhabe.Assignment{Start: days(7)}), teilhabe.ErrForbidden)
		must(t, fri.Assign(ctx, cw, id, sponsorVersion, teilhabe.Assignment{Start: days(7)}))
		c = f.load(cw, id)
		if c.Stage != teilhabe.StageAssigned || !c.AssignmentStart.Equal(teilhabe.Day(2026, 12, 2)) ||
			!c.AssignmentEnd.Equal(teilhabe.Day(2027, 12, 1)) || c.CaseworkerID != cw.UserID || c.CaseworkerName != cw.Name {
			t.Errorf("after Assign: stage %s, %v – %v, caseworker %d %q", c.Stage, c.AssignmentStart, c.AssignmentEnd,
				c.CaseworkerID, c.CaseworkerName)
		}
		in, err = db.FindInbox(ctx, coach, InboxFilter{})
		must(t, err)
		if len(in.Recent) == 0 || in.Recent[0].Kind != teilhabe.MsgAssignmentReply || in.Recent[0].Status != teilhabe.StatusAccepted {
			t.Errorf("coach's recent messages = %+v, want the assignment first", in.Recent)
		}

		// First conversation on the start day, held then: coaching runs.
		must(t, fri.BookAppointment(ctx, coach, id, f.version(coach, id), "first", teilhabe.Booking{On: days(7), At: "14:00", Mode: "remote"}))
		f.wantStage(id, teilhabe.StageFirstBooked)
		start := onDay(db, days(7))
		must(t, start.SetAppointmentOutcome(ctx, coach, id, f.version(coach, id), "first", "held"))
		c = f.load(coach, id)
		if c.Stage != teilhabe.StageActive || !c.NextDueOn.Equal(teilhabe.Day(2027, 11, 3)) {
			t.Errorf("after the first conversation: stage %s, next due %v; want active, 4 weeks before the end", c.Stage, c.NextDueOn)
		}

		// Extension: one open request at a time; approval moves the end.
		later := onDay(db, teilhabe.Day(2027, 10, 1))
		must(t, later.RequestExtension(ctx, coach, id, c.Version, teilhabe.ExtensionRequest{ProposedEnd: teilhabe.Day(2028, 3, 1), Reason: "Übernahme in Aussicht."}))
		err = later.RequestExtension(ctx, coach, id, c.Version+1, teilhabe.ExtensionRequest{ProposedEnd: teilhabe.Day(2028, 2, 1), Reason: "Noch einmal."})
		wantConflict(t, err, "err.extension_open")
		wantInvalid(t, later.RequestExtension(ctx, coach, id, c.Version+1, teilhabe.ExtensionRequest{ProposedEnd: teilhabe.Day(2027, 11, 1), Reason: "Zu früh."}),
			"proposed_end", "err.extension_after_end")
		must(t, later.DecideExtension(ctx, cw, id, c.Version+1, teilhabe.ExtensionDecision{Decision: teilhabe.Approve}))
		c = f.load(coach, id)
		if !c.AssignmentEnd.Equal(teilhabe.Day(2028, 3, 1)) || c.Stage != teilhabe.StageActive {
			t.Errorf("after the approved extension: end %v stage %s, want 01.03.2028 active", c.AssignmentEnd, c.Stage)
		}
		wantConflict(t, later.DecideExtension(ctx, cw, id, c.Version, teilhabe.ExtensionDecision{Decision: teilhabe.Approve}), "err.no_extension_open")
		// With the first answered, a new request may follow.
		must(t, later.RequestExtension(ctx, coach, id, c.Version, teilhabe.ExtensionRequest{ProposedEnd: teilhabe.Day(2028, 6, 1), Reason: "Noch drei Monate."}))
		wantInvalid(t, later.DecideExtension(ctx, cw, id, c.Version+1, teilhabe.ExtensionDecision{Decision: teilhabe.Refuse}), "note", "err.required")
		must(t, later.DecideExtension(ctx, cw, id, c.Version+1, teilhabe.ExtensionDecision{Decision: teilhabe.Refuse, Note: "Nicht begründet."}))
		if c = f.load(coach, id); !c.AssignmentEnd.Equal(teilhabe.Day(2028, 3, 1)) {
			t.Errorf("after the refused extension: end %v, want 01.03.2028", c.AssignmentEnd)
		}

		// The timeline records the whole way.
		d, err = db.FindCaseByID(ctx, coach, id)
		must(t, err)
		var kinds []teilhabe.EventKind
		for i := len(d.Events) - 1; i >= 0; i-- {
			kinds = append(kinds, d.Events[i].Kind)
		}
		wantKinds := []teilhabe.EventKind{"first_contact", "info_booked", "info_held", "eligible", "contract_signed",
			"assignment_requested", "assigned", "first_booked", "first_held", "extension_requested", "extension_accepted",
			"extension_requested", "extension_declined"}
		if diff := cmp.Diff(wantKinds, kinds); diff != "" {
			t.Errorf("timeline, oldest first (-want +got):\n%s", diff)
		}
	})
}
