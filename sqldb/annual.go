package sqldb

import (
	"context"
	"strconv"

	"teilhabe"
)

// AnnualReport is the printable annual report of the whole programme for
// its lead sponsor: the year's figures, the key ones per sponsor side by
// side, the places of every location, and the narrative written from
// them.
type AnnualReport struct {
	Year        int
	Programme   string
	LeadSponsor string
	// Report holds the programme's tables of the year, small groups
	// hidden: the figures leave the providers.
	Report Report
	// Sponsors are the columns of BySponsor after the programme's total.
	Sponsors  []teilhabe.Organisation
	BySponsor []SponsorRow
}

// SponsorRow is one key figure of the year for the programme (the first
// cell) and each sponsor.
type SponsorRow struct {
	Key   string
	Kind  RowKind // RowCount or RowPercent
	Cells []teilhabe.Cell
}

// FindAnnualReport computes the annual report of year for a
// (teilhabe.CanSeeAnnualReport: the coordinator and the lead sponsor's
// caseworkers), over the whole programme, and logs that a read it. Other
// users, and a programme without a lead sponsor, find nothing
// (teilhabe.ErrNotFound); a year outside 2000–2200 is a problem of the
// field "year".
func (db *DB) FindAnnualReport(ctx context.Context, a teilhabe.Actor, year int) (AnnualReport, error) {
	rep := AnnualReport{Year: year}
	if a.ProgrammeID == 0 {
		return rep, teilhabe.ErrNotFound
	}
	if year < 2000 || year > 2200 {
		return rep, teilhabe.Invalid("year", "err.year")
	}
	f := ReportFilter{Period: teilhabe.YearPeriod(year)}
	err := db.read(ctx, func(t *tx) error {
		orgs, err := t.organisations(ctx, a.ProgrammeID)
		if err != nil {
			return err
		}
		var lead int64
		for _, o := range orgs {
			if o.Kind.IsSponsor() {
				rep.Sponsors = append(rep.Sponsors, o)
			}
			if o.Lead {
				lead, rep.LeadSponsor = o.ID, o.Name
			}
		}
		if !teilhabe.CanSeeAnnualReport(a, lead) {
			return teilhabe.ErrNotFound
		}
		p, err := t.programme(ctx, a.ProgrammeID)
		if err != nil {
			return err
		}
		rep.Programme = p.Name
		// The whole programme, as its coordinator sees it.
		programme := teilhabe.Actor{Role: teilhabe.RoleCoordinator, ProgrammeID: a.ProgrammeID}
		rep.Report = Report{Filter: f, Suppressed: true}
		if rep.Report.Tables, err = t.reportTables(ctx, programme, f); err != nil {
			return err
		}
		rep.BySponsor, err = t.sponsorRows(ctx, a.ProgrammeID, rep.Sponsors, f.Period)
		return err
	})
	if err != nil {
		return AnnualReport{Year: year}, err
	}
	for i := range rep.Report.Tables {
		rep.Report.Tables[i].showCells(true)
	}
	return rep, db.logRead(ctx, a, auditEntry{action: teilhabe.AuditAnnualReportViewed, objectType: "programme",
		objectID: a.ProgrammeID, detail: strconv.Itoa(year)})
}

