package sqldb

import (
	"context"
	"errors"
	"teilhabe"
	"testing"

	"github.com/google/go-cmp/cmp"
)

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
		var inel *teilhabe.IneligibleError
		if !errors.As(err, &inel) || !cmp.Equal(inel.Reasons, []teilhabe.IneligibleReason{"not_job_seeking", "no_barrier"}) {
			t.Fatalf("err = %v, want teilhabe.IneligibleError not_job_seeking, no_barrier", err)
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
			!cmp.Equal(c.IneligibleReasons, []teilhabe.IneligibleReason{"not_job_seeking", "no_barrier"}) || !c.NextDueOn.IsZero() {
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
		p.Barriers = []teilhabe.Barrier{"long_term_unemployed", "age_50_plus"}
		must(t, db.UpdateProgramme(ctx, admin, p))

		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		must(t, db.BookAppointment(ctx, coach, id, f.version(coach, id), "info", inPerson(testToday, f.locA1)))
		must(t, db.SetAppointmentOutcome(ctx, coach, id, f.version(coach, id), "info", "held"))
		e := f.eligible(f.agentur) // barrier "mobility": not in this programme
		wantInvalid(t, db.RecordEligibility(ctx, coach, id, f.version(coach, id), e, false), "barriers", "err.barrier_not_in_programme")
		e.Barriers = []teilhabe.Barrier{"age_50_plus"}
		must(t, db.RecordEligibility(ctx, coach, id, f.version(coach, id), e, false))
		f.wantStage(id, teilhabe.StageContractPending)
	})
}
