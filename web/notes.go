package web

import (
	"net/http"
	"strconv"
	"strings"

	"teilhabe"
	"teilhabe/sqldb"
)

// notePage is the form of a new contact note.
type notePage struct {
	stepPage
	// employerChoice offers the employers a contact about the participant
	// may have been held with.
	employerChoice
	Channels, Visibilities []option
}

// noteStep adds a contact note: the day of the contact, its channel, who
// reads it (the provider only, or also the sponsor: fixed once written) and
// the text.
var noteStep = &caseStep[notePage, *notePage]{
	name: "note", template: "step_note", intro: "step.note.intro", button: "form.save",
	may: teilhabe.CanWriteNote,
	prepare: func(s *Server, r *http.Request, p *notePage) error {
		p.Channels = labelled(&p.page, teilhabe.NoteChannels())
		p.Visibilities = labelled(&p.page, teilhabe.NoteVisibilities())
		p.Form["contact_on"] = teilhabe.FormatDate(s.db.Today())
		p.Form["visibility"] = string(teilhabe.NoteInternal)
		return chooseEmployer(s, r, &p.stepPage, &p.employerChoice)
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		in := teilhabe.Note{On: f.date("contact_on", true), Channel: teilhabe.NoteChannel(f.str("channel")),
			Visibility: teilhabe.NoteVisibility(f.str("visibility")), Text: f.str("text"), EmployerID: f.id("employer")}
		return "flash.note_added", f.err(errOr(f, func() error {
			return s.db.AddNote(r.Context(), a, id, in)
		}, func() error { return in.Validate(s.db.Today()) }))
	},
}

// correctNotePage is the form that corrects one contact note.
type correctNotePage struct {
	stepPage
	Note     teilhabe.ContactNote
	Channels []option
}

// correctNoteStep corrects a contact note at
// /cases/{id}/notes/{note}/correct: its day, channel and text; the earlier
// state stays in the note's history. It is offered beside each note, not
// among the case's steps. The form carries the note's version, so a
// correction saved meanwhile makes it stale.
var correctNoteStep = &caseStep[correctNotePage, *correctNotePage]{
	name: "correct-note", template: "step_correct-note", intro: "step.correct-note.intro", button: "form.save",
	may: teilhabe.CanWriteNote,
	prepare: func(s *Server, r *http.Request, p *correctNotePage) error {
		n, err := noteOf(r, p.Detail)
		if err != nil {
			return err
		}
		p.Note, p.Version = n, n.Version
		p.Channels = labelled(&p.page, teilhabe.NoteChannels())
		p.Form["contact_on"] = teilhabe.FormatDate(n.On)
		p.Form["channel"] = string(n.Channel)
		p.Form["text"] = n.Text
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		noteID, err := pathID(r, "note")
		if err != nil {
			return "", err
		}
		in := teilhabe.NoteCorrection{On: f.date("contact_on", true), Channel: teilhabe.NoteChannel(f.str("channel")),
			Text: f.str("text")}
		return "flash.note_corrected", f.err(errOr(f, func() error {
			return s.db.CorrectNote(r.Context(), a, id, noteID, f.version(), in)
		}, func() error { return in.Validate(s.db.Today()) }))
	},
}

// noteOf returns the note the request's path names among the notes of
// case d the user may read; any other is not found.
func noteOf(r *http.Request, d sqldb.CaseDetail) (teilhabe.ContactNote, error) {
	id, err := pathID(r, "note")
	if err != nil {
		return teilhabe.ContactNote{}, err
	}
	for _, n := range d.Notes {
		if n.ID == id {
			return n, nil
		}
	}
	return teilhabe.ContactNote{}, teilhabe.ErrNotFound
}

// noteHistoryPage shows a contact note with its earlier states.
type noteHistoryPage struct {
	page
	sqldb.NoteHistory
	// Correct is the link to correct the note, for those who may.
	Correct string
}

// noteHistory shows a note's history: the current text and every earlier
// one with who wrote it when. The sponsor reaches shared notes only.
func (s *Server) noteHistory(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	noteID, err := pathID(r, "note")
	if err != nil {
		return err
	}
	a := u.Actor()
	h, err := s.db.FindNoteHistory(r.Context(), a, id, noteID)
	if err != nil {
		return err
	}
	p := noteHistoryPage{page: s.newPage(r, "title.note_history"), NoteHistory: h}
	p.Title = p.T("title.note_history") + ": " + h.Case.Person.FullName()
	if teilhabe.CanWriteNote(a, h.Case.Scope()) {
		p.Correct = noteURL(id, noteID) + "/correct"
	}
	return s.render(w, r, http.StatusOK, "note_history", &p)
}

// noteURL is the path of note noteID of case id.
func noteURL(id, noteID int64) string {
	return caseURL(id) + "/notes/" + strconv.FormatInt(noteID, 10)
}

// noteAuditDetail says the detail of a note's audit entry in words: "note
// 12" or "note 12, shared" (see sqldb.DB.AddNote).
func (p *page) noteAuditDetail(detail string) (string, bool) {
	id, vis, hasVis := strings.Cut(detail, ", ")
	n, ok := strings.CutPrefix(id, "note ")
	if _, err := strconv.ParseInt(n, 10, 64); !ok || err != nil {
		return detail, true
	}
	text := p.T("audit.detail.note", n)
	if !hasVis {
		return text, false
	}
	label, verbatim := codeLabel(p, teilhabe.NoteVisibility(vis))
	return text + ", " + label, verbatim
}
