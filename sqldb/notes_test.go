package sqldb

import (
	"context"
	"testing"

	"teilhabe"
)

// internalNote is an internal phone note of today.
func internalNote(text string) teilhabe.Note {
	return teilhabe.Note{On: testToday, Channel: teilhabe.NotePhone, Visibility: teilhabe.NoteInternal, Text: text}
}

// sharedNote is a shared note of a contact on day on.
func sharedNote(text string, on int) teilhabe.Note {
	return teilhabe.Note{On: days(on), Channel: teilhabe.NoteInPerson, Visibility: teilhabe.NoteShared, Text: text}
}

// toActive walks case id from its first contact into coaching: the first
// conversation is held today, at location locA1, assigned by cw.aa.
func (f *fixture) toActive(coach teilhabe.Actor, id int64) {
	f.t.Helper()
	f.toContractSigned(coach, id, f.locA1, f.agentur)
	_, err := f.db.RequestAssignment(f.ctx, coach, id, f.version(coach, id), teilhabe.AssignmentRequest{})
	must(f.t, err)
	cw := f.actor("cw.aa")
	must(f.t, f.db.Assign(f.ctx, cw, id, f.version(cw, id), teilhabe.Assignment{Start: testToday}))
	must(f.t, f.db.BookAppointment(f.ctx, coach, id, f.version(coach, id), "first",
		teilhabe.Booking{On: testToday, At: "09:00", Mode: "remote"}))
	must(f.t, f.db.SetAppointmentOutcome(f.ctx, coach, id, f.version(coach, id), "first", "held"))
	f.wantStage(id, teilhabe.StageActive)
}

// TestContactNotes checks notes of both kinds: who reads which, the case's
// last contact, corrections with their history, and the refusals.
func TestContactNotes(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach, lead, cw := f.actor("coach.a1"), f.actor("lead.a"), f.actor("cw.aa")
		id := f.contact(coach, person("Anna", "Arend"))
		f.toActive(coach, id)
		later := onDay(db, days(3))
		version := f.version(coach, id)

		must(t, later.AddNote(ctx, coach, id, internalNote("Intern: Rückfrage beim Arzt offen.")))
		must(t, later.AddNote(ctx, coach, id, sharedNote("Bewerbungsunterlagen besprochen.", 2)))
		if v := f.version(coach, id); v != version {
			t.Errorf("adding notes changed the case's version %d → %d", version, v)
		}
		if c := f.load(coach, id); !c.LastContactOn.Equal(days(2)) {
			t.Errorf("last contact %v, want day 2", c.LastContactOn)
		}
		// An older note leaves the last contact as it is.
		must(t, later.AddNote(ctx, coach, id, sharedNote("Kurzer Anruf.", 1)))
		if c := f.load(coach, id); !c.LastContactOn.Equal(days(2)) {
			t.Errorf("last contact after an older note %v, want day 2", c.LastContactOn)
		}

		texts := func(a teilhabe.Actor) (notes []string, timeline int) {
			t.Helper()
			d, err := db.FindCaseByID(ctx, a, id)
			must(t, err)
			for _, n := range d.Notes {
				notes = append(notes, n.Text)
			}
			for _, e := range d.Events {
				if e.Kind == teilhabe.EventNote {
					timeline++
				}
			}
			return notes, timeline
		}
		for _, a := range []teilhabe.Actor{coach, lead} {
			notes, timeline := texts(a)
			if len(notes) != 3 || notes[0] != "Bewerbungsunterlagen besprochen." || timeline != 3 {
				t.Errorf("%s reads notes %q and %d in the timeline, want 3 newest contact first, each once", a.Username, notes, timeline)
			}
		}
		notes, timeline := texts(cw)
		if len(notes) != 2 || timeline != 2 {
			t.Errorf("sponsor reads notes %q, %d in the timeline; want the 2 shared ones only", notes, timeline)
		}
		for _, n := range notes {
			if n == "Intern: Rückfrage beim Arzt offen." {
				t.Error("the sponsor reads an internal note")
			}
		}

		// Refusals: bad input, a day before the first contact, the sponsor,
		// another location. None writes anything.
		wantInvalid(t, later.AddNote(ctx, coach, id, teilhabe.Note{}), "contact_on", "err.date")
		before := sharedNote("Zu früh.", -1)
		wantInvalid(t, later.AddNote(ctx, coach, id, before), "contact_on", "err.contact_before_first")
		wantErr(t, later.AddNote(ctx, cw, id, sharedNote("Vom Projektträger?", 1)), teilhabe.ErrForbidden)
		wantErr(t, later.AddNote(ctx, f.actor("coach.a2"), id, sharedNote("Fremd.", 1)), teilhabe.ErrNotFound)
		if n := count(t, db, `SELECT COUNT(*) FROM contact_notes WHERE case_id = ?`, id); n != 3 {
			t.Errorf("%d notes after the refusals, want 3", n)
		}
		if got := auditCount(t, db, "case.note_added", id); got != 3 {
			t.Errorf("note_added audit entries = %d, want 3", got)
		}

		// A correction keeps the earlier text, needs the note's version and
		// is its own audit entry.
		d, err := db.FindCaseByID(ctx, coach, id)
		must(t, err)
		var internal, shared teilhabe.ContactNote
		for _, n := range d.Notes {
			switch n.Text {
			case "Intern: Rückfrage beim Arzt offen.":
				internal = n
			case "Bewerbungsunterlagen besprochen.":
				shared = n
			}
		}
		fix := teilhabe.NoteCorrection{On: days(3), Channel: teilhabe.NoteVideo, Text: "Lebenslauf und Anschreiben besprochen."}
		wantErr(t, later.CorrectNote(ctx, coach, id, shared.ID, shared.Version+1, fix), teilhabe.ErrStale)
		wantErr(t, later.CorrectNote(ctx, cw, id, shared.ID, shared.Version, fix), teilhabe.ErrForbidden)
		wantErr(t, later.CorrectNote(ctx, f.actor("coach.a2"), id, shared.ID, shared.Version, fix), teilhabe.ErrNotFound)
		wantErr(t, later.CorrectNote(ctx, coach, id, 999999, 1, fix), teilhabe.ErrNotFound)
		wantInvalid(t, later.CorrectNote(ctx, coach, id, shared.ID, shared.Version,
			teilhabe.NoteCorrection{On: shared.On, Channel: shared.Channel, Text: shared.Text}), "text", "err.note_unchanged")
		if n := count(t, db, `SELECT COUNT(*) FROM contact_note_revisions`); n != 0 {
			t.Errorf("%d revisions after refused corrections, want 0", n)
		}
		must(t, later.CorrectNote(ctx, lead, id, shared.ID, shared.Version, fix))
		if c := f.load(coach, id); !c.LastContactOn.Equal(days(3)) {
			t.Errorf("last contact after the correction %v, want day 3", c.LastContactOn)
		}
		wantErr(t, later.CorrectNote(ctx, coach, id, shared.ID, shared.Version, fix), teilhabe.ErrStale)
		if got := auditCount(t, db, "case.note_corrected", id); got != 1 {
			t.Errorf("note_corrected audit entries = %d, want 1", got)
		}
		h, err := db.FindNoteHistory(ctx, cw, id, shared.ID)
		must(t, err)
		if h.Note.Text != fix.Text || !h.Note.Corrected() || h.Note.CorrectedBy != lead.DisplayName() ||
			h.Note.Visibility != teilhabe.NoteShared || len(h.Revisions) != 1 ||
			h.Revisions[0].Text != "Bewerbungsunterlagen besprochen." || !h.Revisions[0].On.Equal(days(2)) ||
			h.Revisions[0].By != coach.DisplayName() {
			t.Errorf("history = %+v", h)
		}
		if got := auditCount(t, db, "case.note_history_viewed", id); got != 1 {
			t.Errorf("note_history_viewed audit entries = %d, want 1", got)
		}

		// The sponsor reaches no internal note, nor its history, by any id.
		_, err = db.FindNoteHistory(ctx, cw, id, internal.ID)
		wantErr(t, err, teilhabe.ErrNotFound)
		must(t, later.CorrectNote(ctx, coach, id, internal.ID, internal.Version,
			teilhabe.NoteCorrection{On: internal.On, Channel: internal.Channel, Text: "Intern, berichtigt."}))
		_, err = db.FindNoteHistory(ctx, cw, id, internal.ID)
		wantErr(t, err, teilhabe.ErrNotFound)
		h, err = db.FindNoteHistory(ctx, coach, id, internal.ID)
		must(t, err)
		if len(h.Revisions) != 1 || h.Revisions[0].Text != "Intern: Rückfrage beim Arzt offen." {
			t.Errorf("internal note's history = %+v", h.Revisions)
		}
		// A note of another case is not found through this one.
		other := f.contact(coach, person("Bert", "Bauer"))
		_, err = db.FindNoteHistory(ctx, coach, other, internal.ID)
		wantErr(t, err, teilhabe.ErrNotFound)
		wantErr(t, later.CorrectNote(ctx, coach, other, internal.ID, 2, fix), teilhabe.ErrNotFound)
	})
}

