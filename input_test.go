package teilhabe

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// inOrder returns the field problems of err as "field=key" strings in the
// order the input reported them, which is the form's order.
func inOrder(t *testing.T, err error) []string {
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
	return got
}

// inputToday is the day the input tests validate against.
var inputToday = Day(2026, time.November, 25)

// checkInputs runs table rows of one input type: each validates to want,
// in form order.
func checkInputs(t *testing.T, tests []struct {
	name string
	err  error
	want []string
}) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, inOrder(t, tt.err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

type inputCase = struct {
	name string
	err  error
	want []string
}

func TestBookingValidate(t *testing.T) {
	ok := Booking{On: inputToday.AddDate(0, 0, 2), At: "9:05", Mode: ModeInPerson, LocationID: 3, Needs: []Need{"step_free"}}
	with := func(change func(*Booking)) error { b := ok; change(&b); return b.Validate(inputToday) }
	checkInputs(t, []inputCase{
		{"valid", ok.Validate(inputToday), nil},
		{"remote needs no location", with(func(b *Booking) { b.Mode, b.LocationID = ModeRemote, 0 }), nil},
		{"30 days back", with(func(b *Booking) { b.On = inputToday.AddDate(0, 0, -30) }), nil},
		{"31 days back", with(func(b *Booking) { b.On = inputToday.AddDate(0, 0, -31) }), []string{"on=err.date_too_old"}},
		{"a year and a day ahead", with(func(b *Booking) { b.On = inputToday.AddDate(1, 0, 1) }), []string{"on=err.date_too_far"}},
		{"in person without location", with(func(b *Booking) { b.LocationID = 0 }), []string{"location=err.choose"}},
		{"unknown need", with(func(b *Booking) { b.Needs = []Need{"lift"} }), []string{"needs=err.choose"}},
		{"note of 500", with(func(b *Booking) { b.Note = strings.Repeat("ä", MaxShortNote) }), nil},
		{"note of 501", with(func(b *Booking) { b.Note = strings.Repeat("ä", MaxShortNote+1) }), []string{"note=err.too_long"}},
		{"everything wrong, in form order", Booking{At: "25:00", Mode: "online", Needs: []Need{"x"}, Note: strings.Repeat("x", 501)}.Validate(inputToday),
			[]string{"on=err.date", "at=err.time", "mode=err.choose", "needs=err.choose", "note=err.too_long"}},
	})
	if got := (Booking{At: "9:05"}).NormalTime(); got != "09:05" {
		t.Errorf("NormalTime(9:05) = %q, want 09:05", got)
	}
}

func TestClosureValidate(t *testing.T) {
	checkInputs(t, []inputCase{
		{"reason", Closure[WithdrawReason]{Reason: "took_up_work"}.Validate(), nil},
		{"unknown reason", Closure[WithdrawReason]{Reason: "no_place"}.Validate(), []string{"reason=err.choose"}},
		{"other without note", Closure[RefuseReason]{Reason: "other", Note: "  "}.Validate(), []string{"note=err.note_for_other"}},
		{"other with note", Closure[DeclineReason]{Reason: "other", Note: "Umzug"}.Validate(), nil},
		{"note too long", Closure[DeclineReason]{Reason: "declines", Note: strings.Repeat("x", MaxReason+1)}.Validate(),
			[]string{"note=err.too_long"}},
	})
}

func TestAssignmentValidate(t *testing.T) {
	start := inputToday.AddDate(0, 0, 7)
	checkInputs(t, []inputCase{
		{"start only", Assignment{Start: start}.Validate(inputToday), nil},
		{"three years", Assignment{Start: start, End: start.AddDate(3, 0, 0)}.Validate(inputToday), nil},
		{"three years and a day", Assignment{Start: start, End: start.AddDate(3, 0, 1)}.Validate(inputToday), []string{"end=err.date_too_far"}},
		{"end on the start", Assignment{Start: start, End: start}.Validate(inputToday), []string{"end=err.end_before_start"}},
		{"start missing", Assignment{}.Validate(inputToday), []string{"start=err.date"}},
		{"start too old", Assignment{Start: inputToday.AddDate(0, 0, -31)}.Validate(inputToday), []string{"start=err.date_too_old"}},
		{"start too far", Assignment{Start: inputToday.AddDate(0, 6, 1)}.Validate(inputToday), []string{"start=err.date_too_far"}},
	})
	p := Programme{AssignmentMonths: 12}
	got := Assignment{Start: Day(2027, time.January, 31)}.WithDefaults(p, Actor{UserID: 9})
	if !got.End.Equal(Day(2028, time.January, 30)) || got.CaseworkerID != 9 {
		t.Errorf("WithDefaults = end %s, caseworker %d; want 30.01.2028 and 9", FormatDate(got.End), got.CaseworkerID)
	}
}

func TestExtensionValidate(t *testing.T) {
	end := Day(2027, time.June, 30)
	checkInputs(t, []inputCase{
		{"request", ExtensionRequest{ProposedEnd: end.AddDate(0, 3, 0), Reason: "Übernahme in Aussicht"}.Validate(), nil},
		{"request without anything", ExtensionRequest{}.Validate(), []string{"proposed_end=err.date", "reason=err.required"}},
		{"request reason too long", ExtensionRequest{ProposedEnd: end, Reason: strings.Repeat("x", MaxReason+1)}.Validate(),
			[]string{"reason=err.too_long"}},
		{"end a year later", ExtensionRequest{ProposedEnd: end.AddDate(1, 0, 0)}.CheckEnd(end), nil},
		{"end a year and a day later", ExtensionRequest{ProposedEnd: end.AddDate(1, 0, 1)}.CheckEnd(end), []string{"proposed_end=err.date_too_far"}},
		{"end not later", ExtensionRequest{ProposedEnd: end}.CheckEnd(end), []string{"proposed_end=err.extension_after_end"}},
		{"approve", ExtensionDecision{Decision: Approve}.Validate(), nil},
		{"refuse without note", ExtensionDecision{Decision: Refuse}.Validate(), []string{"note=err.required"}},
		{"no decision", ExtensionDecision{}.Validate(), []string{"decision=err.choose"}},
		{"approved end checked", ExtensionDecision{Decision: Approve, End: end.AddDate(2, 0, 0)}.CheckEnd(end), []string{"end=err.date_too_far"}},
		{"refused end not checked", ExtensionDecision{Decision: Refuse, End: end}.CheckEnd(end), nil},
	})
}

func TestConsentAndContractValidate(t *testing.T) {
	checkInputs(t, []inputCase{
		{"consent", ConsentGiven{Scope: ConsentEmployer, GivenOn: inputToday}.Validate(inputToday), nil},
		{"other needs a recipient", ConsentGiven{Scope: ConsentOther, GivenOn: inputToday}.Validate(inputToday), []string{"recipient=err.required"}},
		{"unknown scope, future day", ConsentGiven{Scope: "all", GivenOn: inputToday.AddDate(0, 0, 1)}.Validate(inputToday),
			[]string{"scope=err.choose", "given_on=err.date_future"}},
		{"recipient too long", ConsentGiven{Scope: ConsentOther, Recipient: strings.Repeat("x", MaxName+1), GivenOn: inputToday}.Validate(inputToday),
			[]string{"recipient=err.too_long"}},
		{"signed today", ContractSignature{SignedOn: inputToday}.Validate(inputToday), nil},
		{"signed over a year ago", ContractSignature{SignedOn: inputToday.AddDate(-1, 0, -1)}.Validate(inputToday), []string{"signed_on=err.date_too_old"}},
		{"signed before the check", ContractSignature{SignedOn: inputToday}.CheckCase(Case{EligibilityOn: inputToday.AddDate(0, 0, 1)}),
			[]string{"signed_on=err.signed_before_eligibility"}},
	})
}

func TestIntakeValidate(t *testing.T) {
	p := validPerson()
	checkInputs(t, []inputCase{
		{"first contact", FirstContact{Person: p, Channel: ChannelPhone, ContactOn: inputToday}.Validate(inputToday), nil},
		{"known person needs no person data", FirstContact{PersonID: 4, Channel: ChannelEmail, ContactOn: inputToday}.Validate(inputToday), nil},
		{"the sponsor is no channel for a coach", FirstContact{Person: p, Channel: ChannelSponsor, ContactOn: inputToday}.Validate(inputToday),
			[]string{"channel=err.choose"}},
		{"first contact empty", FirstContact{}.Validate(inputToday),
			[]string{"first_name=err.required", "last_name=err.required", "birth_date=err.date", "channel=err.choose", "contact_on=err.date"}},
		{"announcement", Announcement{Person: p, LocationID: 1, CustomerNumber: "123D456", Reason: "Langzeitarbeitslos"}.Validate(inputToday), nil},
		{"announcement, form order", Announcement{Person: p, CustomerNumber: strings.Repeat("9", MaxCode+1)}.Validate(inputToday),
			[]string{"customer_number=err.too_long", "location=err.choose", "reason=err.required"}},
		{"note", Note{On: inputToday, Channel: NotePhone, Visibility: NoteInternal, Text: "Rückruf vereinbart"}.Validate(inputToday), nil},
		{"blank note", Note{On: inputToday, Channel: NotePhone, Visibility: NoteShared, Text: " \n "}.Validate(inputToday), []string{"text=err.required"}},
		{"note of 4001", Note{On: inputToday, Channel: NotePhone, Visibility: NoteShared, Text: strings.Repeat("x", MaxNote+1)}.Validate(inputToday), []string{"text=err.too_long"}},
		{"request note of 1001", AssignmentRequest{Note: strings.Repeat("x", MaxReason+1)}.Validate(), []string{"note=err.too_long"}},
	})
}

func TestAccountInputValidate(t *testing.T) {
	ok := AccountInput{Username: "Carla.Clemens", Name: "Carla Clemens", Role: RoleCoach, Password: "lange-genug-2026"}.Normalize()
	if ok.Username != "carla.clemens" {
		t.Errorf("Normalize: username %q, want lower case", ok.Username)
	}
	admin := AccountInput{Role: RoleAdmin, ProgrammeID: 1, OrgID: 2, LocationID: 3}.Normalize()
	if admin.ProgrammeID != 0 || admin.OrgID != 0 || admin.LocationID != 0 {
		t.Errorf("Normalize: the administrator keeps a scope: %+v", admin)
	}
	checkInputs(t, []inputCase{
		{"new account", ok.Validate(true), nil},
		{"update keeps the password", AccountInput{Name: "Carla", Role: RoleCoach}.Validate(false), nil},
		{"bad username, short password", AccountInput{Username: "a b", Name: "X", Role: RoleCoach, Password: "kurz"}.Validate(true),
			[]string{"username=err.username", "password=err.password_short"}},
		{"password with username", AccountInput{Username: "carla", Name: "X", Role: RoleCoach, Password: "xxcarla-passwort"}.Validate(true),
			[]string{"password=err.password_username"}},
		{"name too long, no role", AccountInput{Name: strings.Repeat("x", MaxName+1)}.Validate(false),
			[]string{"name=err.too_long", "role=err.choose"}},
	})
	// The password problem's arguments are its own: only "too short" names a length.
	var ie *InvalidError
	if err := (AccountInput{Username: "carla", Name: "X", Role: RoleCoach, Password: "carla-und-mehr-text"}).Validate(true); !errors.As(err, &ie) || len(ie.Fields[0].Args) != 0 {
		t.Errorf("password_username problem = %v, want no arguments", err)
	}
}

func TestInvisibleCharactersInNames(t *testing.T) {
	p := validPerson()
	for _, bad := range []string{"Anna\u202Emuh", "An\u200Bna", "\u2066Anna\u2069", "Ann\u200Fa"} {
		q := p
		q.LastName = bad
		if got := problems(t, q.Validate(inputToday)); len(got) != 1 || got[0] != "last_name=err.invisible" {
			t.Errorf("last name %q: problems %v, want last_name=err.invisible", bad, got)
		}
	}
	checkInputs(t, []inputCase{
		{"location name", Location{Name: "Stand\u202Eort", Street: "S 1", Postcode: "54290", City: "Trier", State: StateRP}.Validate(),
			[]string{"name=err.invisible"}},
		{"customer number", Announcement{Person: p, LocationID: 1, CustomerNumber: "123\u200dD", Reason: "x"}.Validate(inputToday),
			[]string{"customer_number=err.invisible"}},
		{"account name", AccountInput{Name: "Admin\u202E", Role: RoleCoach}.Validate(false), []string{"name=err.invisible"}},
		{"a note may hold right-to-left marks", Note{On: inputToday, Channel: NoteEmail, Visibility: NoteInternal, Text: "مرحبا\u200F"}.Validate(inputToday), nil},
	})
}
