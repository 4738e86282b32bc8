package web

import (
	"net/http"

	"teilhabe"
)

// The cookies teilhabe sets. None holds personal data: the session cookie
// is a random token (the database keeps its hash), the flash cookie names a
// message key, the language cookie a language.
const (
	sessionCookie = "session"
	flashCookie   = "flash"
	langCookie    = "lang"
)

// cookie sets a cookie for the whole site; maxAge < 0 deletes it, 0 makes
// it last for the browser session. Every cookie is SameSite=Lax and, behind
// HTTPS, Secure.
func (s *Server) cookie(w http.ResponseWriter, name, value string, maxAge int, httpOnly bool) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: httpOnly,
		Secure: s.secureCookies, SameSite: http.SameSiteLaxMode})
}

// sessionToken returns the request's session token, or "".
func sessionToken(r *http.Request) string {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return ""
	}
	return c.Value
}

func (s *Server) setSession(w http.ResponseWriter, token string) {
	s.cookie(w, sessionCookie, token, 0, true)
}
func (s *Server) clearSession(w http.ResponseWriter) { s.cookie(w, sessionCookie, "", -1, true) }

// setFlash shows the message key on the next page rendered.
func (s *Server) setFlash(w http.ResponseWriter, key string) { s.cookie(w, flashCookie, key, 0, true) }
func (s *Server) clearFlash(w http.ResponseWriter)           { s.cookie(w, flashCookie, "", -1, true) }

// setLang remembers the interface language for a year; it is readable by
// no script because none needs it.
func (s *Server) setLang(w http.ResponseWriter, l string) {
	s.cookie(w, langCookie, l, 365*24*3600, false)
}

// lang is the request's interface language: the cookie's, else German.
func lang(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && teilhabe.ValidLanguage(c.Value) {
		return c.Value
	}
	return defaultLang
}
