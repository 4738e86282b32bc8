package web

import (
	"net/http"

	"teilhabe"
	"teilhabe/sqldb"
)

// inboxPage shows the messages waiting for the user's side, those waiting
// for the other side, and the settled ones a page at a time.
type inboxPage struct {
	page
	Inbox sqldb.Inbox
	Limit int
	Pager pager
}

func (s *Server) inbox(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	n, err := pageParam(r)
	if err != nil {
		return err
	}
	in, err := s.db.FindInbox(r.Context(), u.Actor(), sqldb.InboxFilter{Page: n})
	if err != nil {
		return err
	}
	p := inboxPage{page: s.newPage(r, "title.inbox"), Inbox: in, Limit: sqldb.InboxLimit, Pager: newPager(r, n, in.MoreRecent)}
	// The pager leads to the settled messages, below the open ones.
	for _, link := range []*string{&p.Pager.Prev, &p.Pager.Next} {
		if *link != "" {
			*link += "#settled"
		}
	}
	return s.render(w, r, http.StatusOK, "inbox", &p)
}
