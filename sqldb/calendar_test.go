package sqldb

import (
	"context"
	"strings"
	"testing"

	"teilhabe"
)

// calendarIDs returns the ids of the appointments of cal.
func calendarIDs(cal Calendar) map[int64]CalendarEntry {
	out := map[int64]CalendarEntry{}
	for _, e := range cal.Entries {
		out[e.ID] = e
	}
	return out
}

func TestFindCalendar(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.inCoaching(coach, person("Clara", "Kalender"))
		ids, err := db.BookCoaching(ctx, coach, id, f.coachingBooking(days(1), "09:30", 2), false)
		must(t, err)
		// A session at the other location of the provider, whose coach may
		// not see the case: the location's calendar shows the time taken.
		elsewhere := f.coachingBooking(days(2), "14:00", 1)
		elsewhere.LocationID = f.locA2
		away, err := db.BookCoaching(ctx, coach, id, elsewhere, false)
		must(t, err)
		phone := f.coachingBooking(days(-1), "11:00", 1)
		phone.Mode, phone.LocationID = teilhabe.ModePhone, 0
		byPhone, err := db.BookCoaching(ctx, coach, id, phone, false)
		must(t, err)

		audits := auditCount(t, db, string(teilhabe.AuditCalendarViewed), 0)
		cal, err := db.FindCalendar(ctx, coach, CalendarFilter{Week: days(1)})
		must(t, err)
		if !cal.Week.Equal(teilhabe.Day(2026, 11, 23)) || cal.Staff.ID != coach.UserID || cal.State != teilhabe.StateRP {
			t.Errorf("calendar = week %v, staff %d, state %q; want Monday 23.11.2026, the coach, RP", cal.Week, cal.Staff.ID, cal.State)
		}
		got := calendarIDs(cal)
		for _, apID := range []int64{ids[0], away[0], byPhone[0]} {
			e, ok := got[apID]
			if !ok {
				t.Errorf("own calendar lacks appointment %d; has %v", apID, got)
				continue
			}
			if !e.Visible || e.Name != "Clara Kalender" || e.CaseID != id {
				t.Errorf("own entry %d = visible %t, name %q, case %d; want the name", apID, e.Visible, e.Name, e.CaseID)
			}
		}
		if _, ok := got[ids[1]]; ok {
			t.Errorf("the calendar of this week shows next week's appointment %d", ids[1])
		}
		if e := got[ids[0]]; e.PlaceAddress != "Hauptstraße 1, 54290 Trier" {
			t.Errorf("place address = %q, want the location's", e.PlaceAddress)
		}
		for i := 1; i < len(cal.Entries); i++ {
			if a, b := cal.Entries[i-1], cal.Entries[i]; a.On.After(b.On) || a.On.Equal(b.On) && a.At > b.At {
				t.Errorf("entries out of order: %v %s before %v %s", a.On, a.At, b.On, b.At)
			}
		}
		if n := auditCount(t, db, string(teilhabe.AuditCalendarViewed), 0); n != audits+1 {
			t.Errorf("%d calendar audit entries, want %d", n, audits+1)
		}

		// The provider lead sees the coach's calendar; the coach of the other
		// location, the other provider's coach, a caseworker do not.
		lead := f.actor("lead.a")
		if cal, err := db.FindCalendar(ctx, lead, CalendarFilter{Week: days(1), StaffID: coach.UserID}); err != nil ||
			!calendarIDs(cal)[ids[0]].Visible {
			t.Errorf("lead's view of the coach's calendar: %v, %v; want the named entry", calendarIDs(cal), err)
		}
		for _, name := range []string{"coach.a2", "coach.b", "lead.b", "cw.aa", "coord", "dpo"} {
			_, err := db.FindCalendar(ctx, f.actor(name), CalendarFilter{Week: days(1), StaffID: coach.UserID})
			wantErr(t, err, teilhabe.ErrNotFound)
			_, err = db.FindCalendar(ctx, f.actor(name), CalendarFilter{Week: days(1), LocationID: f.locA1})
			wantErr(t, err, teilhabe.ErrNotFound)
		}
		_, err = db.FindCalendar(ctx, coach, CalendarFilter{Week: days(1), StaffID: 999999})
		wantErr(t, err, teilhabe.ErrNotFound)
		_, err = db.FindCalendar(ctx, coach, CalendarFilter{Week: days(1), LocationID: 999999})
		wantErr(t, err, teilhabe.ErrNotFound)
		_, err = db.FindCalendar(ctx, coach, CalendarFilter{Week: days(1), LocationID: f.locB})
		wantErr(t, err, teilhabe.ErrNotFound)

		// The location's calendars: at locA1, the sessions there and the
		// phone call of its case; at locA2, the session held there, without
		// the name, for the coach of locA2.
		cal, err = db.FindCalendar(ctx, coach, CalendarFilter{Week: days(1), LocationID: f.locA1})
		must(t, err)
		got = calendarIDs(cal)
		if _, ok := got[ids[0]]; !ok {
			t.Errorf("location calendar lacks the session there")
		}
		if _, ok := got[byPhone[0]]; !ok {
			t.Errorf("location calendar lacks the phone call of its case")
		}
		if _, ok := got[away[0]]; ok {
			t.Errorf("location calendar shows the session at the other location")
		}
		cal, err = db.FindCalendar(ctx, f.actor("coach.a2"), CalendarFilter{Week: days(1), LocationID: f.locA2})
		must(t, err)
		e, ok := calendarIDs(cal)[away[0]]
		if !ok || e.Visible || e.Name != "" || len(e.Needs) != 0 || e.Address != "" || e.CaseID != id {
			t.Errorf("other location's view = %+v (found %t); want the entry with its case number, no name", e, ok)
		}
		if len(cal.Entries) != 1 {
			t.Errorf("other location's calendar has %d entries, want 1", len(cal.Entries))
		}

		choices, err := db.FindCalendarChoices(ctx, coach)
		must(t, err)
		if len(choices.Locations) != 1 || choices.Locations[0].ID != f.locA1 || len(choices.Staff) != 1 || choices.Staff[0].ID != coach.UserID {
			t.Errorf("coach's choices = %+v; want own location and self", choices)
		}
		f.actor("coach.a2")
		choices, err = db.FindCalendarChoices(ctx, lead)
		must(t, err)
		if len(choices.Locations) != 2 || len(choices.Staff) != 3 {
			t.Errorf("lead's choices = %d locations, %d staff; want 2 and 3 (two coaches and the lead)", len(choices.Locations), len(choices.Staff))
		}
	})
}

