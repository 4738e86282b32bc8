package teilhabe

import (
	"fmt"
	"strings"
	"testing"
)

func TestAnnualNarrative(t *testing.T) {
	n := func(v int) Cell { return Cell{N: v} }
	hidden := func(v int) Cell { return Cell{N: v, Suppressed: true} }
	// say writes the phrases as "key: values", a hidden value as "x".
	say := func(ps []Phrase) string {
		var out []string
		for _, p := range ps {
			var vals []string
			for _, a := range p.Args {
				switch {
				case a.Hidden:
					vals = append(vals, "x")
				case a.Percent:
					vals = append(vals, fmt.Sprintf("%d%%", a.N))
				default:
					vals = append(vals, fmt.Sprint(a.N))
				}
			}
			out = append(out, strings.TrimPrefix(p.Key, "annual.narrative.")+": "+strings.Join(vals, " "))
		}
		return strings.Join(out, "; ")
	}
	for _, tc := range []struct {
		name string
		f    AnnualFigures
		want string
	}{
		{"a full year", AnnualFigures{Places: n(150), Used: n(142),
			Assigned: [3]Cell{n(140), n(60), n(80)}, Placed: [3]Cell{n(61), n(25), n(36)},
			PlacedShare: [3]Cell{n(44), n(42), n(45)}, Exits: n(70), Early: n(20), Sustain: n(40), Held: n(31)},
			"places: 150 142 95%; goal: 61 140 44%; domains: 25 60 42% 36 80 45%; exits: 70 20%; sustain: 40 31"},
		{"small groups are never said", AnnualFigures{Places: n(20), Used: hidden(2),
			Assigned: [3]Cell{n(4), hidden(1), hidden(3)}, Placed: [3]Cell{hidden(2), n(0), hidden(2)},
			PlacedShare: [3]Cell{hidden(50), hidden(0), hidden(67)}, Exits: hidden(1), Early: hidden(100)},
			"places: 20 x x; goal: x 4 x; domains: 0 x x x x x; exits: x x"},
		{"nothing yet", AnnualFigures{},
			"no_places: ; no_assignments: ; no_exits: "},
		{"more used than places", AnnualFigures{Places: n(10), Used: n(11), Assigned: [3]Cell{n(11), n(0), n(11)},
			Placed: [3]Cell{n(0), n(0), n(0)}, PlacedShare: [3]Cell{n(0), hidden(0), n(0)}},
			"places: 10 11 110%; goal: 0 11 0%; domains: 0 0 x 0 11 0%; no_exits: "},
	} {
		if got := say(AnnualNarrative(tc.f)); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}
