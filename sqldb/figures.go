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

// FindFigures counts the cases of a's programme by stage, from the
// counters kept with every change, and its overdue cases by index. Only the
// coordinator may (teilhabe.CanSeeFigures); the figures hold no personal
// data.
func (db *DB) FindFigures(ctx context.Context, a teilhabe.Actor) (Figures, error) {
	f := Figures{ByStage: map[teilhabe.Stage]int{}}
	if !teilhabe.CanSeeFigures(a) {
		return f, teilhabe.ErrNotFound
	}
	err := db.read(ctx, func(t *tx) error {
		type stageCount struct {
			stage teilhabe.Stage
			n     int
		}
		counts, err := queryAll(ctx, t, func(s scanner) (stageCount, error) {
			var c stageCount
			err := s.Scan(&c.stage, &c.n)
			return c, err
		}, `SELECT stage, SUM(n) FROM location_counts WHERE programme_id = ? GROUP BY stage`, a.ProgrammeID)
		if err != nil {
			return err
		}
		for _, c := range counts {
			if c.n == 0 {
				continue // a stage all cases have left
			}
			f.ByStage[c.stage] = c.n
			f.Total += c.n
		}
		if err := t.queryRow(ctx, `SELECT COALESCE(SUM(info_held), 0), COALESCE(SUM(info_on_time), 0)
			FROM location_year_counts WHERE programme_id = ?`, a.ProgrammeID).Scan(&f.InfoHeld, &f.InfoOnTime); err != nil {
			return err
		}
		return t.queryRow(ctx, `SELECT COUNT(*) FROM cases WHERE programme_id = ? AND next_due_on < ?`,
			a.ProgrammeID, date(teilhabe.Today(t.now))).Scan(&f.Overdue)
	})
	return f, err
}
