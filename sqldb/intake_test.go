package sqldb

import (
	"context"
	"teilhabe"
	"testing"
	"time"
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
		id, _, err = may.RecordFirstContact(ctx, coach, teilhabe.FirstContact{Person: person("Bernd", "Berg"), Channel: "email",
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
		_, _, err := db.RecordFirstContact(ctx, coach, teilhabe.FirstContact{Person: p, Channel: "phone", ContactOn: testToday})
		wantInvalid(t, err, "birth_date", "err.birth_date_range")
		_, _, err = db.RecordFirstContact(ctx, coach, teilhabe.FirstContact{Person: person("A", "B"), Channel: "sponsor", ContactOn: testToday})
		wantInvalid(t, err, "channel", "err.choose")
		_, _, err = db.RecordFirstContact(ctx, coach, teilhabe.FirstContact{Person: person("A", "B"), Channel: "phone", ContactOn: days(1)})
		wantInvalid(t, err, "contact_on", "err.date_future")
		// A provider lead chooses the location, but only one of their own.
		_, _, err = db.RecordFirstContact(ctx, f.actor("lead.b"), teilhabe.FirstContact{Person: person("A", "B"), LocationID: f.locA1,
			Channel: "phone", ContactOn: testToday})
		wantInvalid(t, err, "location", "err.choose")
		_, _, err = db.RecordFirstContact(ctx, f.actor("cw.aa"), teilhabe.FirstContact{Person: person("A", "B"), LocationID: f.locA1,
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
		_, _, err = db.RecordFirstContact(ctx, coach, teilhabe.FirstContact{PersonID: personID, Channel: "phone", ContactOn: testToday})
		wantInvalid(t, err, "duplicate", "err.open_case_exists")
		must(t, db.Withdraw(ctx, coach, first, f.version(coach, first), teilhabe.Closure[teilhabe.WithdrawReason]{Reason: "declines"}))
		again, _, err := db.RecordFirstContact(ctx, coach, teilhabe.FirstContact{PersonID: personID, Channel: "phone", ContactOn: testToday})
		must(t, err)
		if got := f.load(coach, again).Person.ID; got != personID {
			t.Errorf("new case's person = %d, want %d", got, personID)
		}
		// A person outside the actor's scope cannot be picked.
		_, _, err = db.RecordFirstContact(ctx, f.actor("coach.b"), teilhabe.FirstContact{PersonID: personID, Channel: "phone", ContactOn: testToday})
		wantInvalid(t, err, "duplicate", "err.choose")
	})
}

func TestJourneyAnnouncement(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.jc")
		announce := func(first, last string) int64 {
			t.Helper()
			id, err := db.Announce(ctx, cw, teilhabe.Announcement{Person: person(first, last), LocationID: f.locA1,
				CustomerNumber: "123D456789", Reason: "Sucht Begleitung."})
			if err != nil {
				t.Fatalf("Announce: %v", err)
			}
			return id
		}
		_, err := db.Announce(ctx, cw, teilhabe.Announcement{Person: person("A", "B"), LocationID: f.locA1})
		wantInvalid(t, err, "customer_number", "err.required")
		_, err = db.Announce(ctx, coach, teilhabe.Announcement{Person: person("A", "B"), LocationID: f.locA1, CustomerNumber: "1", Reason: "x"})
		wantErr(t, err, teilhabe.ErrNotFound)

		id := announce("Claudia", "Christ")
		c := f.load(cw, id)
		if c.Stage != teilhabe.StageAnnounced || c.Origin != teilhabe.OriginSponsor || !c.SharedWithSponsor ||
			c.SponsorID != f.jobcenter || c.Eligibility.LegalDomain != teilhabe.SGB2 || c.Eligibility.CustomerNumber != "123D456789" ||
			!c.InfoDueOn.Equal(teilhabe.Day(2026, 12, 2)) {
			t.Errorf("announced case = %+v", c)
		}
		in, err := db.FindInbox(ctx, coach, InboxFilter{})
		must(t, err)
		if len(in.Mine) != 1 || in.Mine[0].Kind != teilhabe.MsgAnnouncement || in.Mine[0].PersonName != "Christ, Claudia" {
			t.Fatalf("coach's inbox = %+v, want the announcement", in.Mine)
		}
		// The provider of another location does not get it.
		in, err = db.FindInbox(ctx, f.actor("coach.b"), InboxFilter{})
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
		in, err = db.FindInbox(ctx, cw, InboxFilter{})
		must(t, err)
		if len(in.Theirs) != 0 || len(in.Recent) != 2 || in.Recent[0].Status != teilhabe.StatusAccepted {
			t.Errorf("caseworker's inbox after confirming = %+v", in)
		}

		// The announcing sponsor stays responsible.
		must(t, onDay(db, days(1)).SetAppointmentOutcome(ctx, coach, id, 2, "info", "held"))
		wantInvalid(t, onDay(db, days(1)).RecordEligibility(ctx, coach, id, 3, f.eligible(f.agentur), false), "sponsor", "err.sponsor_fixed")
		must(t, onDay(db, days(1)).RecordEligibility(ctx, coach, id, 3, f.eligible(f.jobcenter), false))

		// Declining closes the case with a reason the sponsor reads.
		other := announce("Dennis", "Dahm")
		wantInvalid(t, db.DeclineAnnouncement(ctx, coach, other, 1, teilhabe.Closure[teilhabe.DeclineReason]{Reason: "bored"}), "reason", "err.choose")
		wantInvalid(t, db.DeclineAnnouncement(ctx, coach, other, 1, teilhabe.Closure[teilhabe.DeclineReason]{Reason: "other"}), "note", "err.note_for_other")
		wantErr(t, db.DeclineAnnouncement(ctx, cw, other, 1, teilhabe.Closure[teilhabe.DeclineReason]{Reason: "no_capacity"}), teilhabe.ErrForbidden)
		must(t, db.DeclineAnnouncement(ctx, coach, other, 1, teilhabe.Closure[teilhabe.DeclineReason]{Reason: "no_capacity", Note: "Kurs voll."}))
		c = f.load(cw, other)
		if c.Stage != teilhabe.StageDeclined || c.ClosedReason != "no_capacity" || !c.NextDueOn.IsZero() {
			t.Errorf("declined case: stage %s, reason %s, next due %v", c.Stage, c.ClosedReason, c.NextDueOn)
		}
		in, err = db.FindInbox(ctx, cw, InboxFilter{})
		must(t, err)
		var reply *teilhabe.Message
		for i, m := range in.Mine {
			if m.CaseID == other && m.Kind == teilhabe.MsgAnnouncementReply {
				reply = &in.Mine[i]
			}
		}
		if reply == nil || reply.Status != teilhabe.StatusDeclined || reply.ReasonCode != "no_capacity" || reply.Note != "Kurs voll." ||
			reply.CreatedBy != coach.Name || reply.PersonName != "Dahm, Dennis" || !reply.NeedsAcknowledgement() {
			t.Errorf("caseworker's reply = %+v, want the refusal with its reason, waiting to be acknowledged", reply)
		}
		for _, m := range append(in.Recent, in.Theirs...) {
			if m.CaseID == other && m.Kind == teilhabe.MsgAnnouncementReply {
				t.Errorf("the refusal %+v is settled or waits for the provider", m)
			}
		}
		wantConflict(t, db.ConfirmAnnouncement(ctx, coach, other, 2, inPerson(days(1), f.locA1)), "journey.closed")
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
		must(t, db.Withdraw(ctx, coach, id, f.version(coach, id), teilhabe.Closure[teilhabe.WithdrawReason]{Reason: "declines"}))
		_, _, err := db.RecordFirstContact(ctx, f.actor("coach.b"), teilhabe.FirstContact{PersonID: personID, Channel: "phone", ContactOn: testToday})
		wantInvalid(t, err, "duplicate", "err.choose")
	})
}

