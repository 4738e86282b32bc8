package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"teilhabe"
)

// CalendarFilter chooses one week of one calendar: a staff member's
// (StaffID), a location's (LocationID), or, with neither, the actor's own.
type CalendarFilter struct {
	Week       time.Time // any day of the week; the calendar starts on its Monday
	StaffID    int64
	LocationID int64
}

// Calendar is one week of a staff member's or a location's appointments.
type Calendar struct {
	Week time.Time // its Monday
	// Staff is the staff member whose calendar it is; zero for a
	// location's.
	Staff teilhabe.User
	// Location is the location whose calendar it is; zero for a staff
	// member's.
	Location teilhabe.Location
	// State is the federal state whose public holidays the week shows: the
	// location's, a coach's location's, a provider lead's provider's.
	State   teilhabe.State
	Entries []CalendarEntry
}

// CalendarEntry is an appointment as a calendar shows it.
type CalendarEntry struct {
	teilhabe.Appointment
	// Visible reports that the viewer may see the case (teilhabe.CanReadCase):
	// only then are Name, the appointment's needs and a visit's address
	// filled. Otherwise the
	// entry shows that a time is taken, by which case, and nothing of the
	// person.
	Visible bool
	Name    string // the participant's "first last"
	// PlaceAddress is the address of the location an appointment in
	// person takes place at: "Hauptstraße 1, 54290 Trier".
	PlaceAddress string
}

// FindCalendar returns the week f asks for of a calendar a may see
// (teilhabe.CanSeeStaffCalendar, teilhabe.CanSeeLocationCalendar): every
// appointment of the provider's cases in that week held by the staff
// member, or taking place at the location (and those of the location's
// cases by phone, video or visit), except the moved ones. Names are read
// only within a's scope, in the query. A calendar outside a's reach, or
// none, is teilhabe.ErrNotFound. Reading it is written to the audit log.
func (db *DB) FindCalendar(ctx context.Context, a teilhabe.Actor, f CalendarFilter) (Calendar, error) {
	if !teilhabe.CanSeeCalendar(a) {
		return Calendar{}, teilhabe.ErrNotFound
	}
	cal := Calendar{Week: teilhabe.WeekOf(f.Week)}
	if f.StaffID == 0 && f.LocationID == 0 {
		f.StaffID = a.UserID
	}
	from, until := cal.Week, cal.Week.AddDate(0, 0, 6)
	var entry auditEntry
	err := db.read(ctx, func(t *tx) error {
		var cond string
		var args []any
		if f.LocationID != 0 {
			l, programme, err := t.locationOfProgramme(ctx, f.LocationID)
			if err != nil {
				return err
			}
			if !teilhabe.CanSeeLocationCalendar(a, programme, l.ProviderID, l.ID) {
				return teilhabe.ErrNotFound
			}
			cal.Location, cal.State = l, l.State
			cond, args = `(a.location_id = ? OR a.location_id IS NULL AND c.location_id = ?)`, []any{l.ID, l.ID}
			entry = auditEntry{objectType: "location", objectID: l.ID, detail: "location " + l.Name}
		} else {
			u, err := t.userByID(ctx, f.StaffID)
			if err != nil {
				return err
			}
			if !teilhabe.CanSeeStaffCalendar(a, u) {
				return teilhabe.ErrNotFound
			}
			if cal.State, err = t.holidayState(ctx, u); err != nil {
				return err
			}
			cal.Staff = u
			cond, args = `a.staff_id = ?`, []any{u.ID}
			entry = auditEntry{objectType: "user", objectID: u.ID, detail: "staff " + u.Username}
		}
		var err error
		cal.Entries, err = t.calendarEntries(ctx, a, true, cond+` AND a.on_date >= ? AND a.on_date <= ?`,
			append(args, date(from), date(until))...)
		return err
	})
	if err != nil {
		return Calendar{}, err
	}
	entry.action, entry.providerID = teilhabe.AuditCalendarViewed, a.OrgID
	entry.detail = fmt.Sprintf("week %s, %s, %d shown", teilhabe.FormatWeek(cal.Week), entry.detail, len(cal.Entries))
	return cal, db.logRead(ctx, a, entry)
}

// locationOfProgramme returns location id and the programme of its
// provider.
func (t *tx) locationOfProgramme(ctx context.Context, id int64) (teilhabe.Location, int64, error) {
	var programme int64
	l, err := scanLocation(t.queryRow(ctx, `SELECT `+locationColumns+`, o.programme_id FROM locations l
		JOIN organisations o ON o.id = l.provider_id WHERE l.id = ?`, id), &programme)
	return l, programme, err
}