// sponsorRows counts, per sponsor of the programme, the assignments that
// began in the period and how many of them were placed within twelve
// months (as goalTable), and the exits in the period and how many were
// early (as exitTable) — two grouped queries —, each row with the
// programme's total first and small groups hidden (teilhabe.SuppressSum);
// a share is hidden where it would give a group away.
func (t *tx) sponsorRows(ctx context.Context, programmeID int64, sponsors []teilhabe.Organisation, p teilhabe.Period) ([]SponsorRow, error) {
	col := map[int64]int{}
	for i, o := range sponsors {
		col[o.ID] = i + 1
	}
	counts := make([][]int, 4) // assigned, placed, exits, early
	for i := range counts {
		counts[i] = make([]int, len(sponsors)+1)
	}
	add := func(query string, first int) error {
		rows, err := t.query(ctx, query, programmeID, date(p.From), date(p.To))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var sponsor int64
			var n, m int
			if err := rows.Scan(&sponsor, &n, &m); err != nil {
				return err
			}
			j, ok := col[sponsor]
			if !ok {
				continue // no sponsor's case: none is assigned without one
			}
			counts[first][0], counts[first][j] = counts[first][0]+n, n
			counts[first+1][0], counts[first+1][j] = counts[first+1][0]+m, m
		}
		return rows.Err()
	}
	if err := add(`SELECT COALESCE(c.sponsor_id, 0), COUNT(*), SUM(CASE WHEN `+placedWithinYear(t.dialect)+` THEN 1 ELSE 0 END)
		FROM cases c WHERE c.programme_id = ? AND c.assignment_start >= ? AND c.assignment_start <= ?
		GROUP BY c.sponsor_id`, 0); err != nil {
		return nil, err
	}
	if err := add(`SELECT COALESCE(c.sponsor_id, 0), COUNT(*), SUM(CASE WHEN c.exit_kind = 'early' THEN 1 ELSE 0 END)
		FROM cases c WHERE c.programme_id = ? AND c.stage = 'exited' AND c.exit_on >= ? AND c.exit_on <= ?
		GROUP BY c.sponsor_id`, 2); err != nil {
		return nil, err
	}
	var cells [4][]teilhabe.Cell
	for i := range counts {
		cells[i] = teilhabe.SuppressSum(counts[i])
	}
	share := func(key string, part, whole []teilhabe.Cell) SponsorRow {
		r := SponsorRow{Key: key, Kind: RowPercent}
		for j := range part {
			n, _ := teilhabe.Percent(part[j].N, whole[j].N)
			r.Cells = append(r.Cells, teilhabe.Cell{N: n, Suppressed: teilhabe.ShareHidden(part[j], whole[j])})
		}
		return r
	}
	return []SponsorRow{
		{Key: "report.goal.assigned", Cells: cells[0]},
		{Key: "report.goal.placed", Cells: cells[1]},
		share("report.goal.placed_share", cells[1], cells[0]),
		{Key: "report.exits.all", Cells: cells[2]},
		{Key: "annual.exits_early", Cells: cells[3]},
		share("report.exits.early", cells[3], cells[2]),
	}, nil
}

// cell returns column j of the count or share row key of table name.
func (r Report) cell(name, key string, j int) (ReportRow, teilhabe.Cell) {
	for _, tb := range r.Tables {
		if tb.Name != name {
			continue
		}
		for _, row := range tb.Rows {
			if row.Key == key {
				return row, row.Cells[j]
			}
		}
	}
	return ReportRow{}, teilhabe.Cell{}
}

// Figures returns the key numbers the narrative says, as the tables show
// them (teilhabe.AnnualNarrative).
func (a AnnualReport) Figures() teilhabe.AnnualFigures {
	r := a.Report
	var f teilhabe.AnnualFigures
	total, places := r.cell("places", "report.places.total", 0)
	_, free := r.cell("places", "report.places.total", 3)
	f.Places = places
	f.Used = teilhabe.Cell{N: total.Values[0] - total.Values[3], Suppressed: free.Suppressed}
	for j := range 3 {
		_, f.Assigned[j] = r.cell("goal", "report.goal.assigned", j)
		_, f.Placed[j] = r.cell("goal", "report.goal.placed", j)
		_, f.PlacedShare[j] = r.cell("goal", "report.goal.placed_share", j)
	}
	_, f.Exits = r.cell("exits", "report.exits.all", 0)
	_, f.Early = r.cell("exits", "report.exits.early", 0)
	_, f.Sustain = r.cell("sustain", "report.sustain.all", 0)
	_, f.Held = r.cell("sustain", "report.sustain.yes", 0)
	return f
}
