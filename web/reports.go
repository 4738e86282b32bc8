package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"teilhabe"
	"teilhabe/sqldb"
)

// reportPage shows a period's figures, each table with its definition.
type reportPage struct {
	page
	Report sqldb.Report
	// The filters a user may use (teilhabe.CanFilterReport), each with its
	// choices; nil when not offered.
	Sponsors, Providers, Locations []option
	// Annual links the annual programme report, for those who may see it.
	Annual bool
	// print marks the printable annual report; today is the day it is made.
	print bool
	today time.Time
	// Query is the period and filter as a query string, for the exports.
	Query string
}

// reportFilter reads the period (default: the current year) and, for the
// coordinator, the sponsor from the query. Bad input is a problem of its
// field.
func (s *Server) reportFilter(r *http.Request, p *reportPage) (sqldb.ReportFilter, error) {
	q := r.URL.Query()
	for k, v := range q {
		p.Form[k] = v[0]
	}
	f := sqldb.ReportFilter{Period: teilhabe.YearPeriod(s.db.Today().Year())}
	var pr teilhabe.Problems
	if q.Get("from") != "" || q.Get("to") != "" {
		f.Period = teilhabe.Period{From: parseDate(&pr, "from", q.Get("from")), To: parseDate(&pr, "to", q.Get("to"))}
	}
	// The store refuses a value outside the user's scope as a problem of
	// its field; here only what is no choice at all.
	for _, by := range []struct {
		field teilhabe.ReportFilterField
		id    *int64
	}{{teilhabe.FilterSponsor, &f.SponsorID}, {teilhabe.FilterProvider, &f.ProviderID}, {teilhabe.FilterLocation, &f.LocationID}} {
		v := q.Get(string(by.field))
		if v == "" || !teilhabe.CanFilterReport(p.User.Actor(), by.field) {
			continue
		}
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			pr.Add(string(by.field), "err.choose")
		}
		*by.id = id
	}
	if p.Form["from"] == "" && p.Form["to"] == "" {
		p.Form["from"], p.Form["to"] = teilhabe.FormatDate(f.Period.From), teilhabe.FormatDate(f.Period.To)
	}
	if err := pr.Err(); err != nil {
		return f, err
	}
	return f, f.Period.Validate()
}

// keepQuery shows the query's values in the filter form again.
func (p *reportPage) keepQuery(r *http.Request) {
	for k, v := range r.URL.Query() {
		p.Form[k] = v[0]
	}
}

func (s *Server) newReportPage(r *http.Request, u teilhabe.User) (*reportPage, error) {
	p := &reportPage{page: s.newPage(r, "title.reports"), today: s.db.Today()}
	a := u.Actor()
	orgs, err := s.db.FindOrganisations(r.Context(), a, u.ProgrammeID)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		opt := option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name}
		switch {
		case o.Kind.IsSponsor() && teilhabe.CanFilterReport(a, teilhabe.FilterSponsor):
			p.Sponsors = append(p.Sponsors, opt)
		case o.Kind == teilhabe.OrgProvider && teilhabe.CanFilterReport(a, teilhabe.FilterProvider):
			p.Providers = append(p.Providers, opt)
		}
		if o.Lead {
			p.Annual = teilhabe.CanSeeAnnualReport(a, o.ID)
		}
	}
	if teilhabe.CanFilterReport(a, teilhabe.FilterLocation) {
		lf := sqldb.LocationFilter{ProgrammeID: u.ProgrammeID}
		if u.Role.IsProviderSide() {
			lf.ProviderID = u.OrgID
		}
		locs, err := s.db.FindLocations(r.Context(), a, lf)
		if err != nil {
			return nil, err
		}
		for _, l := range locs {
			label := l.Name
			if !u.Role.IsProviderSide() {
				label = p.T("report.location_of", l.Name, l.Provider)
			}
			p.Locations = append(p.Locations, option{Value: strconv.FormatInt(l.ID, 10), Label: label})
		}
	}
	return p, nil
}

// reports shows the programme's figures for a period to each role within
// its scope.
func (s *Server) reports(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	p, err := s.newReportPage(r, u)
	if err != nil {
		return err
	}
	f, err := s.reportFilter(r, p)
	if err == nil {
		p.Report, err = s.db.FindReport(r.Context(), u.Actor(), f)
	}
	if inv := asInvalid(err); inv != nil {
		p.withProblems(r, inv)
		p.keepQuery(r)
		return s.render(w, r, http.StatusUnprocessableEntity, "reports", p)
	}
	if err != nil {
		return err
	}
	p.Query = r.URL.Query().Encode()
	return s.render(w, r, http.StatusOK, "reports", p)
}

