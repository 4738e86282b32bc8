package browsertest_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"teilhabe/browsertest"
)

// TestJourneyFirstContactToExit walks one participant through the whole
// journey, from the first contact through the first conversation, the
// release towards employers, a placement and its follow-up, to the exit
// into the job and the final report the sponsor takes note of, as a
// person would: a coach of Caritas Trier-Mitte and a caseworker of the
// Jobcenter Trier Stadt, each in a browser of their own, against one demo
// server. It follows the links of the case page (nav.actions) rather than
// typing step URLs, submits the forms, checks what the case page says after
// every step, and checks every page it sees with axe-core, validation pages
// included. It also checks that the coach's internal note stays hidden from
// the sponsor, and that a caseworker of another sponsor (the Agentur für
// Arbeit) cannot open the case.
func TestJourneyFirstContactToExit(t *testing.T) {
	coach := browsertest.NewBrowser(t) // skips without Chromium, before the build
	caseworker := browsertest.NewBrowser(t)
	srv := browsertest.StartServer(t)

	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatalf("loading Europe/Berlin: %v", err)
	}
	now := time.Now().In(berlin)
	today := now.Format("02.01.2006")
	inAWeek := now.AddDate(0, 0, 7).Format("02.01.2006")

	suffix := randomSuffix()
	firstName := "Mira"
	lastName := "Journeytest-" + suffix     // unique: no duplicate warning
	fullName := lastName + ", " + firstName // as the app shows a person
	note := "Interne Notiz " + suffix + ": Rückruf vereinbaren, nur für den Träger."

	var caseID string  // set in step 1
	var caseURL string // srv.URL + "/cases/" + caseID

	// run runs one step as a subtest. A step that stops with t.Fatal stops
	// the journey, because every later step depends on it; a step with only
	// t.Error failures (an axe finding, a wrong label) lets it go on.
	run := func(name string, f func(t *testing.T)) {
		t.Helper()
		done := false
		t.Run(name, func(t *testing.T) {
			f(t)
			done = true
		})
		if !done {
			t.Fatalf("the journey stops at step %q: later steps depend on it", name)
		}
	}

	run("1 Erstkontakt", func(t *testing.T) {
		browsertest.SignIn(t, coach, srv, "coach")
		checkJourneyPage(t, coach, "coach: Startseite", http.StatusOK)

		st := browsertest.Visit(t, coach, srv.URL+"/cases/new")
		checkJourneyPage(t, coach, "coach: Erstkontakt erfassen", st)
		if got := fieldValue(t, coach, "#contact_on"); got != today {
			t.Errorf("first contact form: contact_on is prefilled with %q, want today %q", got, today)
		}

		browsertest.Fill(t, coach, "#first_name", firstName)
		browsertest.Fill(t, coach, "#last_name", lastName)
		browsertest.Fill(t, coach, "#birth_date", "31.02.1980") // no 31 February
		browsertest.Fill(t, coach, "#phone", "0651 1234567")
		browsertest.Fill(t, coach, "#email", "mira."+suffix+"@example.org")
		browsertest.Fill(t, coach, "#street", "Paulinstraße 12")
		browsertest.Fill(t, coach, "#postcode", "54292")
		browsertest.Fill(t, coach, "#city", "Trier")
		browsertest.Click(t, coach, "#channel-email")

		// The impossible date comes back as a validation page.
		st = submitMainForm(t, coach)
		if st != http.StatusUnprocessableEntity {
			t.Errorf("first contact with birth date 31.02.1980: HTTP status %d, want 422", st)
		}
		if p := urlPath(browsertest.Location(t, coach)); p != "/cases" {
			t.Errorf("first contact with an impossible birth date: now at %s, want the form again (POST /cases)", p)
		}
		checkJourneyPage(t, coach, "coach: Erstkontakt mit ungültigem Geburtsdatum", st)
		if n := browsertest.Count(t, coach, `main [role="alert"]`); n != 1 {
			t.Fatalf("validation page of the first contact: %d error summaries (role=alert), want 1; page says:\n%s", n, mainText(t, coach))
		}
		if n := browsertest.Count(t, coach, `main [role="alert"] a[href="#birth_date"]`); n != 1 {
			t.Errorf("the error summary has %d links to #birth_date, want 1; it says: %s", n, squash(browsertest.Text(t, coach, `main [role="alert"]`)))
		}
		if n := browsertest.Count(t, coach, `#birth_date[aria-invalid="true"]`); n != 1 {
			t.Errorf("#birth_date is not marked aria-invalid=\"true\" on the validation page")
		}
		if n := browsertest.Count(t, coach, `main [role="alert"] a:not([href="#birth_date"])`); n != 0 {
			t.Errorf("the error summary has %d problems besides the birth date: %s", n, squash(browsertest.Text(t, coach, `main [role="alert"]`)))
		}
		// The message names the field and the problem, and the script moved
		// the focus to the summary.
		if got := squash(browsertest.Text(t, coach, `main [role="alert"] a[href="#birth_date"]`)); got != "Geburtsdatum: Den 31.02.1980 gibt es nicht." {
			t.Errorf("the error summary says %q, want the field and the problem", got)
		}
		if n := browsertest.Count(t, coach, `[data-error-summary]:focus`); n != 1 {
			t.Errorf("the focus is not on the error summary")
		}
		// What the coach typed is kept.
		for sel, want := range map[string]string{"#first_name": firstName, "#last_name": lastName, "#birth_date": "31.02.1980", "#city": "Trier"} {
			if got := fieldValue(t, coach, sel); got != want {
				t.Errorf("validation page of the first contact: %s holds %q, want the typed %q", sel, got, want)
			}
		}
		if !isChecked(t, coach, "#channel-email") {
			t.Errorf("validation page of the first contact: the channel e-mail is no longer selected")
			browsertest.Click(t, coach, "#channel-email")
		}

		browsertest.Fill(t, coach, "#birth_date", "28.02.1980")
		st = submitMainForm(t, coach)
		loc := browsertest.Location(t, coach)
		m := regexp.MustCompile(`^` + regexp.QuoteMeta(srv.URL) + `/cases/(\d+)$`).FindStringSubmatch(loc)
		if m == nil {
			t.Fatalf("after recording the first contact the browser is at %s (status %d), want /cases/{id}; page says:\n%s", loc, st, mainText(t, coach))
		}
		caseID, caseURL = m[1], loc
		t.Logf("case %s: %s", caseID, fullName)
		checkCasePage(t, coach, "coach: Fall nach Erstkontakt", st)
		expectFlash(t, coach, "Der Erstkontakt ist erfasst")
		if h1 := strings.TrimSpace(browsertest.Text(t, coach, "main h1")); h1 != fullName {
			t.Errorf("case page heading is %q, want %q", h1, fullName)
		}
		expectStage(t, coach, "Erstkontakt")
		deadlines := browsertest.Text(t, coach, `section[aria-labelledby="h-deadlines"]`)
		if !regexp.MustCompile(`Informationsgespräch bis\s+\d{2}\.\d{2}\.\d{4}`).MatchString(deadlines) {
			t.Errorf("case page: the deadlines do not show \"Informationsgespräch bis\" with a date: %q", squash(deadlines))
		}
		responsible := browsertest.Text(t, coach, `section[aria-labelledby="h-responsible"]`)
		if !strings.Contains(responsible, "Caritas Trier-Mitte (Caritasverband Trier e.V.)") {
			t.Errorf("case page: the location is not Caritas Trier-Mitte (Caritasverband Trier e.V.): %q", squash(responsible))
		}
		if !strings.Contains(browsertest.Text(t, coach, `section[aria-labelledby="h-person"]`), "28.02.1980") {
			t.Errorf("case page: the birth date 28.02.1980 is not shown")
		}
	})

	run("2 Informationsgespräch buchen", func(t *testing.T) {
		followAction(t, coach, "Informationsgespräch buchen", caseURL+"/book-info")
		checkJourneyPage(t, coach, "coach: Informationsgespräch buchen", http.StatusOK)
		if v := fieldValue(t, coach, "#location"); v == "" {
			t.Errorf("book-info: no location is preselected")
		} else if txt := selectedText(t, coach, "#location"); !strings.HasPrefix(txt, "Caritas Trier-Mitte") {
			t.Errorf("book-info: the preselected location is %q, want Caritas Trier-Mitte", txt)
		}
		if !isChecked(t, coach, `input[name="mode"][value="in_person"]`) {
			t.Errorf("book-info: the mode \"vor Ort\" is not preselected")
			browsertest.Click(t, coach, `input[name="mode"][value="in_person"]`)
		}
		browsertest.Fill(t, coach, "#on", today)
		browsertest.Fill(t, coach, "#at", "10:00")
		setChecked(t, coach, `input[name="needs"][value="sign_language"]`)
		st := submitMainForm(t, coach)
		expectOnCase(t, coach, caseURL, st, "book-info")
		checkCasePage(t, coach, "coach: Fall nach Buchung des Informationsgesprächs", st)
		expectFlash(t, coach, "Der Termin ist gebucht.")
		expectStage(t, coach, "Informationsgespräch gebucht")
		appts := browsertest.Text(t, coach, `section[aria-labelledby="h-appointments"]`)
		for _, want := range []string{"Informationsgespräch", today + " 10:00", "Gebärdensprachdolmetschung", "gebucht"} {
			if !strings.Contains(appts, want) {
				t.Errorf("case page: the appointments do not show %q: %q", want, squash(appts))
			}
		}

		// The coach's start page lists the appointment among today's and the
		// case as due today, with the count in each heading.
		st = browsertest.Visit(t, coach, srv.URL+"/")
		checkJourneyPage(t, coach, "coach: Startseite mit dem Termin von heute", st)
		for _, heading := range []string{"Termine heute und in den nächsten 6 Tagen", "Heute fällig"} {
			if !sectionHasLink(t, coach, heading, "/cases/"+caseID) {
				t.Errorf("coach start page: the section %q has no link to the case", heading)
			}
		}
		if row := rowText(t, coach, "/cases/"+caseID); !strings.Contains(row, "heute") || !strings.Contains(row, "10:00") {
			t.Errorf("coach start page: the appointment row says %q, want \"heute\" and 10:00", row)
		}
		if n := browsertest.Count(t, coach, `main h2`); n < 5 {
			t.Errorf("coach start page: %d headings, want the appointments and the four groups", n)
		}
		browsertest.Visit(t, coach, caseURL)
	})

	run("3 Ergebnis Informationsgespräch", func(t *testing.T) {
		followAction(t, coach, "Ergebnis des Informationsgesprächs", caseURL+"/info-outcome")
		checkJourneyPage(t, coach, "coach: Ergebnis des Informationsgesprächs", http.StatusOK)
		browsertest.Click(t, coach, `input[name="outcome"][value="held"]`)
		st := submitMainForm(t, coach)
		expectOnCase(t, coach, caseURL, st, "info-outcome")
		checkCasePage(t, coach, "coach: Fall nach dem Informationsgespräch", st)
		expectFlash(t, coach, "Gespeichert.")
		expectStage(t, coach, "Voraussetzungen zu prüfen")
		deadlines := browsertest.Text(t, coach, `section[aria-labelledby="h-deadlines"]`)
		if !strings.Contains(deadlines, "stattgefunden am "+today) || !strings.Contains(deadlines, "Frist eingehalten") {
			t.Errorf("case page: the deadlines do not say \"stattgefunden am %s\" and \"Frist eingehalten\": %q", today, squash(deadlines))
		}
	})

	run("4 Voraussetzungen prüfen", func(t *testing.T) {
		followAction(t, coach, "Voraussetzungen prüfen", caseURL+"/eligibility")
		checkJourneyPage(t, coach, "coach: Voraussetzungen prüfen", http.StatusOK)
		sponsor := optionValue(t, coach, "#sponsor", "Jobcenter Trier Stadt")

		browsertest.Click(t, coach, `input[name="job_seeking"][value="yes"]`)
		browsertest.Click(t, coach, `input[name="kind"][value="severe"]`)
		browsertest.Fill(t, coach, "#gdb", "55") // GdB comes in steps of ten
		browsertest.Fill(t, coach, "#proof_kind", "id_card")
		browsertest.Fill(t, coach, "#proof_issued", "01.03.2024")
		browsertest.Fill(t, coach, "#proof_valid_until", "03/2029")
		setChecked(t, coach, `input[name="barriers"][value="long_term_unemployed"]`)
		browsertest.Click(t, coach, `input[name="legal_domain"][value="SGB2"]`)
		// With the script, SGB II offers the Jobcenters only.
		if offered := eval[string](t, coach, `[...document.querySelectorAll('#sponsor optgroup')].filter(g => !g.disabled).map(g => g.dataset.domain).join()`); offered != "SGB2" {
			t.Errorf("eligibility: with SGB II chosen the sponsor select offers the groups %q, want SGB2 only", offered)
		}
		browsertest.Fill(t, coach, "#sponsor", sponsor)
		browsertest.Fill(t, coach, "#customer_number", "123D"+strings.ToUpper(suffix[:6]))

		st := submitMainForm(t, coach)
		if st != http.StatusUnprocessableEntity {
			t.Errorf("eligibility with GdB 55: HTTP status %d, want 422", st)
		}
		checkJourneyPage(t, coach, "coach: Voraussetzungen mit GdB 55", st)
		if browsertest.Count(t, coach, `main [role="alert"]`) == 0 {
			t.Fatalf("eligibility with GdB 55: no error summary (role=alert); page says:\n%s", mainText(t, coach))
		}
		summary := squash(browsertest.Text(t, coach, `main [role="alert"]`))
		if !strings.Contains(summary, "Der GdB liegt zwischen 20 und 100 und wird in Zehnerschritten festgestellt.") {
			t.Errorf("eligibility with GdB 55: the error summary does not give the GdB rule: %q", summary)
		}
		if browsertest.Count(t, coach, `main [role="alert"] a[href="#gdb"]`) != 1 {
			t.Errorf("eligibility with GdB 55: the error summary has no link to #gdb: %q", summary)
		}
		if browsertest.Count(t, coach, `#gdb[aria-invalid="true"]`) != 1 {
			t.Errorf("eligibility with GdB 55: #gdb is not marked aria-invalid=\"true\"")
		}
		// The rest of the form is kept.
		for sel, want := range map[string]string{"#gdb": "55", "#proof_kind": "id_card", "#proof_issued": "01.03.2024",
			"#proof_valid_until": "03/2029", "#sponsor": sponsor} {
			if got := fieldValue(t, coach, sel); got != want {
				t.Errorf("eligibility validation page: %s holds %q, want the submitted %q", sel, got, want)
				browsertest.Fill(t, coach, sel, want)
			}
		}
		for _, sel := range []string{`input[name="job_seeking"][value="yes"]`, `input[name="kind"][value="severe"]`,
			`input[name="barriers"][value="long_term_unemployed"]`, `input[name="legal_domain"][value="SGB2"]`} {
			if !isChecked(t, coach, sel) {
				t.Errorf("eligibility validation page: %s is no longer checked", sel)
				setChecked(t, coach, sel)
			}
		}

		browsertest.Fill(t, coach, "#gdb", "60")
		st = submitMainForm(t, coach)
		expectOnCase(t, coach, caseURL, st, "eligibility")
		checkCasePage(t, coach, "coach: Fall nach der Prüfung der Voraussetzungen", st)
		expectFlash(t, coach, "Die Prüfung der Voraussetzungen ist gespeichert.")
		expectStage(t, coach, "Vertrag zu unterschreiben")
		resp := browsertest.Text(t, coach, `section[aria-labelledby="h-responsible"]`)
		if !strings.Contains(resp, "Jobcenter Trier Stadt") || !strings.Contains(resp, "SGB II") {
			t.Errorf("case page: the sponsor is not the Jobcenter Trier Stadt (SGB II): %q", squash(resp))
		}
		elig := browsertest.Text(t, coach, `section[aria-labelledby="h-eligibility"]`)
		for _, want := range []string{"GdB 60", "Schwerbehindertenausweis", "01.03.2024", "31.03.2029", "langzeitarbeitslos"} {
			if !strings.Contains(elig, want) {
				t.Errorf("case page: the eligibility section does not show %q: %q", want, squash(elig))
			}
		}
	})

	run("5 Teilnahmevertrag", func(t *testing.T) {
		// The printable contract, linked from the contract section.
		href := linkHref(t, coach, `section[aria-labelledby="h-contract"] a`, "Vertrag zum Drucken öffnen")
		if href != caseURL+"/contract" {
			t.Errorf("case page: the printable contract is linked as %s, want %s/contract", href, caseURL)
		}
		st := browsertest.Visit(t, coach, href)
		checkJourneyPage(t, coach, "coach: Teilnahmevertrag zum Drucken", st)
		doc := browsertest.Text(t, coach, "main")
		for _, want := range []string{firstName + " " + lastName, "28.02.1980", "Paulinstraße 12", "54292 Trier", "Caritasverband Trier e.V.", "Caritas Trier-Mitte", "Jobcenter Trier Stadt"} {
			if !strings.Contains(doc, want) {
				t.Errorf("printable contract: %q is missing", want)
			}
		}
		if strings.Contains(doc, "Jobcenter Trier Stadt (") {
			t.Errorf("printable contract: the sponsor's name carries a label: %q", squash(doc))
		}
		if browsertest.Count(t, coach, `main form[method="post"]`) != 0 {
			t.Errorf("the printable contract page has a form; want the printable document only")
		}
		if n := browsertest.Count(t, coach, `.signature-row > .signature`); n != 2 {
			t.Errorf("printable contract: %d signature blocks side by side, want 2", n)
		}

		// The copy in easy-to-read language, linked from the contract.
		easy := linkHref(t, coach, `main a`, "Fassung in Leichter Sprache")
		st = browsertest.Visit(t, coach, easy)
		checkJourneyPage(t, coach, "coach: Vertrag in Leichter Sprache", st)
		if doc := browsertest.Text(t, coach, "main"); !strings.Contains(doc, "Ihr Vertrag für das Coaching") || !strings.Contains(doc, "Sie können aufhören") {
			t.Errorf("easy-to-read copy: %q", squash(doc))
		}

		// The signature step, through the link of the case page.
		browsertest.Visit(t, coach, caseURL)
		checkCasePage(t, coach, "coach: Fall vor der Unterschrift", http.StatusOK)
		links := actionLinks(t, coach)
		var sign *actionLink
		for i, l := range links {
			if strings.Contains(l.Label, "Unterschrift") || strings.Contains(l.Label, "Teilnahmevertrag") {
				sign = &links[i]
				break
			}
		}
		if sign == nil {
			t.Fatalf("case page in stage \"Vertrag zu unterschreiben\" has no step link to record the signature; its links: %v", links)
		}
		if sign.Href == caseURL+"/contract" {
			t.Errorf("BUG: the signature step link %q points to %s, which GET-serves the printable contract, not the signature form", sign.Label, sign.Href)
		}
		st = browsertest.Visit(t, coach, sign.Href)
		checkJourneyPage(t, coach, "coach: "+sign.Label, st)
		if browsertest.Count(t, coach, "#signed_on") != 1 {
			t.Fatalf("BUG: the signature step %s (%q) shows no form with #signed_on; the signature cannot be recorded through the UI; page says:\n%s",
				sign.Href, sign.Label, mainText(t, coach))
		}
		if got := fieldValue(t, coach, "#signed_on"); got != today {
			t.Errorf("signature step: signed_on is prefilled with %q, want today %q", got, today)
			browsertest.Fill(t, coach, "#signed_on", today)
		}
		st = submitMainForm(t, coach)
		expectOnCase(t, coach, caseURL, st, "signature")
		checkCasePage(t, coach, "coach: Fall nach der Unterschrift", st)
		expectFlash(t, coach, "Die Unterschrift des Teilnahmevertrags ist erfasst.")
		expectStage(t, coach, "Vertrag unterschrieben")
		if c := browsertest.Text(t, coach, `section[aria-labelledby="h-contract"]`); !strings.Contains(c, today) {
			t.Errorf("case page: the contract section does not show the signature date %s: %q", today, squash(c))
		}
	})

	run("6 Einwilligung", func(t *testing.T) {
		followAction(t, coach, "Einwilligung erfassen", caseURL+"/consent")
		checkJourneyPage(t, coach, "coach: Einwilligung erfassen", http.StatusOK)
		if got := fieldValue(t, coach, "#given_on"); got != today {
			t.Errorf("consent: given_on is prefilled with %q, want today %q", got, today)
			browsertest.Fill(t, coach, "#given_on", today)
		}
		browsertest.Click(t, coach, `input[name="scope"][value="employer"]`)
		st := submitMainForm(t, coach)
		expectOnCase(t, coach, caseURL, st, "consent")
		checkCasePage(t, coach, "coach: Fall nach der Einwilligung", st)
		expectFlash(t, coach, "Die Einwilligung ist erfasst.")
		expectStage(t, coach, "Vertrag unterschrieben")
		consents := browsertest.Text(t, coach, `section[aria-labelledby="h-consents"]`)
		if !strings.Contains(consents, "Schweigepflichtentbindung gegenüber Betrieb") || !strings.Contains(consents, today) {
			t.Errorf("case page: the consents do not list the employer release of %s: %q", today, squash(consents))
		}
	})

	run("7 Interne Notiz", func(t *testing.T) {
		followAction(t, coach, "Kontaktnotiz", caseURL+"/note")
		checkJourneyPage(t, coach, "coach: Kontaktnotiz", http.StatusOK)
		browsertest.Click(t, coach, `input[name="channel"][value="phone"]`)
		browsertest.Fill(t, coach, "#text", note)
		st := submitMainForm(t, coach)
		expectOnCase(t, coach, caseURL, st, "note")
		checkCasePage(t, coach, "coach: Fall nach der internen Notiz", st)
		expectFlash(t, coach, "Die Notiz ist gespeichert.")
		if !strings.Contains(browsertest.Text(t, coach, "main"), note) {
			// Without this the check in step 9 proves nothing.
			t.Fatalf("the coach's case page does not show the internal note %q", note)
		}
	})

	run("8 Zuweisung anfragen", func(t *testing.T) {
		followAction(t, coach, "Zuweisung anfragen", caseURL+"/request-assignment")
		checkJourneyPage(t, coach, "coach: Zuweisung anfragen", http.StatusOK)
		if intro := browsertest.Text(t, coach, "main"); !strings.Contains(intro, "Jobcenter Trier Stadt") {
			t.Errorf("request-assignment: the page does not say that the request goes to the Jobcenter Trier Stadt")
		}
		st := submitMainForm(t, coach)
		expectOnCase(t, coach, caseURL, st, "request-assignment")
		checkCasePage(t, coach, "coach: Fall nach der Anfrage", st)
		if stage := stageText(t, coach); stage == "auf der Warteliste" {
			t.Fatalf("the request went to the waiting list: Caritas Trier-Mitte has no free place in the demo data (flash: %q)",
				browsertest.Text(t, coach, `main [role="status"]`))
		}
		expectFlash(t, coach, "Die Zuweisung ist beim Projektträger angefragt.")
		expectStage(t, coach, "Zuweisung angefragt")

		// The request lies with the sponsor: the coach's start page shows the
		// case apart, as waiting on others.
		st = browsertest.Visit(t, coach, srv.URL+"/")
		checkJourneyPage(t, coach, "coach: Startseite mit der Anfrage", st)
		if !sectionHasLink(t, coach, "Wartet auf andere", "/cases/"+caseID) {
			t.Errorf("coach start page: the requested case is not listed as waiting on others")
		}
		for _, heading := range []string{"Überfällig", "Heute fällig", "Diese Woche fällig"} {
			if sectionHasLink(t, coach, heading, "/cases/"+caseID) {
				t.Errorf("coach start page: the requested case is listed under %q, though the coach cannot act on it", heading)
			}
		}
		browsertest.Visit(t, coach, caseURL)
	})

	run("9 Projektträger weist zu", func(t *testing.T) {
		browsertest.SignIn(t, caseworker, srv, "jobcenter")
		checkJourneyPage(t, caseworker, "jobcenter: Startseite", http.StatusOK)
		caseHref := "/cases/" + caseID
		if !sectionHasLink(t, caseworker, "Anfragen, die auf Ihre Entscheidung warten", caseHref) {
			t.Errorf("jobcenter start page: the section \"Anfragen, die auf Ihre Entscheidung warten\" has no link to %s (%s)", caseHref, fullName)
		}

		st := browsertest.Visit(t, caseworker, srv.URL+"/inbox")
		checkJourneyPage(t, caseworker, "jobcenter: Posteingang", st)
		if !sectionHasLink(t, caseworker, "Wartet auf Sie", caseHref) {
			t.Errorf("jobcenter inbox: \"Wartet auf Sie\" has no link to %s (%s)", caseHref, fullName)
		}
		if row := rowText(t, caseworker, caseHref); row == "" {
			t.Errorf("jobcenter inbox: no row links to %s", caseHref)
		} else if !strings.Contains(row, "Anfrage Zuweisung") || !strings.Contains(row, "Caritas Trier-Mitte") {
			t.Errorf("jobcenter inbox: the row of %s is not an assignment request from Caritas Trier-Mitte: %q", fullName, row)
		}

		// Open the case as a person would: by its link.
		st = clickLink(t, caseworker, `main a[href="`+caseHref+`"]`)
		if loc := browsertest.Location(t, caseworker); loc != caseURL {
			t.Fatalf("jobcenter: the link to the case leads to %s, want %s", loc, caseURL)
		}
		checkCasePage(t, caseworker, "jobcenter: Fall mit Anfrage", st)
		expectStage(t, caseworker, "Zuweisung angefragt")
		page := browsertest.Text(t, caseworker, "body")
		if strings.Contains(page, suffix+": Rückruf") || strings.Contains(page, note) {
			t.Errorf("DATA PROTECTION: the Jobcenter caseworker sees the coach's internal note on %s", caseURL)
		}
		if browsertest.Count(t, caseworker, `section[aria-labelledby="h-consents"]`) != 0 {
			t.Logf("note: the caseworker's case page shows the consents section")
		}
		for _, l := range actionLinks(t, caseworker) {
			if strings.HasSuffix(l.Href, "/note") {
				t.Errorf("the caseworker's case page offers the internal note step %s", l.Href)
			}
		}

		followAction(t, caseworker, "Zuweisen", caseURL+"/assign")
		checkJourneyPage(t, caseworker, "jobcenter: Zuweisen", http.StatusOK)
		if got := fieldValue(t, caseworker, "#start"); got != today {
			t.Errorf("assign: start is prefilled with %q, want today %q", got, today)
			browsertest.Fill(t, caseworker, "#start", today)
		}
		if got := fieldValue(t, caseworker, "#end"); got != "" {
			t.Errorf("assign: end is prefilled with %q, want empty", got)
			browsertest.Fill(t, caseworker, "#end", "")
		}
		me := strings.TrimSpace(browsertest.Text(t, caseworker, "header .who strong"))
		if got := selectedText(t, caseworker, "#caseworker"); got != me {
			t.Errorf("assign: the preselected caseworker is %q, want the signed-in %q", got, me)
		}
		st = submitMainForm(t, caseworker)
		expectOnCase(t, caseworker, caseURL, st, "assign")
		checkCasePage(t, caseworker, "jobcenter: Fall nach der Zuweisung", st)
		expectFlash(t, caseworker, "Die Person ist zugewiesen.")
		expectStage(t, caseworker, "zugewiesen")
		deadlines := browsertest.Text(t, caseworker, `section[aria-labelledby="h-deadlines"]`)
		if !regexp.MustCompile(`Zuweisung\s+` + regexp.QuoteMeta(today) + ` – \d{2}\.\d{2}\.\d{4}`).MatchString(deadlines) {
			t.Errorf("case page: the assignment period \"%s – <end>\" is not shown: %q", today, squash(deadlines))
		}
		if resp := browsertest.Text(t, caseworker, `section[aria-labelledby="h-responsible"]`); me != "" && !strings.Contains(resp, me) {
			t.Errorf("case page: the caseworker %q is not shown as responsible: %q", me, squash(resp))
		}
		if strings.Contains(browsertest.Text(t, caseworker, "body"), note) {
			t.Errorf("DATA PROTECTION: the Jobcenter caseworker sees the coach's internal note after the assignment")
		}
	})

	run("10 anderer Projektträger", func(t *testing.T) {
		// Sign the caseworker browser out and in again as the Agentur.
		browsertest.Visit(t, caseworker, srv.URL+"/")
		browsertest.Submit(t, caseworker, `form[action="/logout"] button`)
		browsertest.SignIn(t, caseworker, srv, "agentur")
		for _, u := range []string{caseURL, caseURL + "/assign", caseURL + "/contract"} {
			st := browsertest.Visit(t, caseworker, u)
			if st != http.StatusNotFound {
				t.Errorf("agentur: %s answered %d, want 404 (the case belongs to the Jobcenter)", u, st)
			}
			if browsertest.Count(t, caseworker, "[data-error-page]") != 1 {
				t.Errorf("agentur: %s is no error page ([data-error-page] missing); page says:\n%s", u, mainText(t, caseworker))
			}
			if strings.Contains(browsertest.Text(t, caseworker, "body"), lastName) {
				t.Errorf("agentur: %s reveals the name %s", u, lastName)
			}
			browsertest.CheckAccessibility(t, caseworker, "agentur: 404 für "+urlPath(u))
		}
	})

	run("11 Erstgespräch buchen", func(t *testing.T) {
		browsertest.Visit(t, coach, caseURL)
		checkCasePage(t, coach, "coach: Fall nach der Zuweisung", http.StatusOK)
		expectStage(t, coach, "zugewiesen")
		followAction(t, coach, "Erstgespräch buchen", caseURL+"/book-first")
		checkJourneyPage(t, coach, "coach: Erstgespräch buchen", http.StatusOK)
		if v := fieldValue(t, coach, "#location"); v == "" {
			t.Errorf("book-first: no location is preselected")
		}
		browsertest.Fill(t, coach, "#on", inAWeek)
		browsertest.Fill(t, coach, "#at", "11:00")
		setChecked(t, coach, `input[name="mode"][value="in_person"]`)
		st := submitMainForm(t, coach)
		expectOnCase(t, coach, caseURL, st, "book-first")
		checkCasePage(t, coach, "coach: Fall mit gebuchtem Erstgespräch", st)
		expectFlash(t, coach, "Der Termin ist gebucht.")
		expectStage(t, coach, "Erstgespräch gebucht")
		appts := browsertest.Text(t, coach, `section[aria-labelledby="h-appointments"]`)
		if !strings.Contains(appts, "Erstgespräch") || !strings.Contains(appts, inAWeek+" 11:00") {
			t.Errorf("case page: the appointments do not show the first conversation on %s 11:00: %q", inAWeek, squash(appts))
		}
		if !strings.Contains(browsertest.Text(t, coach, "main"), note) {
			t.Errorf("the coach no longer sees the internal note")
		}
	})

	// Part 2: the coaching year to the outcome. The first conversation
	// moves to today, so that it can be held; then the participant
	// releases the coach towards employers, is placed, followed up,
	// leaves into the job, and the coach reports to the sponsor.
	run("12 Erstgespräch heute gehalten", func(t *testing.T) {
		browsertest.Visit(t, coach, caseURL)
		followAction(t, coach, "Erstgespräch verlegen", caseURL+"/book-first")
		checkJourneyPage(t, coach, "coach: Erstgespräch verlegen", http.StatusOK)
		browsertest.Fill(t, coach, "#on", today)
		browsertest.Fill(t, coach, "#at", "07:00")
		setChecked(t, coach, `input[name="mode"][value="in_person"]`)
		st := submitMainForm(t, coach)
		expectOnCase(t, coach, caseURL, st, "book-first again")
		followAction(t, coach, "Ergebnis des Erstgesprächs", caseURL+"/first-outcome")
		checkJourneyPage(t, coach, "coach: Ergebnis des Erstgesprächs", http.StatusOK)
		setChecked(t, coach, `input[name="outcome"][value="held"]`)
		st = submitMainForm(t, coach)
		expectOnCase(t, coach, caseURL, st, "first-outcome")
		checkCasePage(t, coach, "coach: Fall im Coaching", st)
		expectStage(t, coach, "im Coaching")
	})

	run("13 Schweigepflichtentbindung gegenüber Betrieben", func(t *testing.T) {
		followAction(t, coach, "Einwilligung erfassen", caseURL+"/consent")
		checkJourneyPage(t, coach, "coach: Einwilligung erfassen", http.StatusOK)
		setChecked(t, coach, `input[name="scope"][value="employer"]`)
		if fieldValue(t, coach, "#given_on") == "" {
			browsertest.Fill(t, coach, "#given_on", today)
		}
		st := submitMainForm(t, coach)
		expectOnCase(t, coach, caseURL, st, "consent")
		checkCasePage(t, coach, "coach: Fall mit Schweigepflichtentbindung", st)
	})

	var employer string // the value of the employer the participant goes to
	run("14 Arbeitserprobung im Betrieb", func(t *testing.T) {
		followAction(t, coach, "Modul buchen", caseURL+"/book-module")
		checkJourneyPage(t, coach, "coach: Modul buchen", http.StatusOK)
		browsertest.Fill(t, coach, "#module", optionValue(t, coach, "#module", "Arbeitserprobung"))
		browsertest.Fill(t, coach, "#start", today)
		browsertest.Fill(t, coach, "#end", now.AddDate(0, 0, 27).Format("02.01.2006"))
		employer = eval[string](t, coach, `(document.querySelector('#employer option[value]:not([value=""])') || {}).value || ""`)
		if employer == "" {
			t.Fatal("the module form offers no employer of the register")
		}
		browsertest.Fill(t, coach, "#employer", employer)
		st := submitMainForm(t, coach)
		expectOnCase(t, coach, caseURL, st, "book-module")
		checkCasePage(t, coach, "coach: Fall mit Arbeitserprobung", st)
		expectFlash(t, coach, "Das Modul ist gebucht.")
	})

	run("15 Vermittlungsaussicht", func(t *testing.T) {
		st := clickLink(t, coach, `main a[href$="/prospect"]`)
		checkJourneyPage(t, coach, "coach: Vermittlungsaussicht erfassen", st)
		setChecked(t, coach, `input[name="kind"][value="trial_offer"]`)
		browsertest.Fill(t, coach, "#employer", employer)
		st = submitMainForm(t, coach)
		expectOnCase(t, coach, caseURL, st, "prospect")
		checkCasePage(t, coach, "coach: Fall mit Vermittlungsaussicht", st)
		if got := browsertest.Text(t, coach, `section[aria-labelledby="h-progress"]`); !strings.Contains(got, "Arbeitserprobung mit Aussicht auf Übernahme") {
			t.Errorf("the case's distance to the goal does not show the prospect: %q", squash(got))
		}
	})

	run("16 Vermittlung", func(t *testing.T) {
		st := clickLink(t, coach, `main a[href$="/placement"]`)
		checkJourneyPage(t, coach, "coach: Vermittlung erfassen", st)
		setChecked(t, coach, `input[name="kind"][value="employment_part"]`)
		browsertest.Fill(t, coach, "#employer", employer)
		browsertest.Fill(t, coach, "#job_title", "Helferin im Gartenbau")
		browsertest.Fill(t, coach, "#start", today)
		browsertest.Fill(t, coach, "#hours", "25")
		st = submitMainForm(t, coach)
		expectOnCase(t, coach, caseURL, st, "placement")
		checkCasePage(t, coach, "coach: Fall mit Vermittlung", st)
		if got := browsertest.Text(t, coach, `section[aria-labelledby="h-followups"]`); !strings.Contains(got, "Helferin im Gartenbau") {
			t.Errorf("the placement starts no follow-up on the case page: %q", squash(got))
		}
	})

	run("17 Nachbetreuung", func(t *testing.T) {
		st := clickLink(t, coach, `main a[href*="/followup?placement="]`)
		checkJourneyPage(t, coach, "coach: Nachbetreuungskontakt", st)
		setChecked(t, coach, `input[name="with"][value="both"]`)
		setChecked(t, coach, `input[name="mode"][value="workplace_visit"]`)
		browsertest.Fill(t, coach, "#problem", "Einarbeitung in die Pflanzenpflege")
		browsertest.Fill(t, coach, "#solution", "Patenschaft mit einer Kollegin vereinbart")
		st = submitMainForm(t, coach)
		expectOnCase(t, coach, caseURL, st, "followup")
		checkCasePage(t, coach, "coach: Fall mit Nachbetreuung", st)
		expectFlash(t, coach, "Der Nachbetreuungskontakt ist erfasst.")
	})

	run("18 Austritt in die Beschäftigung", func(t *testing.T) {
		followAction(t, coach, "Austritt erfassen", caseURL+"/exit")
		checkJourneyPage(t, coach, "coach: Austritt erfassen", http.StatusOK)
		if !isChecked(t, coach, `input[name="reason"][value="employment"]`) ||
			!isChecked(t, coach, `input[name="destination"][value="employment_part"]`) {
			t.Errorf("the exit form does not propose the integration into part-time work")
		}
		setChecked(t, coach, "#confirm")
		st := submitMainForm(t, coach)
		expectOnCase(t, coach, caseURL, st, "exit")
		checkCasePage(t, coach, "coach: Fall nach dem Austritt", st)
		expectStage(t, coach, "ausgetreten")
		if got := browsertest.Text(t, coach, `section[aria-labelledby="h-followups"]`); !strings.Contains(got, "läuft") {
			t.Errorf("follow-up ended with the exit into the job: %q", squash(got))
		}
	})

	run("19 Abschlussbericht", func(t *testing.T) {
		followAction(t, coach, "Abschlussbericht schreiben", caseURL+"/final-report")
		checkJourneyPage(t, coach, "coach: Abschlussbericht schreiben", http.StatusOK)
		if got := browsertest.Text(t, coach, "main"); !strings.Contains(got, "Helferin im Gartenbau") {
			t.Errorf("the final report's facts do not name the placement: %q", squash(got))
		}
		browsertest.Fill(t, coach, "#recommendation", "Nachbetreuung durch den Integrationsfachdienst bis zum Ende der Probezeit.")
		st := browsertest.Submit(t, coach, `main form button[name="send"]`)
		expectOnCase(t, coach, caseURL, st, "final-report")
		checkCasePage(t, coach, "coach: Fall mit Abschlussbericht", st)
	})

	run("20 Meldungen beim Jobcenter", func(t *testing.T) {
		browsertest.Visit(t, caseworker, srv.URL+"/")
		browsertest.Submit(t, caseworker, `form[action="/logout"] button`)
		browsertest.SignIn(t, caseworker, srv, "jobcenter")
		checkJourneyPage(t, caseworker, "jobcenter: Posteingang mit Meldungen", browsertest.Visit(t, caseworker, srv.URL+"/inbox"))
		forms := `main form[action^="/cases/` + caseID + `/notices/"]`
		if n := browsertest.Count(t, caseworker, forms); n < 3 {
			t.Fatalf("the Jobcenter's inbox has %d notices of the case to take note of, want placement, exit and final report", n)
		}
		st := browsertest.Submit(t, caseworker, forms+` button`)
		checkJourneyPage(t, caseworker, "jobcenter: Posteingang nach der Kenntnisnahme", st)
		checkCasePage(t, caseworker, "jobcenter: Fall nach dem Austritt", browsertest.Visit(t, caseworker, caseURL))
		if strings.Contains(browsertest.Text(t, caseworker, "body"), "Einarbeitung in die Pflanzenpflege") {
			t.Errorf("DATA PROTECTION: the Jobcenter caseworker reads the provider's follow-up contact")
		}
	})
}

