package teilhabe

import (
	"testing"
	"time"
)

func TestSuppressCounts(t *testing.T) {
	show := func(cells [][4]Cell) [][4]string {
		out := make([][4]string, len(cells))
		for i, r := range cells {
			for j, c := range r {
				switch {
				case c.Suppressed:
					out[i][j] = "x"
				default:
					out[i][j] = itoaTest(c.N)
				}
			}
		}
		return out
	}
	for _, tc := range []struct {
		name string
		rows [][4]int
		sums bool
		want [][4]string
	}{
		{"nothing small", [][4]int{{10, 4, 6, 0}}, false, [][4]string{{"10", "4", "6", "0"}}},
		{"zero is shown", [][4]int{{5, 0, 5, 0}}, false, [][4]string{{"5", "0", "5", "0"}}},
		{"one domain small: the other would give it away", [][4]int{{12, 2, 10, 0}}, false, [][4]string{{"12", "x", "x", "0"}}},
		{"both small", [][4]int{{3, 1, 2, 0}}, false, [][4]string{{"3", "x", "x", "0"}}},
		{"a case of open domain among many", [][4]int{{9, 4, 4, 1}}, false, [][4]string{{"9", "x", "4", "x"}}},
		{"the total small", [][4]int{{2, 0, 2, 0}}, false, [][4]string{{"x", "0", "x", "0"}}},
		{"a sum row: a second row is hidden in the column",
			[][4]int{{1, 0, 1, 0}, {7, 3, 4, 0}, {9, 4, 5, 0}, {17, 7, 10, 0}}, true,
			[][4]string{{"x", "0", "x", "0"}, {"x", "3", "x", "0"}, {"9", "4", "5", "0"}, {"17", "7", "10", "0"}}},
	} {
		got := show(SuppressCounts(tc.rows, tc.sums))
		for i := range tc.want {
			if got[i] != tc.want[i] {
				t.Errorf("%s: row %d = %v, want %v (all: %v)", tc.name, i, got[i], tc.want[i], got)
			}
		}
	}
}

func itoaTest(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

func TestPercent(t *testing.T) {
	for _, tc := range []struct{ part, whole, want int }{{1, 3, 33}, {2, 3, 67}, {1, 2, 50}, {1, 8, 13}, {0, 5, 0}, {5, 5, 100}} {
		if got, ok := Percent(tc.part, tc.whole); !ok || got != tc.want {
			t.Errorf("Percent(%d, %d) = %d, %v; want %d", tc.part, tc.whole, got, ok, tc.want)
		}
	}
	if _, ok := Percent(1, 0); ok {
		t.Error("Percent of nothing is defined")
	}
}

func TestPeriodValidate(t *testing.T) {
	y := YearPeriod(2026)
	if err := y.Validate(); err != nil || !y.From.Equal(Day(2026, time.January, 1)) || !y.To.Equal(Day(2026, time.December, 31)) {
		t.Fatalf("year 2026: %+v, %v", y, err)
	}
	for _, tc := range []struct {
		p    Period
		want string
	}{
		{Period{}, "from=err.date to=err.date"},
		{Period{y.To, y.From}, "to=err.end_before_start"},
		{Period{y.From, y.From.AddDate(11, 0, 0)}, "to=err.period_too_long"},
	} {
		got := ""
		for i, p := range problems(t, tc.p.Validate()) {
			if i > 0 {
				got += " "
			}
			got += p
		}
		if got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestSuppressPlaces(t *testing.T) {
	show := func(cells [][4]Cell) []string {
		var out []string
		for _, r := range cells {
			s := ""
			for j, c := range r {
				if j > 0 {
					s += " "
				}
				if c.Suppressed {
					s += "x"
				} else {
					s += itoaTest(max(c.N, 0))
				}
			}
			out = append(out, s)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		rows []Places
		want []string
	}{
		{"nothing small", []Places{{10, 8, 0}, {10, 10, 3}, {20, 18, 3}}, []string{"10 8 0 2", "10 10 3 3", "20 18 3 5"}},
		{"places are no people: small places show", []Places{{2, 0, 0}, {1, 0, 0}, {3, 0, 0}}, []string{"2 0 0 2", "1 0 0 1", "3 0 0 3"}},
		{"two entries: hidden, and the free places of the row, and the next smallest entries",
			[]Places{{10, 2, 0}, {10, 9, 0}, {10, 5, 0}, {30, 16, 0}},
			[]string{"10 x 0 x", "10 9 0 1", "10 x 0 x", "30 16 0 14"}},
		{"one freed place: the entries show, the free places not",
			[]Places{{10, 9, 1}, {10, 10, 4}, {20, 19, 5}},
			[]string{"10 9 x x", "10 10 x x", "20 19 5 6"}},
		{"the only one that is not zero: the sum is hidden too",
			[]Places{{10, 1, 0}, {10, 0, 0}, {20, 1, 0}},
			[]string{"10 x 0 x", "10 0 0 10", "20 x 0 x"}},
	} {
		got := show(SuppressPlaces(tc.rows))
		for i := range tc.want {
			if got[i] != tc.want[i] {
				t.Errorf("%s: row %d = %q, want %q (all: %q)", tc.name, i, got[i], tc.want[i], got)
			}
		}
	}
	if got := (Places{Places: 10, Entries: 12, Freed: 1}).Free(); got != -1 {
		t.Errorf("overbooked: Free() = %d, want -1", got)
	}
}

func TestSuppressSum(t *testing.T) {
	for _, tc := range []struct {
		row  []int
		want string
	}{
		{[]int{10, 4, 6}, "10 4 6"},
		{[]int{12, 2, 10}, "12 x x"},
		{[]int{13, 2, 4, 7}, "13 x x 7"},
		{[]int{2, 0, 2}, "x 0 x"},
		{[]int{9, 1, 2, 6}, "9 x x 6"},
	} {
		got := ""
		for i, c := range SuppressSum(tc.row) {
			if i > 0 {
				got += " "
			}
			if c.Suppressed {
				got += "x"
			} else {
				got += itoaTest(c.N)
			}
		}
		if got != tc.want {
			t.Errorf("SuppressSum(%v) = %q, want %q", tc.row, got, tc.want)
		}
	}
	for _, tc := range []struct {
		part, whole Cell
		want        bool
	}{
		{Cell{N: 5}, Cell{N: 10}, false},
		{Cell{N: 9}, Cell{N: 10}, true}, // one person left out
		{Cell{N: 2, Suppressed: true}, Cell{N: 10}, true},
		{Cell{N: 0}, Cell{N: 2, Suppressed: true}, true},
		{Cell{N: 0}, Cell{N: 0}, true},
		{Cell{N: 0}, Cell{N: 5}, false},
	} {
		if got := ShareHidden(tc.part, tc.whole); got != tc.want {
			t.Errorf("ShareHidden(%+v, %+v) = %v, want %v", tc.part, tc.whole, got, tc.want)
		}
	}
}
