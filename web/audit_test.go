package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"teilhabe"
	"teilhabe/sqldb"
)

// auditRows returns the text of each cell of the audit table's body rows.
func auditRows(t *testing.T, doc *html.Node) [][]string {
	t.Helper()
	table := find(find(doc, tagged("main")), tagged("table"))
	if table == nil {
		t.Fatalf("no audit table: %s", mainText(t, doc))
	}
	var rows [][]string
	for _, tr := range elements(find(table, tagged("tbody")), "tr") {
		var cells []string
		for _, td := range elements(tr, "td") {
			cells = append(cells, text(td))
		}
		rows = append(rows, cells)
	}
	return rows
}

// TestAuditLogInWords: the data protection officer reads each entry as a
// sentence in German (or English) — who, in which role, did what, with the
// detail in words — and filters with choices, not codes.
func TestAuditLogInWords(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		id := ts.anyCase(t, coach.user(t).Actor()).ID
		coach.get(t, caseURL(id))
		coach.get(t, "/cases?overdue=on")
		dpo := ts.signIn(t, "datenschutz")

		res := dpo.get(t, "/audit?action=reads&actor=coach")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET /audit: status %d", res.StatusCode)
		}
		doc := res.doc(t)
		checkPage(t, "GET /audit", doc, "de")
		rows := auditRows(t, doc)
		opened := "hat Fall " + strconv.FormatInt(id, 10) + " geöffnet"
		var sawOpened, sawList bool
		for _, r := range rows {
			if len(r) != 5 {
				t.Fatalf("row %v: want time, account, role, action, request", r)
			}
			if r[1] != "coach" || r[2] != "Coach" {
				t.Errorf("row %v: want the account coach in the role Coach", r)
			}
			sawOpened = sawOpened || r[3] == opened
			sawList = sawList || strings.HasPrefix(r[3], "hat die Fallliste gesehen: ") &&
				strings.HasSuffix(r[3], " Einträge angezeigt, Seite 1, Filter: überfällig")
			if strings.Contains(r[3], "case.") || strings.Contains(r[3], "shown") {
				t.Errorf("row %v shows a code or English", r)
			}
		}
		if !sawOpened || !sawList {
			t.Errorf("rows %v: want %q and the case list with its filter in words", rows, opened)
		}

		// The filters are choices, labelled, with the chosen ones kept.
		kinds := byID(doc, "action")
		if kinds == nil || !is(kinds, "select") {
			t.Fatal("the kind of action is not a select")
		}
		if n := len(elements(kinds, "optgroup")); n != len(teilhabe.AuditGroups()) {
			t.Errorf("the kinds select has %d groups, want %d", n, len(teilhabe.AuditGroups()))
		}
		if o := find(kinds, tagWith("option", "value", "reads")); o == nil || !hasAttr(o, "selected") ||
			text(o) != "Alle: Lesezugriffe" {
			t.Errorf("the group of reads is not offered as chosen")
		}
		if o := find(kinds, tagWith("option", "value", "case.viewed")); o == nil || text(o) != "Fall geöffnet" {
			t.Errorf("case.viewed is not offered as „Fall geöffnet“")
		}
		actors := byID(doc, "actor")
		if actors == nil || !is(actors, "select") {
			t.Fatal("the account is not a select")
		}
		if o := find(actors, tagWith("option", "value", "coach")); o == nil || !hasAttr(o, "selected") ||
			!strings.Contains(text(o), "Coach") {
			t.Errorf("the account coach is not offered as chosen, with its role")
		}
		if c := byID(doc, "case"); c == nil || attrOf(c, "type") != "number" {
			t.Errorf("the case number is not a number field")
		}
		for _, name := range []string{"from", "to"} {
			if byID(doc, name) == nil {
				t.Errorf("no %s field", name)
			}
		}
		// The download keeps the filters, not the page.
		link := find(doc, func(n *html.Node) bool { return is(n, "a") && hasAttr(n, "download") })
		if link == nil || attrOf(link, "href") != "/audit.csv?action=reads&actor=coach" || text(link) != "Als CSV herunterladen" {
			t.Errorf("the download link is %v, want /audit.csv with the filters", link)
		}

		// In English.
		if res := dpo.get(t, "/lang/en?next=/"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("switch to English: %d", res.StatusCode)
		}
		doc = dpo.get(t, "/audit?action=case.viewed&actor=coach&case="+strconv.FormatInt(id, 10)).doc(t)
		checkPage(t, "GET /audit in English", doc, "en")
		rows = auditRows(t, doc)
		if len(rows) == 0 || rows[0][3] != "opened case "+strconv.FormatInt(id, 10) || rows[0][2] != "Coach" {
			t.Errorf("English rows = %v, want „opened case %d“", rows, id)
		}
	})
}

