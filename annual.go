package teilhabe

// The annual programme report: the year's figures of the whole programme
// for the lead sponsor, with a short narrative of its key numbers written
// from the same figures the tables show.

// AnnualFigures are the key numbers of a year as the annual report shows
// them, small groups already hidden. Per legal domain, index 0 is all
// cases, 1 SGB II, 2 SGB III.
type AnnualFigures struct {
	Places, Used     Cell    // the programme's places of the year, and those used (entries less freed)
	Assigned, Placed [3]Cell // assignments begun in the year; of them placed within twelve months
	PlacedShare      [3]Cell // Placed of Assigned, in percent; hidden where it would give a group away
	Exits, Early     Cell    // exits in the year; the share of them early, in percent
	Sustain, Held    Cell    // placements that count at their six-month mark in the year; of them the job still held
}

// NarrativeValue is a number the narrative says: a count, or a share in
// percent; hidden when the tables hide it.
type NarrativeValue struct {
	N       int
	Percent bool
	Hidden  bool
}

// Phrase is one sentence of the narrative: a text key and its values, in
// the order the text names them.
type Phrase struct {
	Key  string
	Args []NarrativeValue
}

func narrativeCount(c Cell) NarrativeValue { return NarrativeValue{N: c.N, Hidden: c.Suppressed} }

func narrativeShare(c Cell) NarrativeValue {
	return NarrativeValue{N: c.N, Percent: true, Hidden: c.Suppressed}
}

// AnnualNarrative writes the key numbers of f as sentences: the places
// used of those available, the placements within twelve months of all
// assignments and per legal domain side by side, the exits and how many
// were early, the jobs that held six months. It says a hidden count as
// hidden (the text: "fewer than 3") and never works one out; a share of
// a hidden count is hidden too.
func AnnualNarrative(f AnnualFigures) []Phrase {
	var out []Phrase
	if f.Places.N == 0 {
		out = append(out, Phrase{Key: "annual.narrative.no_places"})
	} else {
		used := narrativeShare(Cell{Suppressed: f.Used.Suppressed})
		used.N, _ = Percent(max(f.Used.N, 0), f.Places.N)
		out = append(out, Phrase{Key: "annual.narrative.places", Args: []NarrativeValue{narrativeCount(f.Places), narrativeCount(f.Used), used}})
	}
	if f.Assigned[0].N == 0 && !f.Assigned[0].Suppressed {
		out = append(out, Phrase{Key: "annual.narrative.no_assignments"})
	} else {
		out = append(out, Phrase{Key: "annual.narrative.goal",
			Args: []NarrativeValue{narrativeCount(f.Placed[0]), narrativeCount(f.Assigned[0]), narrativeShare(f.PlacedShare[0])}})
		var args []NarrativeValue
		for d := 1; d <= 2; d++ {
			args = append(args, narrativeCount(f.Placed[d]), narrativeCount(f.Assigned[d]), narrativeShare(f.PlacedShare[d]))
		}
		out = append(out, Phrase{Key: "annual.narrative.domains", Args: args})
	}
	if f.Exits.N == 0 && !f.Exits.Suppressed {
		out = append(out, Phrase{Key: "annual.narrative.no_exits"})
	} else {
		out = append(out, Phrase{Key: "annual.narrative.exits", Args: []NarrativeValue{narrativeCount(f.Exits), narrativeShare(f.Early)}})
	}
	if f.Sustain.N > 0 || f.Sustain.Suppressed {
		out = append(out, Phrase{Key: "annual.narrative.sustain", Args: []NarrativeValue{narrativeCount(f.Sustain), narrativeCount(f.Held)}})
	}
	return out
}
