package sqldb

import (
	"context"

	"teilhabe"
)

// events returns a case's timeline, newest first; with internal false,
// without the provider's internal entries.
func (t *tx) events(ctx context.Context, caseID int64, internal bool) ([]teilhabe.Event, error) {
	q := `SELECT at, actor_name, kind, internal, detail_text, detail_on, detail_until, detail_time, detail_codes
		FROM case_events WHERE case_id = ?`
	if !internal {
		q += ` AND internal = 0`
	}
	return queryAll(ctx, t, func(s scanner) (teilhabe.Event, error) {
		var e teilhabe.Event
		var at dbTime
		var on, until dbDate
		var in int
		var codes string
		err := s.Scan(&at, &e.ActorName, &e.Kind, &in, &e.Text, &on, &until, &e.Time, &codes)
		e.At, e.Internal, e.On, e.Until, e.Codes = at.t, in == 1, on.t, until.t, splitCodes[string](codes)
		return e, err
	}, q+` ORDER BY at DESC, id DESC`, caseID)
}

// addEvent appends e to case caseID's timeline, at the transaction's time
// and by a.
func (t *tx) addEvent(ctx context.Context, a teilhabe.Actor, caseID int64, e teilhabe.Event) error {
	_, err := t.exec(ctx, `INSERT INTO case_events (case_id, at, actor_id, actor_name, kind, internal,
		detail_text, detail_on, detail_until, detail_time, detail_codes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		caseID, ts(t.now), nullID(a.UserID), a.DisplayName(), e.Kind, boolInt(e.Internal),
		e.Text, date(e.On), date(e.Until), e.Time, joinCodes(e.Codes))
	return err
}
