package sqldb

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"teilhabe"
)

// Contact notes. A note is internal to the provider or shared with the
// sponsor, fixed when it is written (decision 14): every query that reads
// notes for someone who may not see internal ones says visibility =
// 'shared'. A correction keeps the note's earlier state as a revision.

// noteColumns are what scanNote reads.
const noteColumns = `n.id, n.case_id, n.contact_on, n.channel, n.visibility, n.text, n.created_at, n.created_by_name,
	n.corrected_at, n.corrected_by, n.version, n.employer_id,
	COALESCE((SELECT e.name FROM employers e WHERE e.id = n.employer_id), '')`

func scanNote(s scanner) (teilhabe.ContactNote, error) {
	var n teilhabe.ContactNote
	var on dbDate
	var created, corrected dbTime
	var employer *int64
	err := s.Scan(&n.ID, &n.CaseID, &on, &n.Channel, &n.Visibility, &n.Text, &created, &n.CreatedBy,
		&corrected, &n.CorrectedBy, &n.Version, &employer, &n.EmployerName)
	n.On, n.CreatedAt, n.CorrectedAt = on.t, created.t, corrected.t
	if employer != nil {
		n.EmployerID = *employer
	}
	return n, err
}

// noteVisible is the condition that limits notes (alias n) to those a may
// read: all for provider staff, the shared ones for everyone else.
func noteVisible(a teilhabe.Actor) string {
	if teilhabe.CanSeeInternalNotes(a) {
		return "1 = 1"
	}
	return "n.visibility = 'shared'"
}

// notes returns the notes of case caseID that a may read, newest contact
// first.
func (t *tx) notes(ctx context.Context, a teilhabe.Actor, caseID int64) ([]teilhabe.ContactNote, error) {
	return queryAll(ctx, t, scanNote, `SELECT `+noteColumns+` FROM contact_notes n
		WHERE n.case_id = ? AND `+noteVisible(a)+` ORDER BY n.contact_on DESC, n.id DESC`, caseID)
}

// note returns note noteID of case caseID if a may read it, else
// teilhabe.ErrNotFound.
func (t *tx) note(ctx context.Context, a teilhabe.Actor, caseID, noteID int64) (teilhabe.ContactNote, error) {
	n, err := scanNote(t.queryRow(ctx, `SELECT `+noteColumns+` FROM contact_notes n
		WHERE n.id = ? AND n.case_id = ? AND `+noteVisible(a), noteID, caseID))
	if err = notFound(err); err != nil {
		return n, err
	}
	return n, nil
}

// noteEvents turns notes into the timeline's note entries, so that the
// timeline shows each note once, from contact_notes.
func noteEvents(notes []teilhabe.ContactNote) []teilhabe.Event {
	out := make([]teilhabe.Event, len(notes))
	for i, n := range notes {
		out[i] = teilhabe.Event{At: n.CreatedAt, ActorName: n.CreatedBy, Kind: teilhabe.EventNote,
			Internal: !n.Shared(), Text: n.Text, On: n.On}
	}
	return out
}

// mergeEvents merges note entries into a timeline, newest first; of
// entries of the same moment, the notes come first, as a note is the
// last thing written in a command.
func mergeEvents(events, notes []teilhabe.Event) []teilhabe.Event {
	all := append(notes, events...)
	slices.SortStableFunc(all, func(x, y teilhabe.Event) int { return y.At.Compare(x.At) })
	return all
}

