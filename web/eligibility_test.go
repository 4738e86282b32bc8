package web

import (
	"net/http"
	"strconv"
	"teilhabe"
	"testing"
)

func TestEligibilityRejectsGdB55(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		c := ts.signIn(t, "coach")
		coach := c.user(t).Actor()
		id := ts.caseIn(t, coach, teilhabe.StageEligibilityPending)
		before := ts.caseDetail(t, coach, id).Case
		path := caseURL(id) + "/eligibility"
		form := formValues(t, c.get(t, path).doc(t))
		for k, v := range map[string]string{"job_seeking": "yes", "kind": "severe", "gdb": "55", "proof_kind": "id_card",
			"proof_issued": "01.03.2024", "proof_unlimited": "on", "barriers": "long_term_unemployed"} {
			form.Set(k, v)
		}
		res := c.post(t, path, form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", res.StatusCode)
		}
		doc := res.doc(t)
		checkPage(t, "eligibility with GdB 55", doc, "de")
		checkFieldError(t, doc, "gdb", "Der GdB liegt zwischen 20 und 100 und wird in Zehnerschritten festgestellt.")
		checkKept(t, doc, map[string]string{"gdb": "55", "kind": "severe", "proof_issued": "01.03.2024",
			"version": strconv.Itoa(before.Version)})
		if !checked(doc, "barriers", "long_term_unemployed") || !checked(doc, "proof_unlimited", "on") {
			t.Error("the ticked boxes are not kept")
		}
		after := ts.caseDetail(t, coach, id).Case
		if after.Stage != before.Stage || after.Version != before.Version {
			t.Errorf("the case changed: stage %s version %d, was %s version %d", after.Stage, after.Version, before.Stage, before.Version)
		}
	})
}