// TestContacted checks that a held appointment moves the last contact on.
func TestContacted(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		f.toActive(coach, id)
		if c := f.load(coach, id); !c.LastContactOn.Equal(testToday) {
			t.Errorf("last contact after the first conversation %v, want today", c.LastContactOn)
		}
	})
}

// TestEmployerContactNote: a contact with an employer about the
// participant needs the release towards it on the contact's day; it names
// the employer and does not count as a contact with the person.
func TestEmployerContactNote(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := seed(t, db)
		coach := f.actor("coach.a1")
		id := f.contact(coach, person("Anna", "Arend"))
		f.toActive(coach, id)
		emp, err := db.CreateEmployer(ctx, coach, teilhabe.Employer{Name: "Gärtnerei Sonnenhof", City: "Trier",
			Sector: teilhabe.SectorLogistics}, false)
		must(t, err)
		before := f.load(coach, id).LastContactOn
		note := teilhabe.Note{On: testToday, Channel: teilhabe.NotePhone, Visibility: teilhabe.NoteInternal,
			Text: "Praktikumsplatz im Frühjahr möglich.", EmployerID: emp}
		wantInvalid(t, db.AddNote(ctx, coach, id, note), "employer", "err.note_no_employer_consent")
		must(t, db.AddConsent(ctx, coach, id, teilhabe.ConsentGiven{Scope: teilhabe.ConsentEmployer, GivenOn: testToday}))
		must(t, db.AddNote(ctx, coach, id, note))
		d, err := db.FindCaseByID(ctx, coach, id)
		must(t, err)
		if len(d.Notes) == 0 || d.Notes[0].EmployerName != "Gärtnerei Sonnenhof" || d.Notes[0].EmployerID != emp {
			t.Errorf("the note does not name the employer: %+v", d.Notes)
		}
		if got := d.Case.LastContactOn; !got.Equal(before) {
			t.Errorf("a contact with the employer moved the last contact from %v to %v", before, got)
		}
	})
}
