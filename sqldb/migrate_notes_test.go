package sqldb

import (
	"context"
	"os"
	"testing"

	"teilhabe"
)

// TestMigrationContactNotes checks migration 11: the timeline's notes
// become internal contact notes and leave the timeline, the last contact
// is the latest held appointment or note, and a case in coaching is in
// its programme's first phase since its first conversation.
func TestMigrationContactNotes(t *testing.T) {
	forEachDB(t, func(t *testing.T, opened *DB) {
		ctx := context.Background()
		opt, _ := openOptions.Load(opened)
		o := opt.(Options)
		if o.DataDir != "" {
			o.DataDir = t.TempDir()
		} else {
			o.URL = postgresSchema(t, os.Getenv(postgresEnv))
		}
		db, err := connect(ctx, o)
		must(t, err)
		defer db.Close()
		must(t, db.migrateTo(ctx, 10))
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := db.writer.ExecContext(ctx, db.dialect.rebind(q), args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		now := ts(testNow)
		exec(`INSERT INTO programmes (id, name, region, state, period_start, period_end, places_per_year, assignment_months,
			info_deadline_kind, info_deadline_days, created_at) VALUES (1, 'P', 'R', 'RP', '2026-01-01', '2027-12-31', 10, 12,
			'calendar_days', 7, ?)`, now)
		exec(`INSERT INTO organisations (id, programme_id, kind, name, state, created_at) VALUES (1, 1, 'provider', 'T', 'RP', ?)`, now)
		exec(`INSERT INTO locations (id, provider_id, name, street, postcode, city, state, places_per_year, created_at)
			VALUES (1, 1, 'L', 'S', '54290', 'Trier', 'RP', 10, ?)`, now)
		exec(`INSERT INTO persons (id, programme_id, first_name, last_name, name_key, birth_date, created_at)
			VALUES (1, 1, 'A', 'B', 'b|a', '1980-01-01', ?)`, now)
		for id, stage := range map[int]string{1: "active", 2: "contacted"} {
			exec(`INSERT INTO cases (id, programme_id, person_id, provider_id, location_id, origin, channel, started_by,
				first_contact_on, info_due_on, stage, assignment_start, created_at, updated_at)
				VALUES (?, 1, 1, 1, 1, 'self', 'phone', 'x', '2026-10-01', '2026-10-09', ?, '2026-10-20', ?, ?)`, id, stage, now, now)
		}
		exec(`INSERT INTO appointments (case_id, kind, on_date, at_time, mode, status, created_at)
			VALUES (1, 'first', '2026-10-22', '09:00', 'remote', 'held', ?)`, now)
		exec(`INSERT INTO case_events (case_id, at, actor_name, kind, internal, detail_text) VALUES (1, ?, 'Coach', 'note', 1, 'Alte Notiz')`,
			ts(teilhabe.Day(2026, 11, 3).Add(15*60*60*1e9)))
		exec(`INSERT INTO case_events (case_id, at, actor_name, kind, detail_codes) VALUES (1, ?, 'Coach', 'first_contact', 'phone')`, now)
		must(t, db.migrateTo(ctx, 11))
		// The later migrations add columns only, which the reads below need.
		must(t, db.migrate(ctx))

		var c teilhabe.Case
		var notes []teilhabe.ContactNote
		var events []teilhabe.Event
		var phases []teilhabe.CasePhase
		lead := teilhabe.Actor{Role: teilhabe.RoleProviderLead, ProgrammeID: 1, OrgID: 1}
		must(t, db.read(ctx, func(t *tx) error {
			var err error
			if c, err = t.caseInScope(ctx, lead, 1); err != nil {
				return err
			}
			if notes, err = t.notes(ctx, lead, 1); err != nil {
				return err
			}
			if phases, err = t.casePhases(ctx, 1); err != nil {
				return err
			}
			events, err = t.events(ctx, 1, true)
			return err
		}))
		if len(notes) != 1 || notes[0].Text != "Alte Notiz" || notes[0].Visibility != teilhabe.NoteInternal ||
			notes[0].Channel != teilhabe.NoteOther || !notes[0].On.Equal(teilhabe.Day(2026, 11, 3)) || notes[0].CreatedBy != "Coach" {
			t.Errorf("notes after the migration = %+v", notes)
		}
		if len(events) != 1 || events[0].Kind != teilhabe.EventFirstContact {
			t.Errorf("timeline after the migration = %+v, want the note gone", events)
		}
		if !c.LastContactOn.Equal(teilhabe.Day(2026, 11, 3)) || c.PhaseName != "Orientierung und Profiling" ||
			!c.PhaseSince.Equal(teilhabe.Day(2026, 10, 22)) || len(phases) != 1 {
			t.Errorf("case after the migration: last contact %v, phase %q since %v, history %+v", c.LastContactOn, c.PhaseName,
				c.PhaseSince, phases)
		}
		var second teilhabe.Case
		must(t, db.read(ctx, func(t *tx) error {
			var err error
			second, err = t.caseInScope(ctx, lead, 2)
			return err
		}))
		if !second.LastContactOn.IsZero() || second.PhaseID != 0 {
			t.Errorf("a case before coaching: last contact %v, phase %d", second.LastContactOn, second.PhaseID)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM programme_phases WHERE programme_id = 1`); n != 5 {
			t.Errorf("%d phases of the programme, want the 5 defaults", n)
		}
	})
}