// ---------------------------------------------------------------------------
// Helpers of the journey test

// checkJourneyPage checks the status, that the page is no error page unless
// the status is an error, and its accessibility.
func checkJourneyPage(t *testing.T, ctx context.Context, name string, status int) {
	t.Helper()
	want := http.StatusOK
	if status == http.StatusUnprocessableEntity {
		want = status // a validation page: checked by the caller
	}
	if status != want {
		t.Errorf("%s (%s): HTTP status %d, want %d", name, browsertest.Location(t, ctx), status, want)
	}
	if browsertest.Count(t, ctx, "[data-error-page]") > 0 {
		t.Errorf("%s (%s) is an error page: %s", name, browsertest.Location(t, ctx), squash(browsertest.Text(t, ctx, "[data-error-page]")))
	}
	browsertest.CheckAccessibility(t, ctx, name)
}

// checkCasePage checks a case page like checkJourneyPage, and that it
// has its h1 and stage tag.
func checkCasePage(t *testing.T, ctx context.Context, name string, status int) {
	t.Helper()
	checkJourneyPage(t, ctx, name, status)
	stageText(t, ctx)
}

// submitMainForm submits the one POST form of the page's main element.
func submitMainForm(t *testing.T, ctx context.Context) int {
	t.Helper()
	if n := browsertest.Count(t, ctx, `main form[method="post"]:not(.inline)`); n != 1 {
		t.Fatalf("%s: %d POST forms in main, want 1", browsertest.Location(t, ctx), n)
	}
	return browsertest.Submit(t, ctx, `main form[method="post"]:not(.inline) button[type="submit"]`)
}

