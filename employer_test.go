package teilhabe

import (
	"strings"
	"testing"
)

func TestEmployerRequiredPlaces(t *testing.T) {
	// § 154 Abs. 1 SGB IX, fractions from one half rounded up (§ 157 Abs. 2).
	for _, tc := range []struct{ workplaces, want int }{
		{0, 0}, {19, 0}, {20, 1}, {39, 1}, {40, 2}, {59, 2}, {60, 3}, {69, 3}, {70, 4}, {100, 5}, {109, 5}, {110, 6},
	} {
		e := Employer{Workplaces: tc.workplaces}
		if got := e.RequiredPlaces(); got != tc.want {
			t.Errorf("%d workplaces: %d required places, want %d", tc.workplaces, got, tc.want)
		}
		if e.Obliged() != (tc.workplaces >= 20) {
			t.Errorf("%d workplaces: obliged %v", tc.workplaces, e.Obliged())
		}
	}
	if got := (Employer{Workplaces: 100, Disabled: 2, DisabledKnown: true}).Shortfall(); got != 3 {
		t.Errorf("100 workplaces, 2 employed: shortfall %d, want 3", got)
	}
	if got := (Employer{Workplaces: 100}).Shortfall(); got != 0 {
		t.Errorf("unknown number employed: shortfall %d, want 0", got)
	}
}

func TestEmployerKey(t *testing.T) {
	for name, want := range map[string]string{
		"Bäckerei Weber GmbH & Co. KG":       "baeckerei weber",
		"  Baeckerei   WEBER ":               "baeckerei weber",
		"Schmitt e. K.":                      "schmitt",
		"Lebenshilfe Trier e.V.":             "lebenshilfe trier",
		"Müller-Logistik AG":                 "mueller logistik",
		"4U Service UG (haftungsbeschränkt)": "4u service",
	} {
		if got := EmployerKey(name); got != want {
			t.Errorf("EmployerKey(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestEmployerValidate(t *testing.T) {
	ok := Employer{Name: "Bäckerei Weber", City: "Trier", Postcode: "54290", Sector: SectorCrafts, Workplaces: 25,
		Disabled: 1, DisabledKnown: true}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid employer: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(*Employer)
		want   string
	}{
		{"no name", func(e *Employer) { e.Name = " " }, "name=err.required"},
		{"bad postcode", func(e *Employer) { e.Postcode = "5429" }, "postcode=err.postcode"},
		{"no city", func(e *Employer) { e.City = "" }, "city=err.required"},
		{"no sector", func(e *Employer) { e.Sector = "" }, "sector=err.choose"},
		{"negative workplaces", func(e *Employer) { e.Workplaces = -1 }, "workplaces=err.range"},
		{"more disabled than places", func(e *Employer) { e.Disabled = 26 }, "disabled=err.disabled_over_workplaces"},
		{"hidden characters", func(e *Employer) { e.Name = "Weber\u202e" }, "name=err.invisible"},
		{"long notes", func(e *Employer) { e.Notes = strings.Repeat("x", MaxNote+1) }, "notes=err.too_long"},
	} {
		e := ok
		tc.change(&e)
		if got := strings.Join(problems(t, e.Validate()), " "); got != tc.want {
			t.Errorf("%s: problems %q, want %q", tc.name, got, tc.want)
		}
	}

	if err := (Opening{Title: "Verkäufer/in", Hours: 30, Status: OpeningOpen}).Validate(); err != nil {
		t.Errorf("valid opening: %v", err)
	}
	if got := strings.Join(problems(t, Opening{Hours: 49, Status: "x"}.Validate()), " "); got != "hours=err.range status=err.choose title=err.required" {
		t.Errorf("bad opening: %q", got)
	}
	if got := strings.Join(problems(t, EmployerContact{Email: "a b"}.Validate()), " "); got != "contact_email=err.email contact_name=err.required" {
		t.Errorf("bad contact: %q", got)
	}
}
