package sqldb

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"teilhabe"
)

// TestInbox checks that each side sees what waits for it, what waits for
// the other side, and what is settled, and nothing of other organisations.
func TestInbox(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw, cwJC := f.actor("coach.a1"), f.actor("cw.aa"), f.actor("cw.jc")
		announced, err := db.Announce(ctx, cw, teilhabe.Announcement{Person: person("Dennis", "Dahm"), LocationID: f.locA1,
			CustomerNumber: "123D456789", Reason: "Sucht Begleitung."})
		must(t, err)
		requested := f.contact(coach, person("Anna", "Arend"))
		f.toContractSigned(coach, requested, f.locA1, f.agentur)
		_, err = db.RequestAssignment(ctx, coach, requested, f.version(coach, requested), teilhabe.AssignmentRequest{})
		must(t, err)

		kinds := func(list []teilhabe.Message) (out []teilhabe.MessageKind) {
			for _, m := range list {
				out = append(out, m.Kind)
			}
			return out
		}
		in, err := db.FindInbox(ctx, coach, InboxFilter{})
		must(t, err)
		if got := kinds(in.Mine); len(got) != 1 || got[0] != teilhabe.MsgAnnouncement || in.Mine[0].CaseID != announced {
			t.Errorf("coach's open messages = %v, want the announcement", got)
		}
		if got := kinds(in.Theirs); len(got) != 1 || got[0] != teilhabe.MsgAssignmentRequest {
			t.Errorf("coach's messages waiting for the sponsor = %v, want the assignment request", got)
		}
		in, err = db.FindInbox(ctx, cw, InboxFilter{})
		must(t, err)
		if got := kinds(in.Mine); len(got) != 1 || got[0] != teilhabe.MsgAssignmentRequest {
			t.Errorf("sponsor's open messages = %v, want the assignment request", got)
		}
		if got := kinds(in.Theirs); len(got) != 1 || got[0] != teilhabe.MsgAnnouncement {
			t.Errorf("sponsor's messages waiting for the provider = %v, want the announcement", got)
		}
		in, err = db.FindInbox(ctx, cwJC, InboxFilter{})
		must(t, err)
		if len(in.Mine)+len(in.Theirs)+len(in.Recent) != 0 {
			t.Errorf("another sponsor sees %d messages, want none", len(in.Mine)+len(in.Theirs)+len(in.Recent))
		}

		// Confirming settles the announcement and sends the reply.
		must(t, db.ConfirmAnnouncement(ctx, coach, announced, 1, inPerson(days(2), f.locA1)))
		in, err = db.FindInbox(ctx, cw, InboxFilter{})
		must(t, err)
		if got := kinds(in.Theirs); len(got) != 0 {
			t.Errorf("after the confirmation the sponsor still waits for %v", got)
		}
		settled := map[teilhabe.MessageKind]teilhabe.MessageStatus{}
		for _, m := range in.Recent {
			settled[m.Kind] = m.Status
		}
		if settled[teilhabe.MsgAnnouncement] != teilhabe.StatusAccepted || settled[teilhabe.MsgAnnouncementReply] != teilhabe.StatusAccepted {
			t.Errorf("settled messages = %v, want the accepted announcement and its reply", settled)
		}
		_, err = db.FindInbox(ctx, f.actor("coord"), InboxFilter{})
		wantErr(t, err, teilhabe.ErrNotFound)
	})
}

