package sqldb

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"teilhabe"
)

// CaseFilter narrows a case list. The zero value lists open cases, most
// urgent first.
type CaseFilter struct {
	Query          string // name: "Müller" or "Müller, Anna"; or a case number
	BirthDate      time.Time
	CustomerNumber string
	Stage          teilhabe.Stage
	LocationID     int64
	Overdue        bool // only cases whose next step is overdue
	Assigned       bool // only cases holding an assignment
	Closed         bool // closed cases instead of open ones
	Page           int  // from 1
}

// describe names the filters in use, without their values, for the audit log.
func (f CaseFilter) describe() string {
	var used []string
	for name, on := range map[string]bool{"name": f.Query != "", "birth_date": !f.BirthDate.IsZero(),
		"customer_number": f.CustomerNumber != "", "stage": f.Stage != "", "location": f.LocationID != 0,
		"overdue": f.Overdue, "assigned": f.Assigned, "closed": f.Closed} {
		if on {
			used = append(used, name)
		}
	}
	if len(used) == 0 {
		return ""
	}
	sort.Strings(used)
	return ", filter " + strings.Join(used, " ")
}

// CaseListItem is one row of a case list.
type CaseListItem struct {
	ID             int64
	PersonID       int64
	Name           string
	BirthDate      time.Time
	Stage          teilhabe.Stage
	NextDueOn      time.Time
	InfoDueOn      time.Time
	LocationName   string
	SponsorName    string
	CustomerNumber string
	AssignmentEnd  time.Time
	// Work, WorkDue and WorkDetail are, on a worklist of the coaching
	// year, the kind of work due for the case (a CoachingWork kind), its
	// day and what it concerns where the kind alone does not say (the
	// module ending); empty elsewhere.
	Work       string
	WorkDue    time.Time
	WorkDetail string
	// PhaseName is the case's phase of coaching, since PhaseSince; ""
	// before coaching.
	PhaseName  string
	PhaseSince time.Time
	// LastContactOn is the day of the latest contact; zero if none.
	LastContactOn time.Time
}

// caseListColumns and caseListFrom select what scanCaseListItem reads.
const (
	caseListColumns = `c.id, p.last_name || ', ' || p.first_name, p.birth_date,
		c.stage, c.next_due_on, c.info_due_on, l.name, COALESCE(sp.name, ''), c.customer_number, c.assignment_end,
		COALESCE(ph.name, ''), c.phase_since, c.last_contact_on`
	caseListFrom = `
		FROM cases c JOIN persons p ON p.id = c.person_id JOIN locations l ON l.id = c.location_id
		LEFT JOIN organisations sp ON sp.id = c.sponsor_id LEFT JOIN programme_phases ph ON ph.id = c.phase_id`
)

func scanCaseListItem(s scanner) (CaseListItem, error) {
	var it CaseListItem
	var birth, due, info, end, since, contact dbDate
	err := s.Scan(&it.ID, &it.Name, &birth, &it.Stage, &due, &info, &it.LocationName, &it.SponsorName,
		&it.CustomerNumber, &end, &it.PhaseName, &since, &contact)
	it.BirthDate, it.NextDueOn, it.InfoDueOn, it.AssignmentEnd = birth.t, due.t, info.t, end.t
	it.PhaseSince, it.LastContactOn = since.t, contact.t
	return it, err
}

// CasePageSize is the number of cases per page.
const CasePageSize = 25