// expectOnCase fails the step unless the browser is on the case page after
// a successful submit.
func expectOnCase(t *testing.T, ctx context.Context, caseURL string, status int, step string) {
	t.Helper()
	loc := browsertest.Location(t, ctx)
	if loc == caseURL && status == http.StatusOK {
		return
	}
	detail := ""
	if browsertest.Count(t, ctx, `main [role="alert"]`) > 0 {
		detail = "; error summary: " + squash(browsertest.Text(t, ctx, `main [role="alert"]`))
	}
	t.Fatalf("after submitting %s: status %d at %s, want 200 at the case page %s%s\npage says:\n%s",
		step, status, loc, caseURL, detail, mainText(t, ctx))
}

func expectFlash(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	if browsertest.Count(t, ctx, `main [role="status"]`) == 0 {
		t.Errorf("%s: no flash message (role=status), want %q", browsertest.Location(t, ctx), want)
		return
	}
	if got := squash(browsertest.Text(t, ctx, `main [role="status"]`)); !strings.Contains(got, want) {
		t.Errorf("%s: flash message %q, want %q", browsertest.Location(t, ctx), got, want)
	}
}

func stageText(t *testing.T, ctx context.Context) string {
	t.Helper()
	if browsertest.Count(t, ctx, "main .lead .tag--stage") == 0 {
		t.Fatalf("%s: no stage tag (.lead .tag--stage); page says:\n%s", browsertest.Location(t, ctx), mainText(t, ctx))
	}
	return strings.TrimSpace(browsertest.Text(t, ctx, "main .lead .tag--stage"))
}

