package sqldb

import (
	"context"
	"fmt"
	"time"

	"teilhabe"
)

// Worklist is a provider's work of the day: the appointments of the coming
// week, the cases whose next step is due, grouped by urgency, and apart
// from them the cases that wait on someone else.
type Worklist struct {
	Today time.Time
	// LocationID is the location the worklist is narrowed to; 0 is all of
	// the user's locations.
	LocationID int64
	// Appointments are the booked appointments of today and the next six
	// days, by day and time.
	Appointments []WorkAppointment
	// Overdue, DueToday and DueThisWeek are the cases whose next step the
	// provider is to take, by when it is due.
	Overdue, DueToday, DueThisWeek WorkGroup
	// Ending are the cases in coaching whose assignment ends within four
	// weeks or has ended: the provider decides whether to ask for an
	// extension.
	Ending WorkGroup
	// Later counts the open cases due after this week, and those in
	// coaching whose assignment ends later.
	Later int
	// Elsewhere are the cases that wait for the sponsor's decision or for a
	// free place: the provider cannot act on them.
	Elsewhere WorkGroup
	// Coaching is the work of the coaching year, by kind.
	Coaching []CoachingWork
	// Locations counts the work at each of the user's locations that has
	// open cases, by name.
	Locations []LocationWork
}

// LocationWork counts the work at one location.
type LocationWork struct {
	ID                             int64
	Name                           string
	Overdue, DueToday, DueThisWeek int
	Ending, Later, Elsewhere       int
}

// WorkGroup is one group of a worklist: up to WorkGroupSize cases, most
// urgent first, and how many there are in all.
type WorkGroup struct {
	Items []CaseListItem
	Count int
}

// WorkGroupSize bounds the cases a worklist shows per group; the case list
// has the rest.
const WorkGroupSize = 50

// WorkAppointment is a booked appointment on a worklist.
type WorkAppointment struct {
	ID       int64
	CaseID   int64
	Name     string
	Kind     teilhabe.AppointmentKind
	On       time.Time
	At       string
	Minutes  int
	Mode     teilhabe.Mode
	Place    string // the location where it takes place, for ModeInPerson
	Address  string // the address of a visit
	Staff    string // the coach who holds it
	Location string // the case's location
}

