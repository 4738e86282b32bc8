package sqldb

import (
	"context"
	"testing"

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