// hasAttr reports whether n has attribute key.
func hasAttr(n *html.Node, key string) bool {
	_, ok := attr(n, key)
	return ok
}

// TestAuditFilterProblems: a filter no choice gives, or a period that ends
// before it starts, is a 422 naming the field, for the page and the
// download alike — never a 500.
func TestAuditFilterProblems(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		dpo := ts.signIn(t, "datenschutz")
		for _, tc := range []struct {
			query, field, label string
		}{
			{"action=case.", "action", "Art der Aktion"},
			{"action=%25", "action", "Art der Aktion"},
			{"actor=niemand", "actor", "Benutzerkonto"},
			{"case=abc", "case", "Fallnummer"},
			{"case=-3", "case", "Fallnummer"},
			{"from=31.02.2026", "from", "Von"},
			{"to=gestern", "to", "Bis"},
			{"from=02.11.2026&to=01.11.2026", "to", "Bis"},
		} {
			for _, path := range []string{"/audit?", "/audit.csv?"} {
				t.Run(path+tc.query, func(t *testing.T) {
					res := dpo.get(t, path+tc.query)
					if res.StatusCode != http.StatusUnprocessableEntity {
						t.Fatalf("status %d, want 422", res.StatusCode)
					}
					doc := res.doc(t)
					checkPage(t, path+tc.query, doc, "de")
					checkProblems(t, doc)
					if msg := text(byID(doc, tc.field+"-error")); !strings.Contains(msg, tc.label) {
						t.Errorf("the error of %s is %q, want it to name %q", tc.field, msg, tc.label)
					}
					if find(doc, tagged("table")) != nil {
						t.Error("entries shown despite the invalid filter")
					}
				})
			}
		}
	})
}

// TestAuditExport: the download is a CSV file for German spreadsheets with
// the entries the filters select, in words, safe to open, and it writes
// one audit entry. Only who may read the log may download it.
func TestAuditExport(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		ctx := context.Background()
		if res := ts.signIn(t, "coach").get(t, "/audit.csv"); res.StatusCode != http.StatusNotFound {
			t.Errorf("a coach downloads the audit log: status %d, want 404", res.StatusCode)
		}
		// A name that a spreadsheet would run as a formula.
		dpoActor := ts.actor(t, "datenschutz")
		_, err := ts.db.CreateOrganisation(ctx, ts.actor(t, "admin"), teilhabe.Organisation{ProgrammeID: dpoActor.ProgrammeID,
			Kind: teilhabe.OrgProvider, Name: `=HYPERLINK("http://example.org";"Hallo")`, State: teilhabe.StateRP})
		if err != nil {
			t.Fatal(err)
		}

		dpo := ts.signIn(t, "datenschutz")
		res := dpo.get(t, "/audit.csv?action=setup&actor=admin")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d, want 200\n%s", res.StatusCode, res.text())
		}
		if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type = %q", ct)
		}
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="protokoll-2026-11-25.csv"` {
			t.Errorf("Content-Disposition = %q", cd)
		}
		body, ok := strings.CutPrefix(res.text(), "\uFEFF")
		if !ok {
			t.Error("no byte order mark: Excel would not read the file as UTF-8")
		}
		r := csv.NewReader(strings.NewReader(body))
		r.Comma = ';'
		records, err := r.ReadAll()
		if err != nil {
			t.Fatalf("read the CSV: %v", err)
		}
		if want := []string{"Zeit", "Benutzer", "Rolle", "Aktion", "Fall", "Details", "Vorgang"}; !slices.Equal(records[0], want) {
			t.Errorf("header = %v, want %v", records[0], want)
		}
		want, _, err := ts.db.FindAuditEntries(ctx, dpoActor, sqldb.AuditFilter{Actions: teilhabe.AuditGroupSetup.Actions(),
			Actor: "admin"})
		if err != nil {
			t.Fatal(err)
		}
		if len(records)-1 != len(want) {
			t.Errorf("%d rows, want the %d entries of the filters", len(records)-1, len(want))
		}
		guarded := false
		for _, rec := range records[1:] {
			if rec[1] != "admin" || rec[2] != "Administration" {
				t.Errorf("row %v: want the administrator in German", rec)
			}
			if rec[3] == "Organisation angelegt" && rec[5] == `'=HYPERLINK("http://example.org";"Hallo")` {
				guarded = true
			}
			for _, cell := range rec {
				if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
					t.Errorf("row %v: cell %q would run as a formula", rec, cell)
				}
			}
		}
		if !guarded {
			t.Errorf("the formula-like name is not shown as text: %v", records)
		}
		if got := ts.auditOf(t, res); !slices.Equal(got, []string{"audit.exported"}) {
			t.Errorf("the download wrote %v, want one audit.exported", got)
		}
	})
}

