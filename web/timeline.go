package web

import (
	"net/http"

	"teilhabe"
)

// noteStep adds an internal note to the case's timeline.
var noteStep = &caseStep[stepPage, *stepPage]{
	name: "note", template: "step_note", intro: "step.note.intro", button: "form.save",
	may: teilhabe.CanWriteNote,
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		return "flash.note_added", s.db.AddNote(r.Context(), a, id, teilhabe.Note{Text: f.str("text")})
	},
}
