package sqldb

import (
	"context"
	"slices"
	"strings"
	"time"

	"teilhabe"
)

// The programme's reports: each figure one set-based query over the cases
// of the reader's scope, counted per legal domain in the database
// (teilhabe.ReportColumns), never by loading the cases. The definitions
// the user reads are the texts "report.def.<table>"; they and these
// queries say the same.

// ReportFilter narrows a report.
type ReportFilter struct {
	Period teilhabe.Period
	// SponsorID narrows the coordinator's report to one sponsor's cases;
	// ProviderID and LocationID narrow a report to one provider's or one
	// location's cases, for those who may (teilhabe.CanFilterReport), within
	// their scope. 0 for all.
	SponsorID, ProviderID, LocationID int64
}

// RowKind says what a report row holds.
type RowKind int

// The kinds of row.
const (
	RowCount   RowKind = iota // a number of cases
	RowPercent                // a share of Base, in percent
	RowDays                   // a duration in days; Base is the number of cases it rests on
)

// ReportRow is one figure of a table, per column of its table's Columns.
type ReportRow struct {
	Key string // the label's text key
	// Args are the label's arguments: the location's name, its
	// provider's and the year of a row of places.
	Args   []any
	Kind   RowKind
	Values [4]int
	Base   [4]int
	// Part is the count a share is of Base; Parts name the count rows it
	// sums, whose hidden groups a share must not give away.
	Part  [4]int
	Parts []string
	// Cells are the values as shown: small groups hidden where the report
	// leaves the provider.
	Cells [4]teilhabe.Cell
	// Derived marks the columns computed from the others (free places),
	// which, hidden, give away nothing of their own size.
	Derived [4]bool
}

// ReportTable is one table of a report.
type ReportTable struct {
	Name string // "funnel", "deadline", …; the texts are "report.<name>…"
	// Columns are the columns' names, "report.col.<name>":
	// teilhabe.ReportColumns, or teilhabe.PlacesColumns for places.
	Columns [4]string
	Rows    []ReportRow
	// Sums marks a table whose last count row is the sum of the count rows
	// before it.
	Sums bool
	// suppress, if set, hides the small groups of the table in place of
	// teilhabe.SuppressCounts.
	suppress func([][4]int) [][4]teilhabe.Cell
}

// ReportTables are the names of a report's tables, in the order it holds
// them.
var ReportTables = []string{"funnel", "deadline", "goal", "placements", "sustain", "exits", "integration", "places",
	"occupancy"}

// Report is a period's figures as a may see them.
type Report struct {
	Filter ReportFilter
	Tables []ReportTable
	// Suppressed is set when small groups are hidden (figures leaving the
	// provider).
	Suppressed bool
}

// column is the report column of a case's legal domain.
func column(domain string) int {
	switch teilhabe.LegalDomain(domain) {
	case teilhabe.SGB2:
		return 1
	case teilhabe.SGB3:
		return 2
	}
	return 3
}

// reportScope is the condition that limits a report's cases (alias c) to
// a's scope and the filter, with its arguments. The filter only ever
// narrows the scope: each filter is a further condition on the role's own,
// and one a may not use is left out.
func reportScope(a teilhabe.Actor, f ReportFilter) (string, []any) {
	where, args := "c.programme_id = ?", []any{a.ProgrammeID}
	if a.Role != teilhabe.RoleCoordinator {
		where, args = scopeSQL(a)
	}
	for _, by := range []struct {
		field  teilhabe.ReportFilterField
		column string
		id     int64
	}{{teilhabe.FilterSponsor, "c.sponsor_id", f.SponsorID}, {teilhabe.FilterProvider, "c.provider_id", f.ProviderID},
		{teilhabe.FilterLocation, "c.location_id", f.LocationID}} {
		if by.id != 0 && teilhabe.CanFilterReport(a, by.field) {
			where += " AND " + by.column + " = ?"
			args = append(args, by.id)
		}
	}
	return where, args
}

