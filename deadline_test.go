package teilhabe

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// date parses a German date for a test table.
func date(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var (
	oneWeek         = DeadlineRule{Kind: DeadlineCalendarDays, Days: 7}
	fiveWorkingDays = DeadlineRule{Kind: DeadlineWorkingDays, Days: 5}
)

func TestDeadlineDue(t *testing.T) {
	tests := []struct {
		name  string
		rule  DeadlineRule
		state State
		start string
		want  string
	}{
		// Worked examples of domain-germany.md § 6.2 (RP, 2026).
		{"week ordinary working day", oneWeek, StateRP, "25.11.2026", "02.12.2026"},
		{"week Fronleichnam", oneWeek, StateRP, "28.05.2026", "05.06.2026"},
		{"week Karfreitag weekend Ostermontag", oneWeek, StateRP, "27.03.2026", "07.04.2026"},
		{"week Christmas", oneWeek, StateRP, "18.12.2026", "28.12.2026"},
		{"week Saturday Einheit", oneWeek, StateRP, "26.09.2026", "05.10.2026"},
		{"5 working days Fronleichnam", fiveWorkingDays, StateRP, "28.05.2026", "05.06.2026"},
		{"5 working days Himmelfahrt", fiveWorkingDays, StateRP, "13.05.2026", "21.05.2026"},
		{"week Himmelfahrt", oneWeek, StateRP, "13.05.2026", "20.05.2026"},

		// Reformationstag (Fri 31.10.2025) is a holiday in SN but not in RP.
		{"week Reformationstag SN", oneWeek, StateSN, "24.10.2025", "03.11.2025"},
		{"week Reformationstag RP", oneWeek, StateRP, "24.10.2025", "31.10.2025"},
		{"5 working days Reformationstag SN", fiveWorkingDays, StateSN, "27.10.2025", "04.11.2025"},
		{"5 working days Reformationstag RP", fiveWorkingDays, StateRP, "27.10.2025", "03.11.2025"},

		// Allerheiligen (Mon 01.11.2027) is a holiday in RP but not in BE.
		{"week Allerheiligen RP", oneWeek, StateRP, "25.10.2027", "02.11.2027"},
		{"week Allerheiligen BE", oneWeek, StateBE, "25.10.2027", "01.11.2027"},

		// Buß- und Bettag (Wed 18.11.2026) only in SN.
		{"week Buß- und Bettag SN", oneWeek, StateSN, "11.11.2026", "19.11.2026"},
		{"week Buß- und Bettag RP", oneWeek, StateRP, "11.11.2026", "18.11.2026"},

		// Fronleichnam is not a holiday in BE.
		{"week Fronleichnam BE", oneWeek, StateBE, "28.05.2026", "04.06.2026"},

		// An event on a weekend or holiday starts the count all the same.
		{"week from Sunday", oneWeek, StateRP, "29.11.2026", "07.12.2026"},
		{"working days from Sunday", fiveWorkingDays, StateRP, "29.11.2026", "04.12.2026"},
		{"working days from holiday", fiveWorkingDays, StateRP, "04.06.2026", "11.06.2026"},

		// Other lengths.
		{"1 working day from Friday", DeadlineRule{DeadlineWorkingDays, 1}, StateRP, "04.12.2026", "07.12.2026"},
		{"1 calendar day from Friday", DeadlineRule{DeadlineCalendarDays, 1}, StateRP, "04.12.2026", "07.12.2026"},
		{"14 calendar days over New Year", DeadlineRule{DeadlineCalendarDays, 14}, StateRP, "18.12.2026", "04.01.2027"},
		{"10 working days over Christmas", DeadlineRule{DeadlineWorkingDays, 10}, StateRP, "18.12.2026", "05.01.2027"},

		// An invalid state falls back to the nationwide holidays.
		{"invalid state Christmas", oneWeek, "XX", "18.12.2026", "28.12.2026"},
		{"invalid state Fronleichnam", oneWeek, "XX", "28.05.2026", "04.06.2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.rule.Due(date(t, tt.start), tt.state)
			if want := date(t, tt.want); !got.Equal(want) || got.Location() != time.UTC {
				t.Errorf("%+v.Due(%s, %s) = %s, want %s", tt.rule, tt.start, tt.state, got, want)
			}
		})
	}
}

// TestDeadlineDueCivilDate checks that Due uses the date of start in its own
// location and ignores the time of day.
func TestDeadlineDueCivilDate(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	start := time.Date(2026, time.November, 25, 23, 30, 0, 0, cet) // 22:30 UTC
	got := oneWeek.Due(start, StateRP)
	if want := Day(2026, time.December, 2); !got.Equal(want) {
		t.Errorf("Due(%v) = %v, want %v", start, got, want)
	}
}

