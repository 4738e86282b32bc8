package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"teilhabe"
)

// workContactLapses returns the worklist group of cases in coaching whose
// last contact lies more than the programme's ContactLapseDays before
// today, the longest without contact first, at most WorkGroupSize, with
// their count. scope and args limit the cases (alias c) as scopeSQL does.
//
// A case in coaching always has a last contact: its first conversation
// held is one (SetAppointmentOutcome), and migration 011 gave the cases
// already in coaching the day their coaching began at the latest. So the
// query is a range over the index on (location_id or provider_id, stage,
// last_contact_on), whatever the number of cases.
func (t *tx) workContactLapses(ctx context.Context, scope string, args []any, today time.Time) (WorkGroup, error) {
	var g WorkGroup
	// The cases of one scope are all of one programme.
	var lapse int
	err := t.queryRow(ctx, `SELECT contact_lapse_days FROM programmes
		WHERE id = (SELECT c.programme_id FROM cases c WHERE `+scope+` LIMIT 1)`, args...).Scan(&lapse)
	if errors.Is(err, sql.ErrNoRows) {
		return g, nil
	}
	if err != nil {
		return g, err
	}
	countQuery, itemsQuery := contactLapseQueries(scope)
	condArgs := append(append([]any{}, args...), teilhabe.StageActive, date(today.AddDate(0, 0, -lapse)))
	if err := t.queryRow(ctx, countQuery, condArgs...).Scan(&g.Count); err != nil {
		return g, err
	}
	if g.Count == 0 {
		return g, nil
	}
	g.Items, err = queryAll(ctx, t, scanCaseListItem, itemsQuery, append(condArgs, WorkGroupSize)...)
	return g, err
}

// contactLapseQueries are the count and the cases of workContactLapses;
// their arguments are scope's, the stage, the last day of contact that is
// not yet a lapse, and (for the cases) the limit.
func contactLapseQueries(scope string) (count, items string) {
	cond := ` WHERE ` + scope + ` AND c.stage = ? AND c.last_contact_on < ?`
	return `SELECT COUNT(*) FROM cases c` + cond,
		`SELECT ` + caseListColumns + caseListFrom + cond + ` ORDER BY c.last_contact_on, c.id LIMIT ?`
}