// FindCases lists the cases in a's scope that match f, ordered by the date
// the next step is due (most urgent first), then by id. more reports whether
// another page follows. It runs one query, whatever the page size.
func (db *DB) FindCases(ctx context.Context, a teilhabe.Actor, f CaseFilter) (items []CaseListItem, more bool, err error) {
	if !teilhabe.CanListCases(a) {
		return nil, false, teilhabe.ErrNotFound
	}
	scope, args := scopeSQL(a)
	where := []string{scope}
	if f.Closed {
		where = append(where, "c.next_due_on IS NULL")
	} else {
		where = append(where, "c.next_due_on IS NOT NULL")
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		if id, err := strconv.ParseInt(q, 10, 64); err == nil { // a case number, quoted on the phone
			where = append(where, "c.id = ?")
			args = append(args, id)
			q = ""
		}
		last, first, _ := strings.Cut(q, ",")
		if q != "" {
			key := teilhabe.NameKey(first, last)
			if strings.TrimSpace(first) == "" {
				key = strings.TrimSuffix(key, "|")
			}
			where = append(where, "p.name_key >= ? AND p.name_key < ?")
			args = append(args, key, key+"\U0010FFFF")
		}
	}
	if !f.BirthDate.IsZero() {
		where = append(where, "p.birth_date = ?")
		args = append(args, date(f.BirthDate))
	}
	if n := strings.TrimSpace(f.CustomerNumber); n != "" {
		where = append(where, "c.customer_number = ?")
		args = append(args, n)
	}
	if f.Stage != "" {
		where = append(where, "c.stage = ?")
		args = append(args, f.Stage)
	}
	if f.LocationID != 0 {
		where = append(where, "c.location_id = ?")
		args = append(args, f.LocationID)
	}
	if f.Assigned {
		where = append(where, "c.stage IN ('assigned', 'first_booked', 'active')")
	}
	if f.Overdue {
		where = append(where, "c.next_due_on < ?")
		args = append(args, date(db.Today()))
	}
	page := max(f.Page, 1)
	order := "c.next_due_on, c.id"
	if f.Closed {
		order = "c.updated_at DESC, c.id DESC"
	}
	args = append(args, CasePageSize+1, (page-1)*CasePageSize)
	// Lists show names and dates of birth, so reading them is logged too:
	// which filters were used (not their values) and how many rows were seen.
	err = db.read(ctx, func(t *tx) error {
		var err error
		items, err = queryAll(ctx, t, scanCaseListItem, `SELECT `+caseListColumns+caseListFrom+`
			WHERE `+strings.Join(where, " AND ")+` ORDER BY `+order+` LIMIT ? OFFSET ?`, args...)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	detail := fmt.Sprintf("%d shown, page %d%s", min(len(items), CasePageSize), page, f.describe())
	if err := db.logRead(ctx, a, auditEntry{action: teilhabe.AuditCasesListed, objectType: "case", detail: detail}); err != nil {
		return nil, false, err
	}
	if len(items) > CasePageSize {
		items, more = items[:CasePageSize], true
	}
	return items, more, nil
}

// FindDuplicates returns the cases in a's scope of persons with the same name
// and date of birth, for the warning when a first contact is recorded. The
// look is written to the audit log.
func (db *DB) FindDuplicates(ctx context.Context, a teilhabe.Actor, first, last string, birth time.Time) ([]CaseListItem, error) {
	var items []CaseListItem
	err := db.read(ctx, func(t *tx) error {
		var err error
		items, err = t.duplicates(ctx, a, first, last, birth)
		return err
	})
	if err != nil {
		return nil, err
	}
	return items, db.logRead(ctx, a, duplicatesAudit(items))
}

// duplicatesAudit is the audit entry of a look for known persons that
// showed found.
func duplicatesAudit(found []CaseListItem) auditEntry {
	return auditEntry{action: teilhabe.AuditDuplicatesChecked, objectType: "person", detail: fmt.Sprintf("%d found", len(found))}
}

// duplicates finds the cases in a's scope of persons with the name and date
// of birth.
func (t *tx) duplicates(ctx context.Context, a teilhabe.Actor, first, last string, birth time.Time) ([]CaseListItem, error) {
	scope, args := scopeSQL(a)
	args = append(args, teilhabe.NameKey(first, last), date(birth))
	items, err := queryAll(ctx, t, func(s scanner) (CaseListItem, error) {
		var it CaseListItem
		var birth dbDate
		err := s.Scan(&it.ID, &it.PersonID, &it.Name, &birth, &it.Stage, &it.LocationName)
		it.BirthDate = birth.t
		return it, err
	}, `SELECT c.id, p.id, p.last_name || ', ' || p.first_name, p.birth_date, c.stage, l.name
		FROM cases c JOIN persons p ON p.id = c.person_id JOIN locations l ON l.id = c.location_id
		WHERE `+scope+` AND p.name_key = ? AND p.birth_date = ? ORDER BY c.id LIMIT 20`, args...)
	return items, err
}
