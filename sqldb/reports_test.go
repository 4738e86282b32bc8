package sqldb

import (
	"context"
	"slices"
	"testing"
	"time"

	"teilhabe"
)

// TestReport builds four cases by hand and checks every figure against
// numbers counted by hand: A (Agentur) placed part-time two weeks after
// its start, with a prospect; B (Agentur) withdrawn before it started; C
// (Jobcenter) dropped out on the day it started; D only contacted, its
// legal domain still open. The provider lead sees the numbers; the
// coordinator sees them with every group under three hidden; each sponsor
// and the other provider see only their own.
func TestReport(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		a := f.contact(coach, person("Anna", "Arend"))
		f.toActive(coach, a)
		emp, err := db.CreateEmployer(ctx, coach, teilhabe.Employer{Name: "Moselland Logistik", City: "Trier",
			Sector: teilhabe.SectorLogistics}, false)
		must(t, err)
		must(t, db.AddConsent(ctx, coach, a, teilhabe.ConsentGiven{Scope: teilhabe.ConsentEmployer, GivenOn: testToday}))
		must(t, db.RecordProspect(ctx, coach, a, teilhabe.Prospect{Kind: teilhabe.ProspectJobOffer, On: testToday, EmployerID: emp}))
		must(t, db.RecordPlacement(ctx, coach, a, teilhabe.Placement{Kind: teilhabe.PlacementPartTime, EmployerID: emp,
			JobTitle: "Lager", Start: days(14), Hours: 25, Subsidy: teilhabe.SubsidyNone}))

		b := f.contact(coach, person("Berta", "Berg"))
		f.toContractSigned(coach, b, f.locA1, f.agentur)
		must(t, db.Withdraw(ctx, coach, b, f.version(coach, b), teilhabe.Closure[teilhabe.WithdrawReason]{Reason: "declines"}))

		c := f.contact(coach, person("Carla", "Christ"))
		f.toContractSigned(coach, c, f.locA1, f.jobcenter)
		_, err = db.RequestAssignment(ctx, coach, c, f.version(coach, c), teilhabe.AssignmentRequest{})
		must(t, err)
		jc := f.actor("cw.jc")
		must(t, db.Assign(ctx, jc, c, f.version(jc, c), teilhabe.Assignment{Start: testToday}))
		must(t, db.BookAppointment(ctx, coach, c, f.version(coach, c), "first", teilhabe.Booking{On: testToday, At: "09:00", Mode: "remote"}))
		must(t, db.SetAppointmentOutcome(ctx, coach, c, f.version(coach, c), "first", "held"))
		must(t, db.RecordExit(ctx, coach, c, f.version(coach, c), teilhabe.Exit{On: testToday, Kind: teilhabe.ExitEarly,
			Reason: teilhabe.ExitDroppedOut, GoodCause: teilhabe.GoodCauseNo, Destination: teilhabe.DestUnemployed}))

		f.contact(coach, person("Doris", "Dahm"))

		year := ReportFilter{Period: teilhabe.YearPeriod(2026)}
		rep, err := db.FindReport(ctx, f.actor("lead.a"), year)
		must(t, err)
		if rep.Suppressed {
			t.Error("the provider's own report hides small groups")
		}
		// Columns: all, SGB II, SGB III, domain open.
		want := map[string][4]int{
			"report.funnel.first_contacts":     {4, 1, 2, 1},
			"report.funnel.info_held":          {3, 1, 2, 0},
			"report.funnel.eligible":           {3, 1, 2, 0},
			"report.funnel.contract":           {3, 1, 2, 0},
			"report.funnel.assigned":           {2, 1, 1, 0},
			"report.funnel.coaching":           {2, 1, 1, 0},
			"report.funnel.prospect":           {1, 0, 1, 0},
			"report.funnel.placed":             {1, 0, 1, 0},
			"report.funnel.left_withdrawn":     {1, 0, 1, 0},
			"report.funnel.left_declined":      {0, 0, 0, 0},
			"report.deadline.held":             {3, 1, 2, 0},
			"report.deadline.on_time":          {3, 1, 2, 0},
			"report.deadline.on_time_share":    {100, 100, 100, 0},
			"report.deadline.overdue":          {0, 0, 0, 0},
			"report.goal.assigned":             {2, 1, 1, 0},
			"report.goal.placed":               {1, 0, 1, 0},
			"report.goal.placed_share":         {50, 0, 100, 0},
			"report.goal.prospect":             {1, 0, 1, 0},
			"report.goal.days_mean":            {14, 0, 14, 0},
			"report.goal.days_median":          {14, 0, 14, 0},
			"code.placement.employment_part":   {1, 0, 1, 0},
			"code.placement.training":          {0, 0, 0, 0},
			"report.placements.all":            {1, 0, 1, 0},
			"report.placements.counting_share": {100, 0, 100, 0},
			"code.exit.dropped_out":            {1, 1, 0, 0},
			"report.exits.all":                 {1, 1, 0, 0},
			"report.exits.early":               {100, 100, 0, 0},
			"report.exits.days_mean":           {0, 0, 0, 0},
		}
		got := map[string][4]int{}
		var names []string
		for _, tb := range rep.Tables {
			names = append(names, tb.Name)
			for _, r := range tb.Rows {
				got[r.Key] = r.Values
			}
		}
		if !slices.Equal(names, ReportTables) {
			t.Errorf("the report's tables %v, want ReportTables %v", names, ReportTables)
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s = %v, want %v", k, got[k], w)
			}
		}
		if n := auditCount(t, db, string(teilhabe.AuditReportViewed), 0); n != 1 {
			t.Errorf("%d report reads logged, want 1", n)
		}

		// The coordinator's report leaves the providers: groups under three
		// are hidden, and so is whatever would give them away.
		rep, err = db.FindReport(ctx, f.actor("coord"), year)
		must(t, err)
		for _, tb := range rep.Tables {
			for _, r := range tb.Rows {
				for j, c := range r.Cells {
					// Places are no people (TestReportPlaces).
					people := tb.Name != "places" || tb.Columns[j] == "entries" || tb.Columns[j] == "freed"
					if people && !c.Suppressed && r.Kind == RowCount && c.N > 0 && c.N < teilhabe.MinGroup {
						t.Errorf("coordinator: %s column %d shows %d", r.Key, j, c.N)
					}
				}
			}
		}
		first := rep.Tables[0].Rows[0].Cells
		if first[0].Suppressed || first[0].N != 4 || !first[1].Suppressed || !first[3].Suppressed {
			t.Errorf("coordinator: first contacts %+v, want 4 shown and the small domains hidden", first)
		}

		// Scope: each sponsor counts its own cases, the other provider none.
		for who, wantAssigned := range map[string]int{"cw.aa": 1, "cw.jc": 1, "lead.b": 0, "coach.b": 0} {
			rep, err := db.FindReport(ctx, f.actor(who), year)
			must(t, err)
			if got := rep.Tables[2].Rows[0].Values[0]; got != wantAssigned {
				t.Errorf("%s: %d assignments, want %d", who, got, wantAssigned)
			}
		}
		jcRep, _ := db.FindReport(ctx, jc, year)
		if got := jcRep.Tables[2].Rows[0].Values; got != [4]int{1, 1, 0, 0} {
			t.Errorf("the Jobcenter's assignments by domain: %v, want only its own SGB II case", got)
		}
		wantErr(t, func() error { _, err := db.FindReport(ctx, f.actor("dpo"), year); return err }(), teilhabe.ErrNotFound)
		wantInvalid(t, func() error {
			_, err := db.FindReport(ctx, f.actor("coord"), ReportFilter{Period: teilhabe.Period{From: days(1), To: days(0)}})
			return err
		}(), "to", "err.end_before_start")
	})
}

