package web

import (
	"errors"
	"math"
	"net/http"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

type loginPage struct {
	page
	Next string
	Demo []DemoLogin
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.db.SessionUser(r.Context(), sessionToken(r)); err == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	p := loginPage{page: s.newPage(r, "title.login"), Next: safeNext(r.URL.Query().Get("next")), Demo: s.demoLogins}
	return s.render(w, r, http.StatusOK, "login", &p)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	p := loginPage{page: s.newPage(r, "title.login"), Next: safeNext(r.PostForm.Get("next")), Demo: s.demoLogins}
	username, password := r.PostForm.Get("username"), r.PostForm.Get("password")
	var pr teilhabe.Problems
	if username == "" {
		pr.Add("username", "err.required")
	}
	if password == "" {
		pr.Add("password", "err.required")
	}
	if err := pr.Err(); err != nil {
		p.withProblems(r, err.(*teilhabe.InvalidError))
		delete(p.Form, "password")
		return s.render(w, r, http.StatusUnprocessableEntity, "login", &p)
	}
	u, token, err := s.db.SignIn(r.Context(), username, password, s.clientAddr(r), sessionToken(r))
	var throttled *sqldb.ThrottledError
	switch {
	case errors.As(err, &throttled):
		p.Problems = []problem{{Field: "username", Message: p.T("err.throttled", minutesUntil(s.now(), throttled.Until))}}
		p.Form["username"] = username
		return s.render(w, r, http.StatusTooManyRequests, "login", &p)
	case errors.Is(err, sqldb.ErrBadCredentials):
		p.Problems = []problem{{Field: "username", Message: p.T("err.credentials")}}
		p.Form["username"] = username
		return s.render(w, r, http.StatusUnauthorized, "login", &p)
	case err != nil:
		return err
	}
	// A new token at every sign-in: a session id planted before sign-in is
	// worthless afterwards.
	s.setSession(w, token)
	s.setLang(w, u.Lang)
	return s.redirect(w, r, p.Next, "")
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	if err := s.db.SignOut(r.Context(), u.Actor(), sessionToken(r)); err != nil {
		return err
	}
	s.clearSession(w)
	return s.redirect(w, r, "/login", "flash.signed_out")
}

// minutesUntil is the number of whole minutes, at least one, from now until
// t. now is the server's clock, not the wall clock: locks are set with it.
func minutesUntil(now, t time.Time) int {
	return max(int(math.Ceil(t.Sub(now).Minutes())), 1)
}
