package sqldb

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"teilhabe"
)

// reportRow returns the values of the report row key.
func reportRow(t *testing.T, rep Report, key string) [4]int {
	t.Helper()
	for _, tb := range rep.Tables {
		for _, r := range tb.Rows {
			if r.Key == key {
				return r.Values
			}
		}
	}
	t.Fatalf("the report has no row %s", key)
	return [4]int{}
}

// assignedAt walks a new contact of coach through the contract at
// location loc to an assignment by sponsor's caseworker cw, all today.
func (f *fixture) assignedAt(coach teilhabe.Actor, loc, sponsor int64, cw string, p teilhabe.Person) int64 {
	f.t.Helper()
	id := f.contact(coach, p)
	f.toContractSigned(coach, id, loc, sponsor)
	_, err := f.db.RequestAssignment(f.ctx, coach, id, f.version(coach, id), teilhabe.AssignmentRequest{})
	must(f.t, err)
	w := f.actor(cw)
	must(f.t, f.db.Assign(f.ctx, w, id, f.version(w, id), teilhabe.Assignment{Start: testToday}))
	return id
}

// TestReportFilters builds four cases by hand — at Caritas Mitte one of
// the Agentur (SGB III), at Caritas Klein one of the Jobcenter (SGB II),
// at Bürgerservice Wittlich one of the Agentur and one only contacted —
// and checks that each filter narrows the report to the hand-counted
// numbers, inside the user's scope only; a value outside it is a problem
// of its field.
func TestReportFilters(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		f.assignedAt(f.actor("coach.a1"), f.locA1, f.agentur, "cw.aa", person("Anna", "Arend"))
		f.assignedAt(f.actor("coach.a2"), f.locA2, f.jobcenter, "cw.jc", person("Jana", "Jung"))
		f.assignedAt(f.actor("coach.b"), f.locB, f.agentur, "cw.aa", person("Bernd", "Bach"))
		f.contact(f.actor("coach.b"), person("Doris", "Dahm"))

		year := teilhabe.YearPeriod(2026)
		for _, tc := range []struct {
			who             string
			filter          ReportFilter
			contacts, assig [4]int // columns: all, SGB II, SGB III, open
		}{
			{"lead.a", ReportFilter{}, [4]int{2, 1, 1, 0}, [4]int{2, 1, 1, 0}},
			{"lead.a", ReportFilter{LocationID: f.locA2}, [4]int{1, 1, 0, 0}, [4]int{1, 1, 0, 0}},
			{"lead.b", ReportFilter{}, [4]int{2, 0, 1, 1}, [4]int{1, 0, 1, 0}},
			// A provider lead may not choose a provider: the value is dropped.
			{"lead.b", ReportFilter{ProviderID: f.provA}, [4]int{2, 0, 1, 1}, [4]int{1, 0, 1, 0}},
			// A coach's report is of the own location, whatever is asked.
			{"coach.a1", ReportFilter{LocationID: f.locB}, [4]int{1, 0, 1, 0}, [4]int{1, 0, 1, 0}},
			{"coord", ReportFilter{}, [4]int{4, 1, 2, 1}, [4]int{3, 1, 2, 0}},
			{"coord", ReportFilter{ProviderID: f.provB}, [4]int{2, 0, 1, 1}, [4]int{1, 0, 1, 0}},
			{"coord", ReportFilter{ProviderID: f.provA, LocationID: f.locA1}, [4]int{1, 0, 1, 0}, [4]int{1, 0, 1, 0}},
			{"coord", ReportFilter{LocationID: f.locB}, [4]int{2, 0, 1, 1}, [4]int{1, 0, 1, 0}},
			{"coord", ReportFilter{SponsorID: f.jobcenter, ProviderID: f.provA}, [4]int{1, 1, 0, 0}, [4]int{1, 1, 0, 0}},
			{"coord", ReportFilter{SponsorID: f.agentur, ProviderID: f.provA}, [4]int{1, 0, 1, 0}, [4]int{1, 0, 1, 0}},
			// The Agentur's caseworker: only the Agentur's cases, at the
			// chosen provider or location.
			{"cw.aa", ReportFilter{ProviderID: f.provA}, [4]int{1, 0, 1, 0}, [4]int{1, 0, 1, 0}},
			{"cw.aa", ReportFilter{LocationID: f.locA2}, [4]int{0, 0, 0, 0}, [4]int{0, 0, 0, 0}},
			{"cw.aa", ReportFilter{SponsorID: f.jobcenter}, [4]int{2, 0, 2, 0}, [4]int{2, 0, 2, 0}},
			{"cw.jc", ReportFilter{ProviderID: f.provB}, [4]int{0, 0, 0, 0}, [4]int{0, 0, 0, 0}},
		} {
			tc.filter.Period = year
			rep, err := db.FindReport(ctx, f.actor(tc.who), tc.filter)
			must(t, err)
			if got := reportRow(t, rep, "report.funnel.first_contacts"); got != tc.contacts {
				t.Errorf("%s %+v: first contacts %v, want %v", tc.who, tc.filter, got, tc.contacts)
			}
			if got := reportRow(t, rep, "report.goal.assigned"); got != tc.assig {
				t.Errorf("%s %+v: assignments %v, want %v", tc.who, tc.filter, got, tc.assig)
			}
		}

		for _, tc := range []struct {
			who    string
			filter ReportFilter
			field  string
		}{
			{"lead.a", ReportFilter{LocationID: f.locB}, "location"},
			{"coord", ReportFilter{ProviderID: f.provA, LocationID: f.locB}, "location"},
			{"coord", ReportFilter{ProviderID: f.agentur}, "provider"},
			{"coord", ReportFilter{SponsorID: f.provA}, "sponsor"},
			{"coord", ReportFilter{LocationID: 999999}, "location"},
			{"cw.aa", ReportFilter{ProviderID: 999999}, "provider"},
		} {
			tc.filter.Period = year
			_, err := db.FindReport(ctx, f.actor(tc.who), tc.filter)
			wantInvalid(t, err, tc.field, "err.report_filter")
		}
	})
}