// AddNote adds a contact note to a case: the day of the contact, its
// channel, whether it is shared with the sponsor, and the text. The case's
// last contact moves to the note's day if that is later. Who: provider
// staff of the case (teilhabe.CanWriteNote). Adding a note does not change
// the case's version, so it makes no open form stale. Errors: see the
// package documentation.
func (db *DB) AddNote(ctx context.Context, a teilhabe.Actor, id int64, in teilhabe.Note) error {
	if err := in.Validate(db.Today()); err != nil {
		return err
	}
	cmd := command{may: teilhabe.CanWriteNote, audit: teilhabe.AuditNoteAdded, adds: true}
	return db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		if err := in.CheckCase(ch.c); err != nil {
			return err
		}
		if in.EmployerID != 0 {
			if _, err := ch.releasedTowards(ctx, in.EmployerID, in.On, "err.note_no_employer_consent"); err != nil {
				return err
			}
		}
		noteID, err := ch.t.insert(ctx, `INSERT INTO contact_notes (case_id, contact_on, channel, visibility, text,
			employer_id, created_at, created_by, created_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			ch.c.ID, date(in.On), in.Channel, in.Visibility, strings.TrimSpace(in.Text), nullID(in.EmployerID), ts(ch.t.now),
			nullID(a.UserID), a.DisplayName())
		if err != nil {
			return err
		}
		ch.detail = fmt.Sprintf("note %d, %s", noteID, in.Visibility)
		if in.EmployerID != 0 {
			return nil // a contact with the employer is no contact with the person
		}
		if _, err := ch.t.exec(ctx, `UPDATE cases SET last_contact_on = ?
			WHERE id = ? AND (last_contact_on IS NULL OR last_contact_on < ?)`, date(in.On), ch.c.ID, date(in.On)); err != nil {
			return err
		}
		return nil
	})
}

// CorrectNote corrects note noteID of case id if its version is still
// version (else teilhabe.ErrStale): its day, channel and text. The note's
// earlier state is kept as a revision; its visibility stays. The case's
// last contact is the latest contact after the correction. Who: provider
// staff of the case (teilhabe.CanWriteNote). Errors: see the package
// documentation.
func (db *DB) CorrectNote(ctx context.Context, a teilhabe.Actor, id, noteID int64, version int, in teilhabe.NoteCorrection) error {
	if err := in.Validate(db.Today()); err != nil {
		return err
	}
	cmd := command{may: teilhabe.CanWriteNote, audit: teilhabe.AuditNoteCorrected, adds: true}
	return db.changeCase(ctx, a, id, 0, cmd, func(ctx context.Context, ch *change) error {
		old, err := ch.t.note(ctx, a, ch.c.ID, noteID)
		if err != nil {
			return err
		}
		if old.Version != version {
			return teilhabe.ErrStale
		}
		if err := in.CheckCase(ch.c); err != nil {
			return err
		}
		if !in.Changes(old) {
			return teilhabe.Invalid("text", "err.note_unchanged")
		}
		at, by := old.CreatedAt, old.CreatedBy
		if old.Corrected() {
			at, by = old.CorrectedAt, old.CorrectedBy
		}
		if _, err := ch.t.exec(ctx, `INSERT INTO contact_note_revisions (note_id, contact_on, channel, text, written_at,
			written_by) VALUES (?, ?, ?, ?, ?, ?)`, old.ID, date(old.On), old.Channel, old.Text, ts(at), by); err != nil {
			return err
		}
		res, err := ch.t.exec(ctx, `UPDATE contact_notes SET contact_on = ?, channel = ?, text = ?, corrected_at = ?,
			corrected_by = ?, version = version + 1 WHERE id = ? AND version = ?`,
			date(in.On), in.Channel, strings.TrimSpace(in.Text), ts(ch.t.now), a.DisplayName(), old.ID, version)
		if err := checkVersion(res, err); err != nil {
			return err
		}
		if err := ch.t.recountLastContact(ctx, ch.c.ID); err != nil {
			return err
		}
		ch.detail = fmt.Sprintf("note %d, %s", old.ID, old.Visibility)
		return nil
	})
}

// recountLastContact sets case caseID's last contact to its latest held
// appointment or contact note, after a note's day or an appointment's
// outcome changed.
func (t *tx) recountLastContact(ctx context.Context, caseID int64) error {
	var held, noted dbDate
	if err := t.queryRow(ctx, `SELECT MAX(on_date) FROM appointments WHERE case_id = ? AND status = ?`,
		caseID, teilhabe.OutcomeHeld).Scan(&held); err != nil {
		return err
	}
	if err := t.queryRow(ctx, `SELECT MAX(contact_on) FROM contact_notes WHERE case_id = ?`, caseID).Scan(&noted); err != nil {
		return err
	}
	last := held.t
	if noted.t.After(last) {
		last = noted.t
	}
	_, err := t.exec(ctx, `UPDATE cases SET last_contact_on = ? WHERE id = ?`, date(last), caseID)
	return err
}

// contacted records a contact with the participant on day on, for a
// command that saves the case (a held appointment): the case's last
// contact moves to on if that is later.
func (ch *change) contacted(on time.Time) {
	if on.After(ch.c.LastContactOn) {
		ch.c.LastContactOn = on
		ch.set.add("last_contact_on", date(on))
	}
}

// NoteHistory is a contact note with every earlier state, newest first.
type NoteHistory struct {
	Case      teilhabe.Case
	Note      teilhabe.ContactNote
	Revisions []teilhabe.NoteRevision
}

// FindNoteHistory returns note noteID of case id with its earlier states,
// if a may read the note (teilhabe.CanReadNote): the sponsor's caseworker
// reaches shared notes only, any other note is not found. Reading it is
// written to the audit log.
func (db *DB) FindNoteHistory(ctx context.Context, a teilhabe.Actor, id, noteID int64) (NoteHistory, error) {
	var h NoteHistory
	err := db.read(ctx, func(t *tx) error {
		var err error
		if h.Case, err = t.caseInScope(ctx, a, id); err != nil {
			return err
		}
		if h.Note, err = t.note(ctx, a, id, noteID); err != nil {
			return err
		}
		if !teilhabe.CanReadNote(a, h.Case.Scope(), h.Note.Shared()) {
			return teilhabe.ErrNotFound
		}
		h.Revisions, err = queryAll(ctx, t, func(s scanner) (teilhabe.NoteRevision, error) {
			var r teilhabe.NoteRevision
			var on dbDate
			var at dbTime
			err := s.Scan(&on, &r.Channel, &r.Text, &at, &r.By)
			r.On, r.At = on.t, at.t
			return r, err
		}, `SELECT contact_on, channel, text, written_at, written_by FROM contact_note_revisions
			WHERE note_id = ? ORDER BY written_at DESC, id DESC`, noteID)
		return err
	})
	if err != nil {
		return NoteHistory{}, err
	}
	return h, db.logRead(ctx, a, caseAudit(teilhabe.AuditNoteHistoryViewed, h.Case, fmt.Sprintf("note %d", noteID)))
}
