package sqldb

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"teilhabe"
)

func TestInfoDeadline(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")

		// 7 calendar days: Wednesday to Wednesday.
		id := f.contact(coach, person("Anna", "Arend"))
		c := f.load(coach, id)
		if want := teilhabe.Day(2026, 12, 2); !c.InfoDueOn.Equal(want) || !c.NextDueOn.Equal(want) {
			t.Errorf("info due %v, next due %v; want %v", c.InfoDueOn, c.NextDueOn, want)
		}
		if c.Stage != teilhabe.StageContacted || c.Origin != teilhabe.OriginSelf || c.Channel != "phone" ||
			c.StartedBy != coach.Name || !c.FirstContactOn.Equal(testToday) || c.Version != 1 || c.SharedWithSponsor {
			t.Errorf("new case = %+v", c)
		}

		// 5 working days from Thursday 28 May 2026 skip the weekend and
		// Fronleichnam (4 June) in Rheinland-Pfalz.
		p, err := db.FindProgrammeByID(ctx, f.admin, f.prog.ID)
		must(t, err)
		p.InfoDeadline = teilhabe.DeadlineRule{Kind: teilhabe.DeadlineWorkingDays, Days: 5}
		must(t, db.UpdateProgramme(ctx, f.admin, p))
		may := onDay(db, teilhabe.Day(2026, 5, 28))
		id, err = may.RecordFirstContact(ctx, coach, FirstContact{Person: person("Bernd", "Berg"), Channel: "email",
			ContactOn: teilhabe.Day(2026, 5, 28)})
		must(t, err)
		c = f.load(coach, id)
		if want := teilhabe.Day(2026, 6, 5); !c.InfoDueOn.Equal(want) {
			t.Errorf("info due %v, want %v", c.InfoDueOn, want)
		}
	})
}