func TestCalendarFeed(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.inCoaching(coach, person("Fiona", "Feed"))
		ids, err := db.BookCoaching(ctx, coach, id, f.coachingBooking(days(1), "09:30", 2), false)
		must(t, err)

		if st, err := db.FindFeedStatus(ctx, coach); err != nil || st.Active {
			t.Fatalf("status before = %+v, %v; want none", st, err)
		}
		token, err := db.CreateCalendarFeed(ctx, coach)
		must(t, err)
		if len(token) < 40 {
			t.Errorf("token %q: want 32 random bytes", token)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = ?`, token); n != 0 {
			t.Error("the database keeps the secret itself")
		}
		if st, err := db.FindFeedStatus(ctx, coach); err != nil || !st.Active {
			t.Errorf("status after creating = %+v, %v; want active", st, err)
		}
		reads := auditCount(t, db, string(teilhabe.AuditCalendarFeedRead), 0)
		feed, err := db.FindCalendarFeed(ctx, token)
		must(t, err)
		if feed.Owner.ID != coach.UserID || len(feed.Entries) < 2 {
			t.Fatalf("feed = owner %d, %d entries; want the coach's, with the sessions", feed.Owner.ID, len(feed.Entries))
		}
		if !feed.From.Equal(teilhabe.Day(2026, 9, 28)) || !feed.Until.Equal(teilhabe.Day(2027, 5, 24)) {
			t.Errorf("feed window %v–%v, want 8 weeks back and 26 ahead of Monday 23.11.2026", feed.From, feed.Until)
		}
		found := map[int64]bool{}
		for _, e := range feed.Entries {
			found[e.ID] = true
			if e.Name != "" || len(e.Needs) != 0 || e.Note != "" {
				t.Errorf("feed entry %d carries %q, needs %v, note %q", e.ID, e.Name, e.Needs, e.Note)
			}
		}
		if !found[ids[0]] || !found[ids[1]] {
			t.Errorf("feed lacks the sessions %v", ids)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = ? AND actor_id = ?`,
			teilhabe.AuditCalendarFeedRead, coach.UserID); n != reads+1 {
			t.Errorf("%d feed reads logged for the owner, want %d", n, reads+1)
		}

		// A new feed replaces the old one; revoking ends it.
		again, err := db.CreateCalendarFeed(ctx, coach)
		must(t, err)
		if again == token {
			t.Fatal("the new feed has the old secret")
		}
		_, err = db.FindCalendarFeed(ctx, token)
		wantErr(t, err, teilhabe.ErrNotFound)
		if _, err := db.FindCalendarFeed(ctx, again); err != nil {
			t.Errorf("new feed: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM calendar_feeds WHERE user_id = ?`, coach.UserID); n != 1 {
			t.Errorf("%d feeds for the coach, want 1", n)
		}
		must(t, db.RevokeCalendarFeed(ctx, coach))
		_, err = db.FindCalendarFeed(ctx, again)
		wantErr(t, err, teilhabe.ErrNotFound)
		revoked := auditCount(t, db, string(teilhabe.AuditCalendarFeedRevoked), 0)
		must(t, db.RevokeCalendarFeed(ctx, coach)) // nothing left: no change, no entry
		if n := auditCount(t, db, string(teilhabe.AuditCalendarFeedRevoked), 0); n != revoked || revoked != 1 {
			t.Errorf("%d revocations logged, want 1", n)
		}
		if n := auditCount(t, db, string(teilhabe.AuditCalendarFeedCreated), 0); n != 2 {
			t.Errorf("%d feed creations logged, want 2", n)
		}
		for _, bad := range []string{"", "x", strings.Repeat("A", 43)} {
			_, err := db.FindCalendarFeed(ctx, bad)
			wantErr(t, err, teilhabe.ErrNotFound)
		}
		for _, name := range []string{"cw.aa", "coord", "dpo", "admin"} {
			_, err := db.CreateCalendarFeed(ctx, f.actor(name))
			wantErr(t, err, teilhabe.ErrNotFound)
		}

		// A deactivated account's feed answers "not found".
		third, err := db.CreateCalendarFeed(ctx, coach)
		must(t, err)
		if _, err := db.writer.ExecContext(ctx, db.dialect.rebind(`UPDATE users SET active = 0 WHERE id = ?`), coach.UserID); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindCalendarFeed(ctx, third)
		wantErr(t, err, teilhabe.ErrNotFound)
	})
}