// FindWorklist returns the worklist of provider staff a: a coach's
// location, a provider lead's locations, or one of them when locationID is
// not 0. Reading it is written to the audit log.
func (db *DB) FindWorklist(ctx context.Context, a teilhabe.Actor, locationID int64) (Worklist, error) {
	w := Worklist{Today: db.Today(), LocationID: locationID}
	if !teilhabe.CanRecordFirstContact(a) {
		return w, teilhabe.ErrNotFound
	}
	scope, scopeArgs := scopeSQL(a)
	today, week := date(w.Today), date(w.Today.AddDate(0, 0, 7))
	others := []any{teilhabe.StageAssignmentRequested, teilhabe.StageWaitingList}
	err := db.read(ctx, func(t *tx) error {
		// The counts of every group at each location, from the open cases.
		var err error
		// A case in coaching is due four weeks before its assignment ends.
		args := append(append(append([]any{today, today, today, week, today, week, today}, others...),
			teilhabe.StageActive), scopeArgs...)
		w.Locations, err = queryAll(ctx, t, func(s scanner) (LocationWork, error) {
			var l LocationWork
			err := s.Scan(&l.ID, &l.Name, &l.Overdue, &l.DueToday, &l.DueThisWeek, &l.Ending, &l.Later, &l.Elsewhere)
			return l, err
		}, `SELECT l.id, l.name,
			SUM(CASE WHEN kind = 'step' AND c.next_due_on < ? THEN 1 ELSE 0 END),
			SUM(CASE WHEN kind = 'step' AND c.next_due_on = ? THEN 1 ELSE 0 END),
			SUM(CASE WHEN kind = 'step' AND c.next_due_on > ? AND c.next_due_on < ? THEN 1 ELSE 0 END),
			SUM(CASE WHEN kind = 'coaching' AND c.next_due_on <= ? THEN 1 ELSE 0 END),
			SUM(CASE WHEN kind = 'step' AND c.next_due_on >= ? OR kind = 'coaching' AND c.next_due_on > ? THEN 1 ELSE 0 END),
			SUM(CASE WHEN kind = 'elsewhere' THEN 1 ELSE 0 END)
			FROM (SELECT c.location_id, c.next_due_on,
					CASE WHEN c.stage IN (?, ?) THEN 'elsewhere' WHEN c.stage = ? THEN 'coaching' ELSE 'step' END AS kind
				FROM cases c WHERE `+scope+` AND c.next_due_on IS NOT NULL) AS c
			JOIN locations l ON l.id = c.location_id
			GROUP BY l.id, l.name ORDER BY l.name, l.id`, args...)
		if err != nil {
			return err
		}
		for _, l := range w.Locations {
			if locationID == 0 || l.ID == locationID {
				w.Overdue.Count += l.Overdue
				w.DueToday.Count += l.DueToday
				w.DueThisWeek.Count += l.DueThisWeek
				w.Ending.Count += l.Ending
				w.Later += l.Later
				w.Elsewhere.Count += l.Elsewhere
			}
		}
		if locationID != 0 {
			scope += " AND c.location_id = ?"
			scopeArgs = append(scopeArgs, locationID)
		}
		// The cases of each group, most urgent first.
		list := func(cond string, condArgs ...any) ([]CaseListItem, error) {
			return queryAll(ctx, t, scanCaseListItem, `SELECT `+caseListColumns+caseListFrom+`
				WHERE `+scope+` AND c.next_due_on IS NOT NULL AND `+cond+` ORDER BY c.next_due_on, c.id LIMIT ?`,
				append(append(append([]any{}, scopeArgs...), condArgs...), WorkGroupSize)...)
		}
		notStep := []any{teilhabe.StageAssignmentRequested, teilhabe.StageWaitingList, teilhabe.StageActive}
		step := "c.stage NOT IN (?, ?, ?) AND "
		if w.Overdue.Items, err = list(step+"c.next_due_on < ?", append(notStep, today)...); err != nil {
			return err
		}
		if w.DueToday.Items, err = list(step+"c.next_due_on = ?", append(notStep, today)...); err != nil {
			return err
		}
		if w.DueThisWeek.Items, err = list(step+"c.next_due_on > ? AND c.next_due_on < ?", append(notStep, today, week)...); err != nil {
			return err
		}
		if w.Ending.Items, err = list("c.stage = ? AND c.next_due_on <= ?", teilhabe.StageActive, today); err != nil {
			return err
		}
		if w.Elsewhere.Items, err = list("c.stage IN (?, ?)", others...); err != nil {
			return err
		}
		if w.Coaching, err = t.coachingWork(ctx, scope, scopeArgs, w.Today); err != nil {
			return err
		}
		// The appointments of the week: the one a case of part 1 waits for,
		// and those of the coaching year.
		w.Appointments, err = queryAll(ctx, t, func(s scanner) (WorkAppointment, error) {
			var ap WorkAppointment
			var on dbDate
			err := s.Scan(&ap.ID, &ap.CaseID, &ap.Name, &ap.Kind, &on, &ap.At, &ap.Minutes, &ap.Mode, &ap.Place, &ap.Address,
				&ap.Staff, &ap.Location)
			ap.On = on.t
			return ap, err
		}, `SELECT a.id, c.id, p.last_name || ', ' || p.first_name, a.kind, a.on_date, a.at_time, a.minutes, a.mode,
				COALESCE(al.name, ''), a.address, COALESCE(u.name, ''), l.name
			FROM cases c JOIN persons p ON p.id = c.person_id JOIN locations l ON l.id = c.location_id
			JOIN appointments a ON a.case_id = c.id AND a.status = ? AND a.on_date >= ? AND a.on_date < ?
			LEFT JOIN locations al ON al.id = a.location_id LEFT JOIN users u ON u.id = a.staff_id
			WHERE `+scope+` AND c.stage IN (?, ?, ?)
			ORDER BY a.on_date, a.at_time, c.id`,
			append(append([]any{teilhabe.OutcomeBooked, today, week}, scopeArgs...), teilhabe.StageInfoBooked,
				teilhabe.StageFirstBooked, teilhabe.StageActive)...)
		return err
	})
	if err != nil {
		return Worklist{}, err
	}
	shown := len(w.Overdue.Items) + len(w.DueToday.Items) + len(w.DueThisWeek.Items) + len(w.Ending.Items) + len(w.Elsewhere.Items)
	return w, db.logRead(ctx, a, auditEntry{action: teilhabe.AuditWorklistViewed, objectType: "case",
		detail: fmt.Sprintf("%d shown, %d appointments", shown, len(w.Appointments))})
}
