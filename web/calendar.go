package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// calendarPage is a week of one coach's or one location's appointments,
// a list per day.
type calendarPage struct {
	page
	Cal     sqldb.Calendar
	Choices sqldb.CalendarChoices
	Days    []calendarDay
	// Whose names the calendar: the staff member or the location.
	Whose string
	// Prev, This and Next are the links to the week before, the current
	// week and the week after, of the same calendar.
	Prev, This, Next string
	// Own is the user's own calendar: it offers the feed.
	Own bool
	// ByLocation is a location's calendar: each entry names its coach.
	ByLocation bool
	Today      time.Time
}

// calendarDay is one day of the week with its appointments.
type calendarDay struct {
	On      time.Time
	Holiday string // the public holiday's name; "" on other days
	Entries []sqldb.CalendarEntry
}

// ID is the id of the day's heading.
func (d calendarDay) ID() string { return "day-" + d.On.Format("2006-01-02") }

// WeekdayName names a date with its full weekday: "Montag, 07.12.2026".
func (p *calendarPage) WeekdayName(t time.Time) string {
	return p.T("weekday."+strconv.Itoa(int(t.Weekday()))) + ", " + teilhabe.FormatDate(t)
}

// WeekName names the calendar's week: "KW 50/2026".
func (p *calendarPage) WeekName() string {
	y, w := p.Cal.Week.ISOWeek()
	return p.T("calendar.week_name", w, y)
}

// Range says the first and last day of the week: "07.12.–13.12.2026".
func (p *calendarPage) Range() string {
	return p.Cal.Week.Format("02.01.") + "–" + teilhabe.FormatDate(p.Cal.Week.AddDate(0, 0, 6))
}

// StaffLink and LocationLink are the links to the same week of another
// calendar.
func (p *calendarPage) StaffLink(id int64) string {
	return calendarURL(url.Values{"coach": {idStr(id)}}, p.Cal.Week)
}

// LocationLink is the link to the same week of a location's calendar.
func (p *calendarPage) LocationLink(id int64) string {
	return calendarURL(url.Values{"location": {idStr(id)}}, p.Cal.Week)
}

// EntryPlace says how and where an entry takes place: "vor Ort: Caritas
// Trier-Mitte", "Hausbesuch: Moselstraße 3" (the address only where the
// case may be seen), "per Telefon".
func (p *calendarPage) EntryPlace(e sqldb.CalendarEntry) string {
	switch {
	case e.Mode == teilhabe.ModeInPerson && e.Location != "":
		return p.Label(e.Mode) + ": " + e.Location
	case e.Mode.AtAddress() && e.Address != "":
		return p.Label(e.Mode) + ": " + e.Address
	}
	return p.Label(e.Mode)
}

// calendarURL is the calendar page of whose (coach or location) in the
// week of day.
func calendarURL(whose url.Values, day time.Time) string {
	q := url.Values{}
	for k, v := range whose {
		q[k] = v
	}
	q.Set("week", teilhabe.FormatWeek(day))
	return "/calendar?" + q.Encode()
}