func TestDeadlineRuleValidate(t *testing.T) {
	tests := []struct {
		rule  DeadlineRule
		valid bool
	}{
		{oneWeek, true},
		{fiveWorkingDays, true},
		{DeadlineRule{DeadlineCalendarDays, 1}, true},
		{DeadlineRule{DeadlineWorkingDays, 60}, true},
		{DeadlineRule{DeadlineCalendarDays, 0}, false},
		{DeadlineRule{DeadlineWorkingDays, -5}, false},
		{DeadlineRule{DeadlineWorkingDays, 61}, false},
		{DeadlineRule{"", 7}, false},
		{DeadlineRule{"weeks", 1}, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.rule.Kind), func(t *testing.T) {
			err := tt.rule.Validate()
			if got := err == nil; got != tt.valid {
				t.Errorf("%+v.Validate() = %v, want valid %v", tt.rule, err, tt.valid)
			}
		})
	}
}

func TestDeadlineKindValid(t *testing.T) {
	for k, want := range map[DeadlineKind]bool{
		DeadlineCalendarDays: true,
		DeadlineWorkingDays:  true,
		"":                   false,
		"Calendar_Days":      false,
	} {
		if got := k.Valid(); got != want {
			t.Errorf("DeadlineKind(%q).Valid() = %v, want %v", k, got, want)
		}
	}
}

