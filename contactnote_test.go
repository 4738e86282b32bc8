package teilhabe

import (
	"errors"
	"testing"
)

func TestNoteValidate(t *testing.T) {
	ok := Note{On: inputToday, Channel: NoteHomeVisit, Visibility: NoteShared, Text: "Hausbesuch"}
	future, old := ok, ok
	future.On = inputToday.AddDate(0, 0, 1)
	old.On = inputToday.AddDate(-1, 0, -1)
	checkInputs(t, []inputCase{
		{"complete", ok.Validate(inputToday), nil},
		{"empty, form order", Note{}.Validate(inputToday),
			[]string{"contact_on=err.date", "channel=err.choose", "visibility=err.choose", "text=err.required"}},
		{"tomorrow", future.Validate(inputToday), []string{"contact_on=err.date_future"}},
		{"over a year ago", old.Validate(inputToday), []string{"contact_on=err.date_too_old"}},
		{"unknown channel and visibility", Note{On: inputToday, Channel: "fax", Visibility: "public", Text: "x"}.Validate(inputToday),
			[]string{"channel=err.choose", "visibility=err.choose"}},
		{"correction", NoteCorrection{On: old.On, Channel: NoteOther, Text: "x"}.Validate(inputToday), nil},
		{"correction empty", NoteCorrection{}.Validate(inputToday),
			[]string{"contact_on=err.date", "channel=err.choose", "text=err.required"}},
		{"correction tomorrow", NoteCorrection{On: future.On, Channel: NoteOther, Text: "x"}.Validate(inputToday),
			[]string{"contact_on=err.date_future"}},
	})
	c := Case{FirstContactOn: inputToday.AddDate(0, 0, -3)}
	if err := ok.CheckCase(c); err != nil {
		t.Errorf("a contact after the first: %v", err)
	}
	early := ok
	early.On = c.FirstContactOn.AddDate(0, 0, -1)
	checkInputs(t, []inputCase{
		{"before the first contact", early.CheckCase(c), []string{"contact_on=err.contact_before_first"}},
		{"correction before the first contact", NoteCorrection{On: early.On}.CheckCase(c), []string{"contact_on=err.contact_before_first"}},
	})
	n := ContactNote{On: inputToday, Channel: NotePhone, Text: "Anruf"}
	if (NoteCorrection{On: inputToday, Channel: NotePhone, Text: " Anruf "}).Changes(n) {
		t.Error("the same text with spaces counts as a change")
	}
	if !(NoteCorrection{On: inputToday, Channel: NoteEmail, Text: "Anruf"}).Changes(n) {
		t.Error("another channel is no change")
	}
}

func TestPhaseChange(t *testing.T) {
	checkInputs(t, []inputCase{
		{"complete", PhaseChange{PhaseID: 2, On: inputToday}.Validate(inputToday), nil},
		{"empty", PhaseChange{}.Validate(inputToday), []string{"phase=err.choose", "began_on=err.date"}},
		{"tomorrow", PhaseChange{PhaseID: 2, On: inputToday.AddDate(0, 0, 1)}.Validate(inputToday), []string{"began_on=err.date_future"}},
		{"phase name", PhaseName{Name: " "}.Validate(), []string{"name=err.required"}},
		{"phase name invisible", PhaseName{Name: "Phase\u200b"}.Validate(), []string{"name=err.invisible"}},
	})
	c := Case{Stage: StageActive, PhaseID: 1, PhaseSince: inputToday.AddDate(0, 0, -10)}
	if err := (PhaseChange{PhaseID: 2, On: c.PhaseSince}).CheckCase(c); err != nil {
		t.Errorf("on the day the current phase began: %v", err)
	}
	checkInputs(t, []inputCase{
		{"the same phase", PhaseChange{PhaseID: 1, On: inputToday}.CheckCase(c), []string{"phase=err.phase_same"}},
		{"before the current phase", PhaseChange{PhaseID: 2, On: c.PhaseSince.AddDate(0, 0, -1)}.CheckCase(c),
			[]string{"began_on=err.phase_before_current"}},
	})
	c.Stage = StageAssigned
	var conflict *ConflictError
	if err := (PhaseChange{PhaseID: 2, On: inputToday}).CheckCase(c); !errors.As(err, &conflict) {
		t.Errorf("a case not in coaching: %v, want a conflict", err)
	}
	if len(DefaultPhaseNames()) != 5 {
		t.Errorf("default phases: %v", DefaultPhaseNames())
	}
}
