package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"teilhabe"
	"teilhabe/sqldb"
)

// TestCasePageLeadsToTheNextStep: the case page shows its case number and
// the step that takes the case forward as its one primary button; the
// steps that close the case stand apart.
func TestCasePageLeadsToTheNextStep(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		id := ts.caseIn(t, coach.user(t).Actor(), teilhabe.StageContacted)
		doc := coach.get(t, caseURL(id)).doc(t)
		if lead := text(find(doc, func(n *html.Node) bool { return is(n, "p") && hasClass(n, "lead") })); !strings.Contains(lead, "Fallnummer "+strconv.FormatInt(id, 10)) {
			t.Errorf("the case page's lead says %q, want the case number %d", lead, id)
		}
		primary := findAll(doc, func(n *html.Node) bool {
			return is(n, "a") && hasClass(n, "button") && !hasClass(n, "button--secondary") && !hasClass(n, "button--warning")
		})
		if len(primary) != 1 || attrOf(primary[0], "href") != caseURL(id)+"/book-info" {
			t.Fatalf("primary buttons = %d, want one: book the information meeting", len(primary))
		}
		closing := find(doc, func(n *html.Node) bool { return is(n, "nav") && hasClass(n, "actions--closing") })
		if closing == nil || find(closing, tagWith("a", "href", caseURL(id)+"/withdraw")) == nil {
			t.Error("closing the case before it starts is not offered apart")
		}
	})
}

// TestClosingAsksForConfirmation: a step that closes a case does nothing
// until the user ticks the confirmation; revoking a consent asks first,
// on its own page with the consent's facts.
func TestClosingAsksForConfirmation(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		a := coach.user(t).Actor()
		id := ts.caseIn(t, a, teilhabe.StageContacted)
		version := strconv.Itoa(ts.caseDetail(t, a, id).Case.Version)
		form := url.Values{"version": {version}, "reason": {"declines"}}
		res := coach.post(t, caseURL(id)+"/withdraw", form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("withdraw without confirmation: status %d, want 422", res.StatusCode)
		}
		checkFieldError(t, res.doc(t), "confirm", "Abschluss bestätigen: Bitte bestätigen Sie mit dem Häkchen.")
		if st := ts.caseDetail(t, a, id).Case.Stage; st != teilhabe.StageContacted {
			t.Fatalf("after the unconfirmed withdrawal the case is %s", st)
		}
		form.Set("confirm", "on")
		if res := coach.post(t, caseURL(id)+"/withdraw", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirmed withdrawal: status %d, want 303\n%s", res.StatusCode, res.text())
		}
		if st := ts.caseDetail(t, a, id).Case.Stage; st != teilhabe.StageWithdrawn {
			t.Errorf("after the confirmed withdrawal the case is %s", st)
		}

		// Revoking a consent: the case page links to a confirmation page.
		var caseID, consentID int64
		for _, it := range ts.findCases(t, a, sqldb.CaseFilter{}) {
			for _, c := range ts.caseDetail(t, a, it.ID).Consents {
				if c.RevokedOn.IsZero() {
					caseID, consentID = it.ID, c.ID
				}
			}
			if consentID != 0 {
				break
			}
		}
		if consentID == 0 {
			t.Fatal("the demo coach has no case with a consent in force")
		}
		revoke := caseURL(caseID) + "/consents/" + strconv.FormatInt(consentID, 10) + "/revoke"
		if find(coach.get(t, caseURL(caseID)).doc(t), tagWith("a", "href", revoke)) == nil {
			t.Errorf("the case page does not link to %s", revoke)
		}
		res = coach.get(t, revoke)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d", revoke, res.StatusCode)
		}
		if !strings.Contains(mainText(t, res.doc(t)), "Widerruf erfassen") {
			t.Error("the confirmation page has no button to record the revocation")
		}
		if res := coach.post(t, revoke, url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST %s: status %d", revoke, res.StatusCode)
		}
		if res := coach.get(t, revoke); res.StatusCode != http.StatusConflict {
			t.Errorf("GET %s after the revocation: status %d, want 409", revoke, res.StatusCode)
		}
	})
}