// TestHolidaysRP compares the holidays in RP for 2025 to 2027, day by day,
// with the table in domain-germany.md § 6.1.
func TestHolidaysRP(t *testing.T) {
	want := map[string]string{
		"01.01.2025": "Neujahrstag",
		"18.04.2025": "Karfreitag",
		"21.04.2025": "Ostermontag",
		"01.05.2025": "Tag der Arbeit",
		"29.05.2025": "Christi Himmelfahrt",
		"09.06.2025": "Pfingstmontag",
		"19.06.2025": "Fronleichnam",
		"03.10.2025": "Tag der Deutschen Einheit",
		"01.11.2025": "Allerheiligen",
		"25.12.2025": "Weihnachtstag",
		"26.12.2025": "Zweiter Weihnachtsfeiertag",

		"01.01.2026": "Neujahrstag",
		"03.04.2026": "Karfreitag",
		"06.04.2026": "Ostermontag",
		"01.05.2026": "Tag der Arbeit",
		"14.05.2026": "Christi Himmelfahrt",
		"25.05.2026": "Pfingstmontag",
		"04.06.2026": "Fronleichnam",
		"03.10.2026": "Tag der Deutschen Einheit",
		"01.11.2026": "Allerheiligen",
		"25.12.2026": "Weihnachtstag",
		"26.12.2026": "Zweiter Weihnachtsfeiertag",

		"01.01.2027": "Neujahrstag",
		"26.03.2027": "Karfreitag",
		"29.03.2027": "Ostermontag",
		"01.05.2027": "Tag der Arbeit",
		"06.05.2027": "Christi Himmelfahrt",
		"17.05.2027": "Pfingstmontag",
		"27.05.2027": "Fronleichnam",
		"03.10.2027": "Tag der Deutschen Einheit",
		"01.11.2027": "Allerheiligen",
		"25.12.2027": "Weihnachtstag",
		"26.12.2027": "Zweiter Weihnachtsfeiertag",
	}
	got := make(map[string]string)
	for d := Day(2025, time.January, 1); d.Year() <= 2027; d = d.AddDate(0, 0, 1) {
		if name, ok := Holiday(d, StateRP); ok {
			got[FormatDate(d)] = name
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("holidays in RP 2025-2027 mismatch (-want +got):\n%s", diff)
	}
}

func TestHoliday(t *testing.T) {
	tests := []struct {
		day   string
		state State
		want  string // empty if not a holiday
	}{
		{"31.10.2026", StateSN, "Reformationstag"},
		{"31.10.2026", StateHB, "Reformationstag"},
		{"31.10.2026", StateRP, ""},
		{"01.11.2026", StateRP, "Allerheiligen"},
		{"01.11.2026", StateBY, "Allerheiligen"},
		{"01.11.2026", StateBE, ""},
		{"01.11.2026", StateSN, ""},
		{"04.06.2026", StateRP, "Fronleichnam"},
		{"04.06.2026", StateHE, "Fronleichnam"},
		{"04.06.2026", StateNI, ""},
		{"06.01.2026", StateBW, "Heilige Drei Könige"},
		{"06.01.2026", StateST, "Heilige Drei Könige"},
		{"06.01.2026", StateRP, ""},
		{"15.08.2026", StateSL, "Mariä Himmelfahrt"},
		{"15.08.2026", StateRP, ""},
		{"18.11.2026", StateSN, "Buß- und Bettag"},
		{"18.11.2026", StateRP, ""},
		{"08.03.2027", StateBE, "Frauentag"},
		{"08.03.2027", StateMV, "Frauentag"},
		{"08.03.2022", StateMV, ""},
		{"08.03.2027", StateRP, ""},
		{"20.09.2027", StateTH, "Weltkindertag"},
		{"20.09.2027", StateRP, ""},
		{"24.12.2026", StateRP, ""},
		{"31.12.2026", StateRP, ""},
		{"25.12.2026", "XX", "Weihnachtstag"},
		{"01.11.2026", "XX", ""},
	}
	for _, tt := range tests {
		t.Run(tt.day+" "+string(tt.state), func(t *testing.T) {
			name, ok := Holiday(date(t, tt.day), tt.state)
			if name != tt.want || ok != (tt.want != "") {
				t.Errorf("Holiday(%s, %s) = %q, %v; want %q, %v", tt.day, tt.state, name, ok, tt.want, tt.want != "")
			}
		})
	}
}

func TestIsWorkingDay(t *testing.T) {
	tests := []struct {
		day   string
		state State
		want  bool
	}{
		{"02.12.2026", StateRP, true},  // Wednesday
		{"05.12.2026", StateRP, false}, // Saturday
		{"06.12.2026", StateRP, false}, // Sunday
		{"04.06.2026", StateRP, false}, // Fronleichnam
		{"04.06.2026", StateBE, true},
		{"24.12.2026", StateRP, true},
		{"31.12.2026", StateRP, true},
		{"25.12.2026", StateBE, false},
	}
	for _, tt := range tests {
		t.Run(tt.day+" "+string(tt.state), func(t *testing.T) {
			if got := IsWorkingDay(date(t, tt.day), tt.state); got != tt.want {
				t.Errorf("IsWorkingDay(%s, %s) = %v, want %v", tt.day, tt.state, got, tt.want)
			}
		})
	}
}

func TestStates(t *testing.T) {
	got := States()
	if len(got) != 16 {
		t.Fatalf("len(States()) = %d, want 16", len(got))
	}
	seen := make(map[State]bool)
	for i, s := range got {
		if !s.Valid() || s.Name() == "" {
			t.Errorf("States()[%d] = %q is not valid", i, s)
		}
		if seen[s] {
			t.Errorf("States() lists %q twice", s)
		}
		seen[s] = true
		if i > 0 && got[i-1].Name() >= s.Name() {
			t.Errorf("States() not ordered by name: %q before %q", got[i-1].Name(), s.Name())
		}
		if _, ok := calendars[s]; !ok {
			t.Errorf("no holiday calendar for %q", s)
		}
	}

	got[0] = "XX"
	if States()[0] == "XX" {
		t.Error("States() shares its result between calls")
	}
}

func TestStateName(t *testing.T) {
	tests := []struct {
		state State
		want  string
	}{
		{StateRP, "Rheinland-Pfalz"},
		{StateBW, "Baden-Württemberg"},
		{StateTH, "Thüringen"},
		{StateNW, "Nordrhein-Westfalen"},
		{"rp", ""},
		{"", ""},
		{"XX", ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.state), func(t *testing.T) {
			if got := tt.state.Name(); got != tt.want {
				t.Errorf("State(%q).Name() = %q, want %q", tt.state, got, tt.want)
			}
			if got, want := tt.state.Valid(), tt.want != ""; got != want {
				t.Errorf("State(%q).Valid() = %v, want %v", tt.state, got, want)
			}
		})
	}
}

// TestNextWorkingDay skips weekends and the holidays of the state.
func TestNextWorkingDay(t *testing.T) {
	for _, tc := range []struct {
		day   time.Time
		state State
		want  time.Time
	}{
		{Day(2026, 12, 2), StateRP, Day(2026, 12, 3)},   // Wednesday → Thursday
		{Day(2026, 12, 4), StateRP, Day(2026, 12, 7)},   // Friday → Monday
		{Day(2026, 12, 24), StateRP, Day(2026, 12, 28)}, // past Christmas and a weekend
		{Day(2027, 5, 26), StateRP, Day(2027, 5, 28)},   // Fronleichnam 27.05. in RP
		{Day(2027, 5, 26), StateBE, Day(2027, 5, 27)},   // but not in Berlin
	} {
		if got := NextWorkingDay(tc.day, tc.state); !got.Equal(tc.want) {
			t.Errorf("NextWorkingDay(%s, %s) = %s, want %s", FormatDate(tc.day), tc.state, FormatDate(got), FormatDate(tc.want))
		}
	}
}
