package sqldb

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"teilhabe"
)

// The national-scale benchmarks run on a generated data set of
// TEILHABE_BENCH_CASES cases (default 1,000,000) spread over 550 sponsors,
// 1,000 providers and 2,000 locations — about the size of a nationwide
// deployment (domain-germany.md §2.2) — with a message for every case past
// its first contact. The SQLite file is generated once and
// kept in the temporary directory, so later runs start at once; PostgreSQL
// (TEILHABE_BENCH_POSTGRES, a URL of an empty database) is filled each run.
//
//	make bench
//	go test -run '^$' -bench . -benchtime 200x ./sqldb

const (
	benchSponsors  = 550
	benchProviders = 1000
	benchLocations = 2000 // two per provider
)

type benchSet struct {
	db      *DB
	coach   teilhabe.Actor
	lead    teilhabe.Actor
	sponsor teilhabe.Actor
	caseID  int64
	name    string
	custNo  string
}

var (
	benchOnce sync.Once
	bench     *benchSet
	benchErr  error
)

func benchCases() int {
	n, err := strconv.Atoi(os.Getenv("TEILHABE_BENCH_CASES"))
	if err != nil || n <= 0 {
		return 1_000_000
	}
	return n
}

var benchNow = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func benchData(b *testing.B) *benchSet {
	b.Helper()
	benchOnce.Do(func() { bench, benchErr = loadBench() })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return bench
}

func loadBench() (*benchSet, error) {
	ctx := context.Background()
	n := benchCases()
	opt := Options{Now: func() time.Time { return benchNow }}
	fresh := true
	if url := os.Getenv("TEILHABE_BENCH_POSTGRES"); url != "" {
		opt.URL = url
	} else {
		opt.DataDir = filepath.Join(os.TempDir(), fmt.Sprintf("teilhabe-bench-%d-v2", n))
		_, err := os.Stat(filepath.Join(opt.DataDir, "done"))
		fresh = err != nil
		if fresh {
			os.RemoveAll(opt.DataDir)
		}
	}
	db, err := Open(ctx, opt)
	if err != nil {
		return nil, err
	}
	if fresh {
		start := time.Now()
		if err := generate(ctx, db, n); err != nil {
			return nil, err
		}
		// Give the planners statistics, as autovacuum (PostgreSQL) or a
		// periodic ANALYZE (SQLite) would in production.
		if _, err := db.writer.ExecContext(ctx, "ANALYZE"); err != nil {
			return nil, err
		}
		fmt.Fprintf(os.Stderr, "generated %d cases on %s in %s\n", n, db.Dialect(), time.Since(start).Round(time.Second))
		if opt.DataDir != "" {
			os.WriteFile(filepath.Join(opt.DataDir, "done"), nil, 0o644)
		}
	}
	s := &benchSet{db: db}
	// Actors of location 1 (provider 1) and sponsor 1, the ids generate uses.
	s.coach = teilhabe.Actor{UserID: 1, Username: "bench", Role: teilhabe.RoleCoach, ProgrammeID: 1, OrgID: benchSponsors + 1, LocationID: 1}
	s.lead = teilhabe.Actor{UserID: 1, Username: "bench", Role: teilhabe.RoleProviderLead, ProgrammeID: 1, OrgID: benchSponsors + 1}
	s.sponsor = teilhabe.Actor{UserID: 1, Username: "bench", Role: teilhabe.RoleSponsorCaseworker, ProgrammeID: 1, OrgID: 1}
	err = db.read(ctx, func(t *tx) error {
		if err := t.queryRow(ctx, `SELECT id FROM cases WHERE location_id = 1 ORDER BY id LIMIT 1`).Scan(&s.caseID); err != nil {
			return err
		}
		return t.queryRow(ctx, `SELECT p.last_name, c.customer_number FROM cases c JOIN persons p ON p.id = c.person_id
			WHERE c.sponsor_id = 1 AND c.shared_with_sponsor = 1 ORDER BY c.id LIMIT 1`).Scan(&s.name, &s.custNo)
	})
	return s, err
}

