package teilhabe

import (
	"strings"
	"testing"
	"time"
)

func TestProspectValidate(t *testing.T) {
	today := Day(2026, time.December, 7)
	ok := Prospect{Kind: ProspectTrialOffer, On: today, EmployerID: 4}
	if err := ok.Validate(today); err != nil {
		t.Fatalf("valid prospect: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(*Prospect)
		want   string
	}{
		{"no kind", func(p *Prospect) { p.Kind = "" }, "kind=err.choose"},
		{"tomorrow", func(p *Prospect) { p.On = today.AddDate(0, 0, 1) }, "on=err.date_future"},
		{"no employer", func(p *Prospect) { p.EmployerID = 0 }, "employer=err.choose"},
		{"none with an employer", func(p *Prospect) { p.Kind = ProspectNone }, "employer=err.prospect_none_employer"},
		{"long note", func(p *Prospect) { p.Note = strings.Repeat("x", MaxReason+1) }, "note=err.too_long"},
	} {
		p := ok
		tc.change(&p)
		if got := strings.Join(problems(t, p.Validate(today)), " "); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if err := (Prospect{Kind: ProspectNone, On: today}).Validate(today); err != nil {
		t.Errorf("no prospect, no employer: %v", err)
	}
}

func TestEmployerConsent(t *testing.T) {
	on := Day(2026, time.December, 7)
	general := Consent{Scope: ConsentEmployer, GivenOn: on.AddDate(0, -1, 0)}
	named := Consent{Scope: ConsentEmployer, Recipient: "Bäckerei Weber", GivenOn: on.AddDate(0, -1, 0)}
	for _, tc := range []struct {
		name     string
		consents []Consent
		employer string
		want     bool
	}{
		{"none", nil, "Bäckerei Weber GmbH", false},
		{"employers in general", []Consent{general}, "Moselland Logistik", true},
		{"this employer, legal form aside", []Consent{named}, "Baeckerei Weber GmbH", true},
		{"another employer", []Consent{named}, "Moselland Logistik", false},
		{"revoked", []Consent{{Scope: ConsentEmployer, GivenOn: general.GivenOn, RevokedOn: on}}, "X", false},
		{"given later", []Consent{{Scope: ConsentEmployer, GivenOn: on.AddDate(0, 0, 1)}}, "X", false},
		{"another scope", []Consent{{Scope: ConsentDoctor, GivenOn: general.GivenOn}}, "X", false},
	} {
		if got := EmployerConsent(tc.consents, tc.employer, on); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCaseGoal(t *testing.T) {
	start := Day(2026, time.March, 15)
	c := Case{AssignmentStart: start}
	today := Day(2026, time.December, 7)
	p := func(kind ProspectKind, m time.Month, d int) Prospect {
		return Prospect{Kind: kind, On: Day(2026, m, d)}
	}
	for _, tc := range []struct {
		name      string
		prospects []Prospect
		want      bool
		since     time.Time
	}{
		{"nothing recorded", nil, false, time.Time{}},
		{"one offer", []Prospect{p(ProspectTrialOffer, 11, 1)}, true, Day(2026, 11, 1)},
		{"a run of two", []Prospect{p(ProspectNone, 9, 1), p(ProspectTrialOffer, 11, 1), p(ProspectJobOffer, 11, 20)}, true, Day(2026, 11, 1)},
		{"gone again", []Prospect{p(ProspectTrialOffer, 11, 1), p(ProspectNone, 11, 25)}, false, time.Time{}},
	} {
		g := CaseGoal(c, tc.prospects, nil, today)
		if g.Months != 8 || g.Prospect != tc.want || !g.ProspectSince.Equal(tc.since) {
			t.Errorf("%s: %+v; want 8 months, prospect %v since %v", tc.name, g, tc.want, tc.since)
		}
	}
}

func TestCaseGoalPlaced(t *testing.T) {
	c := Case{AssignmentStart: Day(2026, time.March, 15)}
	today := Day(2026, time.December, 7)
	placements := []Placement{{Kind: PlacementPartTime, Start: Day(2026, 10, 1)}, {Kind: PlacementMarginal, Start: Day(2026, 11, 1)}}
	if g := CaseGoal(c, nil, placements, today); !g.Placed.Start.Equal(Day(2026, 10, 1)) {
		t.Errorf("placed %+v, want the part-time job of 1 October (a marginal job does not count)", g.Placed)
	}
	if g := CaseGoal(c, nil, placements[1:], today); !g.Placed.Start.IsZero() {
		t.Errorf("a marginal job alone: placed %+v, want none", g.Placed)
	}
}

func TestPlacementValidate(t *testing.T) {
	today := Day(2026, time.December, 7)
	ok := Placement{Kind: PlacementPartTime, EmployerID: 3, JobTitle: "Lagerhelfer", Start: today.AddDate(0, 0, 14), Hours: 25,
		Subsidy: SubsidyEGZDisabled, SubsidyPercent: 50, SubsidyMonths: 12}
	if err := ok.Validate(today); err != nil {
		t.Fatalf("valid placement: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(*Placement)
		want   string
	}{
		{"no kind", func(p *Placement) { p.Kind = "" }, "kind=err.choose"},
		{"no employer", func(p *Placement) { p.EmployerID = 0 }, "employer=err.choose"},
		{"no job title", func(p *Placement) { p.JobTitle = "" }, "job_title=err.required"},
		{"start far ahead", func(p *Placement) { p.Start = today.AddDate(0, 7, 0) }, "start=err.date_too_far"},
		{"no hours", func(p *Placement) { p.Hours = 0 }, "hours=err.range"},
		{"end before start", func(p *Placement) { p.FixedEnd = p.Start }, "fixed_end=err.end_before_start"},
		{"EGZ over 50 %", func(p *Placement) { p.Subsidy, p.SubsidyPercent = SubsidyEGZ, 60 }, "subsidy_percent=err.range_max"},
		{"disabled EGZ over 24 months", func(p *Placement) { p.SubsidyMonths = 25 }, "subsidy_months=err.range_max"},
		{"trial over 3 months", func(p *Placement) { p.Subsidy, p.SubsidyPercent, p.SubsidyMonths = SubsidyTrial, 0, 4 }, "subsidy_months=err.range_max"},
		{"trial with a percentage", func(p *Placement) { p.Subsidy, p.SubsidyMonths = SubsidyTrial, 3 }, "subsidy_percent=err.subsidy_no_percent"},
		{"subsidy for a workshop", func(p *Placement) { p.Kind, p.EmployerID = PlacementWorkshop, 0 }, "subsidy=err.subsidy_not_employment"},
	} {
		p := ok
		tc.change(&p)
		if got := strings.Join(problems(t, p.Validate(today)), " "); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if err := (Placement{Kind: PlacementWorkshop, Start: today, Subsidy: SubsidyNone}).Validate(today); err != nil {
		t.Errorf("a workshop place without employer or hours: %v", err)
	}
}
