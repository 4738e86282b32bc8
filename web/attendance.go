package web

import (
	"net/http"
	"net/url"

	"teilhabe"
	"teilhabe/sqldb"
)

// attendancePage shows one month's attendance message of a case: the
// draft the system prepared, for the provider to check and send, or the
// message as it was sent.
type attendancePage struct {
	page
	At sqldb.Attendance
	// CanSend is whether the user may send the message now.
	CanSend bool
}

// TotalDays lists the month's days by type, in the order of the types.
func (p *attendancePage) TotalDays() []option {
	var out []option
	for _, t := range teilhabe.AllDayTypes() {
		if n := p.At.Totals.Days[t]; n > 0 {
			out = append(out, option{Value: idStr(int64(n)), Label: p.Label(t)})
		}
	}
	return out
}

// attendance serves GET /cases/{id}/attendance?month=: the month's message.
func (s *Server) attendance(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	month, err := teilhabe.ParseMonth(r.URL.Query().Get("month"))
	if err != nil {
		return teilhabe.ErrNotFound
	}
	a := u.Actor()
	at, err := s.db.FindAttendance(r.Context(), a, id, month)
	if err != nil {
		return err
	}
	p := attendancePage{page: s.newPage(r, "title.attendance"), At: at}
	p.Title = p.T("attendance.title", p.Month(at.Month)) + ": " + at.Case.Person.FullName()
	p.CanSend = at.Sent.IsZero() && at.Open && teilhabe.CanWorkCase(a, at.Case.Scope())
	return s.render(w, r, http.StatusOK, "attendance", &p)
}

// sendAttendance serves POST /cases/{id}/attendance: the provider sends the
// month's message to the sponsor.
func (s *Server) sendAttendance(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	month, err := teilhabe.ParseMonth(f.str("month"))
	if err != nil {
		return teilhabe.ErrNotFound
	}
	if err := s.db.SendAttendance(r.Context(), u.Actor(), id, month); err != nil {
		return err
	}
	q := url.Values{"month": {teilhabe.FormatMonth(month)}}
	return s.redirect(w, r, caseURL(id)+"/attendance?"+q.Encode(), "flash.attendance_sent")
}
