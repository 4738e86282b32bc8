package sqldb

import (
	"context"

	"teilhabe"
)

// Waiting is where a case on a waiting list stands: its place in the
// queue of its location and the locations of the programme that have a
// free place now.
type Waiting struct {
	Position, Of int
	// Free are the locations with a free place this year, the case's own
	// provider first. The request can move to those of its own provider.
	Free []FreeLocation
}

// FreeLocation is a location with places free this year.
type FreeLocation struct {
	ID       int64
	Name     string
	City     string
	Provider string
	Free     int
	// SameProvider marks the locations a waiting request can move to.
	SameProvider bool
}

// freeLocationsShown bounds the free locations a case shows.
const freeLocationsShown = 20

// waiting reads where case c stands on its location's waiting list.
func (t *tx) waiting(ctx context.Context, c teilhabe.Case) (*Waiting, error) {
	if c.Stage != teilhabe.StageWaitingList {
		return nil, nil
	}
	w := &Waiting{}
	lists, err := t.waitingLists(ctx, []int64{c.LocationID}, false)
	if err != nil {
		return nil, err
	}
	list := lists[c.LocationID]
	w.Of = len(list)
	for i, it := range list {
		if it.ID == c.ID {
			w.Position = i + 1
		}
	}
	w.Free, err = queryAll(ctx, t, func(s scanner) (FreeLocation, error) {
		var l FreeLocation
		err := s.Scan(&l.ID, &l.Name, &l.City, &l.Provider, &l.Free, &l.SameProvider)
		return l, err
	}, `SELECT l.id, l.name, l.city, o.name, `+freeSQL+` AS free,
			o.id = ? AS same
		FROM locations l JOIN organisations o ON o.id = l.provider_id
		LEFT JOIN location_year_counts y ON y.location_id = l.id AND y.year = ?
		LEFT JOIN location_counts p ON p.location_id = l.id AND p.stage = ?
		WHERE o.programme_id = ? AND l.id <> ? AND `+freeSQL+` > 0
		ORDER BY o.id = ? DESC, free DESC, l.name, l.id LIMIT ?`,
		c.ProviderID, teilhabe.Today(t.now).Year(), teilhabe.StageAssignmentRequested, c.ProgrammeID, c.LocationID,
		c.ProviderID, freeLocationsShown)
	return w, err
}

// MoveRequest moves the waiting assignment request of a case to another
// location of its provider that has a free place now: the case leaves the
// waiting list and its request waits for the sponsor's decision there.
// Who: the provider's staff and the case's sponsor (teilhabe.CanMoveRequest).
// Errors: see the package documentation; a location of another provider is
// a problem of the field "location", a full one a conflict.
func (db *DB) MoveRequest(ctx context.Context, a teilhabe.Actor, id int64, version int, locationID int64) error {
	cmd := command{action: teilhabe.ActLeaveWaitingList, may: teilhabe.CanMoveRequest, audit: teilhabe.AuditRequestMoved}
	return db.changeCase(ctx, a, id, version, cmd, func(ctx context.Context, ch *change) error {
		to, err := ch.t.location(ctx, locationID)
		if err != nil || to.ProviderID != ch.c.ProviderID {
			return teilhabe.Invalid("location", "err.choose")
		}
		if to.ID == ch.c.LocationID {
			return teilhabe.Invalid("location", "err.same_location")
		}
		free, err := ch.t.freePlaces(ctx, to.ID)
		if err != nil {
			return err
		}
		if free <= 0 {
			return teilhabe.Conflict("err.no_free_place")
		}
		// The case is counted at its new location from here on; save then
		// moves it from the waiting list to an open request there.
		from := ch.c.LocationID
		if err := ch.t.countStage(ctx, ch.c.ProgrammeID, from, ch.c.Stage, -1); err != nil {
			return err
		}
		if err := ch.t.countStage(ctx, ch.c.ProgrammeID, to.ID, ch.c.Stage, 1); err != nil {
			return err
		}
		if !ch.c.InfoHeldOn.IsZero() { // the year's figures follow the case
			held := yearCounts{infoHeld: 1}
			if met, _ := ch.c.InfoDeadlineMet(); met {
				held.infoOnTime = 1
			}
			year := ch.c.InfoHeldOn.Year()
			if err := ch.t.countYear(ctx, ch.c, year, yearCounts{infoHeld: -held.infoHeld, infoOnTime: -held.infoOnTime}); err != nil {
				return err
			}
			moved := ch.c
			moved.LocationID = to.ID
			if err := ch.t.countYear(ctx, moved, year, held); err != nil {
				return err
			}
		}
		ch.c.LocationID = to.ID
		ch.set.add("location_id", to.ID)
		if _, err := ch.t.exec(ctx, `UPDATE messages SET status = ? WHERE case_id = ? AND kind = ? AND status = ?`,
			teilhabe.StatusOpen, ch.c.ID, teilhabe.MsgAssignmentRequest, teilhabe.StatusWaiting); err != nil {
			return err
		}
		ch.event(teilhabe.Event{Kind: teilhabe.EventRequestMoved, Text: to.Name})
		ch.detail = to.Name
		return nil
	})
}
