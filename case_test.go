package teilhabe

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// problems returns the field problems of err as sorted "field=key" strings,
// nil for no error. Any other kind of error fails the test.
func problems(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ie *InvalidError
	if !errors.As(err, &ie) {
		t.Fatalf("error = %T %v, want *InvalidError", err, err)
	}
	var got []string
	for _, f := range ie.Fields {
		got = append(got, f.Field+"="+f.Key)
	}
	sort.Strings(got)
	return got
}

// checkDay is the day of the eligibility and person checks: a Sunday.
var checkDay = Day(2026, time.March, 15)

func validPerson() Person {
	return Person{FirstName: "Jörg", LastName: "Müller", BirthDate: Day(1980, time.June, 1),
		Phone: "0651 123456", Email: "joerg.mueller@example.de", Street: "Hauptstraße 1", Postcode: "54290", City: "Trier"}
}

func TestPersonValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Person)
		want   []string
	}{
		{"valid", func(p *Person) {}, nil},
		{"optional fields empty", func(p *Person) { p.Phone, p.Email, p.Street, p.Postcode, p.City = "", "", "", "", "" }, nil},
		{"names missing", func(p *Person) { p.FirstName, p.LastName = " ", "" }, []string{"first_name=err.required", "last_name=err.required"}},
		{"birth date missing", func(p *Person) { p.BirthDate = time.Time{} }, []string{"birth_date=err.date"}},
		{"exactly 14 years", func(p *Person) { p.BirthDate = Day(2012, time.March, 15) }, nil},
		{"a day short of 14 years", func(p *Person) { p.BirthDate = Day(2012, time.March, 16) }, []string{"birth_date=err.birth_date_range"}},
		{"born today", func(p *Person) { p.BirthDate = checkDay }, []string{"birth_date=err.birth_date_range"}},
		{"born in the future", func(p *Person) { p.BirthDate = Day(2030, time.January, 1) }, []string{"birth_date=err.birth_date_range"}},
		{"exactly 80 years", func(p *Person) { p.BirthDate = Day(1946, time.March, 15) }, nil},
		{"80 years and a day", func(p *Person) { p.BirthDate = Day(1946, time.March, 14) }, []string{"birth_date=err.birth_date_range"}},
		{"born 1900", func(p *Person) { p.BirthDate = Day(1900, time.January, 1) }, []string{"birth_date=err.birth_date_range"}},
		{"postcode four digits", func(p *Person) { p.Postcode = "5429" }, []string{"postcode=err.postcode"}},
		{"postcode six digits", func(p *Person) { p.Postcode = "542900" }, []string{"postcode=err.postcode"}},
		{"postcode with letter", func(p *Person) { p.Postcode = "5429O" }, []string{"postcode=err.postcode"}},
		{"postcode with space", func(p *Person) { p.Postcode = "54 290" }, []string{"postcode=err.postcode"}},
		{"postcode leading zero", func(p *Person) { p.Postcode = "01067" }, nil},
		{"email without at", func(p *Person) { p.Email = "joerg.example.de" }, []string{"email=err.email"}},
		{"email with space", func(p *Person) { p.Email = "joerg mueller@example.de" }, []string{"email=err.email"}},
		{"email in angle brackets", func(p *Person) { p.Email = "<joerg@example.de>" }, []string{"email=err.email"}},
		{"name too long", func(p *Person) { p.LastName = strings.Repeat("ü", 201) }, []string{"last_name=err.too_long"}},
		{"name 200 runes", func(p *Person) { p.LastName = strings.Repeat("ü", 200) }, nil},
		{"city too long", func(p *Person) { p.City = strings.Repeat("x", 201) }, []string{"city=err.too_long"}},
		{"long bad email reported once", func(p *Person) { p.Email = strings.Repeat("x", 201) }, []string{"email=err.email"}},
		{"everything wrong", func(p *Person) { *p = Person{Email: "x", Postcode: "x"} },
			[]string{"birth_date=err.date", "email=err.email", "first_name=err.required", "last_name=err.required", "postcode=err.postcode"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validPerson()
			tt.change(&p)
			got := problems(t, p.Validate(checkDay))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate(%s) problems (-want +got):\n%s", FormatDate(checkDay), diff)
			}
		})
	}
}

