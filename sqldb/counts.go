package sqldb

import (
	"context"

	"teilhabe"
)

// The counters of location_counts and location_year_counts are kept in the
// transaction of every change that moves them, so that programme-wide
// figures and capacity read a few thousand counter rows instead of a
// million cases. A test compares them with a recount after every store
// test (helpers_test.go).

// countStage adds n to the cases of locationID in stage.
func (t *tx) countStage(ctx context.Context, programmeID, locationID int64, stage teilhabe.Stage, n int) error {
	_, err := t.exec(ctx, `INSERT INTO location_counts (location_id, programme_id, stage, n) VALUES (?, ?, ?, ?)
		ON CONFLICT (location_id, stage) DO UPDATE SET n = location_counts.n + excluded.n`,
		locationID, programmeID, stage, n)
	return err
}

// moveStage counts a case of c's location that moves from c's stage to
// stage. The two counters are updated in the order of the stages' names,
// so that two transactions moving cases in opposite directions never wait
// for each other's counter (on PostgreSQL, which locks the rows).
func (t *tx) moveStage(ctx context.Context, c teilhabe.Case, stage teilhabe.Stage) error {
	if stage == c.Stage {
		return nil
	}
	first, second := countDelta{c.Stage, -1}, countDelta{stage, +1}
	if stage < c.Stage {
		first, second = second, first
	}
	for _, d := range []countDelta{first, second} {
		if err := t.countStage(ctx, c.ProgrammeID, c.LocationID, d.stage, d.n); err != nil {
			return err
		}
	}
	return nil
}

type countDelta struct {
	stage teilhabe.Stage
	n     int
}

// yearCounts are the per-year counters of a location.
type yearCounts struct {
	assigned, infoHeld, infoOnTime int
	// freed counts the early exits of the year's assignments, whose
	// places are free again.
	freed int
}

// countYear adds y to the counters of c's location in year.
func (t *tx) countYear(ctx context.Context, c teilhabe.Case, year int, y yearCounts) error {
	_, err := t.exec(ctx, `INSERT INTO location_year_counts (location_id, programme_id, year, assigned, info_held, info_on_time, freed)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (location_id, year) DO UPDATE SET
		assigned = location_year_counts.assigned + excluded.assigned,
		info_held = location_year_counts.info_held + excluded.info_held,
		info_on_time = location_year_counts.info_on_time + excluded.info_on_time,
		freed = location_year_counts.freed + excluded.freed`,
		c.LocationID, c.ProgrammeID, year, y.assigned, y.infoHeld, y.infoOnTime, y.freed)
	return err
}

// RebuildCounts counts all cases anew into the counters, for data loaded
// around the store's methods (the national data generator). Nobody else
// may write meanwhile.
func (db *DB) RebuildCounts(ctx context.Context) error {
	return db.inTx(ctx, func(t *tx) error {
		for _, q := range recountStatements(t.dialect) {
			if _, err := t.exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}

// recountStatements empty the counters and count every case into them
// anew.
func recountStatements(d dialect) []string {
	return []string{`DELETE FROM location_counts`, `DELETE FROM location_year_counts`,
		`INSERT INTO location_counts (location_id, programme_id, stage, n) ` + stageRecount,
		`INSERT INTO location_year_counts (location_id, programme_id, year, assigned, info_held, info_on_time, freed) ` +
			yearRecount(d)}
}

// stageRecount counts the cases per location and stage.
const stageRecount = `SELECT location_id, programme_id, stage, COUNT(*) FROM cases GROUP BY location_id, programme_id, stage`

// yearRecount counts per location and year the assignments that started
// (and of those the early exits, which freed their places) and the info
// appointments held, and held by their deadline.
func yearRecount(d dialect) string {
	return `SELECT location_id, programme_id, year, SUM(assigned), SUM(info_held), SUM(info_on_time), SUM(freed) FROM (
		SELECT location_id, programme_id, ` + d.yearOf("assignment_start") + ` AS year, 1 AS assigned, 0 AS info_held, 0 AS info_on_time,
			CASE WHEN stage = 'exited' AND exit_kind = 'early' THEN 1 ELSE 0 END AS freed
		FROM cases WHERE assignment_start IS NOT NULL
		UNION ALL
		SELECT location_id, programme_id, ` + d.yearOf("info_held_on") + `, 0, 1, CASE WHEN info_held_on <= info_due_on THEN 1 ELSE 0 END, 0
		FROM cases WHERE info_held_on IS NOT NULL
	) AS c GROUP BY location_id, programme_id, year`
}