// generate writes the data set with multi-row INSERTs, bypassing the
// journey (which would take hours for a million cases) but producing the
// same columns the journey writes.
func generate(ctx context.Context, db *DB, n int) error {
	rng := rand.New(rand.NewPCG(1, 2))
	today := teilhabe.Today(benchNow)
	return db.inTx(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `INSERT INTO programmes (name, region, state, period_start, period_end, places_per_year,
			assignment_months, info_deadline_kind, info_deadline_days, created_at) VALUES ('Bund', 'Deutschland', 'RP',
			'2026-01-01', '2028-12-31', 100000, 12, 'calendar_days', 7, ?)`, ts(benchNow)); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO users (username, name, password_hash, role, programme_id, created_at, password_changed_at)
			VALUES ('bench', 'Bench', 'x', 'coach', 1, ?, ?)`, ts(benchNow), ts(benchNow)); err != nil {
			return err
		}
		for i := 1; i <= benchSponsors+benchProviders; i++ {
			kind := "jobcenter_ge"
			switch {
			case i <= 150:
				kind = "agentur"
			case i > benchSponsors:
				kind = "provider"
			}
			if _, err := t.exec(ctx, `INSERT INTO organisations (programme_id, kind, name, state, created_at) VALUES (1, ?, ?, 'RP', ?)`,
				kind, fmt.Sprintf("Org %d", i), ts(benchNow)); err != nil {
				return err
			}
		}
		for i := 1; i <= benchLocations; i++ {
			if _, err := t.exec(ctx, `INSERT INTO locations (provider_id, name, street, postcode, city, state, places_per_year, created_at)
				VALUES (?, ?, 'Straße 1', '54290', 'Trier', 'RP', 500, ?)`, benchSponsors+1+(i-1)/2, fmt.Sprintf("Standort %d", i), ts(benchNow)); err != nil {
				return err
			}
		}
		stages := teilhabe.Stages()
		const batch = 500
		var pq, cq, mq strings.Builder
		var pargs, cargs, margs []any
		flush := func() error {
			if len(pargs) == 0 {
				return nil
			}
			if _, err := t.exec(ctx, `INSERT INTO persons (programme_id, first_name, last_name, name_key, birth_date, created_at) VALUES `+
				strings.TrimSuffix(pq.String(), ","), pargs...); err != nil {
				return err
			}
			if _, err := t.exec(ctx, `INSERT INTO cases (programme_id, person_id, provider_id, location_id, sponsor_id, shared_with_sponsor,
				legal_domain, customer_number, origin, channel, started_by, first_contact_on, info_due_on, stage, next_due_on,
				assignment_start, created_at, updated_at) VALUES `+strings.TrimSuffix(cq.String(), ","), cargs...); err != nil {
				return err
			}
			if len(margs) > 0 {
				if _, err := t.exec(ctx, `INSERT INTO messages (programme_id, case_id, kind, sponsor_id, provider_id, location_id,
					awaiting, status, created_at, answered_at) VALUES `+strings.TrimSuffix(mq.String(), ","), margs...); err != nil {
					return err
				}
			}
			pq.Reset()
			cq.Reset()
			mq.Reset()
			pargs, cargs, margs = pargs[:0], cargs[:0], margs[:0]
			return nil
		}
		for i := 1; i <= n; i++ {
			first, last := firstNamesBench[rng.IntN(len(firstNamesBench))], lastNamesBench[rng.IntN(len(lastNamesBench))]
			birth := teilhabe.Day(1960+rng.IntN(45), time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
			pq.WriteString("(1, ?, ?, ?, ?, ?),")
			pargs = append(pargs, first, last, teilhabe.NameKey(first, last), date(birth), ts(benchNow))
			loc := 1 + rng.IntN(benchLocations)
			sponsor := 1 + rng.IntN(benchSponsors)
			stage := stages[rng.IntN(len(stages))]
			contact := today.AddDate(0, 0, -rng.IntN(700))
			c := teilhabe.Case{Stage: stage, FirstContactOn: contact, InfoDueOn: contact.AddDate(0, 0, 7), InfoHeldOn: contact.AddDate(0, 0, 5),
				EligibilityOn: contact.AddDate(0, 0, 9), ContractSignedOn: contact.AddDate(0, 0, 12)}
			var start time.Time
			if stage.Assigned() {
				start = contact.AddDate(0, 0, 20)
				c.AssignmentStart, c.AssignmentEnd = start, start.AddDate(1, 0, -1)
			}
			due := teilhabe.NextDue(c, contact.AddDate(0, 0, 5))
			domain := "SGB2"
			if sponsor <= 150 {
				domain = "SGB3"
			}
			cq.WriteString("(1, ?, ?, ?, ?, ?, ?, ?, 'self', 'phone', 'bench', ?, ?, ?, ?, ?, ?, ?),")
			cargs = append(cargs, i, benchSponsors+1+(loc-1)/2, loc, sponsor, rng.IntN(2), domain,
				fmt.Sprintf("%03dD%06d", sponsor%1000, i), date(contact), date(c.InfoDueOn), stage, date(due), date(start),
				ts(benchNow), ts(benchNow))
			// The message of the case's stage: an announcement waits for
			// the provider, an assignment request for the sponsor; later
			// stages have theirs settled.
			if stage != teilhabe.StageContacted {
				kind, awaiting, status, answered := teilhabe.MsgAssignmentRequest, teilhabe.SideNone, teilhabe.StatusAccepted, ts(benchNow)
				switch stage {
				case teilhabe.StageAnnounced:
					kind, awaiting, status, answered = teilhabe.MsgAnnouncement, teilhabe.SideProvider, teilhabe.StatusOpen, dbTime{}
				case teilhabe.StageAssignmentRequested, teilhabe.StageWaitingList:
					awaiting, status, answered = teilhabe.SideSponsor, teilhabe.StatusOpen, dbTime{}
				}
				sent := ts(benchNow.Add(-time.Duration(rng.IntN(700*24)) * time.Hour))
				if !answered.t.IsZero() {
					answered = ts(sent.t.Add(time.Duration(rng.IntN(72)) * time.Hour))
				}
				mq.WriteString("(1, ?, ?, ?, ?, ?, ?, ?, ?, ?),")
				margs = append(margs, i, kind, sponsor, benchSponsors+1+(loc-1)/2, loc, awaiting, status, sent, answered)
			}
			if i%batch == 0 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return flush()
	})
}

var (
	firstNamesBench = []string{"Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hans", "Ida", "Jonas", "Katharina", "Leon",
		"Mia", "Noah", "Olga", "Paul", "Rita", "Sven", "Tina", "Uwe", "Vera", "Willi", "Yasemin", "Zoran"}
	lastNamesBench = []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
		"Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger",
		"Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier",
		"Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß",
		"Jung", "Hahn", "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz"}
)

func runBench(b *testing.B, fn func(s *benchSet) error) {
	s := benchData(b)
	b.ResetTimer()
	for b.Loop() {
		if err := fn(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCoachWorklist(b *testing.B) {
	runBench(b, func(s *benchSet) error {
		_, err := s.db.FindWorklist(context.Background(), s.coach, 0)
		return err
	})
}

func BenchmarkLeadWorklist(b *testing.B) {
	runBench(b, func(s *benchSet) error {
		_, err := s.db.FindWorklist(context.Background(), s.lead, 0)
		return err
	})
}

func BenchmarkCoachCasesPage20(b *testing.B) {
	runBench(b, func(s *benchSet) error {
		_, _, err := s.db.FindCases(context.Background(), s.coach, CaseFilter{Page: 20})
		return err
	})
}

func BenchmarkLeadOverdue(b *testing.B) {
	runBench(b, func(s *benchSet) error {
		_, _, err := s.db.FindCases(context.Background(), s.lead, CaseFilter{Overdue: true})
		return err
	})
}

func BenchmarkSponsorAssigned(b *testing.B) {
	runBench(b, func(s *benchSet) error {
		_, _, err := s.db.FindCases(context.Background(), s.sponsor, CaseFilter{Assigned: true})
		return err
	})
}

func BenchmarkSponsorSearchName(b *testing.B) {
	runBench(b, func(s *benchSet) error {
		_, _, err := s.db.FindCases(context.Background(), s.sponsor, CaseFilter{Query: s.name[:4]})
		return err
	})
}

func BenchmarkSponsorSearchCustomerNumber(b *testing.B) {
	runBench(b, func(s *benchSet) error {
		_, _, err := s.db.FindCases(context.Background(), s.sponsor, CaseFilter{CustomerNumber: s.custNo})
		return err
	})
}

func BenchmarkCasePage(b *testing.B) {
	runBench(b, func(s *benchSet) error {
		_, err := s.db.FindCaseByID(context.Background(), s.lead, s.caseID)
		return err
	})
}

func BenchmarkSponsorInbox(b *testing.B) {
	runBench(b, func(s *benchSet) error {
		_, err := s.db.FindInbox(context.Background(), s.sponsor, InboxFilter{})
		return err
	})
}

func BenchmarkSponsorInboxSettledPage10(b *testing.B) {
	runBench(b, func(s *benchSet) error {
		_, err := s.db.FindInbox(context.Background(), s.sponsor, InboxFilter{Page: 10})
		return err
	})
}

func BenchmarkSponsorWaitingCount(b *testing.B) {
	runBench(b, func(s *benchSet) error {
		_, err := s.db.CountWaitingMessages(context.Background(), s.sponsor)
		return err
	})
}

func BenchmarkLeadWaitingCount(b *testing.B) {
	runBench(b, func(s *benchSet) error {
		_, err := s.db.CountWaitingMessages(context.Background(), s.lead)
		return err
	})
}
