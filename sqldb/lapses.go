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
// today, the longest without contact first. The work is due on the day
// the lapse began: ContactLapseDays after the last contact. scope and args
// limit the cases (alias c) as scopeSQL does.
//
// A case in coaching always has a last contact: its first conversation
// held is one (SetAppointmentOutcome), and migration 011 gave the cases
// already in coaching the day their coaching began at the latest. So the
// query is a range over the index on (location_id or provider_id, stage,
// last_contact_on), whatever the number of cases.
func (t *tx) workContactLapses(ctx context.Context, scope string, args []any, today time.Time) (CoachingWork, error) {
	// The cases of one scope are all of one programme.
	var lapse int
	err := t.queryRow(ctx, `SELECT contact_lapse_days FROM programmes
		WHERE id = (SELECT c.programme_id FROM cases c WHERE `+scope+` LIMIT 1)`, args...).Scan(&lapse)
	if errors.Is(err, sql.ErrNoRows) {
		return CoachingWork{Kind: WorkContactLapse}, nil
	}
	if err != nil {
		return CoachingWork{}, err
	}
	g, err := t.workGroup(ctx, WorkContactLapse, contactLapseQuery(scope),
		append(append([]any{}, args...), teilhabe.StageActive, date(today.AddDate(0, 0, -lapse))))
	for i := range g.Items {
		g.Items[i].WorkDue = g.Items[i].WorkDue.AddDate(0, 0, lapse)
	}
	return g, err
}

// contactLapseQuery is workContactLapses' inner query for workGroup; its
// arguments are scope's, the stage and the last day of contact that is
// not yet a lapse.
func contactLapseQuery(scope string) string {
	return `SELECT c.id AS case_id, c.last_contact_on AS due, '' AS detail FROM cases c
		WHERE ` + scope + ` AND c.stage = ? AND c.last_contact_on < ?`
}
