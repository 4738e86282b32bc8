package web

import (
	"net/http"

	"teilhabe"
	"teilhabe/sqldb"
)

type inboxPage struct {
	page
	Inbox sqldb.Inbox
	Limit int
}

func (s *Server) inbox(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	in, err := s.db.FindInbox(r.Context(), u.Actor())
	if err != nil {
		return err
	}
	p := inboxPage{page: s.newPage(r, "title.inbox"), Inbox: in, Limit: sqldb.InboxLimit}
	return s.render(w, r, http.StatusOK, "inbox", &p)
}