// TestReportShares: a share outside the provider hides what it rests on
// when that is a small group, or when the rest of its whole is.
func TestReportShares(t *testing.T) {
	tb := ReportTable{Rows: []ReportRow{
		{Key: "part", Values: [4]int{2, 0, 2, 0}},
		{Key: "whole", Values: [4]int{40, 20, 20, 0}},
		percentRow("share", [4]int{2, 0, 2, 0}, [4]int{40, 20, 20, 0}, "part"),
		percentRow("most", [4]int{39, 20, 19, 0}, [4]int{40, 20, 20, 0}),
	}}
	tb.showCells(true)
	if c := tb.Rows[2].Cells; !c[0].Suppressed || c[1].Suppressed || !c[2].Suppressed || !c[3].Suppressed {
		t.Errorf("share of a hidden part: %+v, want all but the empty SGB II column hidden", c)
	}
	if c := tb.Rows[3].Cells; !c[0].Suppressed || c[1].Suppressed || !c[2].Suppressed {
		t.Errorf("a share that leaves one person out: %+v, want the total and SGB III hidden", c)
	}
	tb.showCells(false)
	if c := tb.Rows[2].Cells[0]; c.Suppressed || c.N != 5 {
		t.Errorf("inside the provider the share shows: %+v, want 5", c)
	}
}

