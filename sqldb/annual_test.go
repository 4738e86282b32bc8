package sqldb

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"teilhabe"
)

// TestAnnualReport builds five assignments by hand — the Agentur's A
// (placed two weeks after its start) and B at Caritas Mitte and C at
// Bürgerservice Wittlich; the Jobcenter's D at Caritas Mitte, who left
// early, and E at Caritas Klein — and checks the year's figures per
// sponsor, the key numbers the narrative says, who may read the report,
// and that a read is logged.
func TestAnnualReport(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		a := f.assignedAt(coach, f.locA1, f.agentur, "cw.aa", person("Anna", "Arend"))
		must(t, db.BookAppointment(ctx, coach, a, f.version(coach, a), "first", teilhabe.Booking{On: testToday, At: "09:00", Mode: "remote"}))
		must(t, db.SetAppointmentOutcome(ctx, coach, a, f.version(coach, a), "first", "held"))
		emp, err := db.CreateEmployer(ctx, coach, teilhabe.Employer{Name: "Moselland Logistik", City: "Trier",
			Sector: teilhabe.SectorLogistics}, false)
		must(t, err)
		must(t, db.AddConsent(ctx, coach, a, teilhabe.ConsentGiven{Scope: teilhabe.ConsentEmployer, GivenOn: testToday}))
		must(t, db.RecordPlacement(ctx, coach, a, teilhabe.Placement{Kind: teilhabe.PlacementPartTime, EmployerID: emp,
			JobTitle: "Lager", Start: days(14), Hours: 25, Subsidy: teilhabe.SubsidyNone}))
		f.assignedAt(coach, f.locA1, f.agentur, "cw.aa", person("Berta", "Berg"))
		f.assignedAt(f.actor("coach.b"), f.locB, f.agentur, "cw.aa", person("Carl", "Conz"))
		d := f.assignedAt(coach, f.locA1, f.jobcenter, "cw.jc", person("Dana", "Dorn"))
		must(t, db.BookAppointment(ctx, coach, d, f.version(coach, d), "first", teilhabe.Booking{On: testToday, At: "10:00", Mode: "remote"}))
		must(t, db.SetAppointmentOutcome(ctx, coach, d, f.version(coach, d), "first", "held"))
		must(t, db.RecordExit(ctx, coach, d, f.version(coach, d), teilhabe.Exit{On: testToday, Kind: teilhabe.ExitEarly,
			Reason: teilhabe.ExitDroppedOut, GoodCause: teilhabe.GoodCauseNo, Destination: teilhabe.DestUnemployed}))
		f.assignedAt(f.actor("coach.a2"), f.locA2, f.jobcenter, "cw.jc", person("Emil", "Eck"))

		for _, who := range []string{"coord", "cw.aa"} {
			rep, err := db.FindAnnualReport(ctx, f.actor(who), 2026)
			must(t, err)
			if rep.LeadSponsor != "Agentur für Arbeit Trier" || rep.Programme != "Inklusion Trier" || len(rep.Sponsors) != 2 ||
				rep.Sponsors[0].ID != f.agentur {
				t.Fatalf("%s: programme %q, lead %q, sponsors %+v", who, rep.Programme, rep.LeadSponsor, rep.Sponsors)
			}
			// Columns: the programme, the Agentur, the Jobcenter; "x" hidden.
			want := []string{
				"report.goal.assigned 5 3 2: 5 x x",
				"report.goal.placed 1 1 0: x x 0",
				"report.goal.placed_share 20 33 0: x x x",
				"report.exits.all 1 0 1: x 0 x",
				"annual.exits_early 1 0 1: x 0 x",
				"report.exits.early 100 0 100: x x x",
			}
			for i, r := range rep.BySponsor {
				var vals, shown []string
				for _, c := range r.Cells {
					vals = append(vals, fmt.Sprint(c.N))
					if c.Suppressed {
						shown = append(shown, "x")
					} else {
						shown = append(shown, fmt.Sprint(c.N))
					}
				}
				if got := r.Key + " " + strings.Join(vals, " ") + ": " + strings.Join(shown, " "); i >= len(want) || got != want[i] {
					t.Errorf("%s: by sponsor row %d = %q, want %q", who, i, got, want[min(i, len(want)-1)])
				}
			}
			// The places of the year: 21 (10 + 1 + 10), 5 entries, one freed
			// — the freed one and so the places used are hidden.
			fig := rep.Figures()
			if fig.Places != (teilhabe.Cell{N: 21}) || fig.Used != (teilhabe.Cell{N: 4, Suppressed: true}) {
				t.Errorf("%s: places %+v, used %+v; want 21 shown, 4 hidden", who, fig.Places, fig.Used)
			}
			if fig.Assigned[0] != (teilhabe.Cell{N: 5}) || !fig.Placed[0].Suppressed || fig.Placed[0].N != 1 ||
				!fig.Assigned[1].Suppressed || !fig.Assigned[2].Suppressed || fig.Placed[1] != (teilhabe.Cell{N: 0}) {
				t.Errorf("%s: assigned %+v, placed %+v", who, fig.Assigned, fig.Placed)
			}
			if !fig.Exits.Suppressed || fig.Exits.N != 1 || fig.Sustain != (teilhabe.Cell{}) {
				t.Errorf("%s: exits %+v, sustainability %+v", who, fig.Exits, fig.Sustain)
			}
		}
		if n := auditCount(t, db, string(teilhabe.AuditAnnualReportViewed), 0); n != 2 {
			t.Errorf("%d annual report reads logged, want 2", n)
		}
		for _, who := range []string{"cw.jc", "lead.a", "coach.a1", "dpo", "admin"} {
			_, err := db.FindAnnualReport(ctx, f.actor(who), 2026)
			wantErr(t, err, teilhabe.ErrNotFound)
		}
		_, err = db.FindAnnualReport(ctx, f.actor("coord"), 1999)
		wantInvalid(t, err, "year", "err.year")
	})
}
