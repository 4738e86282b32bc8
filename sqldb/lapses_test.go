package sqldb

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"teilhabe"
)

// TestWorkContactLapses checks the worklist group of cases in coaching
// without a contact for more than the programme's ContactLapseDays (14 in
// the fixture): who is in it, in which order, the count, and the scope.
func TestWorkContactLapses(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, lead := f.actor("coach.a1"), f.actor("lead.a")
		if p, err := db.FindProgrammeByID(ctx, coach, f.prog.ID); err != nil || p.ContactLapseDays != 14 {
			t.Fatalf("fixture's contact lapse %d, %v; want 14", p.ContactLapseDays, err)
		}
		quiet := f.contact(coach, person("Anna", "Arend"))
		f.toActive(coach, quiet) // last contact: today
		noted := f.contact(coach, person("Bert", "Bauer"))
		f.toActive(coach, noted)
		must(t, onDay(db, days(5)).AddNote(ctx, coach, noted, sharedNote("Telefonat.", 5)))
		f.contact(coach, person("Carla", "Clemens")) // not in coaching

		lapses := func(a teilhabe.Actor, on int) CoachingWork {
			t.Helper()
			var g CoachingWork
			must(t, db.read(ctx, func(t *tx) error {
				scope, args := scopeSQL(a)
				var err error
				g, err = t.workContactLapses(ctx, scope, args, days(on))
				return err
			}))
			return g
		}
		ids := func(g CoachingWork) (out []int64) {
			for _, it := range g.Items {
				out = append(out, it.ID)
			}
			return out
		}
		// 14 days after the last contact is no lapse yet, 15 are.
		if g := lapses(coach, 14); g.Count != 0 || len(g.Items) != 0 {
			t.Errorf("day 14: %d lapses %v, want none", g.Count, ids(g))
		}
		if g := lapses(coach, 15); g.Count != 1 || fmt.Sprint(ids(g)) != fmt.Sprint([]int64{quiet}) ||
			!g.Items[0].LastContactOn.Equal(testToday) || !g.Items[0].WorkDue.Equal(days(14)) || g.Items[0].Work != WorkContactLapse {
			t.Errorf("day 15: %d lapses %+v, want Arend with her last contact, due since day 14", g.Count, g.Items)
		}
		if g := lapses(lead, 20); g.Count != 2 || fmt.Sprint(ids(g)) != fmt.Sprint([]int64{quiet, noted}) {
			t.Errorf("day 20, provider lead: %d lapses %v, want the oldest contact first", g.Count, ids(g))
		}
		if g := lapses(f.actor("coach.a2"), 20); g.Count != 0 {
			t.Errorf("another location's coach sees %d lapses", g.Count)
		}
		if g := lapses(f.actor("lead.b"), 20); g.Count != 0 {
			t.Errorf("another provider's lead sees %d lapses", g.Count)
		}

		// The query reads a scope index of cases, not the table.
		if db.Dialect() != "sqlite" {
			return
		}
		for _, a := range []teilhabe.Actor{coach, lead} {
			scope, args := scopeSQL(a)
			count, items := workGroupQueries(contactLapseQuery(scope))
			for _, q := range []string{count, items} {
				qa := append(append([]any{}, args...), teilhabe.StageActive, date(testToday))
				if q == items {
					qa = append(qa, WorkGroupSize)
				}
				rows, err := db.reader.QueryContext(ctx, db.dialect.rebind("EXPLAIN QUERY PLAN "+q), qa...)
				must(t, err)
				var plan []string
				for rows.Next() {
					var id, parent, notused int
					var detail string
					must(t, rows.Scan(&id, &parent, &notused, &detail))
					plan = append(plan, detail)
				}
				rows.Close()
				text := strings.Join(plan, "\n")
				if !strings.Contains(text, "INDEX cases_location_contact") && !strings.Contains(text, "INDEX cases_provider_contact") ||
					strings.Contains(text, "USE TEMP B-TREE") {
					t.Errorf("%s: the lapse query does not range over a contact index in order:\n%s", a.Username, text)
				}
			}
		}
	})
}