// checkReportFilter refuses, as a problem of its field, a filter value
// outside a's scope: a sponsor, provider or location that is not the
// programme's, a provider other than a provider lead's own, a location
// not of the chosen provider. Filters a may not use are dropped.
func (t *tx) checkReportFilter(ctx context.Context, a teilhabe.Actor, f *ReportFilter) error {
	for _, id := range []struct {
		field teilhabe.ReportFilterField
		id    *int64
	}{{teilhabe.FilterSponsor, &f.SponsorID}, {teilhabe.FilterProvider, &f.ProviderID}, {teilhabe.FilterLocation, &f.LocationID}} {
		if !teilhabe.CanFilterReport(a, id.field) {
			*id.id = 0
		}
	}
	var pr teilhabe.Problems
	var n int
	if f.SponsorID != 0 {
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ? AND programme_id = ? AND kind <> ?`,
			f.SponsorID, a.ProgrammeID, teilhabe.OrgProvider).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			pr.Add(string(teilhabe.FilterSponsor), "err.report_filter")
		}
	}
	if f.ProviderID != 0 {
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ? AND programme_id = ? AND kind = ?`,
			f.ProviderID, a.ProgrammeID, teilhabe.OrgProvider).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			pr.Add(string(teilhabe.FilterProvider), "err.report_filter")
		}
	}
	if f.LocationID != 0 {
		provider := f.ProviderID
		if a.Role.IsProviderSide() {
			provider = a.OrgID
		}
		q, args := `SELECT COUNT(*) FROM locations l JOIN organisations o ON o.id = l.provider_id
			WHERE l.id = ? AND o.programme_id = ?`, []any{f.LocationID, a.ProgrammeID}
		if provider != 0 {
			q, args = q+" AND o.id = ?", append(args, provider)
		}
		if err := t.queryRow(ctx, q, args...).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			pr.Add(string(teilhabe.FilterLocation), "err.report_filter")
		}
	}
	return pr.Err()
}

// FindReport computes the report of f's period for a
// (teilhabe.CanSeeReport), and logs that a read it. Figures that leave the
// provider hide groups smaller than teilhabe.MinGroup.
func (db *DB) FindReport(ctx context.Context, a teilhabe.Actor, f ReportFilter) (Report, error) {
	rep := Report{Filter: f, Suppressed: teilhabe.ReportLeavesProvider(a)}
	if !teilhabe.CanSeeReport(a) {
		return rep, teilhabe.ErrNotFound
	}
	if err := f.Period.Validate(); err != nil {
		return rep, err
	}
	err := db.read(ctx, func(t *tx) error {
		if err := t.checkReportFilter(ctx, a, &f); err != nil {
			return err
		}
		rep.Filter = f
		var err error
		rep.Tables, err = t.reportTables(ctx, a, f)
		return err
	})
	if err != nil {
		return Report{}, err
	}
	for i := range rep.Tables {
		rep.Tables[i].showCells(rep.Suppressed)
	}
	return rep, db.logRead(ctx, a, auditEntry{action: teilhabe.AuditReportViewed, objectType: "programme",
		objectID: a.ProgrammeID, detail: teilhabe.FormatDate(f.Period.From) + "–" + teilhabe.FormatDate(f.Period.To)})
}

// reportTables computes the tables of f (checked) within a's scope.
func (t *tx) reportTables(ctx context.Context, a teilhabe.Actor, f ReportFilter) ([]ReportTable, error) {
	scope, scopeArgs := reportScope(a, f)
	from, to := date(f.Period.From), date(f.Period.To)
	var tables []ReportTable
	for _, build := range []func(context.Context, *tx, string, []any, any, any) (ReportTable, error){
		funnelTable, deadlineTable, goalTable, placementTable, sustainTable, exitTable, integrationTable,
	} {
		table, err := build(ctx, t, scope, scopeArgs, from, to)
		if err != nil {
			return nil, err
		}
		table.Columns = teilhabe.ReportColumns
		tables = append(tables, table)
	}
	places, err := placesTable(ctx, t, a, f)
	if err != nil {
		return nil, err
	}
	occupancy, err := occupancyTable(ctx, t, scope, scopeArgs, f.Period)
	occupancy.Columns = teilhabe.ReportColumns
	return append(tables, places, occupancy), err
}