// TestBookingHelpsToSchedule: the booking form proposes the next working
// day, shows the deadline and flags it once passed, and lists what is
// already booked at the location on the coming working days.
func TestBookingHelpsToSchedule(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		a := coach.user(t).Actor()
		today := teilhabe.Today(testNow)
		var due, late int64
		for _, it := range ts.findCases(t, a, sqldb.CaseFilter{Stage: teilhabe.StageContacted}) {
			if it.InfoDueOn.Before(today) {
				late = it.ID
			} else if it.InfoDueOn.After(teilhabe.NextWorkingDay(today, teilhabe.StateRP)) {
				due = it.ID
			}
		}
		if due == 0 || late == 0 {
			t.Fatalf("the demo coach needs a contacted case within its deadline (%d) and one past it (%d)", due, late)
		}
		doc := coach.get(t, caseURL(due)+"/book-info").doc(t)
		next := teilhabe.NextWorkingDay(today, teilhabe.StateRP)
		if v, _ := inputValue(doc, "on"); v != teilhabe.FormatDate(next) {
			t.Errorf("the date is prefilled with %q, want the next working day %s", v, teilhabe.FormatDate(next))
		}
		d := ts.caseDetail(t, a, due)
		if hint := text(byID(doc, "on-hint")); !strings.Contains(hint, teilhabe.FormatDate(d.Case.InfoDueOn)) {
			t.Errorf("the date's hint %q does not show the deadline %s", hint, teilhabe.FormatDate(d.Case.InfoDueOn))
		}
		booked := byID(doc, "h-booked")
		if booked == nil {
			t.Fatal("the booking form does not show what is already booked")
		}
		section := ancestor(booked, "section")
		if n := len(elements(section, "dt")); n != 5 {
			t.Errorf("booked days shown = %d, want 5 working days", n)
		}
		list, err := ts.db.FindBookedAt(t.Context(), a, d.Case.LocationID, next, next.AddDate(0, 0, 14))
		if err != nil {
			t.Fatal(err)
		}
		if len(list) == 0 {
			t.Fatal("the demo has no appointments booked at the coach's location in the coming two weeks")
		}
		first := list[0]
		res := coach.get(t, caseURL(due)+"/book-info?on="+teilhabe.FormatDate(first.On))
		doc = res.doc(t)
		if v, _ := inputValue(doc, "on"); v != teilhabe.FormatDate(first.On) {
			t.Errorf("?on=%s: the date is prefilled with %q", teilhabe.FormatDate(first.On), v)
		}
		if txt := text(ancestor(byID(doc, "h-booked"), "section")); !strings.Contains(txt, first.At) {
			t.Errorf("the booked days do not show the appointment at %s on %s: %q", first.At, teilhabe.FormatDate(first.On), txt)
		}

		doc = coach.get(t, caseURL(late)+"/book-info").doc(t)
		if txt := mainText(t, doc); !strings.Contains(txt, "abgelaufen") {
			t.Error("the booking form of a case past its deadline does not flag it")
		}
	})
}

// TestWaitingList: a request that lands on a full location's waiting list
// is told as a notice, not a success; the case shows its place in the
// queue and the locations with a free place, and moves there.
func TestWaitingList(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach.daun") // Caritas Daun is full in the demo
		a := coach.user(t).Actor()

		// A new request at Daun goes to the waiting list: a case the person
		// started, so that the coach chooses the sponsor.
		var id int64
		for _, it := range ts.findCases(t, a, sqldb.CaseFilter{Stage: teilhabe.StageEligibilityPending}) {
			if ts.caseDetail(t, a, it.ID).Case.Origin == teilhabe.OriginSelf {
				id = it.ID
				break
			}
		}
		if id == 0 {
			t.Fatal("the demo has no self-referred case at Daun whose eligibility is to check")
		}
		path := caseURL(id) + "/eligibility"
		page := coach.get(t, path).doc(t)
		form := formValues(t, page)
		for k, v := range map[string]string{"job_seeking": "yes", "kind": "severe", "gdb": "50", "proof_kind": "id_card",
			"proof_issued": "01.03.2024", "proof_unlimited": "on", "barriers": "long_term_unemployed", "legal_domain": "SGB3"} {
			form.Set(k, v)
		}
		for _, o := range findAll(byID(page, "sponsor"), tagged("option")) {
			if strings.HasPrefix(text(o), "Agentur für Arbeit Trier") {
				form.Set("sponsor", attrOf(o, "value"))
			}
		}
		for _, step := range []struct {
			path string
			form url.Values
		}{
			{path, form},
			{caseURL(id) + "/sign-contract", url.Values{"signed_on": {teilhabe.FormatDate(teilhabe.Today(testNow))}}},
			{caseURL(id) + "/request-assignment", url.Values{}},
		} {
			step.form.Set("version", strconv.Itoa(ts.caseDetail(t, a, id).Case.Version))
			if res := coach.post(t, step.path, step.form); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("POST %s: status %d\n%s", step.path, res.StatusCode, mainText(t, res.doc(t)))
			}
		}
		doc := coach.get(t, caseURL(id)).doc(t)
		flash := find(doc, tagWith("", "role", "status"))
		if flash == nil || !hasClass(flash, "notice--warning") || !strings.Contains(text(flash), "Warteliste") {
			t.Errorf("the flash after a request that waits is not a notice about the waiting list")
		}
		waiting := byID(doc, "h-waiting")
		if waiting == nil {
			t.Fatal("the waiting case shows no waiting list section")
		}
		section := text(ancestor(waiting, "section"))
		d := ts.caseDetail(t, a, id)
		want := "Platz " + strconv.Itoa(d.Waiting.Position) + " von " + strconv.Itoa(d.Waiting.Of)
		if d.Waiting.Position < 2 || !strings.Contains(section, want) || !strings.Contains(section, "Caritas Trier-Mitte") {
			t.Errorf("the waiting list section says %q, want %q and the free places at Caritas Trier-Mitte", section, want)
		}
		if strings.Contains(text(find(doc, func(n *html.Node) bool { return is(n, "main") })), "überfällig") {
			t.Errorf("a case on the waiting list is flagged overdue: %s", mainText(t, doc))
		}

		// The coach moves it to Trier-Mitte, which has a free place: the
		// case leaves the coach's location.
		move := caseURL(id) + "/move-request"
		if find(doc, tagWith("a", "href", move)) == nil {
			t.Fatal("the case page does not offer to move the request")
		}
		form = formValues(t, coach.get(t, move).doc(t))
		res := coach.post(t, move, form)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			t.Fatalf("POST %s: status %d to %q, want 303 to the start page", move, res.StatusCode, res.Header.Get("Location"))
		}
		lead := ts.signIn(t, "traegerleitung")
		c := ts.caseDetail(t, lead.user(t).Actor(), id).Case
		if c.Stage != teilhabe.StageAssignmentRequested || c.LocationName != "Caritas Trier-Mitte" {
			t.Errorf("after the move: %s at %s, want an open request at Caritas Trier-Mitte", c.Stage, c.LocationName)
		}
	})
}