func TestExportAppointment(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.inCoaching(coach, person("Ida", "Export"))
		in := f.coachingBooking(days(1), "09:30", 1)
		in.Needs = []teilhabe.Need{"sign_language"}
		ids, err := db.BookCoaching(ctx, coach, id, in, false)
		must(t, err)
		e, err := db.ExportAppointment(ctx, coach, id, ids[0])
		must(t, err)
		if e.ID != ids[0] || e.Name != "" || len(e.Needs) != 0 || e.At != "09:30" || e.Minutes != 60 {
			t.Errorf("export = %+v; want the appointment without name or needs", e)
		}
		if n := auditCount(t, db, string(teilhabe.AuditAppointmentExported), id); n != 1 {
			t.Errorf("%d exports logged, want 1", n)
		}
		for _, name := range []string{"coach.a2", "coach.b", "cw.aa"} {
			_, err := db.ExportAppointment(ctx, f.actor(name), id, ids[0])
			wantErr(t, err, teilhabe.ErrNotFound)
		}
		_, err = db.ExportAppointment(ctx, coach, id, 999999)
		wantErr(t, err, teilhabe.ErrNotFound)

		// A moved appointment is exported as cancelled, to take it out of a
		// calendar that has it.
		must(t, db.RecordCoachingOutcome(ctx, coach, id, ids[0], 1, teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeRescheduled,
			NewOn: days(2), NewAt: "10:00"}))
		e, err = db.ExportAppointment(ctx, coach, id, ids[0])
		must(t, err)
		if e.Status != teilhabe.OutcomeRescheduled || !e.Cancelled() {
			t.Errorf("moved export = %+v, want rescheduled", e)
		}
	})
}
