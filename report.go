package teilhabe

import (
	"slices"
	"time"
)

// A report's figures: each table has rows of counts split into the
// programme's legal domains side by side (ReportColumns), defined once in
// the store's queries (sqldb/reports.go) and explained to the user by the
// text "report.def.<table>".

// ReportColumns are a report table's columns: all cases, each legal
// domain, and the cases whose legal domain is not yet known (before the
// eligibility check), so that the first column is the sum of the others.
var ReportColumns = [4]string{"all", string(SGB2), string(SGB3), "open"}

// MinGroup is the smallest count a report shows outside the provider:
// smaller groups read "< 3".
const MinGroup = 3

// Period is a report's span of days, both ends included.
type Period struct {
	From, To time.Time
}

// YearPeriod returns the calendar year y.
func YearPeriod(y int) Period { return Period{Day(y, time.January, 1), Day(y, time.December, 31)} }

// Validate checks a period: both days, in order, at most ten years.
func (p Period) Validate() error {
	var pr Problems
	if p.From.IsZero() {
		pr.Add("from", "err.date")
	}
	switch {
	case p.To.IsZero():
		pr.Add("to", "err.date")
	case !p.From.IsZero() && p.To.Before(p.From):
		pr.Add("to", "err.end_before_start")
	case !p.From.IsZero() && p.To.After(p.From.AddDate(10, 0, 0)):
		pr.Add("to", "err.period_too_long")
	}
	return pr.Err()
}

// CanSeeReport reports whether a may open the programme's reports, each
// role within its scope: the coordinator the programme, a sponsor's
// caseworker the own sponsor's cases, a provider lead the provider's, a
// coach the location's.
func CanSeeReport(a Actor) bool {
	switch a.Role {
	case RoleCoordinator, RoleSponsorCaseworker, RoleProviderLead, RoleCoach:
		return a.ProgrammeID != 0
	}
	return false
}

// ReportLeavesProvider reports whether figures shown to a leave the
// provider that holds the data, so that small groups are suppressed.
func ReportLeavesProvider(a Actor) bool { return !a.Role.IsProviderSide() }

// Cell is one shown value of a report: a number, or suppressed.
type Cell struct {
	N          int
	Suppressed bool
}

// SuppressCounts hides the small groups of a table of counts, whose
// columns are ReportColumns (the first the sum of the others) and whose
// rows, if sums is set, add up to the table's last row. A count of 1 or 2
// is hidden; then, wherever a hidden count could be worked out as a
// difference — from the total column, or from the sum row —, the smallest
// other non-zero count of that row or column is hidden too, until no
// difference gives one away.
func SuppressCounts(rows [][4]int, sums bool) [][4]Cell {
	out := make([][4]Cell, len(rows))
	for i, r := range rows {
		for j, n := range r {
			out[i][j] = Cell{N: n, Suppressed: n > 0 && n < MinGroup}
		}
	}
	for changed := true; changed; {
		changed = false
		// Across each row: total = SGB II + SGB III.
		for i := range out {
			changed = hideSecond(func(k int) *Cell { return &out[i][k] }, 4) || changed
		}
		// Down each column, when the last row is the sum of the others.
		if sums && len(out) > 1 {
			for j := range 4 {
				changed = hideSecond(func(k int) *Cell { return &out[k][j] }, len(out)) || changed
			}
		}
	}
	return out
}

// hideSecond hides, in a group of n cells of which one is the sum of the
// others, the smallest shown non-zero cell when exactly one is hidden, so
// that the hidden one cannot be worked out. It reports whether it hid one.
func hideSecond(cell func(int) *Cell, n int) bool {
	hidden := 0
	for k := range n {
		if cell(k).Suppressed {
			hidden++
		}
	}
	if hidden != 1 {
		return false
	}
	var candidates []int
	for k := range n {
		if c := cell(k); !c.Suppressed && c.N > 0 {
			candidates = append(candidates, k)
		}
	}
	if len(candidates) == 0 {
		return false
	}
	k := slices.MinFunc(candidates, func(a, b int) int { return cell(a).N - cell(b).N })
	cell(k).Suppressed = true
	return true
}

// Percent returns part of whole in whole percent, rounded half up, and
// false when whole is 0.
func Percent(part, whole int) (int, bool) {
	if whole == 0 {
		return 0, false
	}
	return (part*200 + whole) / (whole * 2), true
}

// PlacesColumns are the columns of the table of places: a location's
// places in a year, the assignments that started in it (entries), the
// places early exits freed again, and what is left free — places less
// entries plus freed.
var PlacesColumns = [4]string{"places", "entries", "freed", "free"}

// Places is a location's places in a year, or the sum of several.
type Places struct {
	Places, Entries, Freed int
}

// Free returns the places left: places less entries plus those freed. It
// is negative when more started than there were places.
func (p Places) Free() int { return p.Places - p.Entries + p.Freed }

// Used returns the places taken: entries less those freed.
func (p Places) Used() int { return p.Entries - p.Freed }

// SuppressPlaces hides the small groups of one year's table of places,
// whose columns are PlacesColumns and whose last row is the sum of the
// others. Places are no people and always show; entries and freed places
// count people: 1 or 2 is hidden, and whenever one hidden count of a
// column could be worked out from the sum row, the smallest other
// non-zero count of that column is hidden too. Free places give away the
// entries and freed places of their row, so a row's free places are
// hidden whenever one of them is.
func SuppressPlaces(rows []Places) [][4]Cell {
	out := make([][4]Cell, len(rows))
	for i, r := range rows {
		out[i] = [4]Cell{{N: r.Places}, {N: r.Entries, Suppressed: r.Entries > 0 && r.Entries < MinGroup},
			{N: r.Freed, Suppressed: r.Freed > 0 && r.Freed < MinGroup}, {N: r.Free()}}
	}
	for changed := true; changed; {
		changed = false
		if len(out) > 1 {
			for _, j := range []int{1, 2} {
				changed = hideSecond(func(k int) *Cell { return &out[k][j] }, len(out)) || changed
			}
		}
		for i := range out {
			if (out[i][1].Suppressed || out[i][2].Suppressed) && !out[i][3].Suppressed {
				out[i][3].Suppressed, changed = true, true
			}
		}
	}
	return out
}

// SuppressSum hides the small groups of one row of counts whose first is
// the sum of the others (the programme and each sponsor): a count of 1 or
// 2 is hidden, and when exactly one is hidden, the smallest other
// non-zero count too, so that no difference gives it away.
func SuppressSum(row []int) []Cell {
	out := make([]Cell, len(row))
	for i, n := range row {
		out[i] = Cell{N: n, Suppressed: n > 0 && n < MinGroup}
	}
	for hideSecond(func(k int) *Cell { return &out[k] }, len(out)) {
	}
	return out
}

// ShareHidden reports whether a share of part in whole, shown outside
// the provider, would give a small group away: when either count is
// hidden, when whole is small, or when what is left of it is.
func ShareHidden(part, whole Cell) bool {
	small := func(n int) bool { return n > 0 && n < MinGroup }
	return whole.N == 0 || part.Suppressed || whole.Suppressed || whole.N < MinGroup || small(whole.N-part.N)
}
