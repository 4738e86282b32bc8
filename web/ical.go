package web

import (
	"net/http"
	"net/url"
	"strings"

	ics "github.com/arran4/golang-ical"

	"teilhabe"
	"teilhabe/sqldb"
)

// icsFile writes entries as an iCalendar (RFC 5545) calendar named name
// ("" for none) in language lang. An event carries what a calendar on a
// phone may show to anyone who sees that phone: the kind and the case
// number, where (a location's address, or only "phone", "video", "home
// visit"), and a link into teilhabe, which asks for a sign-in. Never the
// participant's name, needs, notes or a visit's address (decision 15).
// Times are UTC, so no time zone definition is needed.
func (s *Server) icsFile(r *http.Request, lang, name string, entries []sqldb.CalendarEntry) (string, error) {
	cal := ics.NewCalendarFor("teilhabe")
	cal.SetMethod(ics.MethodPublish)
	if name != "" {
		cal.SetName(name)
		cal.SetXWRCalName(name)
	}
	host := s.uidHost(r)
	now := s.now()
	for _, e := range entries {
		link := s.absoluteURL(r, "/cases/"+idStr(e.CaseID))
		ev := cal.AddEvent("appointment-" + idStr(e.ID) + "@" + host)
		ev.SetDtStampTime(now)
		ev.SetStartAt(e.Start())
		ev.SetEndAt(e.End())
		ev.SetSequence(e.Version)
		ev.SetSummary(translate(lang, "code."+e.Kind.Key()) + " – " + translate(lang, "ical.case", e.CaseID))
		if place := icsPlace(lang, e); place != "" {
			ev.SetLocation(place)
		}
		ev.SetDescription(translate(lang, "ical.description", link))
		ev.SetURL(link)
		if e.Cancelled() {
			ev.SetStatus(ics.ObjectStatusCancelled)
		} else {
			ev.SetStatus(ics.ObjectStatusConfirmed)
		}
	}
	return cal.Serialize(), nil
}

// icsPlace is an event's LOCATION: the location's name and address for
// an appointment in person, else only the mode, so that no home or
// employer address leaves teilhabe.
func icsPlace(lang string, e sqldb.CalendarEntry) string {
	if e.Mode == teilhabe.ModeInPerson {
		return strings.Trim(e.Location+", "+e.PlaceAddress, ", ")
	}
	return translate(lang, "ical.place."+string(e.Mode))
}

// absoluteURL returns path under the configured base URL, else under the
// scheme and host the request came with.
func (s *Server) absoluteURL(r *http.Request, path string) string {
	if s.baseURL != "" {
		return s.baseURL + path
	}
	scheme := "http"
	if r.TLS != nil || s.secureCookies {
		scheme = "https"
	}
	return (&url.URL{Scheme: scheme, Host: r.Host}).String() + path
}

// uidHost is the host part of the events' UIDs: the base URL's host, so
// that an appointment keeps its UID whatever name the server was reached
// by, else the request's.
func (s *Server) uidHost(r *http.Request) string {
	if u, err := url.Parse(s.baseURL); err == nil && u.Host != "" {
		return u.Host
	}
	if r.Host != "" {
		return r.Host
	}
	return "teilhabe"
}
