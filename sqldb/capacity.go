package sqldb

import (
	"context"
	"time"

	"teilhabe"
)

// LocationCapacity is how full a location is in a year.
type LocationCapacity struct {
	Location teilhabe.Location
	Provider string
	Places   int
	Assigned int // assignments starting in the year
	Pending  int // open assignment requests
	Waiting  []CaseListItem
}

// Free returns the places not yet taken or promised.
func (c LocationCapacity) Free() int { return max(c.Places-c.Assigned-c.Pending, 0) }

// FindCapacity returns places, assignments and waiting lists per location in
// year: the whole programme for the coordinator, the own provider for the
// provider lead (teilhabe.CanSeeCapacity). Waiting lists name the persons
// only for those who may see them (teilhabe.CanSeeWaitingNames). The view is
// written to the audit log.
func (db *DB) FindCapacity(ctx context.Context, a teilhabe.Actor, year int) ([]LocationCapacity, error) {
	if !teilhabe.CanSeeCapacity(a) {
		return nil, teilhabe.ErrNotFound
	}
	cond, arg := "o.programme_id = ?", a.ProgrammeID
	if a.Role == teilhabe.RoleProviderLead {
		cond, arg = "o.id = ?", a.OrgID
	}
	var list []LocationCapacity
	err := db.inTx(ctx, func(t *tx) error {
		// One statement for all locations; the counts use the indexes on
		// (location_id, assignment_start) and (location_id, next_due_on).
		from, to := teilhabe.Day(year, 1, 1), teilhabe.Day(year+1, 1, 1)
		var err error
		list, err = queryAll(ctx, t, func(s scanner) (LocationCapacity, error) {
			var lc LocationCapacity
			l, err := scanLocation(s, &lc.Provider, &lc.Assigned, &lc.Pending)
			lc.Location, lc.Places = l, l.PlacesPerYear
			return lc, err
		}, `SELECT `+locationColumns+`, o.name,
			(SELECT COUNT(*) FROM cases c WHERE c.location_id = l.id AND c.assignment_start >= ? AND c.assignment_start < ?),
			(SELECT COUNT(*) FROM cases c WHERE c.location_id = l.id AND c.stage = ?)
			FROM locations l JOIN organisations o ON o.id = l.provider_id
			WHERE `+cond+` ORDER BY o.name, l.name`, date(from), date(to), teilhabe.StageAssignmentRequested, arg)
		if err != nil {
			return err
		}
		waiting, err := t.waitingLists(ctx, `c.location_id IN (SELECT l.id FROM locations l JOIN organisations o
			ON o.id = l.provider_id WHERE `+cond+`)`, arg, teilhabe.CanSeeWaitingNames(a))
		if err != nil {
			return err
		}
		for i := range list {
			list[i].Waiting = waiting[list[i].Location.ID]
		}
		return t.audit(ctx, a, auditEntry{action: "capacity.viewed", objectType: "programme", objectID: a.ProgrammeID})
	})
	return list, err
}