// occupancyTable: per month of the period, the cases in coaching on its
// last day (today for the current month; months still ahead are left
// out): assigned on or before the day, not exited by then (an exit on the
// day ends the coaching), in an assigned stage or exited since. One
// query over a list of the days built here.
func occupancyTable(ctx context.Context, t *tx, scope string, args []any, p teilhabe.Period) (ReportTable, error) {
	tb := ReportTable{Name: "occupancy"}
	today := teilhabe.Today(t.now)
	var days []time.Time
	for m := teilhabe.Day(p.From.Year(), p.From.Month(), 1); !m.After(p.To) && !m.After(today); m = m.AddDate(0, 1, 0) {
		day := m.AddDate(0, 1, -1)
		if day.After(today) {
			day = today
		}
		days = append(days, day)
	}
	if len(days) == 0 {
		return tb, nil
	}
	// A case is in coaching at a month's end when its assignment began in
	// that month or before, and it did not exit by the end: in a later
	// month. The database counts the cases per legal domain and month of
	// start and of exit; the months are added up here.
	d := t.dialect
	rows, err := t.query(ctx, `SELECT c.legal_domain, `+d.monthOf("c.assignment_start")+`,
		COALESCE(`+d.monthOf("c.exit_on")+`, 0), COUNT(*) FROM cases c
		WHERE `+scope+` AND c.stage IN (?, ?, ?, ?) AND c.assignment_start <= ?
		AND (c.exit_on IS NULL OR c.exit_on > ?)
		GROUP BY c.legal_domain, `+d.monthOf("c.assignment_start")+`, `+d.monthOf("c.exit_on"),
		append(append([]any{}, args...), teilhabe.StageAssigned, teilhabe.StageFirstBooked, teilhabe.StageActive,
			teilhabe.StageExited, date(days[len(days)-1]), date(days[0]))...)
	if err != nil {
		return tb, err
	}
	defer rows.Close()
	counts := make([][4]int, len(days))
	for rows.Next() {
		var domain string
		var start, exit, n int
		if err := rows.Scan(&domain, &start, &exit, &n); err != nil {
			return tb, err
		}
		for k, day := range days {
			month := day.Year()*12 + int(day.Month())
			if start <= month && (exit == 0 || exit > month) {
				counts[k][0] += n
				counts[k][column(domain)] += n
			}
		}
	}
	for k, day := range days {
		tb.Rows = append(tb.Rows, ReportRow{Key: "report.occupancy.on", Args: []any{teilhabe.FormatDate(day)}, Values: counts[k]})
	}
	return tb, rows.Err()
}

// showCells fills the cells of every row: counts as they are or, with
// suppress, with their small groups hidden; a share or a duration is
// hidden when what it rests on is.
func (tb *ReportTable) showCells(suppress bool) {
	var counts [][4]int
	var at []int
	for i, r := range tb.Rows {
		if r.Kind == RowCount {
			counts, at = append(counts, r.Values), append(at, i)
		}
	}
	hidden := make([][4]teilhabe.Cell, len(counts))
	switch {
	case suppress && tb.suppress != nil:
		hidden = tb.suppress(counts)
	case suppress:
		hidden = teilhabe.SuppressCounts(counts, tb.Sums)
	default:
		for i, r := range counts {
			for j, n := range r {
				hidden[i][j] = teilhabe.Cell{N: n}
			}
		}
	}
	for k, i := range at {
		tb.Rows[i].Cells = hidden[k]
	}
	hiddenIn := func(key string, j int) bool {
		for _, r := range tb.Rows {
			if r.Key == key && r.Kind == RowCount {
				return r.Cells[j].Suppressed
			}
		}
		return false
	}
	small := func(n int) bool { return n > 0 && n < teilhabe.MinGroup }
	for i := range tb.Rows {
		r := &tb.Rows[i]
		if r.Kind == RowCount {
			continue
		}
		for j := range 4 {
			hide := r.Base[j] == 0
			if suppress {
				// A share gives away its part, and what is left of the
				// whole; a duration rests on few cases.
				hide = hide || r.Base[j] < teilhabe.MinGroup
				if r.Kind == RowPercent {
					hide = hide || small(r.Part[j]) || small(r.Base[j]-r.Part[j]) ||
						slices.ContainsFunc(r.Parts, func(k string) bool { return hiddenIn(k, j) })
				}
			}
			r.Cells[j] = teilhabe.Cell{N: r.Values[j], Suppressed: hide}
		}
	}
}

// sumsByDomain runs query, whose rows are a legal domain and n sums, and
// adds them up per report column: the domain's and the total.
func sumsByDomain(ctx context.Context, t *tx, n int, query string, args ...any) ([][4]int, error) {
	out := make([][4]int, n)
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var domain string
		vals := make([]int, n)
		dest := []any{&domain}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		col := column(domain)
		for i, v := range vals {
			out[i][0] += v
			out[i][col] += v
		}
	}
	return out, rows.Err()
}

