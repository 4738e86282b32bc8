package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"teilhabe"
	"teilhabe/sqldb"
)

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
