package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// caseTable is a page of cases with its pager.
type caseTable struct {
	Items []sqldb.CaseListItem
	Pager pager
	Today time.Time
}

// Urgency classifies a due date: "overdue", "today", "soon" (within a
// week) or "".
func (t caseTable) Urgency(due time.Time) string {
	switch {
	case due.IsZero():
		return ""
	case due.Before(t.Today):
		return "overdue"
	case due.Equal(t.Today):
		return "today"
	case due.Before(t.Today.AddDate(0, 0, 7)):
		return "soon"
	}
	return ""
}

// DueDate is the date a list shows for a case: when its next step is due,
// or, in coaching, when its assignment ends.
func (t caseTable) DueDate(it sqldb.CaseListItem) time.Time {
	if it.Stage == teilhabe.StageActive {
		return it.AssignmentEnd
	}
	return it.NextDueOn
}

// DueUrgency classifies a listed case: for coaching, an assignment ending
// within four weeks is "soon"; otherwise as Urgency.
func (t caseTable) DueUrgency(it sqldb.CaseListItem) string {
	if it.Stage == teilhabe.StageActive {
		if !it.NextDueOn.After(t.Today) {
			return "soon"
		}
		return ""
	}
	return t.Urgency(it.NextDueOn)
}

func (s *Server) caseTable(r *http.Request, a teilhabe.Actor, f sqldb.CaseFilter) (caseTable, error) {
	items, more, err := s.db.FindCases(r.Context(), a, f)
	if err != nil {
		return caseTable{}, err
	}
	return caseTable{Items: items, Pager: newPager(r, max(f.Page, 1), more), Today: s.db.Today()}, nil
}

type caseListPage struct {
	page
	Results   caseTable
	Stages    []option
	Locations []teilhabe.Location
	Searched  bool
}

// caseList searches the cases in the user's scope by name, date of birth,
// customer number, stage and location.
func (s *Server) caseList(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	q := r.URL.Query()
	p := caseListPage{page: s.newPage(r, "title.cases")}
	for k, v := range q {
		p.Form[k] = v[0]
	}
	p.Stages = p.codeOptions("stage", strs(teilhabe.Stages()))
	if u.Role == teilhabe.RoleProviderLead {
		locs, err := s.db.FindLocations(r.Context(), u.Actor(), u.ProgrammeID)
		if err != nil {
			return err
		}
		for _, l := range locs {
			if l.ProviderID == u.OrgID {
				p.Locations = append(p.Locations, l)
			}
		}
	}
	f := sqldb.CaseFilter{Query: q.Get("q"), CustomerNumber: q.Get("customer_number"),
		Stage: teilhabe.Stage(q.Get("stage")), Overdue: q.Get("overdue") == "on", Closed: q.Get("closed") == "on", Page: pageParam(r)}
	var pr teilhabe.Problems
	if v := q.Get("birth_date"); v != "" {
		d, err := teilhabe.ParseDate(v)
		if err != nil {
			pr.Add("birth_date", "err.date")
		}
		f.BirthDate = d
	}
	if f.Stage != "" && !f.Stage.Valid() {
		pr.Add("stage", "err.choose")
	}
	if v := q.Get("location"); v != "" {
		f.LocationID, _ = strconv.ParseInt(v, 10, 64)
	}
	p.Searched = len(q) > 0
	if err := pr.Err(); err != nil {
		form := p.Form
		p.withProblems(r, err.(*teilhabe.InvalidError))
		p.Form = form
		p.Results.Today = s.db.Today()
		return s.render(w, r, http.StatusUnprocessableEntity, "cases", &p)
	}
	t, err := s.caseTable(r, u.Actor(), f)
	if err != nil {
		return err
	}
	p.Results = t
	return s.render(w, r, http.StatusOK, "cases", &p)
}

type firstContactPage struct {
	page
	Channels   []option
	Locations  []teilhabe.Location
	Duplicates []sqldb.CaseListItem
	Today      time.Time
}