func TestCSVRowGuardsFormulas(t *testing.T) {
	got := csvRow("=1+1", "+49 651", "-3", "@SUM(A1)", "\tx", "\rx", "Anna", "", "a=b")
	want := []string{"'=1+1", "'+49 651", "'-3", "'@SUM(A1)", "'\tx", "'\rx", "Anna", "", "a=b"}
	if !slices.Equal(got, want) {
		t.Errorf("csvRow = %q, want %q", got, want)
	}
}

// TestAuditDetailsInWords says each kind of detail the store writes in
// German, including the entries written before this rendering existed.
func TestAuditDetailsInWords(t *testing.T) {
	p := &page{Lang: "de"}
	for _, tc := range []struct {
		action teilhabe.AuditAction
		detail string
		want   string
	}{
		{teilhabe.AuditCasesListed, "25 shown, page 1, filter assigned overdue", "25 Einträge angezeigt, Seite 1, Filter: zugewiesen, überfällig"},
		{teilhabe.AuditCasesListed, "1 shown, page 2", "1 Eintrag angezeigt, Seite 2"},
		{teilhabe.AuditRequestMoved, "Caritas Trier-Mitte", "Caritas Trier-Mitte"},
		{teilhabe.AuditDuplicatesChecked, "2 found", "2 Treffer"},
		{teilhabe.AuditWorklistViewed, "18 shown, 1 appointments", "18 Einträge angezeigt, 1 Termin"},
		{teilhabe.AuditInboxViewed, "4 waiting here, 5 there, 100 settled", "4 zu bearbeiten, 5 beim Gegenüber offen, 100 erledigt"},
		{teilhabe.AuditLogRead, "50 shown, page 3, filter action actor case from to installation",
			"50 Einträge angezeigt, Seite 3, Filter: Art der Aktion, Benutzerkonto, Fallnummer, Zeitraum ab, Zeitraum bis, Einträge ohne Programm"},
		{teilhabe.AuditLogExported, "120 exported, filter from", "120 Einträge, Filter: Zeitraum ab"},
		{teilhabe.AuditLogin, "address 192.0.2.1", "IP-Adresse 192.0.2.1"},
		{teilhabe.AuditLoginFailed, "username sonn…, address 192.0.2.1, locked",
			"eingegebener Benutzername „sonn…“, IP-Adresse 192.0.2.1, Konto vorübergehend gesperrt"},
		{teilhabe.AuditPasswordChangeFailed, "current password wrong, locked, sessions ended",
			"aktuelles Passwort falsch, Konto vorübergehend gesperrt, Sitzungen beendet"},
		{teilhabe.AuditUserCreated, "coach.a1 as coach", "coach.a1 als Coach"},
		{teilhabe.AuditUserCreated, "admin as admin (first)", "admin als Administration (erstes Konto)"},
		{teilhabe.AuditUserUpdated, "role coach→provider_lead, deactivated, password reset",
			"Rolle: Coach → Trägerleitung, deaktiviert, Passwort neu vergeben"},
		{teilhabe.AuditPasswordSet, "coach (demo)", "coach (Demo-Zugang)"},
		{teilhabe.AuditLocationUpdated, "places 10→12, features step_free→", "Plätze pro Jahr: 10 → 12, Barrierefreiheit: " + p.T("code.feature.step_free") + " → –"},
		{teilhabe.AuditProgrammeUpdated, "places 150→160, state RP→SL, deadline 7 calendar_days→5 working_days",
			"Plätze pro Jahr: 150 → 160, Bundesland: Rheinland-Pfalz → Saarland, Frist für das Informationsgespräch: 7 " +
				p.T("code.deadline.calendar_days") + " → 5 " + p.T("code.deadline.working_days")},
		{teilhabe.AuditProgrammeCreated, "Inklusion Trier, Nord", "Inklusion Trier, Nord"},
		{teilhabe.AuditCaseCreated, "first contact", "Erstkontakt"},
		{teilhabe.AuditAnnouncementDeclined, "no_capacity", p.T("code.decline.no_capacity")},
		{teilhabe.AuditWithdrawn, "took_up_work", p.T("code.withdraw.took_up_work")},
		{teilhabe.AuditAssignmentRefused, "no_place", p.T("code.refuse.no_place")},
		{teilhabe.AuditConsentRevoked, "employer", p.T("code.consent.employer")},
		{teilhabe.AuditAppointmentNoShow, "info", "Informationsgespräch"},
		{teilhabe.AuditAssignmentRequested, "assignment_requested", ""},
		{teilhabe.AuditAssignmentRequested, "waiting_list", "auf der Warteliste"},
		{teilhabe.AuditEligibility, "eligible", "Voraussetzungen erfüllt"},
		{teilhabe.AuditEligibility, "not eligible: no_barrier,proof_expired",
			"Voraussetzungen nicht erfüllt: " + p.T("code.ineligible.no_barrier") + ", " + p.T("code.ineligible.proof_expired")},
		{teilhabe.AuditCaseRefused, "GET /cases/12", "Aufruf von /cases/12"},
		{teilhabe.AuditCaseRefused, "POST /cases/12/note", "Änderungsversuch über /cases/12/note (POST)"},
		{teilhabe.AuditModuleBooked, "work_trial", "Arbeitserprobung / Praktikum"},
		{teilhabe.AuditModuleUpdated, "status running→completed, result →partly, certificate →05.12.2026, text",
			"Status: Läuft → Abgeschlossen, Ergebnis: – → Teilweise erreicht, Bescheinigung: – → 05.12.2026, Text geändert"},
		{teilhabe.AuditModuleUpdated, "no change", "ohne Änderung"},
		{teilhabe.AuditCatalogueAdded, "Gabelstaplerschein", "Gabelstaplerschein"},
		{teilhabe.AuditCalendarViewed, "week 2026-W50, staff coach, 12 shown", "Woche 2026-W50, Kalender von coach, 12 Einträge angezeigt"},
		{teilhabe.AuditCalendarViewed, "week 2026-W50, location Caritas Trier-Mitte, 1 shown",
			"Woche 2026-W50, Standortkalender Caritas Trier-Mitte, 1 Eintrag angezeigt"},
		{teilhabe.AuditCalendarFeedRead, "40 shown", "40 Einträge angezeigt"},
		{teilhabe.AuditAppointmentExported, "coaching", p.T("code.appointment.coaching")},
		{teilhabe.AuditCalendarFeedCreated, "replaced", "bisheriges Abo ersetzt"},
		{teilhabe.AuditCatalogueUpdated, "hours 40→32, active true→false, deliverer provider→external, text",
			"Übliche Stunden: 40 → 32, Im Angebot: Ja → Nein, Durchführung: Träger selbst → Externer Anbieter, Text geändert"},
		{teilhabe.AuditPlanChanged, "version 2, goal added", "Version 2, Ziel hinzugefügt"},
		{teilhabe.AuditPlanChanged, "version 2, barriers", "Version 2, Hemmnisse geändert"},
		{teilhabe.AuditPlanCompared, "version 1, version 2", "Version 1, Version 2"},
		{teilhabe.AuditPlanCompared, "no comparison", "nichts zu vergleichen"},
		{teilhabe.AuditPlanViewed, "version 3, print", "Version 3, Druckansicht"},
		{teilhabe.AuditPlanViewed, "no plan", "noch kein Plan"},
		{teilhabe.AuditPlanAgreed, "version 1", "Version 1"},
		{teilhabe.AuditFinalReportSaved, "version 2", "Version 2"},
		{teilhabe.AuditFinalReportSent, "version 1", "Version 1"},
		{teilhabe.AuditFinalReportViewed, "version 1, print", "Version 1, Druckansicht"},
		{teilhabe.AuditNoticeAcknowledged, "final_report", "Abschlussbericht"},
	} {
		got, verbatim := p.auditDetail(tc.action, tc.detail)
		if got != tc.want || verbatim {
			t.Errorf("%s %q = %q (verbatim %v), want %q", tc.action, tc.detail, got, verbatim, tc.want)
		}
	}
	// What is not understood is shown as stored, never dropped.
	for _, tc := range []struct {
		action       teilhabe.AuditAction
		detail, want string
	}{
		{teilhabe.AuditCasesListed, "25 shown, sorted by magic", "25 Einträge angezeigt, sorted by magic"},
		{teilhabe.AuditWithdrawn, "moved_to_mars", "moved_to_mars"},
		{teilhabe.AuditUserUpdated, "role coach→king", "Rolle: Coach → king"},
	} {
		if got, verbatim := p.auditDetail(tc.action, tc.detail); got != tc.want || !verbatim {
			t.Errorf("%s %q = %q (verbatim %v), want %q, partly as stored", tc.action, tc.detail, got, verbatim, tc.want)
		}
	}
}