// TestReportSustainability: the placements that count whose six-month
// mark falls in the period, by whether the job still existed then —
// computed by hand: a job lost after its mark held there, one lost before
// did not, a mark still ahead is not checked yet, and a marginal job is
// not counted.
func TestReportSustainability(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		f.toActive(coach, id)
		emp, err := db.CreateEmployer(ctx, coach, teilhabe.Employer{Name: "Moselland Logistik", City: "Trier",
			Sector: teilhabe.SectorLogistics}, false)
		must(t, err)
		must(t, db.AddConsent(ctx, coach, id, teilhabe.ConsentGiven{Scope: teilhabe.ConsentEmployer, GivenOn: testToday}))
		place := func(kind teilhabe.PlacementKind, start time.Time) int64 {
			t.Helper()
			must(t, db.RecordPlacement(ctx, coach, id, teilhabe.Placement{Kind: kind, EmployerID: emp, JobTitle: "Lager",
				Start: start, Hours: 20, Subsidy: teilhabe.SubsidyNone}))
			d, err := db.FindCaseByID(ctx, coach, id)
			must(t, err)
			return d.Placements[len(d.Placements)-1].ID
		}
		check := func(pid int64, result teilhabe.Sustained, source teilhabe.SustainSource) {
			t.Helper()
			must(t, db.CheckSustainability(ctx, coach, id, pid, teilhabe.SustainabilityCheck{On: testToday, Result: result, Source: source}))
		}
		lost := func(pid int64, on time.Time) {
			t.Helper()
			must(t, db.EndFollowUp(ctx, coach, id, pid, teilhabe.FollowUpEnd{On: on, Reason: teilhabe.FollowUpJobLost}))
		}
		day := func(m time.Month, d int) time.Time { return teilhabe.Day(2026, m, d) }
		check(place(teilhabe.PlacementFullTime, day(time.January, 5)), teilhabe.SustainedYes, teilhabe.SourceEmployer)    // mark 5 July: yes
		check(place(teilhabe.PlacementPartTime, day(time.February, 2)), teilhabe.SustainedNo, teilhabe.SourceParticipant) // 2 August: no
		lost(place(teilhabe.PlacementTraining, day(time.March, 2)), day(time.May, 1))                                     // 2 September: lost before, no
		lost(place(teilhabe.PlacementFullTime, day(time.January, 12)), day(time.August, 1))                               // 12 July: lost after, yes
		place(teilhabe.PlacementFullTime, day(time.April, 6))                                                             // 6 October: not checked
		check(place(teilhabe.PlacementPartTime, day(time.May, 4)), teilhabe.SustainedUnknown, teilhabe.SourceNone)        // 4 November: unknown
		place(teilhabe.PlacementFullTime, day(time.June, 1))                                                              // 1 December: ahead, not checked
		place(teilhabe.PlacementMarginal, day(time.January, 5))                                                           // does not count

		for _, tc := range []struct {
			name   string
			period teilhabe.Period
			want   map[string]int // the SGB III column, which is also the total
		}{
			{"the year", teilhabe.YearPeriod(2026), map[string]int{"report.sustain.yes": 2, "report.sustain.no": 2,
				"report.sustain.unknown": 1, "report.sustain.unchecked": 2, "report.sustain.all": 7,
				"report.sustain.yes_share": 29, "report.sustain.yes_of_known": 50}},
			{"the third quarter", teilhabe.Period{From: day(time.July, 1), To: day(time.September, 30)}, map[string]int{
				"report.sustain.yes": 2, "report.sustain.no": 2, "report.sustain.unknown": 0, "report.sustain.unchecked": 0,
				"report.sustain.all": 4, "report.sustain.yes_share": 50, "report.sustain.yes_of_known": 50}},
		} {
			rep, err := db.FindReport(ctx, f.actor("lead.a"), ReportFilter{Period: tc.period})
			must(t, err)
			got := map[string][4]int{}
			for _, tb := range rep.Tables {
				if tb.Name == "sustain" {
					for _, r := range tb.Rows {
						got[r.Key] = r.Values
					}
				}
			}
			for k, n := range tc.want {
				if w := [4]int{n, 0, n, 0}; got[k] != w {
					t.Errorf("%s: %s = %v, want %v", tc.name, k, got[k], w)
				}
			}
		}
	})
}