// calendar shows a week of the calendar the query asks for: ?coach= or
// ?location= (neither: the user's own), ?week= as an ISO week or a day of
// it (none: this week). A week that cannot be read shows this week with
// the problem named; a calendar the user may not see does not exist.
func (s *Server) calendar(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	ctx, a, q := r.Context(), u.Actor(), r.URL.Query()
	p := calendarPage{page: s.newPage(r, "title.calendar"), Today: s.db.Today()}
	f := sqldb.CalendarFilter{Week: p.Today}
	status := http.StatusOK
	if v := strings.TrimSpace(q.Get("week")); v != "" {
		week, err := teilhabe.ParseWeek(v)
		if err != nil {
			p.Problems = []problem{{Field: "week", key: "err.week"}}
			status = http.StatusUnprocessableEntity
		} else {
			f.Week = week
		}
		p.Form["week"] = v
	}
	whose := url.Values{}
	for _, name := range []string{"coach", "location"} {
		v := q.Get(name)
		if v == "" {
			continue
		}
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 || len(whose) > 0 {
			return teilhabe.ErrNotFound // no such calendar
		}
		whose.Set(name, v)
		if name == "coach" {
			f.StaffID = id
		} else {
			f.LocationID = id
		}
	}
	cal, err := s.db.FindCalendar(ctx, a, f)
	if err != nil {
		return err
	}
	if p.Choices, err = s.db.FindCalendarChoices(ctx, a); err != nil {
		return err
	}
	p.Cal = cal
	p.ByLocation = cal.Location.ID != 0
	p.Own = !p.ByLocation && cal.Staff.ID == u.ID
	p.Whose = cal.Staff.Name
	if p.ByLocation {
		p.Whose = cal.Location.Name
	}
	if status == http.StatusOK {
		p.Form["week"] = teilhabe.FormatWeek(cal.Week)
	}
	p.Title = p.T("title.calendar_of", p.Whose, p.WeekName())
	p.Prev = calendarURL(whose, cal.Week.AddDate(0, 0, -7))
	p.Next = calendarURL(whose, cal.Week.AddDate(0, 0, 7))
	p.This = calendarURL(whose, p.Today)
	p.Form["coach"], p.Form["location"] = whose.Get("coach"), whose.Get("location")
	for i := range 7 {
		d := calendarDay{On: cal.Week.AddDate(0, 0, i)}
		d.Holiday, _ = teilhabe.Holiday(d.On, cal.State)
		for _, e := range cal.Entries {
			if e.On.Equal(d.On) {
				d.Entries = append(d.Entries, e)
			}
		}
		// The weekend shows only when something is on.
		if i >= 5 && len(d.Entries) == 0 && d.Holiday == "" {
			continue
		}
		p.Days = append(p.Days, d)
	}
	return s.render(w, r, status, "calendar", &p)
}

// feedPage manages the user's calendar feed. URL is shown once, right
// after the feed was created: only its hash is kept.
type feedPage struct {
	page
	Status sqldb.FeedStatus
	URL    string
}

func (s *Server) feedForm(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	p := feedPage{page: s.newPage(r, "title.calendar_feed")}
	var err error
	if p.Status, err = s.db.FindFeedStatus(r.Context(), u.Actor()); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "calendar_feed", &p)
}

// createFeed creates a new feed (replacing any earlier one) and shows its
// URL on the answer itself, not after a redirect: the secret is never
// stored, nor put in a URL of the application.
func (s *Server) createFeed(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	token, err := s.db.CreateCalendarFeed(r.Context(), u.Actor())
	if err != nil {
		return err
	}
	p := feedPage{page: s.newPage(r, "title.calendar_feed"), URL: s.absoluteURL(r, "/feeds/"+token+".ics")}
	if p.Status, err = s.db.FindFeedStatus(r.Context(), u.Actor()); err != nil {
		return err
	}
	p.Flash = p.T("flash.feed_created")
	return s.render(w, r, http.StatusOK, "calendar_feed", &p)
}

func (s *Server) revokeFeed(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	if err := s.db.RevokeCalendarFeed(r.Context(), u.Actor()); err != nil {
		return err
	}
	return s.redirect(w, r, "/calendar/feed", "flash.feed_revoked")
}

// appointmentICS downloads one appointment of a case as an iCalendar
// file, without the participant's name.
func (s *Server) appointmentICS(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	caseID, err := pathID(r, "id")
	if err != nil {
		return err
	}
	apID, err := pathID(r, "appointment")
	if err != nil {
		return err
	}
	e, err := s.db.ExportAppointment(r.Context(), u.Actor(), caseID, apID)
	if err != nil {
		return err
	}
	body, err := s.icsFile(r, lang(r), "", []sqldb.CalendarEntry{e})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="termin-`+idStr(e.ID)+`.ics"`)
	return s.writeICS(w, r, body)
}

// calendarFeed answers a calendar program's fetch of a feed URL: the
// owner's appointments of the feed's window, without names, in the
// owner's language. It needs no session: the secret in the URL is the
// permission (decision 15). An unknown or revoked secret is not found.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		return teilhabe.ErrNotFound
	}
	feed, err := s.db.FindCalendarFeed(r.Context(), token)
	if err != nil {
		return err
	}
	l := feed.Owner.Lang
	if !teilhabe.ValidLanguage(l) {
		l = defaultLang
	}
	body, err := s.icsFile(r, l, translate(l, "ical.feed_name", feed.Owner.Name), feed.Entries)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.writeICS(w, r, body)
}

// writeICS sends an iCalendar body once the request's audit entries are
// durable.
func (s *Server) writeICS(w http.ResponseWriter, r *http.Request, body string) error {
	if err := s.db.AwaitAudit(r.Context()); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	_, err := w.Write([]byte(body))
	return err
}