// reportExport downloads one table of the report (?table=…) as CSV, or
// as XLSX (/reports.xlsx) one table or every table, one sheet each. CSV is written for German
// spreadsheets: UTF-8 with a byte order mark, semicolons, the figures as
// the page shows them (hidden groups as "< 3"). The download is audited.
func (s *Server) reportExport(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	p, err := s.newReportPage(r, u)
	if err != nil {
		return err
	}
	f, err := s.reportFilter(r, p)
	if err == nil {
		p.Report, err = s.db.FindReport(r.Context(), u.Actor(), f)
	}
	if inv := asInvalid(err); inv != nil {
		p.withProblems(r, inv)
		p.keepQuery(r)
		return s.render(w, r, http.StatusUnprocessableEntity, "reports", p)
	}
	if err != nil {
		return err
	}
	tables := p.Report.Tables
	name := r.URL.Query().Get("table")
	if name != "" {
		i := slices.IndexFunc(tables, func(t sqldb.ReportTable) bool { return t.Name == name })
		if i < 0 {
			return teilhabe.ErrNotFound
		}
		tables = tables[i : i+1]
	}
	xlsx := r.URL.Path == "/reports.xlsx"
	if !xlsx && name == "" {
		return teilhabe.ErrNotFound // a CSV file holds one table
	}
	var body []byte
	if xlsx {
		body, err = p.reportXLSX(tables)
	} else {
		body, err = p.reportCSV(tables[0])
	}
	if err != nil {
		return err
	}
	what := name
	if what == "" {
		what = "all"
	}
	if err := s.db.LogReportExport(r.Context(), u.Actor(), f, what); err != nil {
		return err
	}
	if err := s.db.AwaitAudit(r.Context()); err != nil {
		return err
	}
	file := p.T("report.file", what, f.Period.From.Format("2006-01-02"), f.Period.To.Format("2006-01-02"))
	if xlsx {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		file += ".xlsx"
	} else {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		file += ".csv"
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+file+`"`)
	_, err = w.Write(body)
	return err
}

// reportCSV writes table tb as CSV.
func (p *reportPage) reportCSV(tb sqldb.ReportTable) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF") // Excel reads the file as UTF-8 only with it
	cw := csv.NewWriter(&buf)
	cw.Comma, cw.UseCRLF = ';', true
	head := []string{p.T("report." + tb.Name)}
	for _, c := range tb.Columns {
		head = append(head, p.T("report.col."+c))
	}
	cw.Write(csvRow(head...))
	for _, row := range tb.Rows {
		line := []string{p.RowLabel(row)}
		for j := range row.Cells {
			line = append(line, p.ReportCell(row, j))
		}
		cw.Write(csvRow(line...))
	}
	cw.Flush()
	return buf.Bytes(), cw.Error()
}