func expectStage(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	if got := stageText(t, ctx); got != want {
		t.Fatalf("%s: stage %q, want %q", browsertest.Location(t, ctx), got, want)
	}
}

type actionLink struct {
	Label string `json:"label"`
	Href  string `json:"href"`
}

func (l actionLink) String() string { return fmt.Sprintf("%q → %s", l.Label, l.Href) }

// actionLinks returns the step links of a case page (nav.actions), with
// absolute URLs.
func actionLinks(t *testing.T, ctx context.Context) []actionLink {
	t.Helper()
	return eval[[]actionLink](t, ctx, `[...document.querySelectorAll('main nav.actions a[href]')]
		.map(a => ({label: a.textContent.trim().replace(/\s+/g, ' '), href: a.href}))`)
}

// followAction follows the step link of the case page labelled label,
// which must lead to wantURL, and returns with the step's page loaded.
func followAction(t *testing.T, ctx context.Context, label, wantURL string) {
	t.Helper()
	links := actionLinks(t, ctx)
	for _, l := range links {
		if l.Label != label {
			continue
		}
		if l.Href != wantURL {
			t.Errorf("the step link %q points to %s, want %s", label, l.Href, wantURL)
		}
		st := browsertest.Visit(t, ctx, l.Href)
		if st != http.StatusOK || browsertest.Count(t, ctx, "[data-error-page]") > 0 {
			t.Fatalf("step link %q (%s): status %d; page says:\n%s", label, l.Href, st, mainText(t, ctx))
		}
		return
	}
	t.Fatalf("%s: the case page has no step link %q in nav.actions; it has %v", browsertest.Location(t, ctx), label, links)
}

