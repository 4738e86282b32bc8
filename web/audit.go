package web

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"teilhabe"
	"teilhabe/sqldb"
)

type auditPage struct {
	page
	// Installation offers the entries of no programme.
	Installation bool
	// Kinds offers the kinds of action by group: each group as a whole,
	// then its actions.
	Kinds []optionGroup
	// Actors offers the accounts whose entries the officer may read.
	Actors  []option
	Entries []sqldb.AuditRecord
	Pager   pager
	// Export links to the CSV download of the filtered entries.
	Export string
}

// optionGroup is a labelled group of a select's options.
type optionGroup struct {
	Label   string
	Options []option
}

// auditLog shows the audit log, filtered by kind of action, account,
// case and period, a page at a time.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	p, f, err := s.auditFilter(r, u)
	if err != nil {
		return s.auditProblems(w, r, p, err)
	}
	entries, more, err := s.db.FindAuditEntries(r.Context(), u.Actor(), f)
	if err != nil {
		return err
	}
	if f.Page > 1 && len(entries) == 0 {
		return teilhabe.ErrNotFound // a page past the last
	}
	p.Entries, p.Pager, p.Export = entries, newPager(r, f.Page, more), exportURL(r.URL.Query())
	return s.render(w, r, http.StatusOK, "audit", p)
}

// auditExport sends the entries the audit page's filters select as a CSV
// file for German spreadsheets: semicolons, a byte order mark, German
// headers, at most sqldb.AuditExportLimit rows. Invalid filters, or too
// many entries, show the audit page with the problem instead.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	p, f, err := s.auditFilter(r, u)
	if err != nil {
		return s.auditProblems(w, r, p, err)
	}
	entries, err := s.db.ExportAuditEntries(r.Context(), u.Actor(), f)
	if err != nil {
		return s.auditProblems(w, r, p, err)
	}
	var buf bytes.Buffer
	buf.WriteString("\uFEFF") // Excel reads the file as UTF-8 only with it
	cw := csv.NewWriter(&buf)
	cw.Comma, cw.UseCRLF = ';', true
	cw.Write([]string{p.T("col.time"), p.T("col.user"), p.T("col.role"), p.T("col.action"), p.T("col.case"),
		p.T("col.detail"), p.T("col.request")})
	for _, e := range entries {
		l := p.auditLine(e)
		caseID := ""
		if l.CaseID != 0 {
			caseID = strconv.FormatInt(l.CaseID, 10)
		}
		cw.Write(csvRow(l.At.In(teilhabe.Germany).Format("02.01.2006 15:04:05"), l.Actor, l.Role, l.Action, caseID,
			l.Detail, l.RequestID))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	// Nothing read is handed out before its audit entry is durable.
	if err := s.db.AwaitAudit(r.Context()); err != nil {
		return err
	}
	name := p.T("audit.csv_file", s.db.Today().Format("2006-01-02"))
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, err = w.Write(buf.Bytes())
	return err
}

// csvRow guards cells against formula injection: a spreadsheet runs a cell
// that starts with =, +, -, @, a tab or a carriage return as a formula, so
// such a cell gets a leading apostrophe, which shows it as text.
func csvRow(cells ...string) []string {
	for i, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			cells[i] = "'" + c
		}
	}
	return cells
}

// auditFilter reads the audit page's filters from the query. It returns
// the page with its choices and the submitted values, and the problems of
// values that no choice gives.
func (s *Server) auditFilter(r *http.Request, u teilhabe.User) (*auditPage, sqldb.AuditFilter, error) {
	a := u.Actor()
	q := r.URL.Query()
	p := &auditPage{page: s.newPage(r, "title.audit"), Installation: teilhabe.CanReadInstallationAudit(a)}
	for k, v := range q {
		p.Form[k] = v[0]
	}
	p.Kinds = auditKinds(&p.page)
	accounts, err := s.db.FindAuditActors(r.Context(), a)
	if err != nil {
		return p, sqldb.AuditFilter{}, err
	}
	p.Actors = auditActors(&p.page, accounts)

	var f sqldb.AuditFilter
	if f.Page, err = pageParam(r); err != nil {
		return p, f, err
	}
	var pr teilhabe.Problems
	if v := q.Get("action"); v != "" {
		var ok bool
		if f.Actions, ok = teilhabe.ParseAuditKind(v); !ok {
			pr.Add("action", "err.choose")
		}
	}
	if v := q.Get("actor"); v != "" {
		f.Actor = teilhabe.NormalizeUsername(v)
		if !slices.ContainsFunc(p.Actors, func(o option) bool { return o.Value == f.Actor }) {
			pr.Add("actor", "err.choose")
		}
	}
	if v := q.Get("case"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			pr.Add("case", "err.number")
		}
		f.CaseID = id
	}
	if v := q.Get("from"); v != "" {
		f.From = parseDate(&pr, "from", v)
	}
	if v := q.Get("to"); v != "" {
		f.To = parseDate(&pr, "to", v)
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		pr.Add("to", "err.to_before_from")
	}
	f.Installation = q.Get("installation") == "on"
	return p, f, pr.Err()
}

// auditProblems shows the audit page with the problems of err, without
// entries (422); any other error goes its usual way.
func (s *Server) auditProblems(w http.ResponseWriter, r *http.Request, p *auditPage, err error) error {
	var invalid *teilhabe.InvalidError
	if !errors.As(err, &invalid) {
		return err
	}
	form := p.Form
	p.withProblems(r, invalid)
	p.Form = form // the query, which withProblems does not read
	return s.render(w, r, http.StatusUnprocessableEntity, "audit", p)
}

// auditKinds offers the kinds of action: per group, the whole group, then
// each of its actions.
func auditKinds(p *page) []optionGroup {
	var groups []optionGroup
	for _, g := range teilhabe.AuditGroups() {
		label := p.Label(g)
		og := optionGroup{Label: label, Options: []option{{Value: string(g), Label: p.T("audit.kind_all", label)}}}
		og.Options = append(og.Options, labelled(p, g.Actions())...)
		groups = append(groups, og)
	}
	return groups
}

// auditActors offers the accounts, and the actors without an account, by
// the name the log records.
func auditActors(p *page, accounts []teilhabe.User) []option {
	opts := make([]option, 0, len(accounts)+2)
	for _, u := range accounts {
		opts = append(opts, option{Value: u.Username, Label: fmt.Sprintf("%s (%s, %s)", u.Username, u.Name, p.Label(u.Role))})
	}
	opts = append(opts, option{Value: teilhabe.AuditNameSystem, Label: p.auditActor(teilhabe.AuditNameSystem)})
	if p.User != nil && teilhabe.CanReadInstallationAudit(p.User.Actor()) {
		opts = append(opts, option{Value: teilhabe.AuditNameUnknown, Label: p.auditActor(teilhabe.AuditNameUnknown)})
	}
	return opts
}

// exportURL is the CSV link of the audit page at query q.
func exportURL(q url.Values) string {
	q.Del("page")
	if len(q) == 0 {
		return "/audit.csv"
	}
	return "/audit.csv?" + q.Encode()
}