// TestReportPlaces: places per location and year from the counters,
// computed by hand — Caritas Mitte (10 places) three entries, one of them
// left early and freed its place; Caritas Klein (1 place) one entry;
// Bürgerservice Wittlich (10 places) none. The provider lead sees the
// numbers; the coordinator sees places always and the small groups of
// entries and freed places hidden, with the free places they give away.
func TestReportPlaces(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		f.assignedAt(coach, f.locA1, f.agentur, "cw.aa", person("Anna", "Arend"))
		f.assignedAt(coach, f.locA1, f.agentur, "cw.aa", person("Berta", "Berg"))
		early := f.assignedAt(coach, f.locA1, f.jobcenter, "cw.jc", person("Carla", "Christ"))
		must(t, db.BookAppointment(ctx, coach, early, f.version(coach, early), "first", teilhabe.Booking{On: testToday, At: "09:00", Mode: "remote"}))
		must(t, db.SetAppointmentOutcome(ctx, coach, early, f.version(coach, early), "first", "held"))
		must(t, db.RecordExit(ctx, coach, early, f.version(coach, early), teilhabe.Exit{On: testToday, Kind: teilhabe.ExitEarly,
			Reason: teilhabe.ExitDroppedOut, GoodCause: teilhabe.GoodCauseNo, Destination: teilhabe.DestUnemployed}))
		f.assignedAt(f.actor("coach.a2"), f.locA2, f.jobcenter, "cw.jc", person("Jana", "Jung"))

		// show is a table of places as the page shows it: "x" hidden.
		show := func(rep Report) []string {
			var out []string
			for _, tb := range rep.Tables {
				if tb.Name != "places" {
					continue
				}
				for _, r := range tb.Rows {
					line := fmt.Sprint(r.Args...)
					for _, c := range r.Cells {
						if c.Suppressed {
							line += " x"
						} else {
							line += fmt.Sprintf(" %d", c.N)
						}
					}
					out = append(out, line)
				}
			}
			return out
		}
		year := teilhabe.YearPeriod(2026)
		two := teilhabe.Period{From: year.From, To: teilhabe.Day(2027, 12, 31)}
		for _, tc := range []struct {
			who    string
			filter ReportFilter
			want   []string
		}{
			{"lead.a", ReportFilter{Period: year}, []string{
				"Caritas KleinCaritas Trier2026 1 1 0 0", "Caritas MitteCaritas Trier2026 10 3 1 8", "2026 11 4 1 8"}},
			{"coach.a2", ReportFilter{Period: year}, []string{"Caritas KleinCaritas Trier2026 1 1 0 0", "2026 1 1 0 0"}},
			{"coord", ReportFilter{Period: year}, []string{
				"Bürgerservice WittlichBürgerservice2026 10 0 0 10", "Caritas KleinCaritas Trier2026 1 x 0 x",
				"Caritas MitteCaritas Trier2026 10 x x x", "2026 21 4 x x"}},
			{"coord", ReportFilter{Period: two, ProviderID: f.provA}, []string{
				"Caritas KleinCaritas Trier2026 1 x 0 x", "Caritas MitteCaritas Trier2026 10 x x x", "2026 11 4 x x",
				"Caritas KleinCaritas Trier2027 1 0 0 1", "Caritas MitteCaritas Trier2027 10 0 0 10", "2027 11 0 0 11"}},
			// Places are shared by the sponsors: the sponsor filter does
			// not narrow them.
			{"coord", ReportFilter{Period: year, SponsorID: f.agentur, LocationID: f.locA1}, []string{
				"Caritas MitteCaritas Trier2026 10 3 x x", "2026 10 3 x x"}},
			{"cw.jc", ReportFilter{Period: year, LocationID: f.locB}, []string{
				"Bürgerservice WittlichBürgerservice2026 10 0 0 10", "2026 10 0 0 10"}},
		} {
			rep, err := db.FindReport(ctx, f.actor(tc.who), tc.filter)
			must(t, err)
			if got := show(rep); !slices.Equal(got, tc.want) {
				t.Errorf("%s %+v: places\n%q\nwant\n%q", tc.who, tc.filter, got, tc.want)
			}
		}
	})
}