func TestNameKey(t *testing.T) {
	tests := []struct {
		first, last string
		want        string
	}{
		{"Jörg", "Müller", "mueller|joerg"},
		{"Joerg", "Mueller", "mueller|joerg"},
		{" jörg ", " müller ", "mueller|joerg"},
		{"JÖRG", "MÜLLER", "mueller|joerg"},
		{"Jörg", "Mueller", "mueller|joerg"},
		{"Anna", "Strauß", "strauss|anna"},
		{"Anna", "Strauss", "strauss|anna"},
		{"Anna", "STRAUẞ", "strauss|anna"},
		{"René", "Gößling", "goessling|rene"},
		{"Hélène", "Bär", "baer|helene"},
	}
	for _, tt := range tests {
		t.Run(tt.first+" "+tt.last, func(t *testing.T) {
			if got := NameKey(tt.first, tt.last); got != tt.want {
				t.Errorf("NameKey(%q, %q) = %q, want %q", tt.first, tt.last, got, tt.want)
			}
		})
	}
	t.Run("first and last name stay apart", func(t *testing.T) {
		if a, b := NameKey("Peter", "Paul"), NameKey("Paul", "Peter"); a == b {
			t.Errorf("NameKey(Peter, Paul) = NameKey(Paul, Peter) = %q, want them different", a)
		}
	})
	t.Run("different names differ", func(t *testing.T) {
		if a, b := NameKey("Anna", "Müller"), NameKey("Anna", "Möller"); a == b {
			t.Errorf("NameKey(Anna, Müller) = NameKey(Anna, Möller) = %q, want them different", a)
		}
	})
}

func TestPersonFullName(t *testing.T) {
	if got, want := validPerson().FullName(), "Müller, Jörg"; got != want {
		t.Errorf("FullName() = %q, want %q", got, want)
	}
}

// eligible returns an eligibility that is valid and eligible on checkDay.
func eligible() Eligibility {
	return Eligibility{
		JobSeeking:      true,
		Kind:            Severe,
		GdB:             50,
		ProofKind:       "id_card",
		ProofIssued:     Day(2024, time.January, 10),
		ProofValidUntil: Day(2028, time.January, 31),
		Merkzeichen:     []Merkzeichen{"G"},
		Barriers:        []Barrier{"long_term_unemployed"},
		LegalDomain:     SGB2,
		SponsorID:       testSponsor,
		CustomerNumber:  "123A456789",
	}
}

func TestEligibilityAssess(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Eligibility)
		want   []IneligibleReason
	}{
		{"severe GdB 50 with valid card", func(e *Eligibility) {}, nil},
		{"severe GdB 100", func(e *Eligibility) { e.GdB = 100 }, nil},
		{"severe GdB 40", func(e *Eligibility) { e.GdB = 40 }, []IneligibleReason{"gdb_below_50"}},
		{"equated GdB 30", func(e *Eligibility) { e.Kind, e.GdB, e.ProofKind = Equated, 30, "equal_status_notice" }, nil},
		{"equated GdB 40", func(e *Eligibility) { e.Kind, e.GdB, e.ProofKind = Equated, 40, "equal_status_notice" }, nil},
		{"equated GdB 50", func(e *Eligibility) { e.Kind, e.GdB = Equated, 50 }, []IneligibleReason{"equated_gdb"}},
		{"equated GdB 20", func(e *Eligibility) { e.Kind, e.GdB = Equated, 20 }, []IneligibleReason{"equated_gdb"}},
		{"pending", func(e *Eligibility) {
			*e = Eligibility{JobSeeking: true, Kind: DisabilityPending, Barriers: e.Barriers}
		}, []IneligibleReason{"status_pending"}},
		{"none", func(e *Eligibility) { *e = Eligibility{JobSeeking: true, Kind: DisabilityNone, Barriers: e.Barriers} }, []IneligibleReason{"no_status"}},
		{"kind not chosen", func(e *Eligibility) { e.Kind = "" }, []IneligibleReason{"no_status"}},
		{"not job seeking", func(e *Eligibility) { e.JobSeeking = false }, []IneligibleReason{"not_job_seeking"}},
		{"card expired the day before", func(e *Eligibility) { e.ProofValidUntil = checkDay.AddDate(0, 0, -1) }, []IneligibleReason{"proof_expired"}},
		{"card valid until the check day", func(e *Eligibility) { e.ProofValidUntil = checkDay }, nil},
		{"card valid until the day after", func(e *Eligibility) { e.ProofValidUntil = checkDay.AddDate(0, 0, 1) }, nil},
		{"unlimited", func(e *Eligibility) { e.ProofValidUntil, e.ProofUnlimited = time.Time{}, true }, nil},
		{"expired equal-status notice", func(e *Eligibility) {
			e.Kind, e.GdB, e.ProofValidUntil = Equated, 30, Day(2025, time.December, 31)
		}, []IneligibleReason{"proof_expired"}},
		{"proof kind missing", func(e *Eligibility) { e.ProofKind = "" }, []IneligibleReason{"proof_missing"}},
		{"proof issue date missing", func(e *Eligibility) { e.ProofIssued = time.Time{} }, []IneligibleReason{"proof_missing"}},
		{"validity missing", func(e *Eligibility) { e.ProofValidUntil = time.Time{} }, []IneligibleReason{"proof_validity_unknown"}},
		{"no barrier", func(e *Eligibility) { e.Barriers = nil }, []IneligibleReason{"no_barrier"}},
		{"everything against", func(e *Eligibility) {
			e.JobSeeking, e.GdB, e.ProofValidUntil, e.Barriers = false, 30, Day(2020, time.January, 1), nil
		}, []IneligibleReason{"not_job_seeking", "gdb_below_50", "proof_expired", "no_barrier"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := eligible()
			tt.change(&e)
			got := e.Assess(checkDay)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Assess(%s) (-want +got):\n%s", FormatDate(checkDay), diff)
			}
		})
	}
}

func TestEligibilityValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Eligibility)
		want   []string
	}{
		{"valid", func(e *Eligibility) {}, nil},
		{"GdB 15", func(e *Eligibility) { e.GdB = 15 }, []string{"gdb=err.gdb"}},
		{"GdB 55", func(e *Eligibility) { e.GdB = 55 }, []string{"gdb=err.gdb"}},
		{"GdB 110", func(e *Eligibility) { e.GdB = 110 }, []string{"gdb=err.gdb"}},
		{"GdB 10", func(e *Eligibility) { e.GdB = 10 }, []string{"gdb=err.gdb"}},
		{"GdB missing", func(e *Eligibility) { e.GdB = 0 }, []string{"gdb=err.gdb"}},
		{"GdB negative", func(e *Eligibility) { e.GdB = -50 }, []string{"gdb=err.gdb"}},
		{"GdB 20", func(e *Eligibility) { e.GdB = 20 }, nil},
		{"GdB 100", func(e *Eligibility) { e.GdB = 100 }, nil},
		{"equated GdB 35", func(e *Eligibility) { e.Kind, e.GdB = Equated, 35 }, []string{"gdb=err.gdb"}},
		{"pending without GdB", func(e *Eligibility) { e.Kind, e.GdB = DisabilityPending, 0 }, nil},
		{"pending GdB 55", func(e *Eligibility) { e.Kind, e.GdB = DisabilityPending, 55 }, []string{"gdb=err.gdb"}},
		{"none GdB 20", func(e *Eligibility) { e.Kind, e.GdB = DisabilityNone, 20 }, nil},
		{"unknown kind", func(e *Eligibility) { e.Kind = "partial" }, []string{"kind=err.choose"}},
		{"kind missing", func(e *Eligibility) { e.Kind = "" }, []string{"kind=err.choose"}},
		{"unknown proof kind", func(e *Eligibility) { e.ProofKind = "passport" }, []string{"proof_kind=err.choose"}},
		{"proof kind optional", func(e *Eligibility) { e.ProofKind = "" }, nil},
		{"unknown Merkzeichen", func(e *Eligibility) { e.Merkzeichen = []Merkzeichen{"G", "XYZ", "ABC"} }, []string{"merkzeichen=err.choose"}},
		{"Merkzeichen are case-sensitive", func(e *Eligibility) { e.Merkzeichen = []Merkzeichen{"ag"} }, []string{"merkzeichen=err.choose"}},
		{"all Merkzeichen", func(e *Eligibility) { e.Merkzeichen = AllMerkzeichen() }, nil},
		{"unknown barrier", func(e *Eligibility) { e.Barriers = []Barrier{"bad_luck", "worse_luck"} }, []string{"barriers=err.choose"}},
		{"unknown legal domain", func(e *Eligibility) { e.LegalDomain = "SGB9" }, []string{"legal_domain=err.choose"}},
		{"legal domain missing", func(e *Eligibility) { e.LegalDomain = "" }, nil}, // RequireResponsible's job
		{"legal domain unknown", func(e *Eligibility) { e.LegalDomain = "SGB12" }, []string{"legal_domain=err.choose"}},
		{"SGB III", func(e *Eligibility) { e.LegalDomain = SGB3 }, nil},
		{"unlimited plus date", func(e *Eligibility) { e.ProofUnlimited = true }, []string{"proof_valid_until=err.unlimited_and_date"}},
		{"unlimited without date", func(e *Eligibility) { e.ProofUnlimited, e.ProofValidUntil = true, time.Time{} }, nil},
		{"valid until before issued", func(e *Eligibility) { e.ProofValidUntil = Day(2023, time.December, 31) }, []string{"proof_valid_until=err.end_before_start"}},
		{"sponsor missing", func(e *Eligibility) { e.SponsorID = 0 }, nil}, // RequireResponsible's job
		{"customer number 40 characters", func(e *Eligibility) { e.CustomerNumber = strings.Repeat("9", 40) }, nil},
		{"customer number 41 characters", func(e *Eligibility) { e.CustomerNumber = strings.Repeat("9", 41) }, []string{"customer_number=err.too_long"}},
		{"empty", func(e *Eligibility) { *e = Eligibility{} },
			[]string{"kind=err.choose"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := eligible()
			tt.change(&e)
			got := problems(t, e.Validate())
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate() problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestProofExpiring(t *testing.T) {
	tests := []struct {
		name       string
		validUntil time.Time
		unlimited  bool
		want       bool
	}{
		{"ends today", checkDay, false, true},
		{"ends tomorrow", Day(2026, time.March, 16), false, true},
		{"ends in two months", Day(2026, time.May, 15), false, true},
		{"ends the day before three months", Day(2026, time.June, 14), false, true},
		{"ends in three months", Day(2026, time.June, 15), false, false},
		{"ends in a year", Day(2027, time.March, 15), false, false},
		{"ended yesterday", Day(2026, time.March, 14), false, false},
		{"unknown", time.Time{}, false, false},
		{"unlimited", time.Time{}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := eligible()
			e.ProofValidUntil, e.ProofUnlimited = tt.validUntil, tt.unlimited
			if got := e.ProofExpiring(checkDay); got != tt.want {
				t.Errorf("ProofExpiring(%s) with proof valid until %s = %t, want %t", FormatDate(checkDay), FormatDate(tt.validUntil), got, tt.want)
			}
		})
	}
}

func TestInfoOverdue(t *testing.T) {
	due := Day(2026, time.March, 10)
	tests := []struct {
		stage Stage
		today time.Time
		want  bool
	}{
		{StageAnnounced, Day(2026, time.March, 11), true},
		{StageContacted, Day(2026, time.March, 11), true},
		{StageInfoBooked, Day(2026, time.March, 11), true},
		{StageContacted, due, false},
		{StageInfoBooked, due, false},
		{StageContacted, Day(2026, time.March, 3), false},
		{StageEligibilityPending, Day(2026, time.March, 11), false},
		{StageActive, Day(2026, time.April, 30), false},
		{StageWithdrawn, Day(2026, time.March, 11), false},
		{StageDeclined, Day(2026, time.March, 11), false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s on %s", tt.stage, FormatDate(tt.today)), func(t *testing.T) {
			c := Case{Stage: tt.stage, InfoDueOn: due}
			if got := c.InfoOverdue(tt.today); got != tt.want {
				t.Errorf("InfoOverdue(%s) with deadline %s in stage %s = %t, want %t", FormatDate(tt.today), FormatDate(due), tt.stage, got, tt.want)
			}
		})
	}
}

func TestInfoDeadlineMet(t *testing.T) {
	due := Day(2026, time.March, 10)
	tests := []struct {
		name    string
		held    time.Time
		met, ok bool
	}{
		{"not yet held", time.Time{}, false, false},
		{"held early", Day(2026, time.March, 4), true, true},
		{"held on the deadline", due, true, true},
		{"held a day late", Day(2026, time.March, 11), false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Case{Stage: StageEligibilityPending, InfoDueOn: due, InfoHeldOn: tt.held}
			met, ok := c.InfoDeadlineMet()
			if met != tt.met || ok != tt.ok {
				t.Errorf("InfoDeadlineMet() held %s, due %s = %t, %t; want %t, %t", FormatDate(tt.held), FormatDate(due), met, ok, tt.met, tt.ok)
			}
		})
	}
}