// linkHref returns the absolute href of the first link matching selector
// whose text is label.
func linkHref(t *testing.T, ctx context.Context, selector, label string) string {
	t.Helper()
	href := eval[string](t, ctx, fmt.Sprintf(`(() => {
		const a = [...document.querySelectorAll(%s)].find(a => a.textContent.trim().replace(/\s+/g, ' ') === %s);
		return a ? a.href : '';
	})()`, js(selector), js(label)))
	if href == "" {
		t.Fatalf("%s: no link %q (%s)", browsertest.Location(t, ctx), label, selector)
	}
	return href
}

// clickLink clicks a link and waits for the page it loads.
func clickLink(t *testing.T, ctx context.Context, selector string) int {
	t.Helper()
	return browsertest.Submit(t, ctx, selector)
}

// sectionHasLink reports whether the content between the h2 with the text
// heading (and perhaps a count, "(3)") and the next h2 holds a link to href.
func sectionHasLink(t *testing.T, ctx context.Context, heading, href string) bool {
	t.Helper()
	return eval[bool](t, ctx, fmt.Sprintf(`(() => {
		const h = [...document.querySelectorAll('main h2')].find(h => h.textContent.trim().replace(/\s*\(\d+\)$/, '') === %s);
		if (!h) return false;
		for (let e = h.nextElementSibling; e && e.localName !== 'h2'; e = e.nextElementSibling) {
			if (e.querySelector('a[href=' + JSON.stringify(%s) + ']')) return true;
		}
		return false;
	})()`, js(heading), js(href)))
}