// TestReportOccupancy: the cases in coaching on each month's last day,
// counted by hand. Today is 25 November 2026. A (Agentur) began on 27
// October and coaches on; B (Agentur) began on 31 October and left
// early on 10 November; C (Jobcenter) began on 1 November; D (Agentur)
// began today and left today. On 31 October: A and B; on 25 November
// (today, the month not over): A and C; December is still ahead.
func TestReportOccupancy(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		assign := func(p teilhabe.Person, sponsor int64, cw string, start time.Time) int64 {
			t.Helper()
			id := f.contact(coach, p)
			f.toContractSigned(coach, id, f.locA1, sponsor)
			_, err := db.RequestAssignment(ctx, coach, id, f.version(coach, id), teilhabe.AssignmentRequest{})
			must(t, err)
			w := f.actor(cw)
			must(t, db.Assign(ctx, w, id, f.version(w, id), teilhabe.Assignment{Start: start}))
			must(t, db.BookAppointment(ctx, coach, id, f.version(coach, id), "first", teilhabe.Booking{On: testToday, At: "09:00", Mode: "remote"}))
			must(t, db.SetAppointmentOutcome(ctx, coach, id, f.version(coach, id), "first", "held"))
			return id
		}
		leave := func(id int64, on time.Time) {
			t.Helper()
			must(t, db.RecordExit(ctx, coach, id, f.version(coach, id), teilhabe.Exit{On: on, Kind: teilhabe.ExitEarly,
				Reason: teilhabe.ExitDroppedOut, GoodCause: teilhabe.GoodCauseNo, Destination: teilhabe.DestUnemployed}))
		}
		assign(person("Anna", "Arend"), f.agentur, "cw.aa", teilhabe.Day(2026, 10, 27))
		leave(assign(person("Berta", "Berg"), f.agentur, "cw.aa", teilhabe.Day(2026, 10, 31)), teilhabe.Day(2026, 11, 10))
		assign(person("Carla", "Christ"), f.jobcenter, "cw.jc", teilhabe.Day(2026, 11, 1))
		leave(assign(person("Dora", "Dahm"), f.agentur, "cw.aa", testToday), testToday)
		f.contact(coach, person("Emma", "Ems")) // not assigned: never in coaching

		period := ReportFilter{Period: teilhabe.Period{From: teilhabe.Day(2026, 10, 1), To: teilhabe.Day(2026, 12, 31)}}
		for _, tc := range []struct {
			who  string
			want []string
		}{
			{"lead.a", []string{"31.10.2026 [2 0 2 0]", "25.11.2026 [2 1 1 0]"}},
			{"cw.jc", []string{"31.10.2026 [0 0 0 0]", "25.11.2026 [1 1 0 0]"}},
			{"lead.b", []string{"31.10.2026 [0 0 0 0]", "25.11.2026 [0 0 0 0]"}},
		} {
			rep, err := db.FindReport(ctx, f.actor(tc.who), period)
			must(t, err)
			var got []string
			for _, tb := range rep.Tables {
				if tb.Name == "occupancy" {
					for _, r := range tb.Rows {
						got = append(got, fmt.Sprint(r.Args[0], " ", r.Values))
					}
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s: occupancy %q, want %q", tc.who, got, tc.want)
			}
		}
	})
}
