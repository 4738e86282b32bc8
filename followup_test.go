package teilhabe

import (
	"strings"
	"testing"
	"time"
)

func TestFollowUpCadence(t *testing.T) {
	start := Day(2026, time.March, 2)
	monthly := FollowUpCadence{Weekly: 4, Months: 1}
	for _, tc := range []struct {
		name    string
		cadence FollowUpCadence
		last    time.Time
		want    time.Time
	}{
		{"no contact yet: a week after the start", monthly, time.Time{}, Day(2026, time.March, 9)},
		{"in the weekly weeks: a week on", monthly, Day(2026, time.March, 20), Day(2026, time.March, 27)},
		{"the last weekly day: a week on", monthly, Day(2026, time.March, 29), Day(2026, time.April, 5)},
		{"after the weekly weeks: a month on", monthly, Day(2026, time.March, 30), Day(2026, time.April, 30)},
		{"a contact before the start counts from the start", monthly, Day(2026, time.February, 20), Day(2026, time.March, 9)},
		{"no weekly weeks: a month after the start", FollowUpCadence{Months: 1}, time.Time{}, Day(2026, time.April, 2)},
		{"every two months", FollowUpCadence{Weekly: 0, Months: 2}, Day(2026, time.May, 4), Day(2026, time.July, 4)},
	} {
		if got := tc.cadence.NextContact(start, tc.last); !got.Equal(tc.want) {
			t.Errorf("%s: %s, want %s", tc.name, FormatDate(got), FormatDate(tc.want))
		}
	}
	if got := SustainabilityDue(start); !got.Equal(Day(2026, time.September, 2)) {
		t.Errorf("sustainability due %s, want 02.09.2026", FormatDate(got))
	}
}

func TestFollowUpValidate(t *testing.T) {
	today := Day(2026, time.December, 7)
	p := Placement{Kind: PlacementFullTime, Start: Day(2026, time.May, 4)}
	ok := FollowUpContact{On: Day(2026, time.December, 1), With: WithEmployer, Mode: ModeWorkplaceVisit}
	if err := ok.Validate(p, today); err != nil {
		t.Fatalf("valid contact: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(*FollowUpContact)
		want   string
	}{
		{"no day", func(c *FollowUpContact) { c.On = time.Time{} }, "on=err.date"},
		{"tomorrow", func(c *FollowUpContact) { c.On = today.AddDate(0, 0, 1) }, "on=err.date_future"},
		{"before the job", func(c *FollowUpContact) { c.On = Day(2026, time.May, 3) }, "on=err.followup_before_start"},
		{"with nobody", func(c *FollowUpContact) { c.With = "" }, "with=err.choose"},
		{"a journey mode", func(c *FollowUpContact) { c.Mode = ModeRemote }, "mode=err.choose"},
		{"a crisis without its problem", func(c *FollowUpContact) { c.Crisis = true }, "problem=err.required"},
		{"a long solution", func(c *FollowUpContact) { c.Solution = strings.Repeat("x", MaxNote+1) }, "solution=err.too_long"},
	} {
		c := ok
		tc.change(&c)
		if got := strings.Join(problems(t, c.Validate(p, today)), " "); got != tc.want {
			t.Errorf("contact, %s: %q, want %q", tc.name, got, tc.want)
		}
	}

	check := SustainabilityCheck{On: Day(2026, time.November, 4), Result: SustainedYes, Source: SourceEmployer}
	if err := check.Validate(p, today); err != nil {
		t.Fatalf("valid check: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(*SustainabilityCheck)
		want   string
	}{
		{"before six months", func(s *SustainabilityCheck) { s.On = Day(2026, time.November, 3) }, "on=err.sustain_early"},
		{"tomorrow", func(s *SustainabilityCheck) { s.On = today.AddDate(0, 0, 1) }, "on=err.date_future"},
		{"no result", func(s *SustainabilityCheck) { s.Result = "maybe" }, "result=err.choose"},
		{"no source for a known result", func(s *SustainabilityCheck) { s.Source = SourceNone }, "source=err.sustain_source_needed"},
		{"no source at all", func(s *SustainabilityCheck) { s.Source = "" }, "source=err.choose"},
	} {
		s := check
		tc.change(&s)
		if got := strings.Join(problems(t, s.Validate(p, today)), " "); got != tc.want {
			t.Errorf("check, %s: %q, want %q", tc.name, got, tc.want)
		}
	}
	unknown := SustainabilityCheck{On: today, Result: SustainedUnknown, Source: SourceNone}
	if err := unknown.Validate(p, today); err != nil {
		t.Errorf("an unknown result without a source: %v", err)
	}

	end := FollowUpEnd{On: today, Reason: FollowUpJobLost}
	if err := end.Validate(p, today); err != nil {
		t.Fatalf("valid end: %v", err)
	}
	for _, tc := range []struct {
		name string
		end  FollowUpEnd
		want string
	}{
		{"the exit's reason is the exit's", FollowUpEnd{On: today, Reason: FollowUpExited}, "reason=err.choose"},
		{"before the job", FollowUpEnd{On: Day(2026, time.May, 1), Reason: FollowUpCompleted}, "on=err.followup_before_start"},
		{"no day, no reason", FollowUpEnd{}, "on=err.date reason=err.choose"},
	} {
		if got := strings.Join(problems(t, tc.end.Validate(p, today)), " "); got != tc.want {
			t.Errorf("end, %s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestFollowUpCheckDue(t *testing.T) {
	p := Placement{Kind: PlacementTraining, Start: Day(2026, time.May, 4)}
	f := FollowUp{Placement: p}
	if f.CheckDue(Day(2026, time.November, 3)) {
		t.Error("the check is due a day early")
	}
	if !f.CheckDue(Day(2026, time.November, 4)) {
		t.Error("the check is not due six months on")
	}
	lost := f
	lost.Ended = FollowUpEnd{On: Day(2026, time.July, 1), Reason: FollowUpJobLost}
	if lost.CheckDue(Day(2026, time.December, 1)) {
		t.Error("a job lost still needs its check")
	}
	done := f
	done.Check = &SustainabilityCheck{Result: SustainedYes}
	if done.CheckDue(Day(2026, time.December, 1)) {
		t.Error("a check taken is due again")
	}
	p.Lost = Day(2026, time.July, 1)
	if (Placement{Kind: PlacementTraining}).Holds() != true || p.Holds() {
		t.Error("Holds: a lost job holds, or a training does not")
	}
}
