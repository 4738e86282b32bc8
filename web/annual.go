package web

import (
	"net/http"
	"strconv"
	"strings"

	"teilhabe"
	"teilhabe/sqldb"
)

// annualPage is the printable annual report of the programme for its
// lead sponsor.
type annualPage struct {
	reportPage
	Annual    sqldb.AnnualReport
	Narrative []string
	Today     string
}

// annualReport shows the annual programme report of ?year= (default: the
// current year) to the coordinator and the lead sponsor's caseworkers
// (teilhabe.CanSeeAnnualReport, checked by the store); others find
// nothing. The read is audited.
func (s *Server) annualReport(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	today := s.db.Today()
	p := &annualPage{reportPage: reportPage{page: s.newPage(r, "title.annual_report"), print: true, today: today},
		Today: teilhabe.FormatDate(today)}
	year, asked := today.Year(), strings.TrimSpace(r.URL.Query().Get("year"))
	if asked != "" {
		var err error
		if year, err = strconv.Atoi(asked); err != nil {
			year = 0 // no year: the store names the problem
		}
	} else {
		asked = strconv.Itoa(year)
	}
	rep, err := s.db.FindAnnualReport(r.Context(), u.Actor(), year)
	if inv := asInvalid(err); inv != nil {
		p.withProblems(r, inv)
		p.Form["year"] = asked
		return s.render(w, r, http.StatusUnprocessableEntity, "annual_report", p)
	}
	if err != nil {
		return err
	}
	p.Form["year"] = asked
	p.Annual, p.Report = rep, rep.Report
	p.Title = p.T("annual.title", rep.Year, rep.Programme)
	for _, ph := range teilhabe.AnnualNarrative(rep.Figures()) {
		var args []any
		for _, v := range ph.Args {
			args = append(args, p.narrativeValue(v))
		}
		p.Narrative = append(p.Narrative, p.T(ph.Key, args...))
	}
	return s.render(w, r, http.StatusOK, "annual_report", p)
}

// narrativeValue says a number of the narrative: a hidden count as
// "fewer than 3", as the tables show it, a hidden share as not shown.
func (p *page) narrativeValue(v teilhabe.NarrativeValue) string {
	switch {
	case v.Hidden && v.Percent:
		return p.T("annual.share_hidden")
	case v.Hidden:
		return p.T("annual.fewer_than", teilhabe.MinGroup)
	case v.Percent:
		return p.T("report.percent", v.N)
	}
	return strconv.Itoa(v.N)
}

// SponsorCell says cell j of a row of the figures per sponsor.
func (p *annualPage) SponsorCell(row sqldb.SponsorRow, j int) string {
	return p.ReportCell(sqldb.ReportRow{Kind: row.Kind, Cells: [4]teilhabe.Cell{row.Cells[j]}}, 0)
}

// Tables are the report's tables in the annual report's order: the
// places first, which the programme is steered by.
func (p *annualPage) Tables() []sqldb.ReportTable {
	var places, rest []sqldb.ReportTable
	for _, tb := range p.Report.Tables {
		if tb.Name == "places" {
			places = append(places, tb)
		} else {
			rest = append(rest, tb)
		}
	}
	return append(places, rest...)
}