// holidayState is the federal state whose holidays u's calendar shows: a
// coach's location's, else the state of u's organisation.
func (t *tx) holidayState(ctx context.Context, u teilhabe.User) (teilhabe.State, error) {
	var s teilhabe.State
	q, id := `SELECT state FROM organisations WHERE id = ?`, u.OrgID
	if u.LocationID != 0 {
		q, id = `SELECT state FROM locations WHERE id = ?`, u.LocationID
	}
	err := t.queryRow(ctx, q, id).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return s, err
}

// calendarEntries returns the appointments of the cases of viewer's
// provider that match cond, moved ones left out, by day and time. With
// names, the participant's name, the appointment's needs and a visit's
// address are read for the cases in viewer's scope (scopeSQL) and left
// empty for the others; without, no case outside viewer's scope is read at
// all, and no name, need or address of any.
func (t *tx) calendarEntries(ctx context.Context, viewer teilhabe.Actor, names bool, cond string, args ...any) ([]CalendarEntry, error) {
	scope, scopeArgs := scopeSQL(viewer)
	visible := `CASE WHEN ` + scope + ` THEN 1 ELSE 0 END`
	var q strings.Builder
	var all []any
	q.WriteString(`SELECT a.id, a.case_id, a.kind, a.on_date, a.at_time, a.minutes, a.mode, COALESCE(a.location_id, 0),
		COALESCE(l.name, ''), COALESCE(l.street, ''), COALESCE(l.postcode, ''), COALESCE(l.city, ''),
		a.status, a.held_minutes, COALESCE(a.staff_id, 0), COALESCE(u.name, ''), COALESCE(a.series_id, 0),
		COALESCE(a.case_module_id, 0), a.version, `)
	if names {
		// What says something of the person: the name, the needs, the
		// address of a home or workplace visit.
		q.WriteString(visible)
		for _, col := range []string{"p.first_name", "p.last_name", "a.needs", "a.address"} {
			q.WriteString(`, CASE WHEN ` + scope + ` THEN ` + col + ` ELSE '' END`)
		}
		for range 5 {
			all = append(all, scopeArgs...)
		}
	} else {
		q.WriteString(`1, '', '', '', ''`)
	}
	q.WriteString(` FROM appointments a JOIN cases c ON c.id = a.case_id JOIN persons p ON p.id = c.person_id
		LEFT JOIN locations l ON l.id = a.location_id LEFT JOIN users u ON u.id = a.staff_id
		WHERE c.programme_id = ? AND c.provider_id = ? AND a.status <> ? AND ` + cond)
	all = append(all, viewer.ProgrammeID, viewer.OrgID, teilhabe.OutcomeRescheduled)
	all = append(all, args...)
	if !names {
		q.WriteString(` AND ` + scope)
		all = append(all, scopeArgs...)
	}
	q.WriteString(` ORDER BY a.on_date, a.at_time, a.id`)
	return queryAll(ctx, t, func(s scanner) (CalendarEntry, error) {
		var e CalendarEntry
		ap := &e.Appointment
		var on dbDate
		var street, postcode, city, first, last, needs string
		var visible int
		err := s.Scan(&ap.ID, &ap.CaseID, &ap.Kind, &on, &ap.At, &ap.Minutes, &ap.Mode, &ap.LocationID, &ap.Location,
			&street, &postcode, &city, &ap.Status, &ap.HeldMinutes, &ap.StaffID, &ap.Staff, &ap.SeriesID,
			&ap.ModuleID, &ap.Version, &visible, &first, &last, &needs, &ap.Address)
		ap.On, ap.Needs = on.t, splitCodes[teilhabe.Need](needs)
		e.Visible = visible == 1 && names
		e.Name = strings.TrimSpace(first + " " + last)
		if ap.Mode == teilhabe.ModeInPerson && street != "" {
			e.PlaceAddress = strings.TrimSpace(street + ", " + postcode + " " + city)
		}
		return e, err
	}, q.String(), all...)
}

// CalendarChoices are the calendars an actor may open: staff members and
// locations, by name.
type CalendarChoices struct {
	Staff     []teilhabe.User
	Locations []teilhabe.Location
}

