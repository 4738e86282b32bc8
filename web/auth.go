package web

import (
	"errors"
	"math"
	"net/http"

	"teilhabe"
	"teilhabe/sqldb"
)

const sessionCookie = "session"

func sessionToken(r *http.Request) string {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return ""
	}
	return c.Value
}

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
	u, token, err := s.db.SignIn(r.Context(), username, password, s.clientAddr(r))
	var throttled *sqldb.ThrottledError
	switch {
	case errors.As(err, &throttled):
		// The server's clock, not the wall clock: the lock was set with it.
		minutes := max(int(math.Ceil(throttled.Until.Sub(s.now()).Minutes())), 1)
		p.Problems = []problem{{Field: "username", Message: p.T("err.throttled", minutes)}}
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
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.secureCookies, SameSite: http.SameSiteLaxMode})
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: u.Lang, Path: "/", MaxAge: 365 * 24 * 3600,
		Secure: s.secureCookies, SameSite: http.SameSiteLaxMode})
	return s.redirect(w, r, p.Next, "")
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	if err := s.db.SignOut(r.Context(), u.Actor(), sessionToken(r)); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.secureCookies, SameSite: http.SameSiteLaxMode})
	return s.redirect(w, r, "/login", "flash.signed_out")
}

// switchLang sets the interface language and returns to the page the user
// came from. It is a link, so it works without JavaScript; it changes only
// a preference.
func (s *Server) switchLang(w http.ResponseWriter, r *http.Request) error {
	l := r.PathValue("lang")
	if l != "de" && l != "en" {
		return teilhabe.ErrNotFound
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
		Secure: s.secureCookies, SameSite: http.SameSiteLaxMode})
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
	Account sqldb.User
	MinLen  int
}

func (s *Server) account(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	p := accountPage{page: s.newPage(r, "title.account"), Account: u, MinLen: teilhabe.MinPasswordLength}
	return s.render(w, r, http.StatusOK, "account", &p)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
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
	if errors.As(err, &invalid) {
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
