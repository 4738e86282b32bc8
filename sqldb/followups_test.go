package sqldb

import (
	"context"
	"testing"

	"teilhabe"
)

// TestFollowUp: a placement that counts starts follow-up; contacts move
// the next one by the cadence, a contact with the employer needs the
// release in force, the sustainability check is taken once, and a job
// lost ends follow-up and puts the case back to placement work. Each
// action is one audit entry; a refused one changes nothing.
func TestFollowUp(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		id := f.contact(coach, person("Anna", "Arend"))
		f.toActive(coach, id)
		emp, err := db.CreateEmployer(ctx, coach, teilhabe.Employer{Name: "Moselland Logistik", City: "Trier",
			Sector: teilhabe.SectorLogistics}, false)
		must(t, err)
		start := days(-200)
		must(t, db.AddConsent(ctx, coach, id, teilhabe.ConsentGiven{Scope: teilhabe.ConsentEmployer, GivenOn: days(-210)}))
		must(t, db.RecordPlacement(ctx, coach, id, teilhabe.Placement{Kind: teilhabe.PlacementFullTime, EmployerID: emp,
			JobTitle: "Lagerhelferin", Start: start, Hours: 39, Subsidy: teilhabe.SubsidyNone}))
		followUp := func(a teilhabe.Actor) teilhabe.FollowUp {
			t.Helper()
			d, err := db.FindCaseByID(ctx, a, id)
			must(t, err)
			if len(d.FollowUps) != 1 {
				t.Fatalf("%d follow-ups, want the placement's", len(d.FollowUps))
			}
			return d.FollowUps[0]
		}
		fu := followUp(coach)
		pid := fu.Placement.ID
		if !fu.Running() || !fu.NextContact.Equal(start.AddDate(0, 0, 7)) || !fu.CheckDue(testToday) {
			t.Fatalf("a new follow-up: %+v; want running, first contact a week after the start, the check due", fu)
		}
		work := func(kind string) []int64 {
			t.Helper()
			w, err := db.FindWorklist(ctx, coach, 0)
			must(t, err)
			var ids []int64
			for _, g := range w.Coaching {
				if g.Kind == kind {
					for _, it := range g.Items {
						ids = append(ids, it.ID)
					}
				}
			}
			return ids
		}
		if got := work(WorkFollowUp); len(got) != 1 || got[0] != id {
			t.Errorf("follow-up work: %v, want the case", got)
		}
		if got := work(WorkSustain); len(got) != 1 || got[0] != id {
			t.Errorf("sustainability work: %v, want the case", got)
		}

		contact := teilhabe.FollowUpContact{On: days(-3), With: teilhabe.WithBoth, Mode: teilhabe.ModeWorkplaceVisit,
			Problem: "Pausenregelung unklar", Solution: "Mit der Schichtleitung geklärt"}
		before := auditCount(t, db, "", id)
		early := contact
		early.On = start.AddDate(0, 0, -1)
		wantInvalid(t, db.RecordFollowUpContact(ctx, coach, id, pid, early), "on", "err.followup_before_start")
		wantErr(t, db.RecordFollowUpContact(ctx, f.actor("coach.b"), id, pid, contact), teilhabe.ErrNotFound)
		wantErr(t, db.RecordFollowUpContact(ctx, cw, id, pid, contact), teilhabe.ErrForbidden)
		wantErr(t, db.RecordFollowUpContact(ctx, coach, id, pid+1000, contact), teilhabe.ErrNotFound)
		if n := auditCount(t, db, "", id); n != before {
			t.Fatalf("refused contacts wrote %d audit entries", n-before)
		}
		must(t, db.RecordFollowUpContact(ctx, coach, id, pid, contact))
		fu = followUp(coach)
		if len(fu.Contacts) != 1 || fu.Contacts[0].Problem != contact.Problem || !fu.NextContact.Equal(days(-3).AddDate(0, 1, 0)) {
			t.Errorf("after a contact in the seventh month: %+v; want it listed and the next a month on", fu)
		}
		if got := followUp(cw); len(got.Contacts) != 0 {
			t.Errorf("the sponsor reads the provider-internal contacts: %+v", got.Contacts)
		}

		// A revoked release stops contacts with the employer at once.
		d, err := db.FindCaseByID(ctx, coach, id)
		must(t, err)
		must(t, db.RevokeConsent(ctx, coach, id, d.Consents[0].ID))
		wantInvalid(t, db.RecordFollowUpContact(ctx, coach, id, pid, contact), "with", "err.followup_no_consent")
		alone := contact
		alone.With, alone.Mode, alone.On = teilhabe.WithParticipant, teilhabe.ModePhone, days(-1)
		must(t, db.RecordFollowUpContact(ctx, coach, id, pid, alone))

		check := teilhabe.SustainabilityCheck{On: testToday, Result: teilhabe.SustainedYes, Source: teilhabe.SourceParticipant}
		must(t, db.CheckSustainability(ctx, coach, id, pid, check))
		wantConflict(t, db.CheckSustainability(ctx, coach, id, pid, check), "err.sustain_checked")
		if got := work(WorkSustain); len(got) != 0 {
			t.Errorf("sustainability work after the check: %v", got)
		}
		if fu := followUp(cw); fu.Check == nil || fu.Check.Result != teilhabe.SustainedYes {
			t.Errorf("the sponsor does not see the check: %+v", fu.Check)
		}

		must(t, db.EndFollowUp(ctx, coach, id, pid, teilhabe.FollowUpEnd{On: testToday, Reason: teilhabe.FollowUpJobLost,
			Note: "Kündigung in der Probezeit"}))
		wantConflict(t, db.EndFollowUp(ctx, coach, id, pid, teilhabe.FollowUpEnd{On: testToday, Reason: teilhabe.FollowUpCompleted}),
			"err.followup_ended")
		wantConflict(t, db.RecordFollowUpContact(ctx, coach, id, pid, alone), "err.followup_ended")
		d, err = db.FindCaseByID(ctx, coach, id)
		must(t, err)
		if g := teilhabe.CaseGoal(d.Case, d.Prospects, d.Placements, testToday); g.Placed.Kind != "" {
			t.Errorf("a lost job still counts as the case's placement: %+v", g.Placed)
		}
		if fu := d.FollowUps[0]; fu.Running() || fu.Ended.Reason != teilhabe.FollowUpJobLost || !fu.Placement.Lost.Equal(testToday) {
			t.Errorf("after the job was lost: %+v", fu)
		}
		if got := work(WorkFollowUp); len(got) != 0 {
			t.Errorf("follow-up work after its end: %v", got)
		}
		for action, want := range map[teilhabe.AuditAction]int{teilhabe.AuditFollowUpRecorded: 2,
			teilhabe.AuditSustainabilityChecked: 1, teilhabe.AuditFollowUpEnded: 1} {
			if n := auditCount(t, db, string(action), id); n != want {
				t.Errorf("%d %s entries, want %d", n, action, want)
			}
		}
	})
}

