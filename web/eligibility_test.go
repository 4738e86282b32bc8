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

// TestEligibilityOffersSponsorsByLegalDomain: the sponsor select groups the
// sponsors by the legal domain they serve (SGB II: Jobcenters, SGB III:
// Agentur), with their own names; without JavaScript a pair that does not
// match is refused with a message that names the field, and nothing is
// saved.
func TestEligibilityOffersSponsorsByLegalDomain(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		c := ts.signIn(t, "coach")
		coach := c.user(t).Actor()
		id := ts.caseIn(t, coach, teilhabe.StageEligibilityPending)
		before := ts.caseDetail(t, coach, id).Case
		path := caseURL(id) + "/eligibility"
		doc := c.get(t, path).doc(t)
		orgs, err := ts.db.FindOrganisations(t.Context(), coach, coach.ProgrammeID)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]teilhabe.Organisation{}
		for _, o := range orgs {
			byID[strconv.FormatInt(o.ID, 10)] = o
		}
		sel := find(doc, tagWith("select", "name", "sponsor"))
		groups := elements(sel, "optgroup")
		if len(groups) != 2 {
			t.Fatalf("the sponsor select has %d groups, want one per legal domain", len(groups))
		}
		var agentur, jobcenter string
		for _, g := range groups {
			domain := teilhabe.LegalDomain(attrOf(g, "data-domain"))
			if want := translate("de", "code."+domain.Key()); attrOf(g, "label") != want {
				t.Errorf("group %s labelled %q, want %q", domain, attrOf(g, "label"), want)
			}
			for _, o := range elements(g, "option") {
				org, ok := byID[attrOf(o, "value")]
				if !ok || org.LegalDomain() != domain || text(o) != org.Name {
					t.Errorf("group %s offers %q (%s)", domain, text(o), org.LegalDomain())
				}
				if domain == teilhabe.SGB3 {
					agentur = attrOf(o, "value")
				} else {
					jobcenter = attrOf(o, "value")
				}
			}
		}
		if agentur == "" || jobcenter == "" {
			t.Fatal("the select does not offer both kinds of sponsor")
		}

		// SGB II with the Agentur, as a browser without JavaScript may send it.
		form := formValues(t, doc)
		for k, v := range map[string]string{"job_seeking": "yes", "kind": "severe", "gdb": "60", "proof_kind": "id_card",
			"proof_issued": "01.03.2024", "proof_unlimited": "on", "barriers": "long_term_unemployed",
			"legal_domain": "SGB2", "sponsor": agentur} {
			form.Set(k, v)
		}
		res := c.post(t, path, form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("SGB II with the Agentur: status %d, want 422", res.StatusCode)
		}
		doc = res.doc(t)
		checkPage(t, "eligibility with a sponsor of the other legal domain", doc, "de")
		checkFieldError(t, doc, "sponsor", "Zuständiger Projektträger: Der Projektträger passt nicht zum Rechtskreis")
		checkKept(t, doc, map[string]string{"sponsor": agentur})
		after := ts.caseDetail(t, coach, id).Case
		if after.Stage != before.Stage || after.Version != before.Version {
			t.Errorf("the case changed: stage %s version %d, was %s version %d", after.Stage, after.Version, before.Stage, before.Version)
		}
	})
}
