package teilhabe

import (
	"errors"
	"testing"
	"time"
)

func TestDay(t *testing.T) {
	got := Day(2026, time.February, 1)
	want := time.Date(2026, time.February, 1, 0, 0, 0, 0, time.UTC)
	if !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("Day(2026, February, 1) = %v, want %v", got, want)
	}
}

func TestParseDate(t *testing.T) {
	valid := []struct {
		in   string
		want time.Time
	}{
		{"01.02.2026", Day(2026, time.February, 1)},
		{"1.2.2026", Day(2026, time.February, 1)},
		{"  1.2.2026 ", Day(2026, time.February, 1)},
		{"29.02.2028", Day(2028, time.February, 29)},
		{"31.12.2200", Day(2200, time.December, 31)},
		{"01.01.1900", Day(1900, time.January, 1)},
		{"2026-02-01", Day(2026, time.February, 1)},
		{" 2026-12-31\t", Day(2026, time.December, 31)},
	}
	for _, tt := range valid {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if err != nil {
				t.Fatalf("ParseDate(%q) error: %v", tt.in, err)
			}
			if !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}

	invalid := []string{
		"",
		"   ",
		"31.02.2026",
		"29.02.2026",
		"00.01.2026",
		"01.00.2026",
		"32.01.2026",
		"01.13.2026",
		"31.12.1899",
		"01.01.2201",
		"1.2.26",
		"01.02.2026x",
		"+1.2.2026",
		"01/02/2026",
		"2026-2-1",
		"2026-02-30",
		"heute",
	}
	for _, in := range invalid {
		t.Run("invalid "+in, func(t *testing.T) {
			got, err := ParseDate(in)
			if !errors.Is(err, ErrInvalidDate) {
				t.Errorf("ParseDate(%q) = %v, %v; want error wrapping ErrInvalidDate", in, got, err)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	valid := []struct {
		in           string
		hour, minute int
	}{
		{"14:30", 14, 30},
		{"9:05", 9, 5},
		{"09:05", 9, 5},
		{"00:00", 0, 0},
		{" 23:59 ", 23, 59},
	}
	for _, tt := range valid {
		t.Run(tt.in, func(t *testing.T) {
			h, m, err := ParseTime(tt.in)
			if err != nil {
				t.Fatalf("ParseTime(%q) error: %v", tt.in, err)
			}
			if h != tt.hour || m != tt.minute {
				t.Errorf("ParseTime(%q) = %d, %d; want %d, %d", tt.in, h, m, tt.hour, tt.minute)
			}
		})
	}

	for _, in := range []string{"", "24:00", "12:60", "9:5", "1430", "14.30", "-1:30", "14:30:00"} {
		t.Run("invalid "+in, func(t *testing.T) {
			h, m, err := ParseTime(in)
			if !errors.Is(err, ErrInvalidTime) {
				t.Errorf("ParseTime(%q) = %d, %d, %v; want error wrapping ErrInvalidTime", in, h, m, err)
			}
		})
	}
}

func TestFormatDate(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{Day(2026, time.February, 1), "01.02.2026"},
		{Day(2026, time.December, 31), "31.12.2026"},
		{time.Date(2026, time.March, 5, 23, 30, 0, 0, time.FixedZone("CET", 3600)), "05.03.2026"},
		{time.Time{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := FormatDate(tt.in); got != tt.want {
				t.Errorf("FormatDate(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFormatParseDateRoundTrip(t *testing.T) {
	d := Day(2026, time.January, 1)
	for range 3 * 365 {
		got, err := ParseDate(FormatDate(d))
		if err != nil || !got.Equal(d) {
			t.Fatalf("ParseDate(FormatDate(%v)) = %v, %v; want %v", d, got, err, d)
		}
		d = d.AddDate(0, 0, 1)
	}
}

func TestParseMonthYear(t *testing.T) {
	valid := []struct {
		in   string
		want time.Time
	}{
		{"03/2027", Day(2027, time.March, 1)},
		{"03.2027", Day(2027, time.March, 1)},
		{"3/2027", Day(2027, time.March, 1)},
		{" 12.2030 ", Day(2030, time.December, 1)},
	}
	for _, tt := range valid {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseMonthYear(tt.in)
			if err != nil {
				t.Fatalf("ParseMonthYear(%q) error: %v", tt.in, err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("ParseMonthYear(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}

	for _, in := range []string{"", "00/2027", "13/2027", "03/27", "03-2027", "2027-03", "01.03.2027", "03/1899"} {
		t.Run("invalid "+in, func(t *testing.T) {
			got, err := ParseMonthYear(in)
			if !errors.Is(err, ErrInvalidDate) {
				t.Errorf("ParseMonthYear(%q) = %v, %v; want error wrapping ErrInvalidDate", in, got, err)
			}
		})
	}
}

func TestParseDateNoSuchDay(t *testing.T) {
	for _, s := range []string{"31.02.1980", "29.02.2027", "2026-13-01", "0.1.2026"} {
		if _, err := ParseDate(s); !errors.Is(err, ErrNoSuchDate) || !errors.Is(err, ErrInvalidDate) {
			t.Errorf("ParseDate(%q) = %v, want ErrNoSuchDate", s, err)
		}
	}
	for _, s := range []string{"31/02/1980", "morgen", "1.2.26", "01.02.1850"} {
		if _, err := ParseDate(s); errors.Is(err, ErrNoSuchDate) || !errors.Is(err, ErrInvalidDate) {
			t.Errorf("ParseDate(%q) = %v, want ErrInvalidDate but not ErrNoSuchDate", s, err)
		}
	}
}
