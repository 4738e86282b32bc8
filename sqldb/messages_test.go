package sqldb

import (
	"context"
	"testing"

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
		in, err := db.FindInbox(ctx, coach)
		must(t, err)
		if got := kinds(in.Mine); len(got) != 1 || got[0] != teilhabe.MsgAnnouncement || in.Mine[0].CaseID != announced {
			t.Errorf("coach's open messages = %v, want the announcement", got)
		}
		if got := kinds(in.Theirs); len(got) != 1 || got[0] != teilhabe.MsgAssignmentRequest {
			t.Errorf("coach's messages waiting for the sponsor = %v, want the assignment request", got)
		}
		in, err = db.FindInbox(ctx, cw)
		must(t, err)
		if got := kinds(in.Mine); len(got) != 1 || got[0] != teilhabe.MsgAssignmentRequest {
			t.Errorf("sponsor's open messages = %v, want the assignment request", got)
		}
		if got := kinds(in.Theirs); len(got) != 1 || got[0] != teilhabe.MsgAnnouncement {
			t.Errorf("sponsor's messages waiting for the provider = %v, want the announcement", got)
		}
		in, err = db.FindInbox(ctx, cwJC)
		must(t, err)
		if len(in.Mine)+len(in.Theirs)+len(in.Recent) != 0 {
			t.Errorf("another sponsor sees %d messages, want none", len(in.Mine)+len(in.Theirs)+len(in.Recent))
		}

		// Confirming settles the announcement and sends the reply.
		must(t, db.ConfirmAnnouncement(ctx, coach, announced, 1, inPerson(days(2), f.locA1)))
		in, err = db.FindInbox(ctx, cw)
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
		_, err = db.FindInbox(ctx, f.actor("coord"))
		wantErr(t, err, teilhabe.ErrNotFound)
	})
}
