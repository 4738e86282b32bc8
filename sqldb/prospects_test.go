package sqldb

import (
	"context"
	"errors"
	"testing"

	"teilhabe"
)

// TestProspects: a prospect at an employer needs the participant's release
// towards employers; a revoked release stops the next one; "none" needs
// none. The employer's page lists the case to its coach only.
func TestProspects(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		f.toActive(coach, id)
		emp, err := db.CreateEmployer(ctx, coach, teilhabe.Employer{Name: "Bäckerei Weber GmbH", City: "Trier",
			Sector: teilhabe.SectorCrafts}, false)
		must(t, err)
		offer := teilhabe.Prospect{Kind: teilhabe.ProspectTrialOffer, On: testToday, EmployerID: emp}

		wantInvalid(t, db.RecordProspect(ctx, coach, id, offer), "employer", "err.no_employer_consent")
		if n := count(t, db, `SELECT COUNT(*) FROM case_prospects`); n != 0 {
			t.Fatalf("%d prospects after the refusal, want 0", n)
		}
		// A release towards this employer, by name without its legal form.
		must(t, db.AddConsent(ctx, coach, id, teilhabe.ConsentGiven{Scope: teilhabe.ConsentEmployer, Recipient: "Bäckerei Weber",
			GivenOn: testToday}))
		must(t, db.RecordProspect(ctx, coach, id, offer))

		// Another provider's employer is no choice.
		theirs, err := db.CreateEmployer(ctx, f.actor("lead.b"), teilhabe.Employer{Name: "Weber", City: "Trier",
			Sector: teilhabe.SectorCrafts}, false)
		must(t, err)
		wantInvalid(t, db.RecordProspect(ctx, coach, id, teilhabe.Prospect{Kind: teilhabe.ProspectJobOffer, On: testToday,
			EmployerID: theirs}), "employer", "err.choose")

		d, err := db.FindCaseByID(ctx, coach, id)
		must(t, err)
		g := teilhabe.CaseGoal(d.Case, d.Prospects, d.Placements, testToday)
		if len(d.Prospects) != 1 || d.Prospects[0].EmployerName != "Bäckerei Weber GmbH" || !g.Prospect || !g.ProspectSince.Equal(testToday) {
			t.Fatalf("prospects %+v, goal %+v; want the trial offer at Weber since today", d.Prospects, g)
		}

		// Revoked, the release stops the next prospect at once; "none" needs none.
		must(t, db.RevokeConsent(ctx, coach, id, d.Consents[len(d.Consents)-1].ID))
		wantInvalid(t, db.RecordProspect(ctx, coach, id, teilhabe.Prospect{Kind: teilhabe.ProspectJobOffer, On: testToday,
			EmployerID: emp}), "employer", "err.no_employer_consent")
		must(t, db.RecordProspect(ctx, coach, id, teilhabe.Prospect{Kind: teilhabe.ProspectNone, On: testToday, Note: "Absage."}))

		// The employer's page: the coach of the case sees it, another
		// location's coach does not.
		list, err := db.FindEmployerCases(ctx, coach, emp)
		must(t, err)
		if len(list) != 1 || list[0].CaseID != id || list[0].What != teilhabe.ProspectTrialOffer {
			t.Errorf("employer's cases for the coach: %+v, want case %d with the trial offer", list, id)
		}
		if list, err := db.FindEmployerCases(ctx, f.actor("coach.a2"), emp); err != nil || len(list) != 0 {
			t.Errorf("employer's cases for another location's coach: %+v, %v; want none", list, err)
		}
		if _, err := db.FindEmployerCases(ctx, f.actor("coach.b"), emp); !errors.Is(err, teilhabe.ErrNotFound) {
			t.Errorf("another provider's coach: %v, want ErrNotFound", err)
		}
		if n := auditCount(t, db, string(teilhabe.AuditProspectRecorded), id); n != 2 {
			t.Errorf("%d audit entries for prospects, want 2", n)
		}
	})
}

// TestPlacements: a placement at an employer needs the release; one that
// counts tells the sponsor at once, in the same transaction; a sheltered
// workshop place needs no employer and tells no one.
func TestPlacements(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		f.toActive(coach, id)
		emp, err := db.CreateEmployer(ctx, coach, teilhabe.Employer{Name: "Moselland Logistik", City: "Trier",
			Sector: teilhabe.SectorLogistics}, false)
		must(t, err)
		job := teilhabe.Placement{Kind: teilhabe.PlacementPartTime, EmployerID: emp, JobTitle: "Lagerhelferin",
			Start: testToday.AddDate(0, 0, 14), Hours: 25, Subsidy: teilhabe.SubsidyEGZDisabled, SubsidyPercent: 50,
			SubsidyMonths: 12, Integrationsamt: true}
		messages := func() int {
			return count(t, db, `SELECT COUNT(*) FROM messages WHERE case_id = ? AND kind = ?`, id, teilhabe.MsgPlacement)
		}
		before := messages()
		wantInvalid(t, db.RecordPlacement(ctx, coach, id, job), "employer", "err.no_employer_consent")
		if n := count(t, db, `SELECT COUNT(*) FROM case_placements`); n != 0 || messages() != before {
			t.Fatalf("after the refusal: %d placements, %d messages; want none", n, messages()-before)
		}
		must(t, db.AddConsent(ctx, coach, id, teilhabe.ConsentGiven{Scope: teilhabe.ConsentEmployer, GivenOn: testToday}))
		must(t, db.RecordPlacement(ctx, coach, id, job))
		if messages() != before+1 {
			t.Errorf("%d placement messages to the sponsor, want 1", messages()-before)
		}
		d, err := db.FindCaseByID(ctx, f.actor("cw.aa"), id)
		must(t, err)
		g := teilhabe.CaseGoal(d.Case, d.Prospects, d.Placements, testToday)
		if len(d.Placements) != 1 || g.Placed.EmployerName != "Moselland Logistik" || !g.Placed.Integrationsamt ||
			g.Placed.SubsidyPercent != 50 {
			t.Errorf("placements %+v; want the part-time job with its subsidy", d.Placements)
		}
		if list, err := db.FindEmployerCases(ctx, coach, emp); err != nil || len(list) != 1 || list[0].What != teilhabe.PlacementPartTime {
			t.Errorf("the employer's cases: %+v, %v; want the placement", list, err)
		}
		if list, _ := db.FindEmployerCases(ctx, f.actor("coach.a2"), emp); len(list) != 0 {
			t.Errorf("another location's coach sees %+v at the employer", list)
		}
		must(t, db.RecordPlacement(ctx, coach, id, teilhabe.Placement{Kind: teilhabe.PlacementWorkshop, Start: testToday,
			Subsidy: teilhabe.SubsidyNone}))
		if messages() != before+1 {
			t.Errorf("a workshop place told the sponsor: %d messages", messages()-before)
		}
		if n := auditCount(t, db, string(teilhabe.AuditPlacementRecorded), id); n != 2 {
			t.Errorf("%d audit entries, want 2", n)
		}
	})
}
