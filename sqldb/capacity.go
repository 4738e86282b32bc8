package sqldb

import (
	"context"
	"strings"
	"time"

	"teilhabe"
)

// LocationCapacity is how full a location is in a year.
type LocationCapacity struct {
	Location teilhabe.Location
	Provider string
	Places   int
	Assigned int // assignments starting in the year
	Freed    int // of those, the early exits, whose places are free again
	Pending  int // open assignment requests, which hold a place
	// WaitingCount is the length of the waiting list; Waiting lists it in
	// order, with names only for those who may see them.
	WaitingCount int
	Waiting      []CaseListItem
}

// Free returns the places not yet taken or promised.
func (c LocationCapacity) Free() int { return max(c.Places-c.Assigned+c.Freed-c.Pending, 0) }

// Capacity is one page of a's locations with their places in a year, and
// the totals over all of them.
type Capacity struct {
	Year      int
	Total     LocationCapacity // Location is empty; the sums of all locations
	Locations []LocationCapacity
	More      bool // another page follows
}

// CapacityFilter narrows the capacity view.
type CapacityFilter struct {
	Year int
	// Attention keeps only the locations that are full or have a waiting
	// list.
	Attention bool
	Page      int // from 1
}

// CapacityPageSize is the number of locations per page.
const CapacityPageSize = 50

// FindCapacity returns places, assignments and waiting lists per location
// in a year — of the whole programme for the coordinator, of the own
// provider for the provider lead (teilhabe.CanSeeCapacity) — from the
// counters kept with every change. Waiting lists name the persons only for
// those who may see them (teilhabe.CanSeeWaitingNames). The view is written
// to the audit log.
func (db *DB) FindCapacity(ctx context.Context, a teilhabe.Actor, f CapacityFilter) (Capacity, error) {
	capa := Capacity{Year: f.Year}
	if !teilhabe.CanSeeCapacity(a) {
		return capa, teilhabe.ErrNotFound
	}
	where, args := "o.programme_id = ?", []any{a.ProgrammeID}
	if a.Role == teilhabe.RoleProviderLead {
		where, args = "o.programme_id = ? AND o.id = ?", append(args, a.OrgID)
	}
	// Counters of the year: assignments started, open requests (which hold
	// a place) and the waiting list.
	from := ` FROM locations l JOIN organisations o ON o.id = l.provider_id
		LEFT JOIN location_year_counts y ON y.location_id = l.id AND y.year = ?
		LEFT JOIN location_counts p ON p.location_id = l.id AND p.stage = ?
		LEFT JOIN location_counts w ON w.location_id = l.id AND w.stage = ?`
	countArgs := []any{f.Year, teilhabe.StageAssignmentRequested, teilhabe.StageWaitingList}
	listWhere := where
	if f.Attention {
		listWhere += " AND (" + freeSQL + " <= 0 OR COALESCE(w.n, 0) > 0)"
	}
	page := max(f.Page, 1)
	err := db.read(ctx, func(t *tx) error {
		args := append(append([]any{}, countArgs...), args...)
		err := t.queryRow(ctx, `SELECT COALESCE(SUM(l.places_per_year), 0), COALESCE(SUM(y.assigned), 0),
			COALESCE(SUM(y.freed), 0), COALESCE(SUM(p.n), 0), COALESCE(SUM(w.n), 0)`+from+` WHERE `+where, args...).
			Scan(&capa.Total.Places, &capa.Total.Assigned, &capa.Total.Freed, &capa.Total.Pending, &capa.Total.WaitingCount)
		if err != nil {
			return err
		}
		capa.Locations, err = queryAll(ctx, t, func(s scanner) (LocationCapacity, error) {
			var lc LocationCapacity
			l, err := scanLocation(s, &lc.Provider, &lc.Assigned, &lc.Freed, &lc.Pending, &lc.WaitingCount)
			lc.Location, lc.Places = l, l.PlacesPerYear
			return lc, err
		}, `SELECT `+locationColumns+`, o.name, COALESCE(y.assigned, 0), COALESCE(y.freed, 0), COALESCE(p.n, 0), COALESCE(w.n, 0)`+from+
			` WHERE `+listWhere+` ORDER BY o.name, l.name, l.id LIMIT ? OFFSET ?`,
			append(args, CapacityPageSize+1, (page-1)*CapacityPageSize)...)
		if err != nil {
			return err
		}
		if len(capa.Locations) > CapacityPageSize {
			capa.Locations, capa.More = capa.Locations[:CapacityPageSize], true
		}
		var ids []int64
		for _, lc := range capa.Locations {
			if lc.WaitingCount > 0 {
				ids = append(ids, lc.Location.ID)
			}
		}
		waiting, err := t.waitingLists(ctx, ids, teilhabe.CanSeeWaitingNames(a))
		if err != nil {
			return err
		}
		for i := range capa.Locations {
			capa.Locations[i].Waiting = waiting[capa.Locations[i].Location.ID]
		}
		return nil
	})
	if err != nil {
		return Capacity{}, err
	}
	return capa, db.logRead(ctx, a, auditEntry{action: teilhabe.AuditCapacityViewed, objectType: "programme", objectID: a.ProgrammeID})
}

