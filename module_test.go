package teilhabe

import (
	"testing"
	"time"
)

func TestModuleBookingValidate(t *testing.T) {
	today := Day(2026, 11, 25)
	ok := ModuleBooking{ModuleID: 1, Start: today, End: today.AddDate(0, 0, 30), Deliverer: DeliveredByProvider}
	tests := []struct {
		name  string
		edit  func(b *ModuleBooking)
		kind  ModuleKind
		field string
		key   string
	}{
		{"fine", func(b *ModuleBooking) {}, ModuleApplicationTraining, "", ""},
		{"no module", func(b *ModuleBooking) { b.ModuleID = 0 }, "", "module", "err.choose"},
		{"no start", func(b *ModuleBooking) { b.Start = time.Time{} }, "", "start", "err.date"},
		{"start long ago", func(b *ModuleBooking) { b.Start = today.AddDate(0, 0, -91) }, "", "start", "err.date_too_old"},
		{"start far ahead", func(b *ModuleBooking) { b.Start, b.End = today.AddDate(1, 0, 1), today.AddDate(1, 1, 0) }, "", "start", "err.date_too_far"},
		{"end before start", func(b *ModuleBooking) { b.End = today.AddDate(0, 0, -1) }, "", "end", "err.end_before_start"},
		{"one day", func(b *ModuleBooking) { b.End = today }, "", "", ""},
		{"work trial of 12 weeks", func(b *ModuleBooking) { b.End = today.AddDate(0, 0, 83) }, ModuleWorkTrial, "", ""},
		{"work trial longer", func(b *ModuleBooking) { b.End = today.AddDate(0, 0, 84) }, ModuleWorkTrial, "end", "err.module_work_trial_too_long"},
		{"other kinds may last longer", func(b *ModuleBooking) { b.End = today.AddDate(0, 0, 84) }, ModuleDigitalSkills, "", ""},
		{"catalogue's deliverer", func(b *ModuleBooking) { b.Deliverer = "" }, "", "", ""},
		{"unknown deliverer", func(b *ModuleBooking) { b.Deliverer = "someone" }, "", "deliverer", "err.choose"},
		{"external without name", func(b *ModuleBooking) { b.Deliverer = DeliveredExternally }, "", "external_name", "err.required"},
		{"external name invisible", func(b *ModuleBooking) { b.Deliverer, b.ExternalName = DeliveredExternally, "A\u202eB" }, "", "external_name", "err.invisible"},
		{"a work trial at an employer", func(b *ModuleBooking) { b.EmployerID, b.Deliverer = 7, "" }, ModuleWorkTrial, "", ""},
		{"an employer while the kind is unknown", func(b *ModuleBooking) { b.EmployerID = 7 }, "", "", ""},
		{"an employer for a training", func(b *ModuleBooking) { b.EmployerID = 7 }, ModuleApplicationTraining, "employer", "err.module_employer_not_trial"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := ok
			tt.edit(&b)
			checkProblem(t, b.Validate(today, tt.kind), tt.field, tt.key)
		})
	}
}

func TestModuleProgressValidate(t *testing.T) {
	today := Day(2026, 11, 25)
	start := today.AddDate(0, 0, -30)
	ok := ModuleProgress{Start: start, End: today, Deliverer: DeliveredByProvider, Status: ModuleCompleted,
		Result: ModulePartly, CertificateOn: today}
	tests := []struct {
		name  string
		edit  func(p *ModuleProgress)
		field string
		key   string
	}{
		{"fine", func(p *ModuleProgress) {}, "", ""},
		{"started long ago is fine", func(p *ModuleProgress) { p.Start = today.AddDate(-1, 0, 0) }, "", ""},
		{"no status", func(p *ModuleProgress) { p.Status = "done" }, "status", "err.choose"},
		{"running before its start", func(p *ModuleProgress) {
			p.Start, p.End, p.Status, p.Result, p.CertificateOn = today.AddDate(0, 0, 1), today.AddDate(0, 0, 9), ModuleRunning, "", time.Time{}
		}, "status", "err.module_not_started"},
		{"planned ahead", func(p *ModuleProgress) {
			p.Start, p.End, p.Status, p.Result, p.CertificateOn = today.AddDate(0, 0, 1), today.AddDate(0, 0, 9), ModulePlanned, "", time.Time{}
		}, "", ""},
		{"completed without result", func(p *ModuleProgress) { p.Result = "" }, "result", "err.module_result_missing"},
		{"broken off without result", func(p *ModuleProgress) { p.Status, p.Result = ModuleBrokenOff, "" }, "", ""},
		{"result while running", func(p *ModuleProgress) { p.Status = ModuleRunning }, "result", "err.module_result_open"},
		{"unknown result", func(p *ModuleProgress) { p.Result = "great" }, "result", "err.choose"},
		{"certificate in the future", func(p *ModuleProgress) { p.CertificateOn = today.AddDate(0, 0, 1) }, "certificate_on", "err.date_future"},
		{"certificate before the start", func(p *ModuleProgress) { p.CertificateOn = start.AddDate(0, 0, -1) }, "certificate_on", "err.certificate_before_start"},
		{"certificate on the start", func(p *ModuleProgress) { p.CertificateOn = start }, "", ""},
		{"long outcome", func(p *ModuleProgress) { p.OutcomeNote = string(make([]byte, MaxReason+1)) }, "outcome_note", "err.too_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			tt.edit(&p)
			checkProblem(t, p.Validate(today, ModuleApplicationTraining), tt.field, tt.key)
		})
	}
}

func TestCatalogueModuleValidate(t *testing.T) {
	for _, m := range DefaultModuleCatalogue() {
		if err := m.Validate(); err != nil {
			t.Errorf("default module %s: %v", m.Name, err)
		}
	}
	bad := CatalogueModule{Name: " ", Kind: "x", Sessions: MaxModuleSessions + 1, Hours: -1}
	checkProblem(t, bad.Validate(), "name", "err.required")
	checkProblem(t, bad.Validate(), "sessions", "err.range")
	checkProblem(t, bad.Validate(), "hours", "err.range")
	checkProblem(t, bad.Validate(), "deliverer", "err.choose")
}

// checkProblem fails unless err has the problem key on field, or is nil
// when field is "".
func checkProblem(t *testing.T, err error, field, key string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Fatalf("err = %v, want none", err)
		}
		return
	}
	inv, ok := err.(*InvalidError)
	if !ok {
		t.Fatalf("err = %v, want %s=%s", err, field, key)
	}
	for _, f := range inv.Fields {
		if f.Field == field && f.Key == key {
			return
		}
	}
	t.Fatalf("err = %v, want %s=%s", err, field, key)
}