func TestEndingSoon(t *testing.T) {
	today := Day(2026, time.March, 15)
	tests := []struct {
		name  string
		stage Stage
		end   time.Time
		want  bool
	}{
		{"active, ends today", StageActive, today, true},
		{"active, ends in a week", StageActive, Day(2026, time.March, 22), true},
		{"active, ends in 27 days", StageActive, Day(2026, time.April, 11), true},
		{"active, ends in 28 days", StageActive, Day(2026, time.April, 12), false},
		{"active, ends in two months", StageActive, Day(2026, time.May, 15), false},
		{"active, ended yesterday", StageActive, Day(2026, time.March, 14), false},
		{"active, no end", StageActive, time.Time{}, false},
		{"assigned, ends in a week", StageAssigned, Day(2026, time.March, 22), true},
		{"first booked, ends in a week", StageFirstBooked, Day(2026, time.March, 22), true},
		{"waiting list, ends in a week", StageWaitingList, Day(2026, time.March, 22), false},
		{"refused, ends in a week", StageAssignmentRefused, Day(2026, time.March, 22), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Case{Stage: tt.stage, AssignmentStart: Day(2025, time.April, 1), AssignmentEnd: tt.end}
			if got := c.EndingSoon(today); got != tt.want {
				t.Errorf("EndingSoon(%s) in stage %s ending %s = %t, want %t", FormatDate(today), tt.stage, FormatDate(tt.end), got, tt.want)
			}
		})
	}
}