// rowText returns the text of the first table row that links to href.
func rowText(t *testing.T, ctx context.Context, href string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`(() => {
		const a = document.querySelector('main tr a[href=' + JSON.stringify(%s) + ']');
		return a ? a.closest('tr').textContent.trim().replace(/\s+/g, ' ') : '';
	})()`, js(href)))
}

// optionValue returns the value of the option of the select whose visible
// text starts with text.
func optionValue(t *testing.T, ctx context.Context, selector, text string) string {
	t.Helper()
	v := eval[string](t, ctx, fmt.Sprintf(`(() => {
		const s = document.querySelector(%s);
		if (!s) return '';
		const o = [...s.options].find(o => o.text.trim().startsWith(%s));
		return o ? o.value : '';
	})()`, js(selector), js(text)))
	if v == "" {
		opts := eval[[]string](t, ctx, fmt.Sprintf(`[...(document.querySelector(%s)?.options ?? [])].map(o => o.value + '=' + o.text)`, js(selector)))
		t.Fatalf("%s: %s has no option %q; options: %q", browsertest.Location(t, ctx), selector, text, opts)
	}
	return v
}

func selectedText(t *testing.T, ctx context.Context, selector string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`(() => {
		const s = document.querySelector(%s);
		return s && s.selectedIndex >= 0 ? s.options[s.selectedIndex].text.trim() : '';
	})()`, js(selector)))
}