// FindCalendarChoices lists the calendars a may see: the active staff
// members (teilhabe.CanSeeStaffCalendar) and the locations
// (teilhabe.CanSeeLocationCalendar), by name. Names of colleagues and
// locations are no personal data of a participant, so reading them is not
// logged.
func (db *DB) FindCalendarChoices(ctx context.Context, a teilhabe.Actor) (CalendarChoices, error) {
	var ch CalendarChoices
	if !teilhabe.CanSeeCalendar(a) {
		return ch, teilhabe.ErrNotFound
	}
	err := db.read(ctx, func(t *tx) error {
		staff, err := queryAll(ctx, t, scanUser, `SELECT `+userColumns+userFrom+`
			WHERE u.active = 1 AND u.programme_id = ? AND u.organisation_id = ? AND u.role IN (?, ?) ORDER BY u.name, u.id`,
			a.ProgrammeID, a.OrgID, teilhabe.RoleCoach, teilhabe.RoleProviderLead)
		if err != nil {
			return err
		}
		for _, u := range staff {
			if teilhabe.CanSeeStaffCalendar(a, u) {
				ch.Staff = append(ch.Staff, u)
			}
		}
		locs, err := queryAll(ctx, t, func(s scanner) (teilhabe.Location, error) { return scanLocation(s) },
			`SELECT `+locationColumns+` FROM locations l WHERE l.provider_id = ? ORDER BY l.name, l.id`, a.OrgID)
		if err != nil {
			return err
		}
		for _, l := range locs {
			if teilhabe.CanSeeLocationCalendar(a, a.ProgrammeID, l.ProviderID, l.ID) {
				ch.Locations = append(ch.Locations, l)
			}
		}
		return nil
	})
	return ch, err
}

// ExportAppointment returns appointment apID of case caseID for an
// iCalendar file: without the participant's name or the appointment's
// needs. Who: teilhabe.CanExportAppointment; outside it, or for no such
// appointment, teilhabe.ErrNotFound. The download is written to the audit
// log.
func (db *DB) ExportAppointment(ctx context.Context, a teilhabe.Actor, caseID, apID int64) (CalendarEntry, error) {
	var e CalendarEntry
	var c teilhabe.Case
	err := db.read(ctx, func(t *tx) error {
		var err error
		if c, err = t.caseInScope(ctx, a, caseID); err != nil {
			return err
		}
		if !teilhabe.CanExportAppointment(a, c.Scope()) {
			return teilhabe.ErrNotFound
		}
		list, err := t.calendarEntries(ctx, a, false, `a.case_id = ? AND a.id = ?`, caseID, apID)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			// A moved appointment is left out of calendars; its file says
			// it is cancelled, so a calendar that has it drops it.
			list, err = t.movedEntry(ctx, caseID, apID)
			if err != nil || len(list) == 0 {
				return errors.Join(err, teilhabe.ErrNotFound)
			}
		}
		e = list[0]
		return nil
	})
	if err != nil {
		if errors.Is(err, teilhabe.ErrNotFound) {
			return CalendarEntry{}, teilhabe.ErrNotFound
		}
		return CalendarEntry{}, err
	}
	return e, db.logRead(ctx, a, caseAudit(teilhabe.AuditAppointmentExported, c, string(e.Kind)))
}

// movedEntry returns appointment apID of case caseID if it was moved: its
// day, time and status only.
func (t *tx) movedEntry(ctx context.Context, caseID, apID int64) ([]CalendarEntry, error) {
	return queryAll(ctx, t, func(s scanner) (CalendarEntry, error) {
		var e CalendarEntry
		var on dbDate
		err := s.Scan(&e.ID, &e.CaseID, &e.Kind, &on, &e.At, &e.Minutes, &e.Mode, &e.Status, &e.Version)
		e.On = on.t
		return e, err
	}, `SELECT id, case_id, kind, on_date, at_time, minutes, mode, status, version FROM appointments
		WHERE case_id = ? AND id = ? AND status = ?`, caseID, apID, teilhabe.OutcomeRescheduled)
}

// CalendarFeed is what a calendar program gets from a feed URL: the
// owner's appointments from FeedWeeksBack weeks before this week's Monday
// to FeedWeeksAhead weeks after it, without names or needs.
type CalendarFeed struct {
	Owner       teilhabe.User
	From, Until time.Time
	Entries     []CalendarEntry
}

// FeedStatus says whether an account has a feed, and since when.
type FeedStatus struct {
	Active  bool
	Created time.Time
}