// TestFollowUpAndExit: a job found goes on being followed after the
// exit into it; an exit for another reason ends follow-up, and no check
// is due. A sustainability check that finds the job gone ends follow-up
// as lost.
func TestFollowUpAndExit(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		training := teilhabe.Placement{Kind: teilhabe.PlacementTraining, JobTitle: "Ausbildung Fachlagerist",
			Start: days(-190), Hours: 39, Subsidy: teilhabe.SubsidyNone}
		placed := func(name string) (int64, int64) {
			id := f.contact(coach, person(name, "Arend"))
			f.toActive(coach, id)
			emp, err := db.CreateEmployer(ctx, coach, teilhabe.Employer{Name: "Betrieb " + name, City: "Trier",
				Sector: teilhabe.SectorLogistics}, false)
			must(t, err)
			must(t, db.AddConsent(ctx, coach, id, teilhabe.ConsentGiven{Scope: teilhabe.ConsentEmployer, GivenOn: days(-200)}))
			p := training
			p.EmployerID = emp
			must(t, db.RecordPlacement(ctx, coach, id, p))
			d, err := db.FindCaseByID(ctx, coach, id)
			must(t, err)
			return id, d.FollowUps[0].Placement.ID
		}
		state := func(id int64) teilhabe.FollowUp {
			d, err := db.FindCaseByID(ctx, coach, id)
			must(t, err)
			return d.FollowUps[0]
		}

		kept, keptP := placed("Anna")
		must(t, db.RecordExit(ctx, coach, kept, f.version(coach, kept), teilhabe.Exit{On: testToday, Kind: teilhabe.ExitEarly,
			Reason: teilhabe.ExitTraining, Destination: teilhabe.DestTraining}))
		if fu := state(kept); !fu.Running() {
			t.Errorf("an exit into the training ended its follow-up: %+v", fu.Ended)
		}
		must(t, db.RecordFollowUpContact(ctx, coach, kept, keptP, teilhabe.FollowUpContact{On: testToday,
			With: teilhabe.WithParticipant, Mode: teilhabe.ModePhone}))

		ended, _ := placed("Berta")
		must(t, db.RecordExit(ctx, coach, ended, f.version(coach, ended), teilhabe.Exit{On: testToday, Kind: teilhabe.ExitEarly,
			Reason: teilhabe.ExitMoved, Destination: teilhabe.DestUnknown}))
		if fu := state(ended); fu.Running() || fu.Ended.Reason != teilhabe.FollowUpExited {
			t.Errorf("an exit for a move left follow-up running: %+v", fu)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM case_placements WHERE case_id = ? AND sustain_due_on IS NOT NULL`, ended); n != 0 {
			t.Errorf("a check is still due after the exit for a move")
		}

		gone, goneP := placed("Clara")
		must(t, db.CheckSustainability(ctx, coach, gone, goneP, teilhabe.SustainabilityCheck{On: testToday,
			Result: teilhabe.SustainedNo, Source: teilhabe.SourceEmployer}))
		if fu := state(gone); fu.Running() || fu.Ended.Reason != teilhabe.FollowUpJobLost || fu.Placement.Holds() {
			t.Errorf("a check that found the job gone: %+v", fu)
		}
		// A check that finds the job gone after follow-up had ended still
		// marks it lost.
		late, lateP := placed("Dora")
		must(t, db.EndFollowUp(ctx, coach, late, lateP, teilhabe.FollowUpEnd{On: testToday, Reason: teilhabe.FollowUpCompleted}))
		must(t, db.CheckSustainability(ctx, coach, late, lateP, teilhabe.SustainabilityCheck{On: testToday,
			Result: teilhabe.SustainedNo, Source: teilhabe.SourceParticipant}))
		if fu := state(late); fu.Placement.Holds() || fu.Ended.Reason != teilhabe.FollowUpCompleted {
			t.Errorf("a check that found the job gone after follow-up ended: %+v", fu)
		}
		if n := auditCount(t, db, "", gone); n == 0 {
			t.Fatal("no audit entries")
		}
		if n := auditCount(t, db, string(teilhabe.AuditFollowUpEnded), gone); n != 0 {
			t.Errorf("the check wrote a second audit entry for the end it implies")
		}
	})
}