func (s *Server) firstContactPage(r *http.Request, u sqldb.User) (firstContactPage, error) {
	p := firstContactPage{page: s.newPage(r, "title.first_contact"), Today: s.db.Today()}
	var channels []string
	for _, c := range teilhabe.Channels {
		if c != "sponsor" {
			channels = append(channels, c)
		}
	}
	p.Channels = p.codeOptions("channel", channels)
	if u.Role == teilhabe.RoleProviderLead {
		locs, err := s.db.FindLocations(r.Context(), u.Actor(), u.ProgrammeID)
		if err != nil {
			return p, err
		}
		for _, l := range locs {
			if l.ProviderID == u.OrgID {
				p.Locations = append(p.Locations, l)
			}
		}
	}
	p.Form["contact_on"] = teilhabe.FormatDate(p.Today)
	return p, nil
}

func (s *Server) firstContactForm(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	p, err := s.firstContactPage(r, u)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "first_contact", &p)
}

func readPerson(f *form) teilhabe.Person {
	return teilhabe.Person{FirstName: f.str("first_name"), LastName: f.str("last_name"),
		BirthDate: f.date("birth_date", true), Phone: f.str("phone"), Email: f.str("email"),
		Street: f.str("street"), Postcode: f.str("postcode"), City: f.str("city")}
}

// recordFirstContact records a new first contact. When a person with the
// same name and date of birth is already known in the user's scope, the
// form comes back with a warning: the user either picks the known person or
// confirms that this is someone else.
func (s *Server) recordFirstContact(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	p, err := s.firstContactPage(r, u)
	if err != nil {
		return err
	}
	in := sqldb.FirstContact{Person: readPerson(f), Channel: f.str("channel"), ContactOn: f.date("contact_on", true),
		LocationID: f.id("location")}
	choice := f.str("duplicate") // "", "new" or a person id
	if choice != "" && choice != "new" {
		in.PersonID, _ = strconv.ParseInt(choice, 10, 64)
	}
	if f.pr.Err() == nil && !in.Person.BirthDate.IsZero() {
		// The known persons are offered on the warning and again whenever
		// the form comes back while a choice is being made.
		if p.Duplicates, err = s.db.FindDuplicates(r.Context(), u.Actor(), in.Person.FirstName, in.Person.LastName,
			in.Person.BirthDate); err != nil {
			return err
		}
		if choice == "" && len(p.Duplicates) > 0 {
			p.keepForm(r)
			return s.render(w, r, http.StatusConflict, "first_contact", &p)
		}
	}
	var id int64
	err = errOr(f, func() error {
		id, err = s.db.RecordFirstContact(r.Context(), u.Actor(), in)
		return err
	}, func() error { return in.Validate(s.db.Today()) })
	if invalid := asInvalid(f.err(err)); invalid != nil {
		p.withProblems(r, invalid)
		if choice == "" {
			p.Duplicates = nil
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "first_contact", &p)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, caseURL(id), "flash.first_contact")
}

func caseURL(id int64) string { return "/cases/" + strconv.FormatInt(id, 10) }

type announcePage struct {
	page
	Locations []locationChoice
}

type locationChoice struct {
	teilhabe.Location
	Provider string
}

func (s *Server) announcePage(r *http.Request, u sqldb.User) (announcePage, error) {
	p := announcePage{page: s.newPage(r, "title.announce")}
	a := u.Actor()
	orgs, err := s.db.FindOrganisations(r.Context(), a, u.ProgrammeID)
	if err != nil {
		return p, err
	}
	locs, err := s.db.FindLocations(r.Context(), a, u.ProgrammeID)
	if err != nil {
		return p, err
	}
	names := map[int64]string{}
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	for _, l := range locs {
		p.Locations = append(p.Locations, locationChoice{Location: l, Provider: names[l.ProviderID]})
	}
	return p, nil
}

func (s *Server) announceForm(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	p, err := s.announcePage(r, u)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "announce", &p)
}

func (s *Server) announce(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	in := sqldb.Announcement{Person: readPerson(f), LocationID: f.id("location"), CustomerNumber: f.str("customer_number"),
		Reason: f.str("reason")}
	var id int64
	err = errOr(f, func() error {
		id, err = s.db.Announce(r.Context(), u.Actor(), in)
		return err
	}, func() error { return in.Validate(s.db.Today()) })
	if invalid := asInvalid(f.err(err)); invalid != nil {
		p, err := s.announcePage(r, u)
		if err != nil {
			return err
		}
		p.withProblems(r, invalid)
		return s.render(w, r, http.StatusUnprocessableEntity, "announce", &p)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, caseURL(id), "flash.announced")
}