// counted is the SQL list of the placement kinds that count.
var counted = func() string {
	var q []string
	for _, k := range teilhabe.PlacementKinds() {
		if k.Counts() {
			q = append(q, "'"+string(k)+"'")
		}
	}
	return strings.Join(q, ", ")
}()

// funnelTable: the cases whose first contact fell in the period, and how
// far each came; then those who left before coaching, by how.
func funnelTable(ctx context.Context, t *tx, scope string, args []any, from, to any) (ReportTable, error) {
	// The first conversation, a prospect and a placement come after the
	// assignment: only assigned cases are looked up for them.
	sums, err := sumsByDomain(ctx, t, 12, `SELECT c.legal_domain, COUNT(*),
		SUM(CASE WHEN c.info_held_on IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.eligibility_on IS NOT NULL AND c.stage <> 'not_eligible' THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.contract_signed_on IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.assignment_start IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.assignment_start IS NULL THEN 0 WHEN EXISTS (SELECT 1 FROM appointments ap WHERE ap.case_id = c.id AND ap.kind = 'first' AND ap.status = 'held') THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.assignment_start IS NULL THEN 0 WHEN EXISTS (SELECT 1 FROM case_prospects pr WHERE pr.case_id = c.id AND pr.kind <> 'none') THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.assignment_start IS NULL THEN 0 WHEN EXISTS (SELECT 1 FROM case_placements pl WHERE pl.case_id = c.id AND pl.kind IN (`+counted+`)) THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.stage = 'declined' THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.stage = 'not_eligible' THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.stage = 'assignment_refused' THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.stage = 'withdrawn' THEN 1 ELSE 0 END)
		FROM cases c WHERE `+scope+` AND c.first_contact_on >= ? AND c.first_contact_on <= ?
		GROUP BY c.legal_domain`, append(args, from, to)...)
	if err != nil {
		return ReportTable{}, err
	}
	keys := []string{"first_contacts", "info_held", "eligible", "contract", "assigned", "coaching", "prospect", "placed",
		"left_declined", "left_not_eligible", "left_refused", "left_withdrawn"}
	tb := ReportTable{Name: "funnel"}
	for i, k := range keys {
		tb.Rows = append(tb.Rows, ReportRow{Key: "report.funnel." + k, Values: sums[i]})
	}
	return tb, nil
}

// deadlineTable: the info appointments held in the period and how many by
// their deadline; and the open cases whose deadline has passed today.
func deadlineTable(ctx context.Context, t *tx, scope string, args []any, from, to any) (ReportTable, error) {
	held, err := sumsByDomain(ctx, t, 2, `SELECT c.legal_domain, COUNT(*),
		SUM(CASE WHEN c.info_held_on <= c.info_due_on THEN 1 ELSE 0 END)
		FROM cases c WHERE `+scope+` AND c.info_held_on >= ? AND c.info_held_on <= ? GROUP BY c.legal_domain`,
		append(args, from, to)...)
	if err != nil {
		return ReportTable{}, err
	}
	overdue, err := sumsByDomain(ctx, t, 1, `SELECT c.legal_domain, COUNT(*) FROM cases c WHERE `+scope+`
		AND c.stage IN ('announced', 'contacted', 'info_booked') AND c.info_due_on < ? GROUP BY c.legal_domain`,
		append(args, date(teilhabe.Today(t.now)))...)
	if err != nil {
		return ReportTable{}, err
	}
	return ReportTable{Name: "deadline", Rows: []ReportRow{
		{Key: "report.deadline.held", Values: held[0]},
		{Key: "report.deadline.on_time", Values: held[1]},
		percentRow("report.deadline.on_time_share", held[1], held[0], "report.deadline.on_time"),
		{Key: "report.deadline.overdue", Values: overdue[0]},
	}}, nil
}

// percentRow is the share of part in whole, per column; parts are the keys
// of the count rows part sums.
func percentRow(key string, part, whole [4]int, parts ...string) ReportRow {
	r := ReportRow{Key: key, Kind: RowPercent, Base: whole, Part: part, Parts: parts}
	for j := range 4 {
		r.Values[j], _ = teilhabe.Percent(part[j], whole[j])
	}
	return r
}