func TestNextDue(t *testing.T) {
	c := Case{
		FirstContactOn:   Day(2026, time.January, 5),
		InfoDueOn:        Day(2026, time.January, 12),
		InfoHeldOn:       Day(2026, time.January, 9),
		EligibilityOn:    Day(2026, time.January, 16),
		ContractSignedOn: Day(2026, time.January, 23),
		AssignmentStart:  Day(2026, time.February, 2),
		AssignmentEnd:    Day(2027, time.February, 1),
	}
	appointment := Day(2026, time.January, 20)
	want := map[Stage]time.Time{
		StageAnnounced:           Day(2026, time.January, 12), // the info deadline
		StageContacted:           Day(2026, time.January, 12),
		StageInfoBooked:          appointment,
		StageEligibilityPending:  Day(2026, time.January, 23), // info held + 14 days
		StageContractPending:     Day(2026, time.January, 30), // eligibility + 14 days
		StageContractSigned:      Day(2026, time.January, 30), // contract + 7 days
		StageAssignmentRequested: Day(2026, time.February, 6), // contract + 14 days
		StageWaitingList:         Day(2026, time.February, 6),
		StageAssigned:            Day(2026, time.February, 2), // assignment start
		StageFirstBooked:         appointment,
		StageActive:              Day(2027, time.January, 4), // four weeks before the end
		StageDeclined:            {},
		StageNotEligible:         {},
		StageAssignmentRefused:   {},
		StageWithdrawn:           {},
		StageExited:              {},
	}
	for _, s := range Stages() {
		t.Run(string(s), func(t *testing.T) {
			w, ok := want[s]
			if !ok {
				t.Fatalf("no expectation for stage %s", s)
			}
			c := c
			c.Stage = s
			if got := NextDue(c, appointment); !got.Equal(w) {
				t.Errorf("NextDue(case in %s, %s) = %s, want %s", s, FormatDate(appointment), FormatDate(got), FormatDate(w))
			}
		})
	}
}

func TestEligibilityRequireResponsible(t *testing.T) {
	e := Eligibility{}
	err := e.RequireResponsible()
	var invalid *InvalidError
	if !errors.As(err, &invalid) || len(invalid.Fields) != 2 || invalid.Fields[0].Field != "legal_domain" || invalid.Fields[1].Field != "sponsor" {
		t.Errorf("RequireResponsible() = %v, want legal_domain and sponsor", err)
	}
	e.LegalDomain, e.SponsorID = SGB2, 7
	if err := e.RequireResponsible(); err != nil {
		t.Errorf("RequireResponsible() = %v, want nil", err)
	}
}