// TestAssignFormShowsTheFacts: the sponsor decides on an assignment with
// the location's places, the resulting end, the eligibility and the
// provider's note on the same form.
func TestAssignFormShowsTheFacts(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		cw := ts.signIn(t, "jobcenter")
		a := cw.user(t).Actor()
		id := ts.caseIn(t, a, teilhabe.StageAssignmentRequested)
		d := ts.caseDetail(t, a, id)
		doc := cw.get(t, caseURL(id)+"/assign").doc(t)
		facts := byID(doc, "h-facts")
		if facts == nil {
			t.Fatal("the assignment form shows no facts")
		}
		got := text(ancestor(facts, "section"))
		places, err := ts.db.PlacesAt(t.Context(), a, d.Case, teilhabe.Today(testNow).Year())
		if err != nil {
			t.Fatal(err)
		}
		e := d.Case.Eligibility
		want := []string{
			d.Case.LocationName + ": " + strconv.Itoa(places.Places) + " Plätze in diesem Jahr",
			strconv.Itoa(places.Free()) + " frei",
			"Ohne eigenes Ende: ",
			translate("de", "code."+e.LegalDomain.Key()),
			"GdB " + strconv.Itoa(e.GdB),
			translate("de", "code."+e.Barriers[0].Key()),
		}
		for _, m := range d.Messages {
			if m.Kind == teilhabe.MsgAssignmentRequest && m.Note != "" {
				want = append(want, m.Note)
			}
		}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("the facts %q do not show %q", got, w)
			}
		}
	})
}

// TestSponsorListsSpeakFromTheSponsorSide: on the sponsor's case list the
// next step says what the provider does, not what the sponsor should do.
func TestSponsorListsSpeakFromTheSponsorSide(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		cw := ts.signIn(t, "jobcenter")
		first := ts.anyCase(t, cw.user(t).Actor())
		got := mainText(t, cw.get(t, "/cases?stage="+string(first.Stage)).doc(t))
		sponsor, provider := translate("de", "code.next_sponsor."+string(first.Stage)), translate("de", "code.next."+string(first.Stage))
		if !strings.Contains(got, sponsor) || (provider != sponsor && strings.Contains(got, provider)) {
			t.Errorf("the sponsor's list of cases in stage %s says %q, want %q", first.Stage, got, sponsor)
		}
	})
}

// TestCaseProgress: a case in coaching shows where its year stands, the
// same figures to the coach and to the sponsor's caseworker, counted from
// the case's appointments and modules.
func TestCaseProgress(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		sponsor := ts.signIn(t, "agentur")
		a := sponsor.user(t).Actor()
		id := ts.caseIn(t, a, teilhabe.StageActive)
		d := ts.caseDetail(t, a, id)
		p := teilhabe.CaseProgress(d.Case, d.Appointments, d.Modules, ts.db.Today())
		if p.Appointments.Held == 0 || p.Month == 0 {
			t.Fatalf("the demo case %d in coaching has no held appointment or no month: %+v", id, p)
		}
		want := []string{
			fmt.Sprintf("Monat %d von %d", p.Month, p.Months),
			fmt.Sprintf("%d stattgefunden (%d Std.)", p.Appointments.Held, p.HeldHours()),
			fmt.Sprintf("%d nicht erschienen", p.Appointments.NoShow),
			fmt.Sprintf("%d geplant oder laufend · %d abgeschlossen", p.ModulesOpen, p.ModulesCompleted),
		}
		coach := ts.signIn(t, ts.coachOf(t, d.Case.LocationID).Username)
		for who, c := range map[string]*client{"sponsor": sponsor, "coach": coach} {
			section := byID(c.get(t, caseURL(id)).doc(t), "h-progress")
			if section == nil {
				t.Fatalf("%s: the case page has no progress section", who)
			}
			got := strings.Join(strings.Fields(text(section.Parent)), " ")
			for _, w := range want {
				if !strings.Contains(got, w) {
					t.Errorf("%s: the progress section lacks %q:\n%s", who, w, got)
				}
			}
		}
	})
}
