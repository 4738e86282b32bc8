package teilhabe

import (
	"strings"
	"testing"
	"time"
)

func TestExitValidate(t *testing.T) {
	today := Day(2026, time.December, 7)
	c := Case{Stage: StageActive, AssignmentStart: Day(2026, time.March, 2), AssignmentEnd: Day(2027, time.March, 1)}
	ok := Exit{On: Day(2026, time.December, 4), Kind: ExitEarly, Reason: ExitEmployment, Destination: DestEmploymentPart}
	var all Programme
	if err := ok.Validate(c, all, today); err != nil {
		t.Fatalf("valid exit: %v", err)
	}
	dropout := Exit{On: today, Kind: ExitEarly, Reason: ExitDroppedOut, GoodCause: GoodCauseUnclear, Destination: DestUnknown}
	if err := dropout.Validate(c, all, today); err != nil {
		t.Fatalf("valid dropout: %v", err)
	}
	ended := c
	ended.AssignmentEnd = Day(2026, time.November, 30)
	regular := Exit{On: ended.AssignmentEnd, Kind: ExitRegular, Reason: ExitNoPlacement, Destination: DestUnemployed}
	if err := regular.Validate(ended, all, today); err != nil {
		t.Fatalf("valid regular end: %v", err)
	}
	narrow := Programme{ExitReasons: []ExitReason{ExitEmployment, ExitNoPlacement}}
	for _, tc := range []struct {
		name   string
		change func(*Exit)
		c      Case
		p      Programme
		want   string
	}{
		{"no day", func(e *Exit) { e.On = time.Time{} }, c, all, "on=err.date"},
		{"tomorrow", func(e *Exit) { e.On = today.AddDate(0, 0, 1) }, c, all, "on=err.date_future"},
		{"before the assignment", func(e *Exit) { e.On = Day(2026, time.March, 1) }, c, all, "on=err.exit_before_assignment"},
		{"no kind", func(e *Exit) { e.Kind = "" }, c, all, "kind=err.choose"},
		{"regular before the planned end", func(e *Exit) { e.Kind = ExitRegular }, c, all, "kind=err.exit_regular_early"},
		{"early after the planned end", func(e *Exit) { e.On = ended.AssignmentEnd }, ended, all, "kind=err.exit_early_late"},
		{"early on the planned end", func(e *Exit) { e.On = ended.AssignmentEnd.AddDate(0, 0, 1) }, ended, all, "kind=err.exit_early_late"},
		{"no reason", func(e *Exit) { e.Reason = "" }, c, all, "reason=err.choose"},
		{"a reason the programme does not offer", func(e *Exit) { e.Reason, e.Destination = ExitPension, DestUnavailable }, c, narrow, "reason=err.choose"},
		{"no placement, early", func(e *Exit) { e.Reason, e.Destination = ExitNoPlacement, DestUnemployed }, c, all, "reason=err.exit_no_placement_early"},
		{"dropout without good cause", func(e *Exit) { e.Reason, e.Destination = ExitDroppedOut, DestUnknown }, c, all, "good_cause=err.choose"},
		{"good cause on another reason", func(e *Exit) { e.GoodCause = GoodCauseYes }, c, all, "good_cause=err.good_cause_not_dropout"},
		{"no destination", func(e *Exit) { e.Destination = "" }, c, all, "destination=err.choose"},
		{"employment into training", func(e *Exit) { e.Destination = DestTraining }, c, all, "destination=err.destination_reason"},
		{"training into a marginal job", func(e *Exit) { e.Reason, e.Destination = ExitTraining, DestMarginal }, c, all, "destination=err.destination_reason"},
		{"other without a note", func(e *Exit) { e.Reason, e.Destination = ExitOther, DestUnknown }, c, all, "note=err.note_for_other"},
		{"long note", func(e *Exit) { e.Note = strings.Repeat("x", MaxReason+1) }, c, all, "note=err.too_long"},
		{"everything wrong at once", func(e *Exit) { *e = Exit{GoodCause: "x", Note: strings.Repeat("x", MaxReason+1)} }, c, all,
			"destination=err.choose good_cause=err.good_cause_not_dropout kind=err.choose note=err.too_long on=err.date reason=err.choose"},
	} {
		e := ok
		tc.change(&e)
		if got := strings.Join(problems(t, e.Validate(tc.c, tc.p, today)), " "); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestProposeExit(t *testing.T) {
	today := Day(2026, time.December, 7)
	running := Case{Stage: StageActive, AssignmentStart: Day(2026, time.March, 2), AssignmentEnd: Day(2027, time.March, 1)}
	ended := running
	ended.AssignmentEnd = Day(2026, time.November, 30)
	for _, tc := range []struct {
		name       string
		c          Case
		placements []Placement
		want       Exit
	}{
		{"running, nothing known", running, nil, Exit{On: today, Kind: ExitEarly}},
		{"ended without a placement", ended, nil,
			Exit{On: ended.AssignmentEnd, Kind: ExitRegular, Reason: ExitNoPlacement, Destination: DestUnemployed}},
		{"placed part-time", running, []Placement{{Kind: PlacementPartTime}},
			Exit{On: today, Kind: ExitEarly, Reason: ExitEmployment, Destination: DestEmploymentPart}},
		{"a training place after a marginal job", ended, []Placement{{Kind: PlacementMarginal}, {Kind: PlacementTraining}},
			Exit{On: ended.AssignmentEnd, Kind: ExitRegular, Reason: ExitTraining, Destination: DestTraining}},
		{"a marginal job only", running, []Placement{{Kind: PlacementMarginal}}, Exit{On: today, Kind: ExitEarly}},
	} {
		if got := ProposeExit(tc.c, tc.placements, today); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestLaterDestinationValidate(t *testing.T) {
	today := Day(2026, time.December, 7)
	c := Case{Stage: StageExited, ExitOn: Day(2026, time.May, 29)}
	ok := LaterDestination{On: Day(2026, time.December, 1), Destination: DestEmploymentPart, Source: SourceEmployer}
	if err := ok.Validate(c, today); err != nil {
		t.Fatalf("valid later destination: %v", err)
	}
	if !LaterDue(c.ExitOn).Equal(Day(2026, time.November, 29)) {
		t.Errorf("LaterDue = %s, want 29.11.2026", FormatDate(LaterDue(c.ExitOn)))
	}
	for _, tc := range []struct {
		name   string
		change func(*LaterDestination)
		want   string
	}{
		{"before the mark", func(l *LaterDestination) { l.On = Day(2026, time.November, 28) }, "on=err.later_early"},
		{"tomorrow", func(l *LaterDestination) { l.On = today.AddDate(0, 0, 1) }, "on=err.date_future"},
		{"no destination", func(l *LaterDestination) { l.Destination = "" }, "destination=err.choose"},
		{"a known destination without source", func(l *LaterDestination) { l.Source = SourceNone }, "source=err.sustain_source_needed"},
		{"unknown without source", func(l *LaterDestination) { l.Destination, l.Source = DestUnknown, SourceNone }, ""},
	} {
		l := ok
		tc.change(&l)
		if got := strings.Join(problems(t, l.Validate(c, today)), " "); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	for d, want := range map[Destination]bool{DestEmploymentFull: true, DestEmploymentPart: true, DestTraining: true,
		DestMarginal: false, DestSelfEmployed: false, DestUnknown: false} {
		if d.Integrated() != want {
			t.Errorf("%s.Integrated() = %v, want %v", d, !want, want)
		}
	}
}
