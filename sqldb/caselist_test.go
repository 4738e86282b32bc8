package sqldb

import (
	"context"
	"fmt"
	"testing"

	"teilhabe"
)

func TestFindCases(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")

		// Ten days ago: the info appointment deadline has passed.
		overdue, _, err := onDay(db, days(-10)).RecordFirstContact(ctx, coach, teilhabe.FirstContact{Person: person("Olga", "Ostermann"),
			Channel: "letter", ContactOn: days(-10)})
		must(t, err)
		muellerA := f.contact(coach, person("Anna", "Müller"))
		muellerB := f.contact(coach, person("Bernd", "Mueller"))
		young := person("Claudia", "Müllerschön")
		young.BirthDate = teilhabe.Day(1990, 1, 2)
		muellerC := f.contact(coach, young)
		announced, err := db.Announce(ctx, f.actor("cw.jc"), teilhabe.Announcement{Person: person("Dennis", "Dahm"), LocationID: f.locA1,
			CustomerNumber: "123D456789", Reason: "Sucht Begleitung."})
		must(t, err)
		// Filler up to one more than a page.
		for i := 5; i <= CasePageSize; i++ {
			f.contact(coach, person("Paul", fmt.Sprintf("Zimmer%02d", i)))
		}

		ids := func(items []CaseListItem) []int64 {
			var ids []int64
			for _, it := range items {
				ids = append(ids, it.ID)
			}
			return ids
		}
		find := func(fl CaseFilter) ([]CaseListItem, bool) {
			t.Helper()
			items, more, err := db.FindCases(ctx, coach, fl)
			if err != nil {
				t.Fatalf("FindCases(%+v): %v", fl, err)
			}
			return items, more
		}

		page1, more := find(CaseFilter{})
		if len(page1) != CasePageSize || !more {
			t.Fatalf("page 1: %d cases (more %v), want %d and more", len(page1), more, CasePageSize)
		}
		// Most urgent first: the overdue case.
		if page1[0].ID != overdue || page1[0].Name != "Ostermann, Olga" || page1[0].LocationName != "Caritas Mitte" {
			t.Errorf("first case = %+v, want the overdue one", page1[0])
		}
		for i := 1; i < len(page1); i++ {
			if page1[i].NextDueOn.Before(page1[i-1].NextDueOn) {
				t.Errorf("case %d due %v before case %d due %v", i, page1[i].NextDueOn, i-1, page1[i-1].NextDueOn)
			}
		}
		page2, more := find(CaseFilter{Page: 2})
		if len(page2) != 1 || more {
			t.Fatalf("page 2: %d cases (more %v), want 1", len(page2), more)
		}
		for _, it := range page1 {
			if it.ID == page2[0].ID {
				t.Errorf("case %d on both pages", it.ID)
			}
		}

		for _, tc := range []struct {
			name string
			f    CaseFilter
			want []int64
		}{
			{"name prefix", CaseFilter{Query: "Müller"}, []int64{muellerA, muellerB, muellerC}},
			{"case number", CaseFilter{Query: fmt.Sprint(muellerB)}, []int64{muellerB}},
			{"case number of another scope", CaseFilter{Query: "999999"}, nil},
			{"name prefix spelled out", CaseFilter{Query: "mueller"}, []int64{muellerA, muellerB, muellerC}},
			{"short prefix", CaseFilter{Query: "mü"}, []int64{muellerA, muellerB, muellerC}},
			{"last and first name", CaseFilter{Query: "Müller, Anna"}, []int64{muellerA}},
			{"first name prefix", CaseFilter{Query: "Mueller, B"}, []int64{muellerB}},
			{"no match", CaseFilter{Query: "Schmidt"}, nil},
			{"birth date", CaseFilter{BirthDate: teilhabe.Day(1990, 1, 2)}, []int64{muellerC}},
			{"name and birth date", CaseFilter{Query: "Müller", BirthDate: teilhabe.Day(1980, 5, 17)}, []int64{muellerA, muellerB}},
			{"customer number", CaseFilter{CustomerNumber: " 123D456789 "}, []int64{announced}},
			{"stage", CaseFilter{Stage: teilhabe.StageAnnounced}, []int64{announced}},
			{"overdue", CaseFilter{Overdue: true}, []int64{overdue}},
			{"assigned", CaseFilter{Assigned: true}, nil},
			{"closed", CaseFilter{Closed: true}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				items, more := find(tc.f)
				got := ids(items)
				if more || len(got) != len(tc.want) {
					t.Fatalf("FindCases = %v (more %v), want %v", got, more, tc.want)
				}
				for i := range got {
					if got[i] != tc.want[i] {
						t.Fatalf("FindCases = %v, want %v", got, tc.want)
					}
				}
			})
		}
		items, _ := find(CaseFilter{CustomerNumber: "123D456789"})
		if it := items[0]; it.SponsorName != "Jobcenter Trier Stadt" || it.CustomerNumber != "123D456789" || it.Stage != teilhabe.StageAnnounced {
			t.Errorf("announced case in the list = %+v", it)
		}
		// A week later, today's contacts have missed their deadline too.
		later, more, err := onDay(db, days(8)).FindCases(ctx, coach, CaseFilter{Overdue: true})
		must(t, err)
		if len(later) != CasePageSize || !more {
			t.Errorf("overdue in 8 days: %d (more %v), want a full page and more", len(later), more)
		}
	})
}
