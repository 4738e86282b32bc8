package sqldb

import (
	"context"
	"teilhabe"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestOneLeadSponsor(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		_, err := db.CreateOrganisation(ctx, f.admin, teilhabe.Organisation{ProgrammeID: f.prog.ID,
			Kind: teilhabe.OrgJobcenterZKT, Name: "Jobcenter Vulkaneifel", Lead: true, State: teilhabe.StateRP})
		wantInvalid(t, err, "lead", "err.lead_exists")
		_, err = db.CreateOrganisation(ctx, f.admin, teilhabe.Organisation{ProgrammeID: f.prog.ID,
			Kind: teilhabe.OrgProvider, Name: "Caritas Trier", State: teilhabe.StateRP})
		wantInvalid(t, err, "name", "err.name_taken")

		orgs, err := db.FindOrganisations(ctx, f.admin, f.prog.ID)
		must(t, err)
		var names []string
		for _, o := range orgs {
			names = append(names, o.Name)
		}
		want := []string{"Agentur für Arbeit Trier", "Jobcenter Trier Stadt", "Bürgerservice", "Caritas Trier"}
		if diff := cmp.Diff(want, names); diff != "" {
			t.Errorf("FindOrganisations: lead sponsor first, then sponsors, then providers (-want +got):\n%s", diff)
		}
		if !orgs[0].Lead || orgs[1].Lead {
			t.Errorf("lead flags = %v, %v; want the Agentur only", orgs[0].Lead, orgs[1].Lead)
		}
	})
}
