package teilhabe

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func validProgramme() Programme {
	return Programme{
		Name:             "Inklusionscoaching Trier",
		Region:           "Trier und Trier-Saarburg",
		State:            StateRP,
		PeriodStart:      Day(2026, time.January, 1),
		PeriodEnd:        Day(2028, time.December, 31),
		PlacesPerYear:    120,
		AssignmentMonths: 12,
		InfoDeadline:     DeadlineRule{Kind: DeadlineCalendarDays, Days: 7},
		ContactLapseDays: DefaultContactLapseDays,
		NoShowNotice:     DefaultNoShowNotice,
		ReviewMonths:     DefaultReviewMonths,
		FollowUp:         FollowUpCadence{Weekly: DefaultFollowUpWeekly, Months: DefaultFollowUpMonths},
	}
}

func TestProgrammeValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Programme)
		want   []string
	}{
		{"valid", func(p *Programme) {}, nil},
		{"name missing", func(p *Programme) { p.Name = "  " }, []string{"name=err.required"}},
		{"region missing", func(p *Programme) { p.Region = "" }, []string{"region=err.required"}},
		{"state missing", func(p *Programme) { p.State = "" }, []string{"state=err.choose"}},
		{"unknown state", func(p *Programme) { p.State = "XX" }, []string{"state=err.choose"}},
		{"start missing", func(p *Programme) { p.PeriodStart = time.Time{} }, []string{"period_start=err.date"}},
		{"end missing", func(p *Programme) { p.PeriodEnd = time.Time{} }, []string{"period_end=err.date"}},
		{"end on start", func(p *Programme) { p.PeriodEnd = p.PeriodStart }, []string{"period_end=err.end_before_start"}},
		{"end before start", func(p *Programme) { p.PeriodEnd = Day(2025, time.December, 31) }, []string{"period_end=err.end_before_start"}},
		{"end a day after start", func(p *Programme) { p.PeriodEnd = Day(2026, time.January, 2) }, nil},
		{"no places", func(p *Programme) { p.PlacesPerYear = 0 }, []string{"places_per_year=err.range"}},
		{"one place", func(p *Programme) { p.PlacesPerYear = 1 }, nil},
		{"100000 places", func(p *Programme) { p.PlacesPerYear = 100000 }, nil},
		{"too many places", func(p *Programme) { p.PlacesPerYear = 100001 }, []string{"places_per_year=err.range"}},
		{"no assignment months", func(p *Programme) { p.AssignmentMonths = 0 }, []string{"assignment_months=err.range"}},
		{"36 assignment months", func(p *Programme) { p.AssignmentMonths = 36 }, nil},
		{"37 assignment months", func(p *Programme) { p.AssignmentMonths = 37 }, []string{"assignment_months=err.range"}},
		{"deadline kind missing", func(p *Programme) { p.InfoDeadline.Kind = "" }, []string{"info_deadline_kind=err.choose"}},
		{"working days", func(p *Programme) { p.InfoDeadline = DeadlineRule{Kind: DeadlineWorkingDays, Days: 5} }, nil},
		{"deadline of 0 days", func(p *Programme) { p.InfoDeadline.Days = 0 }, []string{"info_deadline_days=err.range"}},
		{"deadline of 60 days", func(p *Programme) { p.InfoDeadline.Days = 60 }, nil},
		{"deadline of 61 days", func(p *Programme) { p.InfoDeadline.Days = 61 }, []string{"info_deadline_days=err.range"}},
		{"contact lapse of 90 days", func(p *Programme) { p.ContactLapseDays = 90 }, nil},
		{"contact lapse of 91 days", func(p *Programme) { p.ContactLapseDays = 91 }, []string{"contact_lapse_days=err.range"}},
		{"notice at the first no-show", func(p *Programme) { p.NoShowNotice = 1 }, nil},
		{"notice at 11 no-shows", func(p *Programme) { p.NoShowNotice = 11 }, []string{"no_show_notice=err.range"}},
		{"review every 7 months", func(p *Programme) { p.ReviewMonths = 7 }, []string{"review_months=err.range"}},
		{"follow-up weekly for 27 weeks", func(p *Programme) { p.FollowUp.Weekly = 27 }, []string{"followup_weekly=err.range"}},
		{"no weekly follow-up", func(p *Programme) { p.FollowUp.Weekly = 0 }, nil},
		{"follow-up every 7 months", func(p *Programme) { p.FollowUp.Months = 7 }, []string{"followup_months=err.range"}},
		{"empty", func(p *Programme) { *p = Programme{} }, []string{
			"assignment_months=err.range", "contact_lapse_days=err.range", "followup_months=err.range",
			"info_deadline_days=err.range",
			"info_deadline_kind=err.choose", "name=err.required", "no_show_notice=err.range",
			"period_end=err.date", "period_start=err.date", "places_per_year=err.range",
			"region=err.required", "review_months=err.range", "state=err.choose",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validProgramme()
			tt.change(&p)
			got := problems(t, p.Validate())
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate() problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPlannedEnd(t *testing.T) {
	tests := []struct {
		start  time.Time
		months int
		want   time.Time
	}{
		{Day(2026, time.January, 15), 12, Day(2027, time.January, 14)},
		{Day(2026, time.January, 1), 12, Day(2026, time.December, 31)},
		{Day(2026, time.March, 1), 1, Day(2026, time.March, 31)},
		{Day(2026, time.February, 1), 1, Day(2026, time.February, 28)},
		{Day(2026, time.May, 31), 3, Day(2026, time.August, 30)},
		{Day(2026, time.March, 31), 6, Day(2026, time.September, 30)},
		{Day(2026, time.January, 15), 36, Day(2029, time.January, 14)},
		// The month reached has no day of the start's number: the
		// assignment ends on that month's last day (§ 188 Abs. 3 BGB),
		// never in the month after.
		{Day(2024, time.February, 29), 12, Day(2025, time.February, 28)},
		{Day(2026, time.January, 31), 1, Day(2026, time.February, 28)},
		{Day(2026, time.January, 30), 1, Day(2026, time.February, 28)},
		{Day(2026, time.January, 29), 1, Day(2026, time.February, 28)},
		{Day(2028, time.January, 30), 1, Day(2028, time.February, 29)},
		{Day(2025, time.November, 30), 3, Day(2026, time.February, 28)},
		{Day(2025, time.December, 31), 14, Day(2027, time.February, 28)},
	}
	for _, tt := range tests {
		t.Run(FormatDate(tt.start), func(t *testing.T) {
			p := validProgramme()
			p.AssignmentMonths = tt.months
			if got := p.PlannedEnd(tt.start); !got.Equal(tt.want) {
				t.Errorf("PlannedEnd(%s) with %d months = %s, want %s", FormatDate(tt.start), tt.months, FormatDate(got), FormatDate(tt.want))
			}
		})
	}
}

func TestOrganisationValidate(t *testing.T) {
	valid := Organisation{ProgrammeID: testProgramme, Kind: OrgAgentur, Name: "Agentur für Arbeit Trier", Lead: true, State: StateRP}
	tests := []struct {
		name   string
		change func(*Organisation)
		want   []string
	}{
		{"valid lead sponsor", func(o *Organisation) {}, nil},
		{"jobcenter", func(o *Organisation) { o.Kind, o.Lead = OrgJobcenterGE, false }, nil},
		{"provider", func(o *Organisation) { o.Kind, o.Lead = OrgProvider, false }, nil},
		{"name missing", func(o *Organisation) { o.Name = " " }, []string{"name=err.required"}},
		{"kind missing", func(o *Organisation) { o.Kind = "" }, []string{"kind=err.choose"}},
		{"unknown kind", func(o *Organisation) { o.Kind = "ministry" }, []string{"kind=err.choose"}},
		{"state missing", func(o *Organisation) { o.State = "" }, []string{"state=err.choose"}},
		{"provider as lead", func(o *Organisation) { o.Kind = OrgProvider }, []string{"lead=err.lead_sponsor_only"}},
		{"empty", func(o *Organisation) { *o = Organisation{} }, []string{"kind=err.choose", "name=err.required", "state=err.choose"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := valid
			tt.change(&o)
			got := problems(t, o.Validate())
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate() problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOrgKind(t *testing.T) {
	tests := []struct {
		kind    OrgKind
		valid   bool
		sponsor bool
		domain  LegalDomain
	}{
		{OrgAgentur, true, true, SGB3},
		{OrgJobcenterGE, true, true, SGB2},
		{OrgJobcenterZKT, true, true, SGB2},
		{OrgProvider, true, false, ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			k := tt.kind
			if got := k.Valid(); got != tt.valid {
				t.Errorf("Valid() = %t, want %t", got, tt.valid)
			}
			if got := k.IsSponsor(); got != tt.sponsor {
				t.Errorf("IsSponsor() = %t, want %t", got, tt.sponsor)
			}
			if got := (Organisation{Kind: k}).LegalDomain(); got != tt.domain {
				t.Errorf("LegalDomain() = %q, want %q", got, tt.domain)
			}
		})
	}
	if OrgKind("").Valid() {
		t.Errorf(`OrgKind("").Valid() = true, want false`)
	}
}

func validLocation() Location {
	return Location{ProviderID: testProvider, Name: "Trier Mitte", Street: "Saarstraße 10", Postcode: "54290",
		City: "Trier", State: StateRP, PlacesPerYear: 40, Features: []Feature{FeatureStepFree, FeatureToilet}}
}

func TestLocationValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Location)
		want   []string
	}{
		{"valid", func(l *Location) {}, nil},
		{"all features", func(l *Location) { l.Features = Features() }, nil},
		{"no features", func(l *Location) { l.Features = nil }, nil},
		{"name missing", func(l *Location) { l.Name = "" }, []string{"name=err.required"}},
		{"street missing", func(l *Location) { l.Street = "\t" }, []string{"street=err.required"}},
		{"postcode missing", func(l *Location) { l.Postcode = "" }, []string{"postcode=err.postcode"}},
		{"postcode four digits", func(l *Location) { l.Postcode = "5429" }, []string{"postcode=err.postcode"}},
		{"postcode with letters", func(l *Location) { l.Postcode = "D-542" }, []string{"postcode=err.postcode"}},
		{"city missing", func(l *Location) { l.City = "" }, []string{"city=err.required"}},
		{"state missing", func(l *Location) { l.State = "" }, []string{"state=err.choose"}},
		{"no places", func(l *Location) { l.PlacesPerYear = 0 }, nil},
		{"10000 places", func(l *Location) { l.PlacesPerYear = 10000 }, nil},
		{"negative places", func(l *Location) { l.PlacesPerYear = -1 }, []string{"places_per_year=err.range"}},
		{"too many places", func(l *Location) { l.PlacesPerYear = 10001 }, []string{"places_per_year=err.range"}},
		{"unknown features", func(l *Location) { l.Features = []Feature{FeatureStepFree, "lift", "ramp"} }, []string{"features=err.choose"}},
		{"empty", func(l *Location) { *l = Location{} }, []string{
			"city=err.required", "name=err.required", "postcode=err.postcode", "state=err.choose", "street=err.required",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := validLocation()
			tt.change(&l)
			got := problems(t, l.Validate())
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate() problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLocationHasFeature(t *testing.T) {
	l := validLocation()
	for _, f := range Features() {
		want := f == FeatureStepFree || f == FeatureToilet
		if got := l.HasFeature(f); got != want {
			t.Errorf("HasFeature(%s) = %t, want %t", f, got, want)
		}
	}
}