func fieldValue(t *testing.T, ctx context.Context, selector string) string {
	t.Helper()
	if browsertest.Count(t, ctx, selector) == 0 {
		t.Fatalf("%s: no field %s", browsertest.Location(t, ctx), selector)
	}
	return eval[string](t, ctx, fmt.Sprintf(`document.querySelector(%s).value`, js(selector)))
}

func isChecked(t *testing.T, ctx context.Context, selector string) bool {
	t.Helper()
	if browsertest.Count(t, ctx, selector) == 0 {
		t.Fatalf("%s: no field %s", browsertest.Location(t, ctx), selector)
	}
	return eval[bool](t, ctx, fmt.Sprintf(`document.querySelector(%s).checked`, js(selector)))
}

// setChecked clicks a checkbox or radio button unless it is checked already.
func setChecked(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	if !isChecked(t, ctx, selector) {
		browsertest.Click(t, ctx, selector)
	}
	if !isChecked(t, ctx, selector) {
		t.Fatalf("%s: clicking %s did not check it", browsertest.Location(t, ctx), selector)
	}
}

func mainText(t *testing.T, ctx context.Context) string {
	t.Helper()
	sel := "main"
	if browsertest.Count(t, ctx, sel) == 0 {
		sel = "body"
	}
	return squash(browsertest.Text(t, ctx, sel))
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(tctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: evaluating %s: %v", browsertest.Location(t, ctx), squash(expr), err)
	}
	return v
}