// TestReportIntegrationRate: the exits whose six-month mark falls in the
// period by the destination then, and the integration rate of the traced
// ones — computed by hand from four exits, read seven months on: one into
// work, one unemployed, one not traced, one not asked yet.
func TestReportIntegrationRate(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		on := db.WithClock(func() time.Time { return testToday.AddDate(0, 7, 0) })
		exited := func(name string, dest teilhabe.Destination) int64 {
			t.Helper()
			id := f.contact(coach, person(name, "Arend"))
			f.toActive(coach, id)
			reason := teilhabe.ExitMoved
			if dest == teilhabe.DestEmploymentFull {
				reason = teilhabe.ExitEmployment
			}
			must(t, db.RecordExit(ctx, coach, id, f.version(coach, id), teilhabe.Exit{On: testToday, Kind: teilhabe.ExitEarly,
				Reason: reason, Destination: dest}))
			return id
		}
		later := func(id int64, dest teilhabe.Destination, source teilhabe.SustainSource) {
			t.Helper()
			must(t, on.RecordLaterDestination(ctx, coach, id, teilhabe.LaterDestination{On: on.Today(), Destination: dest, Source: source}))
		}
		later(exited("Anna", teilhabe.DestEmploymentFull), teilhabe.DestEmploymentFull, teilhabe.SourceEmployer)
		later(exited("Berta", teilhabe.DestUnknown), teilhabe.DestUnemployed, teilhabe.SourceSponsor)
		later(exited("Clara", teilhabe.DestUnknown), teilhabe.DestUnknown, teilhabe.SourceNone)
		exited("Dora", teilhabe.DestUnknown)

		for _, tc := range []struct {
			name   string
			period teilhabe.Period
			want   map[string]int // the SGB III column, which is also the total
		}{
			{"the year of the mark", teilhabe.YearPeriod(2027), map[string]int{"report.integration.integrated": 1,
				"report.integration.elsewhere": 1, "report.integration.untraced": 1, "report.integration.open": 1,
				"report.integration.all": 4, "report.integration.rate": 50}},
			{"the year of the exit", teilhabe.YearPeriod(2026),
				map[string]int{"report.integration.integrated": 0, "report.integration.all": 0, "report.integration.rate": 0}},
		} {
			rep, err := on.FindReport(ctx, f.actor("lead.a"), ReportFilter{Period: tc.period})
			must(t, err)
			got := map[string][4]int{}
			for _, tb := range rep.Tables {
				if tb.Name == "integration" {
					for _, r := range tb.Rows {
						got[r.Key] = r.Values
					}
				}
			}
			for k, n := range tc.want {
				if w := [4]int{n, 0, n, 0}; got[k] != w {
					t.Errorf("%s: %s = %v, want %v", tc.name, k, got[k], w)
				}
			}
		}
	})
}