// TestInboxStaysShort checks that the open lists stop at InboxLimit and say
// so only when more wait, and that the settled messages come a page of
// SettledPerPage at a time, the last settled first.
func TestInboxStaysShort(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		var ids []int64
		for i := range InboxLimit + 1 {
			id, err := db.Announce(ctx, cw, teilhabe.Announcement{Person: person("Vera", fmt.Sprintf("Nummer%03d", i)),
				LocationID: f.locA1, CustomerNumber: "123D456789", Reason: "Sucht Begleitung."})
			must(t, err)
			ids = append(ids, id)
		}
		in, err := db.FindInbox(ctx, coach, InboxFilter{})
		must(t, err)
		if len(in.Mine) != InboxLimit || !in.MoreMine || in.MoreTheirs || in.MoreRecent {
			t.Errorf("coach with %d announcements: %d shown, more %v/%v/%v; want %d and more of the coach's only",
				InboxLimit+1, len(in.Mine), in.MoreMine, in.MoreTheirs, in.MoreRecent, InboxLimit)
		}
		if in.Mine[0].CaseID != ids[0] {
			t.Errorf("coach's first open message is about case %d, want the oldest, %d", in.Mine[0].CaseID, ids[0])
		}
		in, err = db.FindInbox(ctx, cw, InboxFilter{})
		must(t, err)
		if len(in.Theirs) != InboxLimit || !in.MoreTheirs || in.MoreMine {
			t.Errorf("sponsor: %d waiting for the provider, more %v/%v; want %d and more", len(in.Theirs), in.MoreTheirs, in.MoreMine, InboxLimit)
		}

		// Eleven confirmations settle 22 messages and leave exactly
		// InboxLimit - 10 open: no warning.
		for i, id := range ids[:11] {
			must(t, at(db, testNow.Add(time.Duration(i)*time.Minute)).ConfirmAnnouncement(ctx, coach, id, 1, inPerson(days(2), f.locA1)))
		}
		in, err = db.FindInbox(ctx, coach, InboxFilter{})
		must(t, err)
		if len(in.Mine) != InboxLimit-10 || in.MoreMine {
			t.Errorf("coach: %d open shown, more %v; want %d and no more", len(in.Mine), in.MoreMine, InboxLimit-10)
		}
		if len(in.Recent) != SettledPerPage || !in.MoreRecent || in.Recent[0].CaseID != ids[10] {
			t.Fatalf("settled page 1: %d messages, more %v, first about case %d; want %d, more, the last confirmed (%d) first",
				len(in.Recent), in.MoreRecent, in.Recent[0].CaseID, SettledPerPage, ids[10])
		}
		page2, err := db.FindInbox(ctx, coach, InboxFilter{Page: 2})
		must(t, err)
		if len(page2.Recent) != 2 || page2.MoreRecent || page2.Recent[1].CaseID != ids[0] {
			t.Errorf("settled page 2: %d messages, more %v; want the 2 of the first confirmation, the last page", len(page2.Recent), page2.MoreRecent)
		}
		seen := map[int64]bool{}
		for _, m := range append(in.Recent, page2.Recent...) {
			if seen[m.ID] {
				t.Errorf("message %d on both pages", m.ID)
			}
			seen[m.ID] = true
		}

		// Another provider's coach sees none of it.
		in, err = db.FindInbox(ctx, f.actor("coach.b"), InboxFilter{})
		must(t, err)
		if len(in.Mine)+len(in.Theirs)+len(in.Recent) != 0 || in.MoreMine || in.MoreRecent {
			t.Errorf("coach B sees %+v", in)
		}
	})
}

// TestAcknowledgeDecline checks that a provider's refusal of an
// announcement waits for the sponsor until a caseworker of that sponsor
// takes note of it: one transaction with one audit entry and a timeline
// event, with the version checked; nobody else may, and only once.
func TestAcknowledgeDecline(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		announce := func(last string) int64 {
			t.Helper()
			id, err := db.Announce(ctx, cw, teilhabe.Announcement{Person: person("Dora", last), LocationID: f.locA1,
				CustomerNumber: "123D456789", Reason: "Sucht Begleitung."})
			must(t, err)
			return id
		}
		id, open := announce("Decker"), announce("Offen")
		must(t, db.DeclineAnnouncement(ctx, coach, id, 1, teilhabe.Closure[teilhabe.DeclineReason]{Reason: "no_capacity"}))

		in, err := db.FindInbox(ctx, cw, InboxFilter{})
		must(t, err)
		if len(in.Mine) != 1 || in.Mine[0].CaseID != id || !in.Mine[0].NeedsAcknowledgement() || in.Mine[0].CaseVersion != 2 {
			t.Fatalf("sponsor's waiting messages = %+v, want the refusal to acknowledge, case version 2", in.Mine)
		}
		in, err = db.FindInbox(ctx, coach, InboxFilter{})
		must(t, err)
		if len(in.Theirs) != 1 || in.Theirs[0].CaseID != id {
			t.Errorf("provider's messages waiting for the sponsor = %+v, want the refusal", in.Theirs)
		}

		wantErr(t, db.AcknowledgeDecline(ctx, coach, id, 2), teilhabe.ErrForbidden)
		wantErr(t, db.AcknowledgeDecline(ctx, f.actor("cw.jc"), id, 2), teilhabe.ErrNotFound)
		wantErr(t, db.AcknowledgeDecline(ctx, cw, id, 1), teilhabe.ErrStale)
		wantConflict(t, db.AcknowledgeDecline(ctx, cw, open, 1), "journey.need.declined")
		if n := auditCount(t, db, "case.decline_acknowledged", 0); n != 0 {
			t.Fatalf("%d audit entries after refused acknowledgements, want none", n)
		}

		later := at(db, testNow.Add(time.Hour))
		must(t, later.AcknowledgeDecline(ctx, cw, id, 2))
		if n := auditCount(t, db, "case.decline_acknowledged", id); n != 1 {
			t.Errorf("%d audit entries for the acknowledgement, want 1", n)
		}
		in, err = db.FindInbox(ctx, cw, InboxFilter{})
		must(t, err)
		if len(in.Mine) != 0 {
			t.Errorf("after acknowledging, the sponsor still waits for %+v", in.Mine)
		}
		var settled *teilhabe.Message
		for i, m := range in.Recent {
			if m.CaseID == id && m.Kind == teilhabe.MsgAnnouncementReply {
				settled = &in.Recent[i]
			}
		}
		if settled == nil || settled.Status != teilhabe.StatusDeclined || !settled.AnsweredAt.Equal(testNow.Add(time.Hour)) {
			t.Errorf("settled refusal = %+v, want it declined and settled an hour later", settled)
		}
		d, err := db.FindCaseByID(ctx, coach, id)
		must(t, err)
		if d.Case.Version != 3 || d.Case.Stage != teilhabe.StageDeclined || d.Events[0].Kind != teilhabe.EventDeclineAcknowledged ||
			d.Events[0].ActorName != cw.Name {
			t.Errorf("case after acknowledging: version %d, stage %s, latest event %+v", d.Case.Version, d.Case.Stage, d.Events[0])
		}

		// Only once: a second note changes nothing.
		wantConflict(t, db.AcknowledgeDecline(ctx, cw, id, 3), "err.nothing_to_acknowledge")
		if v := f.version(cw, id); v != 3 {
			t.Errorf("version after a second acknowledgement = %d, want 3", v)
		}
		if n := auditCount(t, db, "case.decline_acknowledged", id); n != 1 {
			t.Errorf("%d audit entries after a second acknowledgement, want 1", n)
		}
	})
}