func TestRecordFirstContactChecksInput(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		p := person("Anna", "Arend")
		p.BirthDate = teilhabe.Day(2020, 1, 1)
		_, err := db.RecordFirstContact(ctx, coach, FirstContact{Person: p, Channel: "phone", ContactOn: testToday})
		wantInvalid(t, err, "birth_date", "err.birth_date_range")
		_, err = db.RecordFirstContact(ctx, coach, FirstContact{Person: person("A", "B"), Channel: "sponsor", ContactOn: testToday})
		wantInvalid(t, err, "channel", "err.choose")
		_, err = db.RecordFirstContact(ctx, coach, FirstContact{Person: person("A", "B"), Channel: "phone", ContactOn: days(1)})
		wantInvalid(t, err, "contact_on", "err.date_future")
		// A provider lead chooses the location, but only one of their own.
		_, err = db.RecordFirstContact(ctx, f.actor("lead.b"), FirstContact{Person: person("A", "B"), LocationID: f.locA1,
			Channel: "phone", ContactOn: testToday})
		wantInvalid(t, err, "location", "err.choose")
		_, err = db.RecordFirstContact(ctx, f.actor("cw.aa"), FirstContact{Person: person("A", "B"), LocationID: f.locA1,
			Channel: "phone", ContactOn: testToday})
		wantErr(t, err, teilhabe.ErrNotFound)
		if n := count(t, db, `SELECT COUNT(*) FROM cases`); n != 0 {
			t.Errorf("cases after rejected first contacts = %d, want 0", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM persons`); n != 0 {
			t.Errorf("persons after rejected first contacts = %d, want 0", n)
		}

		// A known person gets a new case only once the old one is closed.
		first := f.contact(coach, person("Anna", "Arend"))
		personID := f.load(coach, first).Person.ID
		_, err = db.RecordFirstContact(ctx, coach, FirstContact{PersonID: personID, Channel: "phone", ContactOn: testToday})
		wantInvalid(t, err, "duplicate", "err.open_case_exists")
		must(t, db.Withdraw(ctx, coach, first, f.version(coach, first), "declines", ""))
		again, err := db.RecordFirstContact(ctx, coach, FirstContact{PersonID: personID, Channel: "phone", ContactOn: testToday})
		must(t, err)
		if got := f.load(coach, again).Person.ID; got != personID {
			t.Errorf("new case's person = %d, want %d", got, personID)
		}
		// A person outside the actor's scope cannot be picked.
		_, err = db.RecordFirstContact(ctx, f.actor("coach.b"), FirstContact{PersonID: personID, Channel: "phone", ContactOn: testToday})
		wantInvalid(t, err, "duplicate", "err.choose")
	})
}

// TestJourneySelfReferred walks a self-referred case from the first contact
// to running coaching and an extension, as the coach and the caseworker.
func TestJourneySelfReferred(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		id := f.contact(coach, person("Anna", "Arend"))

		// Info appointment in two days; it cannot be held before it happens.
		must(t, db.BookAppointment(ctx, coach, id, 1, "info", AppointmentInput{On: days(2), At: "9:05", Mode: "in_person",
			LocationID: f.locA1, Needs: []string{"step_free"}}))
		f.wantStage(id, teilhabe.StageInfoBooked)
		err := db.SetAppointmentOutcome(ctx, coach, id, 2, "info", "held")
		wantInvalid(t, err, "outcome", "err.appointment_in_future")
		f.wantStage(id, teilhabe.StageInfoBooked)
		d, err := db.FindCaseByID(ctx, coach, id)
		must(t, err)
		want := []Appointment{{ID: d.Appointments[0].ID, Kind: "info", On: days(2), At: "09:05", Mode: "in_person",
			LocationID: f.locA1, Location: "Caritas Mitte", Needs: []string{"step_free"}, Status: "booked"}}
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
		var inel *IneligibleError
		if !errors.As(err, &inel) || !cmp.Equal(inel.Reasons, []string{"proof_expired"}) {
			t.Fatalf("RecordEligibility with an expired proof: err = %v, want IneligibleError proof_expired", err)
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
		wantInvalid(t, fri.SignContract(ctx, coach, id, 4, days(2), false), "signed_on", "err.signed_before_eligibility")
		must(t, fri.SignContract(ctx, coach, id, 4, days(3), true))
		waiting, err := fri.RequestAssignment(ctx, coach, id, 5, "Bitte zuweisen.")
		if err != nil || waiting {
			t.Fatalf("RequestAssignment = %v, %v; want an open request", waiting, err)
		}
		f.wantStage(id, teilhabe.StageAssignmentRequested)
		in, err := db.FindInbox(ctx, cw)
		must(t, err)
		if len(in.Mine) != 1 || in.Mine[0].Kind != MsgAssignmentRequest || in.Mine[0].CaseID != id || in.Mine[0].Note != "Bitte zuweisen." {
			t.Fatalf("caseworker's inbox = %+v, want the assignment request", in.Mine)
		}

		// The caseworker assigns; the default end is twelve months less a day.
		sponsorVersion := f.version(cw, id)
		err = fri.Assign(ctx, cw, id, sponsorVersion, Assignment{Start: days(7), End: days(6)})
		wantInvalid(t, err, "end", "err.end_before_start")
		wantErr(t, fri.Assign(ctx, coach, id, sponsorVersion, Assignment{Start: days(7)}), teilhabe.ErrForbidden)
		must(t, fri.Assign(ctx, cw, id, sponsorVersion, Assignment{Start: days(7)}))
		c = f.load(cw, id)
		if c.Stage != teilhabe.StageAssigned || !c.AssignmentStart.Equal(teilhabe.Day(2026, 12, 2)) ||
			!c.AssignmentEnd.Equal(teilhabe.Day(2027, 12, 1)) || c.CaseworkerID != cw.UserID || c.CaseworkerName != cw.Name {
			t.Errorf("after Assign: stage %s, %v – %v, caseworker %d %q", c.Stage, c.AssignmentStart, c.AssignmentEnd,
				c.CaseworkerID, c.CaseworkerName)
		}
		in, err = db.FindInbox(ctx, coach)
		must(t, err)
		if len(in.Recent) == 0 || in.Recent[0].Kind != MsgAssignmentReply || in.Recent[0].Status != StatusAccepted {
			t.Errorf("coach's recent messages = %+v, want the assignment first", in.Recent)
		}

		// First conversation on the start day, held then: coaching runs.
		must(t, fri.BookAppointment(ctx, coach, id, f.version(coach, id), "first", AppointmentInput{On: days(7), At: "14:00", Mode: "remote"}))
		f.wantStage(id, teilhabe.StageFirstBooked)
		start := onDay(db, days(7))
		must(t, start.SetAppointmentOutcome(ctx, coach, id, f.version(coach, id), "first", "held"))
		c = f.load(coach, id)
		if c.Stage != teilhabe.StageActive || !c.NextDueOn.Equal(teilhabe.Day(2027, 11, 3)) {
			t.Errorf("after the first conversation: stage %s, next due %v; want active, 4 weeks before the end", c.Stage, c.NextDueOn)
		}

		// Extension: one open request at a time; approval moves the end.
		later := onDay(db, teilhabe.Day(2027, 10, 1))
		must(t, later.RequestExtension(ctx, coach, id, c.Version, teilhabe.Day(2028, 3, 1), "Übernahme in Aussicht."))
		err = later.RequestExtension(ctx, coach, id, c.Version+1, teilhabe.Day(2028, 2, 1), "Noch einmal.")
		wantConflict(t, err, "err.extension_open")
		wantInvalid(t, later.RequestExtension(ctx, coach, id, c.Version+1, teilhabe.Day(2027, 11, 1), "Zu früh."),
			"proposed_end", "err.extension_after_end")
		must(t, later.DecideExtension(ctx, cw, id, c.Version+1, true, time.Time{}, ""))
		c = f.load(coach, id)
		if !c.AssignmentEnd.Equal(teilhabe.Day(2028, 3, 1)) || c.Stage != teilhabe.StageActive {
			t.Errorf("after the approved extension: end %v stage %s, want 01.03.2028 active", c.AssignmentEnd, c.Stage)
		}
		wantConflict(t, later.DecideExtension(ctx, cw, id, c.Version, true, time.Time{}, ""), "err.no_extension_open")
		// With the first answered, a new request may follow.
		must(t, later.RequestExtension(ctx, coach, id, c.Version, teilhabe.Day(2028, 6, 1), "Noch drei Monate."))
		wantInvalid(t, later.DecideExtension(ctx, cw, id, c.Version+1, false, time.Time{}, ""), "note", "err.required")
		must(t, later.DecideExtension(ctx, cw, id, c.Version+1, false, time.Time{}, "Nicht begründet."))
		if c = f.load(coach, id); !c.AssignmentEnd.Equal(teilhabe.Day(2028, 3, 1)) {
			t.Errorf("after the refused extension: end %v, want 01.03.2028", c.AssignmentEnd)
		}

		// The timeline records the whole way.
		d, err = db.FindCaseByID(ctx, coach, id)
		must(t, err)
		var kinds []string
		for i := len(d.Events) - 1; i >= 0; i-- {
			kinds = append(kinds, d.Events[i].Kind)
		}
		wantKinds := []string{"first_contact", "info_booked", "info_held", "eligible", "contract_signed",
			"assignment_requested", "assigned", "first_booked", "first_held", "extension_requested", "extension_accepted",
			"extension_requested", "extension_declined"}
		if diff := cmp.Diff(wantKinds, kinds); diff != "" {
			t.Errorf("timeline, oldest first (-want +got):\n%s", diff)
		}
	})
}

func TestJourneyAnnouncement(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.jc")
		announce := func(first, last string) int64 {
			t.Helper()
			id, err := db.Announce(ctx, cw, Announcement{Person: person(first, last), LocationID: f.locA1,
				CustomerNumber: "123D456789", Reason: "Sucht Begleitung."})
			if err != nil {
				t.Fatalf("Announce: %v", err)
			}
			return id
		}
		_, err := db.Announce(ctx, cw, Announcement{Person: person("A", "B"), LocationID: f.locA1})
		wantInvalid(t, err, "customer_number", "err.required")
		_, err = db.Announce(ctx, coach, Announcement{Person: person("A", "B"), LocationID: f.locA1, CustomerNumber: "1", Reason: "x"})
		wantErr(t, err, teilhabe.ErrNotFound)

		id := announce("Claudia", "Christ")
		c := f.load(cw, id)
		if c.Stage != teilhabe.StageAnnounced || c.Origin != teilhabe.OriginSponsor || !c.SharedWithSponsor ||
			c.SponsorID != f.jobcenter || c.Eligibility.LegalDomain != teilhabe.SGB2 || c.Eligibility.CustomerNumber != "123D456789" ||
			!c.InfoDueOn.Equal(teilhabe.Day(2026, 12, 2)) {
			t.Errorf("announced case = %+v", c)
		}
		in, err := db.FindInbox(ctx, coach)
		must(t, err)
		if len(in.Mine) != 1 || in.Mine[0].Kind != MsgAnnouncement || in.Mine[0].PersonName != "Christ, Claudia" {
			t.Fatalf("coach's inbox = %+v, want the announcement", in.Mine)
		}
		// The provider of another location does not get it.
		in, err = db.FindInbox(ctx, f.actor("coach.b"))
		must(t, err)
		if len(in.Mine)+len(in.Theirs)+len(in.Recent) != 0 {
			t.Errorf("coach B's inbox = %+v, want it empty", in)
		}

		// Confirming books the info appointment.
		wantConflict(t, db.BookAppointment(ctx, coach, id, 1, "info", inPerson(days(1), f.locA1)), "journey.need.contact")
		must(t, db.ConfirmAnnouncement(ctx, coach, id, 1, inPerson(days(1), f.locA1)))
		d, err := db.FindCaseByID(ctx, cw, id)
		must(t, err)
		if d.Case.Stage != teilhabe.StageInfoBooked || len(d.Appointments) != 1 || d.Appointments[0].Status != "booked" {
			t.Errorf("after confirming: stage %s, appointments %+v", d.Case.Stage, d.Appointments)
		}
		in, err = db.FindInbox(ctx, cw)
		must(t, err)
		if len(in.Theirs) != 0 || len(in.Recent) != 2 || in.Recent[0].Status != StatusAccepted {
			t.Errorf("caseworker's inbox after confirming = %+v", in)
		}

		// The announcing sponsor stays responsible.
		must(t, onDay(db, days(1)).SetAppointmentOutcome(ctx, coach, id, 2, "info", "held"))
		wantInvalid(t, onDay(db, days(1)).RecordEligibility(ctx, coach, id, 3, f.eligible(f.agentur), false), "sponsor", "err.sponsor_fixed")
		must(t, onDay(db, days(1)).RecordEligibility(ctx, coach, id, 3, f.eligible(f.jobcenter), false))

		// Declining closes the case with a reason the sponsor reads.
		other := announce("Dennis", "Dahm")
		wantInvalid(t, db.DeclineAnnouncement(ctx, coach, other, 1, "bored", ""), "reason", "err.choose")
		wantInvalid(t, db.DeclineAnnouncement(ctx, coach, other, 1, "other", ""), "note", "err.note_for_other")
		wantErr(t, db.DeclineAnnouncement(ctx, cw, other, 1, "no_capacity", ""), teilhabe.ErrForbidden)
		must(t, db.DeclineAnnouncement(ctx, coach, other, 1, "no_capacity", "Kurs voll."))
		c = f.load(cw, other)
		if c.Stage != teilhabe.StageDeclined || c.ClosedReason != "no_capacity" || !c.NextDueOn.IsZero() {
			t.Errorf("declined case: stage %s, reason %s, next due %v", c.Stage, c.ClosedReason, c.NextDueOn)
		}
		in, err = db.FindInbox(ctx, cw)
		must(t, err)
		var reply *Message
		for i, m := range in.Recent {
			if m.CaseID == other && m.Kind == MsgAnnouncementReply {
				reply = &in.Recent[i]
			}
		}
		if reply == nil || reply.Status != StatusDeclined || reply.ReasonCode != "no_capacity" || reply.Note != "Kurs voll." ||
			reply.CreatedBy != coach.Name || reply.PersonName != "Dahm, Dennis" {
			t.Errorf("caseworker's reply = %+v, want the refusal with its reason", reply)
		}
		for _, m := range append(in.Mine, in.Theirs...) {
			if m.CaseID == other {
				t.Errorf("message %+v about the declined case still awaits someone", m)
			}
		}
		wantConflict(t, db.ConfirmAnnouncement(ctx, coach, other, 2, inPerson(days(1), f.locA1)), "journey.closed")
	})
}

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
			{"SignContract", func() error { return db.SignContract(ctx, coach, id, 1, testToday, false) }, "journey.need.eligible"},
			{"RecordEligibility", func() error { return db.RecordEligibility(ctx, coach, id, 1, f.eligible(f.agentur), false) }, "journey.need.info_held"},
			{"SetAppointmentOutcome", func() error { return db.SetAppointmentOutcome(ctx, coach, id, 1, "info", "held") }, "journey.need.info_booked"},
			{"RequestAssignment", func() error { _, err := db.RequestAssignment(ctx, coach, id, 1, ""); return err }, "journey.need.contract"},
			{"BookAppointment first", func() error { return db.BookAppointment(ctx, coach, id, 1, "first", inPerson(testToday, f.locA1)) }, "journey.need.assigned"},
			{"ConfirmAnnouncement", func() error { return db.ConfirmAnnouncement(ctx, coach, id, 1, inPerson(testToday, f.locA1)) }, "journey.need.announced"},
			{"RequestExtension", func() error { return db.RequestExtension(ctx, coach, id, 1, days(400), "x") }, "journey.need.assigned"},
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
		must(t, db.Withdraw(ctx, coach, id, 1, "took_up_work", ""))
		wantConflict(t, db.BookAppointment(ctx, coach, id, 2, "info", inPerson(testToday, f.locA1)), "journey.closed")
		wantConflict(t, db.AddConsent(ctx, coach, id, "employer", "", testToday), "journey.closed")
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
		// Rebooking with the current version cancels the old appointment.
		must(t, db.BookAppointment(ctx, lead, id, 2, "info", inPerson(days(2), f.locA1)))
		d, err = db.FindCaseByID(ctx, coach, id)
		must(t, err)
		if len(d.Appointments) != 2 || d.Appointments[0].Status != "cancelled" || d.Appointments[1].Status != "booked" {
			t.Errorf("after rebooking: %+v", d.Appointments)
		}
		if d.Events[0].Kind != "info_rebooked" {
			t.Errorf("latest event = %s, want info_rebooked", d.Events[0].Kind)
		}

		// The version check in the UPDATE itself catches a save between
		// loading and writing.
		err = db.inTx(ctx, func(t *tx) error {
			c, next, err := t.change(ctx, coach, id, 3, teilhabe.ActInfoMissed, teilhabe.CanWorkCase)
			if err != nil {
				return err
			}
			if _, err := t.exec(ctx, `UPDATE cases SET version = version + 1 WHERE id = ?`, id); err != nil {
				return err
			}
			return t.save(ctx, c, next, time.Time{}, caseUpdate{})
		})
		wantErr(t, err, teilhabe.ErrStale)
		if s, v := f.stage(id); s != teilhabe.StageInfoBooked || v != 3 {
			t.Errorf("after the lost race: stage %s version %d, want info_booked 3", s, v)
		}
	})
}

func TestNotEligibleConfirmed(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		must(t, db.BookAppointment(ctx, coach, id, 1, "info", inPerson(testToday, f.locA1)))
		must(t, db.SetAppointmentOutcome(ctx, coach, id, 2, "info", "held"))
		e := f.eligible(f.agentur)
		e.JobSeeking, e.Barriers = false, nil
		err := db.RecordEligibility(ctx, coach, id, 3, e, false)
		var inel *IneligibleError
		if !errors.As(err, &inel) || !cmp.Equal(inel.Reasons, []string{"not_job_seeking", "no_barrier"}) {
			t.Fatalf("err = %v, want IneligibleError not_job_seeking, no_barrier", err)
		}
		if s, v := f.stage(id); s != teilhabe.StageEligibilityPending || v != 3 {
			t.Errorf("after the unconfirmed check: stage %s version %d, want eligibility_pending 3", s, v)
		}
		if n := auditCount(t, db, "case.eligibility", id); n != 0 {
			t.Errorf("eligibility audit entries = %d, want 0", n)
		}
		must(t, db.RecordEligibility(ctx, coach, id, 3, e, true))
		c := f.load(coach, id)
		if c.Stage != teilhabe.StageNotEligible || c.ClosedReason != "not_eligible" ||
			!cmp.Equal(c.IneligibleReasons, []string{"not_job_seeking", "no_barrier"}) || !c.NextDueOn.IsZero() {
			t.Errorf("closed case: stage %s, reason %s, reasons %v, next due %v", c.Stage, c.ClosedReason, c.IneligibleReasons, c.NextDueOn)
		}
		open, _, err := db.FindCases(ctx, coach, CaseFilter{})
		must(t, err)
		closed, _, err := db.FindCases(ctx, coach, CaseFilter{Closed: true})
		must(t, err)
		if len(open) != 0 || len(closed) != 1 || closed[0].ID != id {
			t.Errorf("open %v, closed %v; want the case among the closed", open, closed)
		}
	})
}

func TestAppointmentNoShow(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		wantInvalid(t, db.BookAppointment(ctx, coach, id, 1, "info", AppointmentInput{On: days(1), At: "25:00", Mode: "remote"}), "at", "err.time")
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

// TestExtensionWhileFirstBooked checks that an extension asked for before the
// first conversation keeps the case due on the appointment day.
func TestExtensionWhileFirstBooked(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		id := f.contact(coach, person("Anna", "Arend"))
		f.toContractSigned(coach, id, f.locA1, f.agentur)
		_, err := db.RequestAssignment(ctx, coach, id, 5, "")
		must(t, err)
		must(t, db.Assign(ctx, cw, id, 6, Assignment{Start: days(7), End: days(60)}))
		must(t, db.BookAppointment(ctx, coach, id, 7, "first", inPerson(days(10), f.locA1)))
		must(t, db.RequestExtension(ctx, coach, id, 8, days(120), "Längere Eingewöhnung nötig."))
		must(t, db.DecideExtension(ctx, cw, id, 9, true, time.Time{}, ""))
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

func TestConsents(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		wantInvalid(t, db.AddConsent(ctx, coach, id, "other", "", testToday), "recipient", "err.required")
		wantInvalid(t, db.AddConsent(ctx, coach, id, "everyone", "", testToday), "scope", "err.choose")
		wantErr(t, db.AddConsent(ctx, f.actor("coach.b"), id, "employer", "", testToday), teilhabe.ErrNotFound)
		must(t, db.AddConsent(ctx, coach, id, "employer", "", days(-2)))
		d, err := db.FindCaseByID(ctx, coach, id)
		must(t, err)
		if len(d.Consents) != 1 || d.Consents[0].Scope != "employer" || !d.Consents[0].GivenOn.Equal(days(-2)) || !d.Consents[0].RevokedOn.IsZero() {
			t.Fatalf("consents = %+v", d.Consents)
		}
		cid := d.Consents[0].ID
		must(t, db.RevokeConsent(ctx, coach, id, cid))
		wantConflict(t, db.RevokeConsent(ctx, coach, id, cid), "err.consent_revoked")
		d, err = db.FindCaseByID(ctx, coach, id)
		must(t, err)
		if !d.Consents[0].RevokedOn.Equal(testToday) {
			t.Errorf("revoked on %v, want today", d.Consents[0].RevokedOn)
		}
		// A consent of one case cannot be revoked through another.
		other := f.contact(coach, person("Bernd", "Berg"))
		wantConflict(t, db.RevokeConsent(ctx, coach, other, cid), "err.consent_revoked")
	})
}

// TestFirstContactForKnownPersonOutOfScope: a coach cannot start a case for
// a person known only at another provider.
func TestFirstContactForKnownPersonOutOfScope(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		personID := f.load(coach, id).Person.ID
		must(t, db.Withdraw(ctx, coach, id, f.version(coach, id), "declines", ""))
		_, err := db.RecordFirstContact(ctx, f.actor("coach.b"), FirstContact{PersonID: personID, Channel: "phone", ContactOn: testToday})
		wantInvalid(t, err, "duplicate", "err.choose")
	})
}

// TestNotEligibleWithoutSponsor: a person who is not job-seeking can be
// closed as not eligible without naming a sponsor; an eligible one cannot
// go on without one.
func TestNotEligibleWithoutSponsor(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		must(t, db.BookAppointment(ctx, coach, id, f.version(coach, id), "info", inPerson(testToday, f.locA1)))
		must(t, db.SetAppointmentOutcome(ctx, coach, id, f.version(coach, id), "info", "held"))

		e := f.eligible(f.agentur)
		e.SponsorID, e.LegalDomain = 0, ""
		wantInvalid(t, db.RecordEligibility(ctx, coach, id, f.version(coach, id), e, false), "sponsor", "err.choose")

		e.JobSeeking = false
		must(t, db.RecordEligibility(ctx, coach, id, f.version(coach, id), e, true))
		f.wantStage(id, teilhabe.StageNotEligible)
	})
}

// TestProgrammeBarrierCatalogue: the eligibility check accepts only the
// placement barriers of the programme's own catalogue.
func TestProgrammeBarrierCatalogue(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		admin := f.actor("admin")
		p, err := db.FindProgrammeByID(ctx, admin, f.prog.ID)
		must(t, err)
		p.Barriers = []string{"long_term_unemployed", "age_50_plus"}
		must(t, db.UpdateProgramme(ctx, admin, p))

		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		must(t, db.BookAppointment(ctx, coach, id, f.version(coach, id), "info", inPerson(testToday, f.locA1)))
		must(t, db.SetAppointmentOutcome(ctx, coach, id, f.version(coach, id), "info", "held"))
		e := f.eligible(f.agentur) // barrier "mobility": not in this programme
		wantInvalid(t, db.RecordEligibility(ctx, coach, id, f.version(coach, id), e, false), "barriers", "err.barrier_not_in_programme")
		e.Barriers = []string{"age_50_plus"}
		must(t, db.RecordEligibility(ctx, coach, id, f.version(coach, id), e, false))
		f.wantStage(id, teilhabe.StageContractPending)
	})
}