func TestFindDuplicates(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coachA, coachB := f.actor("coach.a1"), f.actor("coach.b")
		idA := f.contact(coachA, person("Anna", "Müller"))
		idB := f.contact(coachB, person("Anna", "Müller"))
		f.contact(coachA, person("Anne", "Müller"))
		birth := teilhabe.Day(1980, 5, 17)

		for _, tc := range []struct {
			who         string
			first, last string
			birth       time.Time
			want        []int64
		}{
			{"coach.a1", "Anna", "Mueller", birth, []int64{idA}},
			{"coach.a1", " anna ", "MÜLLER", birth, []int64{idA}},
			{"coach.a1", "Anna", "Müller", birth.AddDate(0, 0, 1), nil},
			{"coach.a2", "Anna", "Mueller", birth, nil},
			{"lead.a", "Anna", "Mueller", birth, []int64{idA}},
			{"coach.b", "Anna", "Mueller", birth, []int64{idB}},
			{"cw.aa", "Anna", "Mueller", birth, nil},
			{"coord", "Anna", "Mueller", birth, nil},
		} {
			items, err := db.FindDuplicates(ctx, f.actor(tc.who), tc.first, tc.last, tc.birth)
			must(t, err)
			var got []int64
			for _, it := range items {
				got = append(got, it.ID)
			}
			if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
				t.Errorf("FindDuplicates(%s, %q, %q) = %v, want %v", tc.who, tc.first, tc.last, got, tc.want)
			}
			if len(items) > 0 && (items[0].Name != "Müller, Anna" || !items[0].BirthDate.Equal(birth) || items[0].Stage != teilhabe.StageContacted) {
				t.Errorf("duplicate = %+v", items[0])
			}
		}
	})
}
