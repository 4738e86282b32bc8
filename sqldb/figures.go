package sqldb

import (
	"context"

	"teilhabe"
)

// Figures are programme-wide counts without personal data, for the
// coordinator's start page.
type Figures struct {
	ByStage map[teilhabe.Stage]int
	// InfoHeld counts info appointments held; InfoOnTime those held by
	// their deadline.
	InfoHeld   int
	InfoOnTime int
	// Overdue counts open cases whose next step is overdue.
	Overdue int
	Total   int
}

// InfoOnTimePercent returns the share of info appointments held on time.
func (f Figures) InfoOnTimePercent() int {
	if f.InfoHeld == 0 {
		return 0
	}
	return f.InfoOnTime * 100 / f.InfoHeld
}

// FindFigures counts the cases of a's programme by stage. Only the
// coordinator may (teilhabe.CanSeeFigures); the figures hold no personal
// data.
func (db *DB) FindFigures(ctx context.Context, a teilhabe.Actor) (Figures, error) {
	f := Figures{ByStage: map[teilhabe.Stage]int{}}
	if !teilhabe.CanSeeFigures(a) {
		return f, teilhabe.ErrNotFound
	}
	err := db.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT stage, COUNT(*) FROM cases WHERE programme_id = ? GROUP BY stage`, a.ProgrammeID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s teilhabe.Stage
			var n int
			if err := rows.Scan(&s, &n); err != nil {
				return err
			}
			f.ByStage[s] = n
			f.Total += n
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return t.queryRow(ctx, `SELECT
			COALESCE(SUM(CASE WHEN info_held_on IS NOT NULL THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN info_held_on IS NOT NULL AND info_held_on <= info_due_on THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN next_due_on < ? THEN 1 ELSE 0 END), 0)
			FROM cases WHERE programme_id = ?`, date(teilhabe.Today(t.now)), a.ProgrammeID).Scan(&f.InfoHeld, &f.InfoOnTime, &f.Overdue)
	})
	return f, err
}