// firstPlaced is the start of case c's first placement that counts.
var firstPlaced = `(SELECT MIN(pl.start_on) FROM case_placements pl WHERE pl.case_id = c.id AND pl.kind IN (` + counted + `))`

// placedWithinYear is the condition that case c had a placement that
// counts within twelve months of its assignment's start: the programme's
// goal.
func placedWithinYear(d dialect) string {
	return firstPlaced + ` < ` + d.plusYear("c.assignment_start")
}

// goalTable: the assignments that began in the period, and how many of
// them had a placement that counts, and a placement prospect, within
// twelve months of their start — the programme's goal —; and the days from
// the start to the first placement that counts, mean and median.
func goalTable(ctx context.Context, t *tx, scope string, args []any, from, to any) (ReportTable, error) {
	d := t.dialect
	sums, err := sumsByDomain(ctx, t, 5, `SELECT c.legal_domain, COUNT(*),
		SUM(CASE WHEN `+placedWithinYear(d)+` THEN 1 ELSE 0 END),
		SUM(CASE WHEN EXISTS (SELECT 1 FROM case_prospects pr WHERE pr.case_id = c.id AND pr.kind <> 'none'
			AND pr.on_date < `+d.plusYear("c.assignment_start")+`) THEN 1 ELSE 0 END),
		SUM(CASE WHEN `+firstPlaced+` IS NOT NULL THEN 1 ELSE 0 END),
		COALESCE(SUM(`+d.daysFrom("c.assignment_start", firstPlaced)+`), 0)
		FROM cases c WHERE `+scope+` AND c.assignment_start >= ? AND c.assignment_start <= ? GROUP BY c.legal_domain`,
		append(args, from, to)...)
	if err != nil {
		return ReportTable{}, err
	}
	days := `SELECT c.legal_domain AS domain, ` + d.daysFrom("c.assignment_start", firstPlaced) + ` AS d FROM cases c WHERE ` + scope +
		` AND c.assignment_start >= ? AND c.assignment_start <= ? AND ` + firstPlaced + ` IS NOT NULL`
	median, err := medians(ctx, t, days, append(args, from, to), sums[3])
	if err != nil {
		return ReportTable{}, err
	}
	return ReportTable{Name: "goal", Rows: []ReportRow{
		{Key: "report.goal.assigned", Values: sums[0]},
		{Key: "report.goal.placed", Values: sums[1]},
		percentRow("report.goal.placed_share", sums[1], sums[0], "report.goal.placed"),
		{Key: "report.goal.prospect", Values: sums[2]},
		percentRow("report.goal.prospect_share", sums[2], sums[0], "report.goal.prospect"),
		meanRow("report.goal.days_mean", sums[4], sums[3]),
		{Key: "report.goal.days_median", Kind: RowDays, Values: median, Base: sums[3]},
	}}, nil
}

// meanRow is the mean of total over n cases, in whole days, per column.
func meanRow(key string, total, n [4]int) ReportRow {
	r := ReportRow{Key: key, Kind: RowDays, Base: n}
	for j := range 4 {
		if n[j] > 0 {
			r.Values[j] = (2*total[j] + n[j]) / (2 * n[j])
		}
	}
	return r
}