// freeSQL is a location's free places in a year: its places, less the
// assignments that started in the year, plus those that early exits freed,
// less the open requests, which hold a place. It reads locations l, the
// year's counters y and the open requests' counter p.
const freeSQL = `(l.places_per_year - COALESCE(y.assigned, 0) + COALESCE(y.freed, 0) - COALESCE(p.n, 0))`

// freePlaces locks the location's row until the transaction ends (so two
// requests cannot both take its last place) and returns the places not yet
// assigned or promised in the current year, counting those that early exits
// freed as free.
func (t *tx) freePlaces(ctx context.Context, locationID int64) (int, error) {
	if _, err := t.exec(ctx, `UPDATE locations SET version = version WHERE id = ?`, locationID); err != nil {
		return 0, err
	}
	var free int
	err := t.queryRow(ctx, `SELECT `+freeSQL+` FROM locations l
		LEFT JOIN location_year_counts y ON y.location_id = l.id AND y.year = ?
		LEFT JOIN location_counts p ON p.location_id = l.id AND p.stage = ?
		WHERE l.id = ?`, teilhabe.Today(t.now).Year(), teilhabe.StageAssignmentRequested, locationID).Scan(&free)
	return free, notFound(err)
}

// promoteWaiting moves cases from a location's waiting list, first come
// first served, to open assignment requests while the location has free
// places. a is the user whose action freed the places.
func (t *tx) promoteWaiting(ctx context.Context, a teilhabe.Actor, locationID int64) error {
	lists, err := t.waitingLists(ctx, []int64{locationID}, false)
	list := lists[locationID]
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
	return t.audit(ctx, a, caseAudit(teilhabe.AuditLeftWaitingList, c, ""))
}

// waitingLists returns the waiting lists of the locations, each in the
// order the cases joined; with names false, without the person's name and
// date of birth.
func (t *tx) waitingLists(ctx context.Context, locationIDs []int64, names bool) (map[int64][]CaseListItem, error) {
	lists := map[int64][]CaseListItem{}
	if len(locationIDs) == 0 {
		return lists, nil
	}
	person := `'', NULL`
	if names {
		person = `p.last_name || ', ' || p.first_name, p.birth_date`
	}
	args := []any{teilhabe.MsgAssignmentRequest, teilhabe.StatusWaiting, teilhabe.StageWaitingList}
	for _, id := range locationIDs {
		args = append(args, id)
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
		WHERE c.stage = ? AND c.location_id IN (?`+strings.Repeat(", ?", len(locationIDs)-1)+`)
		ORDER BY m.created_at, m.id`, args...)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		lists[r.location] = append(lists[r.location], r.item)
	}
	return lists, nil
}

// PlacesAt returns how full the location of case c is in year, for those
// who may read the case (the sponsor deciding on its request). Counts name
// nobody, so reading them is not logged.
func (db *DB) PlacesAt(ctx context.Context, a teilhabe.Actor, c teilhabe.Case, year int) (LocationCapacity, error) {
	var lc LocationCapacity
	if !teilhabe.CanReadCase(a, c.Scope()) {
		return lc, teilhabe.ErrNotFound
	}
	err := db.read(ctx, func(t *tx) error {
		return t.queryRow(ctx, `SELECT l.name, l.places_per_year, COALESCE(y.assigned, 0), COALESCE(y.freed, 0), COALESCE(p.n, 0), COALESCE(w.n, 0)
			FROM locations l
			LEFT JOIN location_year_counts y ON y.location_id = l.id AND y.year = ?
			LEFT JOIN location_counts p ON p.location_id = l.id AND p.stage = ?
			LEFT JOIN location_counts w ON w.location_id = l.id AND w.stage = ?
			WHERE l.id = ?`, year, teilhabe.StageAssignmentRequested, teilhabe.StageWaitingList, c.LocationID).
			Scan(&lc.Location.Name, &lc.Places, &lc.Assigned, &lc.Freed, &lc.Pending, &lc.WaitingCount)
	})
	lc.Location.ID = c.LocationID
	return lc, notFound(err)
}