// reportXLSX writes the tables as a workbook, one sheet per table: a
// title row with the period, German headers, counts as numbers, shares
// as percentages and durations as numbers of days; hidden groups as the
// text "< 3".
func (p *reportPage) reportXLSX(tables []sqldb.ReportTable) ([]byte, error) {
	x := excelize.NewFile()
	defer x.Close()
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	percent, err := x.NewStyle(&excelize.Style{NumFmt: 9}) // 0 %
	if err != nil {
		return nil, err
	}
	period := teilhabe.FormatDate(p.Report.Filter.Period.From) + " – " + teilhabe.FormatDate(p.Report.Filter.Period.To)
	for i, tb := range tables {
		sheet := p.T("report.sheet." + tb.Name)
		if i == 0 {
			if err := x.SetSheetName("Sheet1", sheet); err != nil {
				return nil, err
			}
		} else if _, err := x.NewSheet(sheet); err != nil {
			return nil, err
		}
		set := func(col, row int, v any) error {
			cell, err := excelize.CoordinatesToCellName(col, row)
			if err != nil {
				return err
			}
			return x.SetCellValue(sheet, cell, v)
		}
		if err := set(1, 1, p.T("report."+tb.Name)+": "+period); err != nil {
			return nil, err
		}
		head := []string{p.T("report.col.figure")}
		for _, c := range tb.Columns {
			head = append(head, p.T("report.col."+c))
		}
		for j, h := range head {
			if err := set(j+1, 3, h); err != nil {
				return nil, err
			}
		}
		if err := x.SetCellStyle(sheet, "A1", "E3", bold); err != nil {
			return nil, err
		}
		for k, row := range tb.Rows {
			line := 4 + k
			if err := set(1, line, p.RowLabel(row)); err != nil {
				return nil, err
			}
			for j, c := range row.Cells {
				var v any
				switch {
				case c.Suppressed:
					v = p.ReportCell(row, j)
				case row.Kind == sqldb.RowPercent:
					v = float64(c.N) / 100
				default:
					v = c.N
				}
				if err := set(j+2, line, v); err != nil {
					return nil, err
				}
				if row.Kind == sqldb.RowPercent && !c.Suppressed {
					cell, _ := excelize.CoordinatesToCellName(j+2, line)
					if err := x.SetCellStyle(sheet, cell, cell, percent); err != nil {
						return nil, err
					}
				}
			}
		}
		if err := x.SetColWidth(sheet, "A", "A", 48); err != nil {
			return nil, err
		}
		if err := x.SetColWidth(sheet, "B", "E", 20); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ReportCell says cell j of row as the page shows it: a count, a share in
// percent, a number of days, "< 3" for a hidden group and "–" where there
// is nothing to show.
func (p *page) ReportCell(row sqldb.ReportRow, j int) string {
	c := row.Cells[j]
	switch {
	case c.Suppressed && row.Kind == sqldb.RowCount && !row.Derived[j]:
		return p.T("report.suppressed", teilhabe.MinGroup)
	case c.Suppressed:
		return "–"
	case row.Kind == sqldb.RowPercent:
		return p.T("report.percent", c.N)
	case row.Kind == sqldb.RowDays:
		return p.T("report.days", c.N)
	}
	return strconv.Itoa(c.N)
}

// reportTableView is the dot of the "reporttable" partial: one table of
// the page's report; Print leaves out what only a screen needs.
type reportTableView struct {
	P     *reportPage
	Table sqldb.ReportTable
	Print bool
}

// View returns table tb for the "reporttable" partial.
func (p *reportPage) View(tb sqldb.ReportTable) reportTableView {
	return reportTableView{P: p, Table: tb, Print: p.print}
}

// AnnualYear is the year of the annual report the page links: the year
// the report's period starts in.
func (p *reportPage) AnnualYear() int {
	if y := p.Report.Filter.Period.From.Year(); !p.Report.Filter.Period.From.IsZero() {
		return y
	}
	return p.today.Year()
}

// RowLabel says what row counts, with its arguments.
func (p *page) RowLabel(row sqldb.ReportRow) string { return p.T(row.Key, row.Args...) }

// MinGroup is the smallest group shown outside the provider.
func (p *reportPage) MinGroup() int { return teilhabe.MinGroup }

// chartBar is one bar of a report's bar chart, with its geometry in the
// SVG's user units.
type chartBar struct {
	Label, Value string
	Y, Width     int
}

// barChart is a horizontal bar chart of the total column of a table's
// count rows (keys), drawn as SVG; the table beside it is its text
// alternative. Hidden groups get no bar.
type barChart struct {
	ID, Title, Desc string
	Bars            []chartBar
	Height          int
}

// The bar chart's geometry: a label column, then bars up to chartWidth.
const (
	chartLabelWidth = 320
	chartBarWidth   = 420
	chartRow        = 28
)

// Chart draws the count rows of table name listed in keys, or nil when
// the table has nothing to draw.
func (p *reportPage) Chart(name string, keys ...string) *barChart {
	i := slices.IndexFunc(p.Report.Tables, func(t sqldb.ReportTable) bool { return t.Name == name })
	if i < 0 {
		return nil
	}
	if name == "places" {
		return p.placesChart(p.Report.Tables[i])
	}
	var rows []sqldb.ReportRow
	peak := 0
	for _, r := range p.Report.Tables[i].Rows {
		if r.Kind == sqldb.RowCount && (len(keys) == 0 || slices.Contains(keys, r.Key)) {
			rows = append(rows, r)
			if !r.Cells[0].Suppressed {
				peak = max(peak, r.Cells[0].N)
			}
		}
	}
	if peak == 0 {
		return nil
	}
	c := &barChart{ID: "chart-" + name, Title: p.T("report.chart." + name), Height: len(rows)*chartRow + 8}
	for k, r := range rows {
		b := chartBar{Label: p.RowLabel(r), Value: p.ReportCell(r, 0), Y: 4 + k*chartRow}
		if !r.Cells[0].Suppressed {
			b.Width = r.Cells[0].N * chartBarWidth / peak
		}
		c.Bars = append(c.Bars, b)
	}
	c.Desc = p.T("report.chart_desc", p.T("report."+name))
	return c
}

// placesChart draws, per location and year, the places used (entries less
// those freed) of its places; a location whose free places are hidden
// gets no bar.
func (p *page) placesChart(tb sqldb.ReportTable) *barChart {
	peak := 0
	var rows []sqldb.ReportRow
	for _, r := range tb.Rows {
		if r.Key == "report.places.location" {
			rows = append(rows, r)
			peak = max(peak, r.Values[0], r.Values[0]-r.Values[3])
		}
	}
	if peak == 0 {
		return nil
	}
	c := &barChart{ID: "chart-places", Title: p.T("report.chart.places"), Height: len(rows)*chartRow + 8,
		Desc: p.T("report.chart_places_desc", p.T("report.places"))}
	for k, r := range rows {
		b := chartBar{Label: p.RowLabel(r), Value: "–", Y: 4 + k*chartRow}
		if !r.Cells[3].Suppressed {
			used := r.Values[0] - r.Values[3]
			b.Value = p.T("report.places.used_of", used, r.Values[0])
			b.Width = max(used, 0) * chartBarWidth / peak
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}