// medians returns the lower median of the days query selects (as d, with
// the case's legal domain as domain) per report column, n the number of
// cases of each: one query counts the cases per domain and number of
// days, and the median is read off those counts.
func medians(ctx context.Context, t *tx, query string, args []any, n [4]int) ([4]int, error) {
	var out [4]int
	type count struct{ days, n int }
	var hist [4][]count
	rows, err := t.query(ctx, `SELECT x.domain, x.d, COUNT(*) FROM (`+query+`) x GROUP BY x.domain, x.d`, args...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var domain string
		var c count
		if err := rows.Scan(&domain, &c.days, &c.n); err != nil {
			return out, err
		}
		hist[0] = append(hist[0], c)
		col := column(domain)
		hist[col] = append(hist[col], c)
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	for j := range out {
		slices.SortFunc(hist[j], func(a, b count) int { return a.days - b.days })
		seen, at := 0, (n[j]-1)/2
		for _, c := range hist[j] {
			if seen += c.n; seen > at {
				out[j] = c.days
				break
			}
		}
	}
	return out, nil
}

// placementTable: the placements that started in the period, by kind,
// those that count first, and their sum.
func placementTable(ctx context.Context, t *tx, scope string, args []any, from, to any) (ReportTable, error) {
	kinds := teilhabe.PlacementKinds()
	var cols []string
	for _, k := range kinds {
		cols = append(cols, "SUM(CASE WHEN pl.kind = '"+string(k)+"' THEN 1 ELSE 0 END)")
	}
	sums, err := sumsByDomain(ctx, t, len(kinds), `SELECT c.legal_domain, `+strings.Join(cols, ", ")+`
		FROM case_placements pl JOIN cases c ON c.id = pl.case_id
		WHERE `+scope+` AND pl.start_on >= ? AND pl.start_on <= ? GROUP BY c.legal_domain`, append(args, from, to)...)
	if err != nil {
		return ReportTable{}, err
	}
	tb := ReportTable{Name: "placements", Sums: true}
	var all, counts [4]int
	var counting []string
	for i, k := range kinds {
		tb.Rows = append(tb.Rows, ReportRow{Key: "code." + k.Key(), Values: sums[i]})
		for j := range 4 {
			all[j] += sums[i][j]
			if k.Counts() {
				counts[j] += sums[i][j]
			}
		}
		if k.Counts() {
			counting = append(counting, "code."+k.Key())
		}
	}
	tb.Rows = append(tb.Rows, ReportRow{Key: "report.placements.all", Values: all})
	tb.Rows = append(tb.Rows, percentRow("report.placements.counting_share", counts, all, counting...))
	return tb, nil
}

// sustainTable: the placements that count whose six-month mark fell in
// the period, by whether the job still existed then: yes — checked yes,
// or lost only on or after the mark, so it held there —; no — checked no,
// or lost before the mark —; unknown; and not checked yet; their sum;
// the share still employed of all, and of those whose answer is known.
func sustainTable(ctx context.Context, t *tx, scope string, args []any, from, to any) (ReportTable, error) {
	sums, err := sumsByDomain(ctx, t, 4, `SELECT c.legal_domain,
		SUM(CASE WHEN pl.sustained = 'yes' OR (pl.sustained = '' AND pl.lost_on >= pl.sustain_mark_on) THEN 1 ELSE 0 END),
		SUM(CASE WHEN pl.sustained = 'no' OR (pl.sustained = '' AND pl.lost_on < pl.sustain_mark_on) THEN 1 ELSE 0 END),
		SUM(CASE WHEN pl.sustained = 'unknown' THEN 1 ELSE 0 END),
		SUM(CASE WHEN pl.sustained = '' AND pl.lost_on IS NULL THEN 1 ELSE 0 END)
		FROM case_placements pl JOIN cases c ON c.id = pl.case_id
		WHERE `+scope+` AND pl.kind IN (`+counted+`) AND pl.sustain_mark_on >= ? AND pl.sustain_mark_on <= ?
		GROUP BY c.legal_domain`, append(args, from, to)...)
	if err != nil {
		return ReportTable{}, err
	}
	var all, known [4]int
	for j := range 4 {
		all[j] = sums[0][j] + sums[1][j] + sums[2][j] + sums[3][j]
		known[j] = sums[0][j] + sums[1][j]
	}
	return ReportTable{Name: "sustain", Sums: true, Rows: []ReportRow{
		{Key: "report.sustain.yes", Values: sums[0]},
		{Key: "report.sustain.no", Values: sums[1]},
		{Key: "report.sustain.unknown", Values: sums[2]},
		{Key: "report.sustain.unchecked", Values: sums[3]},
		{Key: "report.sustain.all", Values: all},
		percentRow("report.sustain.yes_share", sums[0], all, "report.sustain.yes"),
		percentRow("report.sustain.yes_of_known", sums[0], known, "report.sustain.yes"),
	}}, nil
}

// integrationTable: the integration rate in the Federal Employment
// Agency's sense (Eingliederungsquote): the exits whose six-month mark
// fell in the period, by where the person was then — in employment
// subject to social insurance or training (teilhabe.Destination.
// Integrated), elsewhere, not traced (unknown), not yet recorded —; the
// rate is the integrated of the traced ones.
func integrationTable(ctx context.Context, t *tx, scope string, args []any, from, to any) (ReportTable, error) {
	var integrated []string
	for _, d := range teilhabe.Destinations() {
		if d.Integrated() {
			integrated = append(integrated, "'"+string(d)+"'")
		}
	}
	in := strings.Join(integrated, ", ")
	sums, err := sumsByDomain(ctx, t, 4, `SELECT c.legal_domain,
		SUM(CASE WHEN c.later_destination IN (`+in+`) THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.later_destination NOT IN (`+in+`, 'unknown', '') THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.later_destination = 'unknown' THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.later_destination = '' THEN 1 ELSE 0 END)
		FROM cases c WHERE `+scope+` AND c.stage = 'exited' AND c.later_due_on >= ? AND c.later_due_on <= ?
		GROUP BY c.legal_domain`, append(args, from, to)...)
	if err != nil {
		return ReportTable{}, err
	}
	var all, traced [4]int
	for j := range 4 {
		all[j] = sums[0][j] + sums[1][j] + sums[2][j] + sums[3][j]
		traced[j] = sums[0][j] + sums[1][j]
	}
	return ReportTable{Name: "integration", Sums: true, Rows: []ReportRow{
		{Key: "report.integration.integrated", Values: sums[0]},
		{Key: "report.integration.elsewhere", Values: sums[1]},
		{Key: "report.integration.untraced", Values: sums[2]},
		{Key: "report.integration.open", Values: sums[3]},
		{Key: "report.integration.all", Values: all},
		percentRow("report.integration.rate", sums[0], traced, "report.integration.integrated"),
	}}, nil
}

// exitTable: the exits in the period, by reason, and their sum; the early
// ones among them; and the days from the assignment's start to the exit.
func exitTable(ctx context.Context, t *tx, scope string, args []any, from, to any) (ReportTable, error) {
	reasons := teilhabe.ExitReasons()
	var cols []string
	for _, r := range reasons {
		cols = append(cols, "SUM(CASE WHEN c.closed_reason = '"+string(r)+"' THEN 1 ELSE 0 END)")
	}
	cols = append(cols, "SUM(CASE WHEN c.exit_kind = 'early' THEN 1 ELSE 0 END)",
		"COALESCE(SUM("+t.dialect.daysFrom("c.assignment_start", "c.exit_on")+"), 0)")
	where := ` FROM cases c WHERE ` + scope + ` AND c.stage = 'exited' AND c.exit_on >= ? AND c.exit_on <= ?`
	sums, err := sumsByDomain(ctx, t, len(cols), `SELECT c.legal_domain, `+strings.Join(cols, ", ")+where+
		` GROUP BY c.legal_domain`, append(args, from, to)...)
	if err != nil {
		return ReportTable{}, err
	}
	tb := ReportTable{Name: "exits", Sums: true}
	var all [4]int
	for i, r := range reasons {
		tb.Rows = append(tb.Rows, ReportRow{Key: "code." + r.Key(), Values: sums[i]})
		for j := range 4 {
			all[j] += sums[i][j]
		}
	}
	median, err := medians(ctx, t, `SELECT c.legal_domain AS domain, `+t.dialect.daysFrom("c.assignment_start", "c.exit_on")+` AS d`+where,
		append(args, from, to), all)
	if err != nil {
		return ReportTable{}, err
	}
	n := len(reasons)
	tb.Rows = append(tb.Rows,
		ReportRow{Key: "report.exits.all", Values: all},
		percentRow("report.exits.early", sums[n], all),
		meanRow("report.exits.days_mean", sums[n+1], all),
		ReportRow{Key: "report.exits.days_median", Kind: RowDays, Values: median, Base: all})
	return tb, nil
}

// placesScope is the condition that limits the locations (alias l, their
// provider o) of a report's places to a's scope and the filter: the
// programme's for the coordinator and the sponsors' caseworkers, who
// assign to every location (and see how full it is when they decide), the
// provider's for its lead, the own location for a coach. Places are
// shared by the sponsors, so the sponsor filter does not narrow them.
func placesScope(a teilhabe.Actor, f ReportFilter) (string, []any) {
	where, args := "o.programme_id = ?", []any{a.ProgrammeID}
	switch a.Role {
	case teilhabe.RoleProviderLead:
		where, args = where+" AND o.id = ?", append(args, a.OrgID)
	case teilhabe.RoleCoach:
		where, args = where+" AND o.id = ? AND l.id = ?", append(args, a.OrgID, a.LocationID)
	case teilhabe.RoleCoordinator, teilhabe.RoleSponsorCaseworker:
	default:
		return "1 = 0", nil
	}
	if f.ProviderID != 0 && teilhabe.CanFilterReport(a, teilhabe.FilterProvider) {
		where, args = where+" AND o.id = ?", append(args, f.ProviderID)
	}
	if f.LocationID != 0 && teilhabe.CanFilterReport(a, teilhabe.FilterLocation) {
		where, args = where+" AND l.id = ?", append(args, f.LocationID)
	}
	return where, args
}

// placesTable: for each year the period touches and each location in
// scope, its places, the assignments that started in the year, the places
// early exits freed, and what is left free — from the counters of the
// year (location_year_counts), one query; each year ends with the sum of
// its locations. The entries and freed places count people and follow
// teilhabe.SuppressPlaces outside the provider; places do not.
func placesTable(ctx context.Context, t *tx, a teilhabe.Actor, f ReportFilter) (ReportTable, error) {
	tb := ReportTable{Name: "places", Columns: teilhabe.PlacesColumns}
	var years []string
	var args []any
	for y := f.Period.From.Year(); y <= f.Period.To.Year(); y++ {
		years, args = append(years, "SELECT CAST(? AS INTEGER) AS year"), append(args, y)
	}
	where, whereArgs := placesScope(a, f)
	type row struct {
		year               int
		location, provider string
		places             teilhabe.Places
	}
	rows, err := queryAll(ctx, t, func(s scanner) (row, error) {
		var r row
		err := s.Scan(&r.year, &r.location, &r.provider, &r.places.Places, &r.places.Entries, &r.places.Freed)
		return r, err
	}, `SELECT yr.year, l.name, o.name, l.places_per_year, COALESCE(y.assigned, 0), COALESCE(y.freed, 0)
		FROM (`+strings.Join(years, " UNION ALL ")+`) yr
		CROSS JOIN locations l JOIN organisations o ON o.id = l.provider_id
		LEFT JOIN location_year_counts y ON y.location_id = l.id AND y.year = yr.year
		WHERE `+where+` ORDER BY yr.year, o.name, l.name, l.id`, append(args, whereArgs...)...)
	if err != nil {
		return tb, err
	}
	var groups []int // the number of rows of each year, its sum included
	for i := 0; i < len(rows); {
		var sum teilhabe.Places
		n := 0
		for ; i < len(rows) && rows[i].year == rows[i-n].year; i, n = i+1, n+1 {
			r := rows[i]
			sum.Places, sum.Entries, sum.Freed = sum.Places+r.places.Places, sum.Entries+r.places.Entries, sum.Freed+r.places.Freed
			tb.Rows = append(tb.Rows, placesRow("report.places.location", r.places, r.location, r.provider, r.year))
		}
		tb.Rows = append(tb.Rows, placesRow("report.places.total", sum, rows[i-1].year))
		groups = append(groups, n+1)
	}
	tb.suppress = func(counts [][4]int) [][4]teilhabe.Cell {
		var out [][4]teilhabe.Cell
		for _, n := range groups {
			var year []teilhabe.Places
			for _, c := range counts[len(out) : len(out)+n] {
				year = append(year, teilhabe.Places{Places: c[0], Entries: c[1], Freed: c[2]})
			}
			out = append(out, teilhabe.SuppressPlaces(year)...)
		}
		return out
	}
	return tb, nil
}

// placesRow is a row of the table of places.
func placesRow(key string, p teilhabe.Places, args ...any) ReportRow {
	return ReportRow{Key: key, Args: args, Values: [4]int{p.Places, p.Entries, p.Freed, p.Free()}, Derived: [4]bool{3: true}}
}

// LogReportExport records that a downloaded table of f's report.
func (db *DB) LogReportExport(ctx context.Context, a teilhabe.Actor, f ReportFilter, table string) error {
	return db.logRead(ctx, a, auditEntry{action: teilhabe.AuditReportExported, objectType: "programme",
		objectID: a.ProgrammeID, detail: table + " " + teilhabe.FormatDate(f.Period.From) + "–" + teilhabe.FormatDate(f.Period.To)})
}