// TestCountWaitingMessages checks the navigation's count: the messages
// waiting for the actor's side within its scope, and no audit entry, as a
// number shows no personal data.
func TestCountWaitingMessages(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, cw := f.actor("coach.a1"), f.actor("cw.aa")
		for i := range 3 {
			_, err := db.Announce(ctx, cw, teilhabe.Announcement{Person: person("Zora", fmt.Sprintf("Zahl%d", i)),
				LocationID: f.locA1, CustomerNumber: "123D456789", Reason: "Sucht Begleitung."})
			must(t, err)
		}
		requested := f.contact(coach, person("Anna", "Arend"))
		f.toContractSigned(coach, requested, f.locA1, f.agentur)
		_, err := db.RequestAssignment(ctx, coach, requested, f.version(coach, requested), teilhabe.AssignmentRequest{})
		must(t, err)

		counts := []struct {
			actor string
			want  int
		}{
			{"coach.a1", 3}, {"lead.a", 3}, {"cw.aa", 1},
			{"coach.a2", 0}, {"coach.b", 0}, {"lead.b", 0}, {"cw.jc", 0}, {"coord", 0}, {"dpo", 0}, {"admin", 0},
		}
		for _, tt := range counts {
			f.actor(tt.actor) // accounts are created, and their creation logged, on first use
		}
		must(t, db.AwaitAudit(ctx))
		before := auditCount(t, db, "", 0)
		for _, tt := range counts {
			got, err := db.CountWaitingMessages(ctx, f.actor(tt.actor))
			if err != nil || got != tt.want {
				t.Errorf("CountWaitingMessages(%s) = %d, %v; want %d", tt.actor, got, err, tt.want)
			}
		}
		must(t, db.AwaitAudit(ctx))
		if after := auditCount(t, db, "", 0); after != before {
			t.Errorf("counting wrote %d audit entries, want none", after-before)
		}
	})
}

// TestWaitingCountUsesIndex checks on each database that the navigation's
// count, run on every page, reads one of the scope indexes of messages and
// not the table, with enough messages that the planner has to choose.
func TestWaitingCountUsesIndex(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		cw := f.actor("cw.aa")
		_, err := db.Announce(ctx, cw, teilhabe.Announcement{Person: person("Ina", "Index"), LocationID: f.locA1,
			CustomerNumber: "123D456789", Reason: "Sucht Begleitung."})
		must(t, err)
		// 20,000 settled messages like the one there, and a few waiting.
		if _, err := db.writer.ExecContext(ctx, db.dialect.rebind(`INSERT INTO messages (programme_id, case_id, kind, sponsor_id,
			provider_id, location_id, awaiting, status, created_at, answered_at)
			WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
			SELECT m.programme_id, m.case_id, m.kind, m.sponsor_id, m.provider_id, m.location_id,
				CASE WHEN n.i % 1000 = 0 THEN 'sponsor' ELSE 'none' END, m.status, m.created_at, m.created_at
			FROM messages m CROSS JOIN n`)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.writer.ExecContext(ctx, "ANALYZE"); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"cw.aa", "coach.a1", "lead.a"} {
			q, args := waitingCount(f.actor(name))
			explain := "EXPLAIN QUERY PLAN "
			if db.Dialect() == "postgres" {
				explain = "EXPLAIN "
			}
			rows, err := db.reader.QueryContext(ctx, db.dialect.rebind(explain+q), args...)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			var plan []string
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				must(t, rows.Scan(ptrs...))
				plan = append(plan, fmt.Sprint(vals[len(vals)-1])) // SQLite: the detail column; PostgreSQL: the line
			}
			rows.Close()
			text := strings.Join(plan, "\n")
			indexed := regexp.MustCompile(`USING COVERING INDEX messages_(sponsor|location|provider)(_settled)? |Index (Only )?Scan using messages_(sponsor|location|provider)(_settled)? |Bitmap Index Scan on messages_(sponsor|location|provider)(_settled)? `)
			if !indexed.MatchString(text) || strings.Contains(text, "Seq Scan") || strings.Contains(text, "SCAN m") {
				t.Errorf("%s: the count of %s does not read a scope index of messages:\n%s", db.Dialect(), name, text)
			}
		}
	})
}