func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func randomSuffix() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// TestWaitingListInTheBrowser: a case on the full location's waiting list
// reads as a waiting list — its place in the queue, no deadline and no
// overdue flag, the free places elsewhere — and its request moves to a
// location of the provider with a free place.
func TestWaitingListInTheBrowser(t *testing.T) {
	coach := browsertest.NewBrowser(t)
	srv := browsertest.StartServer(t)
	browsertest.SignIn(t, coach, srv, "coach.daun") // Caritas Daun is full in the demo
	browsertest.Visit(t, coach, srv.URL+"/cases?stage=waiting_list")
	links := browsertest.Links(t, coach, `main table tbody`)
	if len(links) == 0 {
		t.Fatal("the demo has no case on the waiting list of Caritas Daun")
	}
	caseURL := links[0]
	st := browsertest.Visit(t, coach, caseURL)
	checkCasePage(t, coach, "coach.daun: Fall auf der Warteliste", st)
	expectStage(t, coach, "auf der Warteliste")
	waiting := squash(browsertest.Text(t, coach, `section[aria-labelledby="h-waiting"]`))
	if !regexp.MustCompile(`Platz \d+ von \d+ auf der Warteliste von Caritas Daun`).MatchString(waiting) {
		t.Errorf("the waiting list section does not give the place in the queue: %q", waiting)
	}
	if !strings.Contains(waiting, "Caritas Trier-Mitte") {
		t.Errorf("the waiting list section does not name Caritas Trier-Mitte with its free places: %q", waiting)
	}
	if strings.Contains(browsertest.Text(t, coach, "main"), "überfällig") {
		t.Errorf("a case on the waiting list is flagged overdue")
	}
	if strings.Contains(browsertest.Text(t, coach, "main .lead + p"), "fällig") {
		t.Errorf("a case on the waiting list shows a due date: %q", browsertest.Text(t, coach, "main .lead + p"))
	}

	followAction(t, coach, "An anderen Standort verlegen", caseURL+"/move-request")
	checkJourneyPage(t, coach, "coach.daun: Anfrage verlegen", http.StatusOK)
	browsertest.Click(t, coach, `input[name="location"]`)
	st = submitMainForm(t, coach)
	if p := urlPath(browsertest.Location(t, coach)); p != "/" {
		t.Fatalf("after moving the request the browser is at %s (status %d), want the start page", p, st)
	}
	expectFlash(t, coach, "Die Anfrage ist an den neuen Standort verlegt")
}