type casePage struct {
	page
	Detail   sqldb.CaseDetail
	Case     teilhabe.Case
	Today    time.Time
	Steps    []stepLink
	Internal bool // the user may read and write internal notes
}

type stepLink struct {
	Href  string
	Label string
}

// DeadlineMet reports whether the info appointment was held in time.
func (p *casePage) DeadlineMet() bool {
	met, _ := p.Case.InfoDeadlineMet()
	return met
}

// Booked returns the booked appointment of kind, if any.
func (p *casePage) Booked(kind string) *sqldb.Appointment {
	for i := range p.Detail.Appointments {
		if ap := &p.Detail.Appointments[i]; ap.Kind == kind && ap.Status == "booked" {
			return ap
		}
	}
	return nil
}

// EventDetail renders a timeline detail: "code:catalogue.code" and
// "codes:catalogue:a,b" are translated, anything else is shown as it is.
func (p *casePage) EventDetail(d string) string {
	if rest, ok := strings.CutPrefix(d, "code:"); ok {
		return p.T("code." + rest)
	}
	if rest, ok := strings.CutPrefix(d, "codes:"); ok {
		catalogue, codes, _ := strings.Cut(rest, ":")
		return p.Codes(catalogue, strings.Split(codes, ","))
	}
	return d
}

// CloseReason translates why a closed case ended, with the catalogue that
// belongs to the stage it closed in.
func (p *casePage) CloseReason() string {
	c := p.Case
	switch c.Stage {
	case teilhabe.StageDeclined:
		return p.Code("decline", c.ClosedReason)
	case teilhabe.StageWithdrawn:
		return p.Code("withdraw", c.ClosedReason)
	case teilhabe.StageAssignmentRefused:
		return p.Code("refuse", c.ClosedReason)
	case teilhabe.StageNotEligible:
		return p.T("case.not_eligible") + ": " + p.Codes("ineligible", c.IneligibleReasons)
	}
	return ""
}

func (s *Server) casePage(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.db.FindCaseByID(r.Context(), u.Actor(), id)
	if err != nil {
		return err
	}
	p := casePage{page: s.newPage(r, "title.case"), Detail: d, Case: d.Case, Today: s.db.Today(),
		Internal: teilhabe.CanSeeInternalNotes(u.Actor())}
	p.Title = d.Case.Person.FullName()
	for _, st := range steps {
		if st.available(u.Actor(), d) {
			p.Steps = append(p.Steps, stepLink{Href: caseURL(id) + "/" + st.name, Label: p.T("step." + st.name)})
		}
	}
	return s.render(w, r, http.StatusOK, "case", &p)
}

type contractPage struct {
	page
	Case      teilhabe.Case
	Programme teilhabe.Programme
	Today     time.Time
}

// contractPage shows the printable participation contract.
func (s *Server) contractPage(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.db.FindCaseByID(r.Context(), u.Actor(), id)
	if err != nil {
		return err
	}
	if d.Case.Stage != teilhabe.StageContractPending && d.Case.ContractSignedOn.IsZero() {
		return teilhabe.Conflict("journey.need.eligible")
	}
	prog, err := s.db.FindProgrammeByID(r.Context(), u.Actor(), d.Case.ProgrammeID)
	if err != nil {
		return err
	}
	p := contractPage{page: s.newPage(r, "title.contract"), Case: d.Case, Programme: prog, Today: s.db.Today()}
	p.Title = p.T("title.contract") + ": " + d.Case.Person.FullName()
	return s.render(w, r, http.StatusOK, "contract", &p)
}

func (s *Server) revokeConsent(w http.ResponseWriter, r *http.Request, u sqldb.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	consentID, err := pathID(r, "consent")
	if err != nil {
		return err
	}
	if err := s.db.RevokeConsent(r.Context(), u.Actor(), id, consentID); err != nil {
		return err
	}
	return s.redirect(w, r, caseURL(id), "flash.consent_revoked")
}

// isStale reports whether err is the version conflict.
func isStale(err error) bool { return errors.Is(err, teilhabe.ErrStale) }