// placesTaken counts a location's assignments starting in year and its open
// assignment requests, which hold a place until the sponsor decides.
func (t *tx) placesTaken(ctx context.Context, locationID int64, year int) (assigned, pending int, err error) {
	from, to := teilhabe.Day(year, 1, 1), teilhabe.Day(year+1, 1, 1)
	err = t.queryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN assignment_start >= ? AND assignment_start < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN stage = ? THEN 1 ELSE 0 END), 0)
		FROM cases WHERE location_id = ? AND (assignment_start IS NOT NULL OR stage = ?)`,
		date(from), date(to), teilhabe.StageAssignmentRequested, locationID, teilhabe.StageAssignmentRequested).Scan(&assigned, &pending)
	return assigned, pending, err
}

// freePlaces locks the location's row until the transaction ends (so two
// requests cannot both take its last place) and returns the places not yet
// assigned or promised in the current year.
func (t *tx) freePlaces(ctx context.Context, locationID int64) (int, error) {
	if _, err := t.exec(ctx, `UPDATE locations SET version = version WHERE id = ?`, locationID); err != nil {
		return 0, err
	}
	loc, err := t.location(ctx, locationID)
	if err != nil {
		return 0, err
	}
	assigned, pending, err := t.placesTaken(ctx, locationID, teilhabe.Today(t.now).Year())
	return loc.PlacesPerYear - assigned - pending, err
}

// promoteWaiting moves cases from a location's waiting list, first come
// first served, to open assignment requests while the location has free
// places. a is the user whose action freed the places.
func (t *tx) promoteWaiting(ctx context.Context, a teilhabe.Actor, locationID int64) error {
	list, err := t.waitingList(ctx, locationID)
	if err != nil || len(list) == 0 {
		return err
	}
	free, err := t.freePlaces(ctx, locationID)
	if err != nil {
		return err
	}
	for _, w := range list[:max(0, min(free, len(list)))] {
		if err := t.promote(ctx, a, w.ID); err != nil {
			return err
		}
	}
	return nil
}

// promote moves one waiting case to an open assignment request: teilhabe
// does it on its own, on behalf of a.
func (t *tx) promote(ctx context.Context, a teilhabe.Actor, id int64) error {
	c, err := t.caseByID(ctx, id)
	if err != nil {
		return err
	}
	next, err := teilhabe.Next(c.Stage, teilhabe.ActLeaveWaitingList)
	if err != nil {
		return err
	}
	if err := t.save(ctx, c, next, time.Time{}, caseUpdate{}); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `UPDATE messages SET status = ? WHERE case_id = ? AND kind = ? AND status = ?`,
		teilhabe.StatusOpen, c.ID, teilhabe.MsgAssignmentRequest, teilhabe.StatusWaiting); err != nil {
		return err
	}
	if err := t.addEvent(ctx, teilhabe.System, c.ID, teilhabe.Event{Kind: teilhabe.EventLeftWaitingList}); err != nil {
		return err
	}
	return t.audit(ctx, a, caseAudit("case.left_waiting_list", c, ""))
}

// waitingList returns a location's waiting cases in the order they joined,
// without names.
func (t *tx) waitingList(ctx context.Context, locationID int64) ([]CaseListItem, error) {
	lists, err := t.waitingLists(ctx, "c.location_id = ?", locationID, false)
	return lists[locationID], err
}

// waitingLists returns the waiting lists of the locations matching where
// (on cases c, with one argument), each in the order the cases joined;
// with names false, without the person's name and date of birth.
func (t *tx) waitingLists(ctx context.Context, where string, arg any, names bool) (map[int64][]CaseListItem, error) {
	person := `'', NULL`
	if names {
		person = `p.last_name || ', ' || p.first_name, p.birth_date`
	}
	type row struct {
		location int64
		item     CaseListItem
	}
	rows, err := queryAll(ctx, t, func(s scanner) (row, error) {
		var r row
		var birth dbDate
		var since dbTime
		err := s.Scan(&r.item.ID, &r.location, &r.item.Name, &birth, &r.item.SponsorName, &since)
		r.item.BirthDate, r.item.NextDueOn, r.item.Stage = birth.t, teilhabe.Today(since.t), teilhabe.StageWaitingList
		return r, err
	}, `SELECT c.id, c.location_id, `+person+`, COALESCE(sp.name, ''), m.created_at
		FROM cases c JOIN persons p ON p.id = c.person_id LEFT JOIN organisations sp ON sp.id = c.sponsor_id
		JOIN messages m ON m.case_id = c.id AND m.kind = ? AND m.status = ?
		WHERE `+where+` AND c.stage = ? ORDER BY m.created_at, m.id`,
		teilhabe.MsgAssignmentRequest, teilhabe.StatusWaiting, arg, teilhabe.StageWaitingList)
	if err != nil {
		return nil, err
	}
	lists := map[int64][]CaseListItem{}
	for _, r := range rows {
		lists[r.location] = append(lists[r.location], r.item)
	}
	return lists, nil
}
