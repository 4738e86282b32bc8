package web

import (
	"errors"
	"net/http"
	"teilhabe/sqldb"

	"teilhabe"
)

// switchLang sets the interface language and returns to the page the user
// came from. It is a link, so it works without JavaScript; it changes only
// a preference.
func (s *Server) switchLang(w http.ResponseWriter, r *http.Request) error {
	l := r.PathValue("lang")
	if !teilhabe.ValidLanguage(l) {
		return teilhabe.ErrNotFound
	}
	s.setLang(w, l)
	if u, err := s.db.SessionUser(r.Context(), sessionToken(r)); err == nil {
		if err := s.db.SetLanguage(r.Context(), u.Actor(), l); err != nil {
			return err
		}
	}
	http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
	return nil
}

type accountPage struct {
	page
	Account teilhabe.User
	MinLen  int
}

// CalendarFeed reports whether the account may keep a calendar feed, which
// the page links to.
func (p *accountPage) CalendarFeed() bool { return teilhabe.CanKeepCalendarFeed(p.Account.Actor()) }

func (s *Server) account(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	p := accountPage{page: s.newPage(r, "title.account"), Account: u, MinLen: teilhabe.MinPasswordLength}
	return s.render(w, r, http.StatusOK, "account", &p)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	current, next, repeat := r.PostForm.Get("current"), r.PostForm.Get("password"), r.PostForm.Get("repeat")
	var err error
	if next != repeat {
		err = teilhabe.Invalid("repeat", "err.password_repeat")
	} else {
		err = s.db.ChangePassword(r.Context(), u.Actor(), sessionToken(r), current, next)
	}
	var invalid *teilhabe.InvalidError
	var throttled *sqldb.ThrottledError
	switch {
	case errors.As(err, &throttled) && throttled.SignedOut:
		// Too many wrong passwords: every session of the account ended.
		s.clearSession(w)
		return s.redirect(w, r, "/login", "flash.password_locked")
	case errors.As(err, &throttled):
		p := accountPage{page: s.newPage(r, "title.account"), Account: u, MinLen: teilhabe.MinPasswordLength}
		p.Problems = []problem{{Field: "current", Message: p.T("err.throttled", minutesUntil(s.now(), throttled.Until))}}
		return s.render(w, r, http.StatusTooManyRequests, "account", &p)
	case errors.As(err, &invalid):
		p := accountPage{page: s.newPage(r, "title.account"), Account: u, MinLen: teilhabe.MinPasswordLength}
		p.withProblems(r, invalid)
		p.Form = map[string]string{} // never echo passwords
		return s.render(w, r, http.StatusUnprocessableEntity, "account", &p)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/account", "flash.password_changed")
}