// TestEveryStoredDetailInWords renders every entry the demo and a few
// requests write: none of their details is left in the store's English.
func TestEveryStoredDetailInWords(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		ts.client(t).post(t, "/login", url.Values{"username": {"coach"}, "password": {"falsch"}})
		coach := ts.signIn(t, "coach")
		coach.get(t, "/cases?q=Muster&closed=on")
		coach.get(t, "/calendar")
		coach.post(t, "/calendar/feed", nil)
		coach.post(t, "/calendar/feed", nil)
		coach.post(t, "/calendar/feed/revoke", nil)
		coach.post(t, "/logout", nil)
		dpo := ts.actor(t, "datenschutz")
		ts.signIn(t, "datenschutz").get(t, "/audit?from=01.01.2026")
		var entries []sqldb.AuditRecord
		for _, installation := range []bool{false, true} {
			for page, more := 1, true; more; page++ {
				var list []sqldb.AuditRecord
				var err error
				list, more, err = ts.db.FindAuditEntries(context.Background(), dpo, sqldb.AuditFilter{Installation: installation, Page: page})
				if err != nil {
					t.Fatal(err)
				}
				entries = append(entries, list...)
			}
		}
		seen := map[teilhabe.AuditAction]bool{}
		for _, lang := range []string{"de", "en"} {
			p := &page{Lang: lang}
			for _, e := range entries {
				seen[e.Action] = true
				l := p.auditLine(e)
				if !l.Known || l.verbatim || strings.Contains(l.Did, "%!") {
					t.Errorf("%s: %s %q reads %q: %q", lang, e.Action, e.Detail, l.Did, l.Detail)
				}
			}
		}
		if len(seen) < 15 {
			t.Errorf("only %d kinds of action in the log; is the demo writing less?", len(seen))
		}
	})
}
