package web

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"teilhabe/sqldb"
)

// TestReports: every role with figures opens the report within its scope;
// a bad period is named on its field; a table downloads as CSV for German
// Excel, and the download is logged.
func TestReports(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		for _, who := range []string{"koordination", "agentur", "traegerleitung", "coach"} {
			res := ts.signIn(t, who).get(t, "/reports")
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d, want 200", who, res.StatusCode)
			}
			body := mainText(t, res.doc(t))
			for _, want := range []string{"Vom Erstkontakt zur Vermittlung", "Was wird hier gezählt?", "SGB II (Jobcenter)"} {
				if !strings.Contains(body, want) {
					t.Errorf("%s: the report lacks %q", who, want)
				}
			}
			if hidden := strings.Contains(body, "Gruppen unter 3 Personen sind verdeckt"); hidden != (who == "koordination" || who == "agentur") {
				t.Errorf("%s: small groups hidden = %v", who, hidden)
			}
		}
		if res := ts.signIn(t, "datenschutz").get(t, "/reports"); res.StatusCode != http.StatusNotFound {
			t.Errorf("the data protection officer: status %d, want 404", res.StatusCode)
		}

		coord := ts.signIn(t, "koordination")
		res := coord.get(t, "/reports?from=31.12.2026&to=01.01.2026")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a period ending before it starts: status %d, want 422", res.StatusCode)
		}
		checkProblems(t, res.doc(t))
		if res := coord.get(t, "/reports?from=kein+Datum"); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a bad date: status %d, want 422", res.StatusCode)
		}
		if res := coord.get(t, "/reports?sponsor=999999"); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("an unknown sponsor: status %d, want 422", res.StatusCode)
		}
		// The filters each role may use, and a value outside the scope
		// named on its field, the user's choice kept.
		for who, want := range map[string][3]bool{"koordination": {true, true, true}, "agentur": {false, true, true},
			"traegerleitung": {false, false, true}, "coach": {false, false, false}} {
			doc := ts.signIn(t, who).get(t, "/reports").doc(t)
			var got [3]bool
			for i, name := range []string{"sponsor", "provider", "location"} {
				got[i] = find(doc, tagWith("select", "name", name)) != nil
			}
			if got != want {
				t.Errorf("%s: the sponsor, provider, location filters %v, want %v", who, got, want)
			}
		}
		res = coord.get(t, "/reports?location=999999&from=01.01.2026&to=31.12.2026")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a location outside the programme: status %d, want 422", res.StatusCode)
		}
		doc := res.doc(t)
		checkProblems(t, doc)
		if sel := find(doc, tagWith("select", "name", "location")); sel == nil || !hasAttr(sel, "aria-invalid") {
			t.Error("the location filter is not marked invalid")
		}
		if !strings.Contains(mainText(t, doc), "außerhalb der Fälle") {
			t.Error("the problem does not say that the location lies outside the user's cases")
		}
		if in := find(doc, tagWith("input", "name", "from")); in == nil {
			t.Error("the period is not shown again")
		} else if v, _ := attr(in, "value"); v != "01.01.2026" {
			t.Errorf("the period's start reads %q after the problem, want the user's 01.01.2026", v)
		}

		res = coord.get(t, "/reports.csv?table=exits&from=01.01.2025&to=31.12.2026")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("the CSV: status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
		csv := res.text()
		if !strings.HasPrefix(csv, "\uFEFFAustritte nach Grund;Gesamt;SGB II (Jobcenter);SGB III (Agentur);Rechtskreis noch offen\r\n") ||
			!strings.Contains(csv, "\r\nAustritte insgesamt;") {
			t.Errorf("the CSV does not start with its header and BOM, or lacks the total:\n%s", csv)
		}
		res = coord.get(t, "/reports.xlsx?from=01.01.2025&to=31.12.2026")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("the XLSX: status %d", res.StatusCode)
		}
		book, err := excelize.OpenReader(bytes.NewReader(res.body))
		if err != nil {
			t.Fatalf("the XLSX does not open: %v", err)
		}
		if sheets := book.GetSheetList(); len(sheets) != len(sqldb.ReportTables) || sheets[0] != "Erstkontakt bis Vermittlung" || sheets[len(sheets)-1] != "Belegung" {
			t.Errorf("sheets %v, want one per table", sheets)
		}
		if v, _ := book.GetCellValue("Austritte", "B3"); v != "Gesamt" {
			t.Errorf("the exits sheet's header reads %q, want Gesamt", v)
		}
		if v, _ := book.GetCellValue("Plätze", "C3"); v != "Eintritte" {
			t.Errorf("the places sheet's header reads %q, want Eintritte", v)
		}
		res = coord.get(t, "/reports.csv?table=places&from=01.01.2026&to=31.12.2026")
		if csv := res.text(); res.StatusCode != http.StatusOK ||
			!strings.HasPrefix(csv, "\uFEFFPlätze: belegt und verfügbar;Plätze;Eintritte;Frei geworden;Frei\r\n") || !strings.Contains(csv, "\r\nAlle Standorte, 2026;") {
			t.Errorf("the places CSV: status %d\n%s", res.StatusCode, csv)
		}
		if res := coord.get(t, "/reports.csv?table=nosuch"); res.StatusCode != http.StatusNotFound {
			t.Errorf("an unknown table: status %d, want 404", res.StatusCode)
		}
		if page := mainText(t, ts.signIn(t, "datenschutz").get(t, "/audit?action=report.exported").doc(t)); !strings.Contains(page, "Bericht heruntergeladen") {
			t.Errorf("the download is not in the audit log:\n%s", page)
		}
	})
}