// newFeedToken returns a fresh feed secret: 32 random bytes, URL-safe.
func newFeedToken() (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(raw), nil
}

// CreateCalendarFeed gives a a new secret feed of their own appointments
// and returns its secret, which is shown once: only its hash is kept. An
// earlier feed of a stops working in the same transaction.
// Who: teilhabe.CanKeepCalendarFeed, else teilhabe.ErrNotFound.
func (db *DB) CreateCalendarFeed(ctx context.Context, a teilhabe.Actor) (string, error) {
	if !teilhabe.CanKeepCalendarFeed(a) {
		return "", teilhabe.ErrNotFound
	}
	token, err := newFeedToken()
	if err != nil {
		return "", err
	}
	err = db.inTx(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `DELETE FROM calendar_feeds WHERE user_id = ?`, a.UserID)
		if err != nil {
			return err
		}
		replaced, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?)`,
			a.UserID, hashToken(token), ts(t.now)); err != nil {
			return err
		}
		e := auditEntry{action: teilhabe.AuditCalendarFeedCreated, objectType: "user", objectID: a.UserID, providerID: a.OrgID}
		if replaced > 0 {
			e.detail = "replaced"
		}
		return t.audit(ctx, a, e)
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// RevokeCalendarFeed ends a's feed: its URL answers "not found" from now
// on. Without a feed nothing changes and nothing is logged.
// Who: teilhabe.CanKeepCalendarFeed, else teilhabe.ErrNotFound.
func (db *DB) RevokeCalendarFeed(ctx context.Context, a teilhabe.Actor) error {
	if !teilhabe.CanKeepCalendarFeed(a) {
		return teilhabe.ErrNotFound
	}
	return db.inTx(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `DELETE FROM calendar_feeds WHERE user_id = ?`, a.UserID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return t.audit(ctx, a, auditEntry{action: teilhabe.AuditCalendarFeedRevoked, objectType: "user",
			objectID: a.UserID, providerID: a.OrgID})
	})
}

// FindFeedStatus says whether a has a feed. It reads no personal data of
// a participant and is not logged.
func (db *DB) FindFeedStatus(ctx context.Context, a teilhabe.Actor) (FeedStatus, error) {
	var st FeedStatus
	err := db.read(ctx, func(t *tx) error {
		var created dbTime
		err := t.queryRow(ctx, `SELECT created_at FROM calendar_feeds WHERE user_id = ?`, a.UserID).Scan(&created)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		st = FeedStatus{Active: err == nil, Created: created.t}
		return err
	})
	return st, err
}

// FindCalendarFeed returns the feed whose secret is token. The secret is
// looked up by its SHA-256 alone, an indexed equality: an attacker gains
// nothing from timing, since no guess shares a prefix of a hash by
// design. An unknown or revoked secret, an account no longer active or no
// longer provider staff is teilhabe.ErrNotFound. The entries are those of
// the owner's own scope; the fetch is written to the audit log as a read
// by the owner.
func (db *DB) FindCalendarFeed(ctx context.Context, token string) (CalendarFeed, error) {
	var feed CalendarFeed
	if token == "" {
		return feed, teilhabe.ErrNotFound
	}
	week := teilhabe.WeekOf(db.Today())
	feed.From, feed.Until = week.AddDate(0, 0, -7*teilhabe.FeedWeeksBack), week.AddDate(0, 0, 7*teilhabe.FeedWeeksAhead)
	err := db.read(ctx, func(t *tx) error {
		u, err := scanUser(t.queryRow(ctx, `SELECT `+userColumns+userFrom+`
			JOIN calendar_feeds f ON f.user_id = u.id WHERE f.token_hash = ?`, hashToken(token)))
		if err != nil {
			return err
		}
		if !u.Active || !teilhabe.CanKeepCalendarFeed(u.Actor()) {
			return teilhabe.ErrNotFound
		}
		feed.Owner = u
		feed.Entries, err = t.calendarEntries(ctx, u.Actor(), false, `a.staff_id = ? AND a.on_date >= ? AND a.on_date < ?`,
			u.ID, date(feed.From), date(feed.Until))
		return err
	})
	if err != nil {
		return CalendarFeed{}, err
	}
	return feed, db.logRead(ctx, feed.Owner.Actor(), auditEntry{action: teilhabe.AuditCalendarFeedRead, objectType: "user",
		objectID: feed.Owner.ID, providerID: feed.Owner.OrgID, detail: fmt.Sprintf("%d shown", len(feed.Entries))})
}
