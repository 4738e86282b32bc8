package web

import (
	"context"
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

// pageForm returns the page's own form: the POST form in main.
func pageForm(t testing.TB, doc *html.Node) *html.Node {
	t.Helper()
	main := find(doc, tagged("main"))
	if main == nil {
		t.Fatal("page has no main element")
	}
	form := find(main, func(n *html.Node) bool { return is(n, "form") && attrOf(n, "method") == "post" })
	if form == nil {
		t.Fatal("page has no POST form in main")
	}
	return form
}

// formValues returns what a browser would submit for the page's form as
// it is shown: text, hidden and chosen controls with their values.
func formValues(t testing.TB, doc *html.Node) url.Values {
	t.Helper()
	v := url.Values{}
	for _, n := range findAll(pageForm(t, doc), func(n *html.Node) bool {
		return is(n, "input") || is(n, "select") || is(n, "textarea")
	}) {
		name := attrOf(n, "name")
		if _, disabled := attr(n, "disabled"); name == "" || disabled {
			continue
		}
		switch n.Data {
		case "textarea":
			v.Add(name, rawText(n))
		case "select":
			opts := elements(n, "option")
			chosen := ""
			if len(opts) > 0 {
				chosen = attrOf(opts[0], "value")
			}
			for _, o := range opts {
				if _, sel := attr(o, "selected"); sel {
					chosen = attrOf(o, "value")
				}
			}
			v.Add(name, chosen)
		default:
			switch attrOf(n, "type") {
			case "submit", "button", "reset", "image":
			case "checkbox", "radio":
				if _, checked := attr(n, "checked"); checked {
					val, ok := attr(n, "value")
					if !ok {
						val = "on"
					}
					v.Add(name, val)
				}
			default:
				v.Add(name, attrOf(n, "value"))
			}
		}
	}
	return v
}

// checked reports whether the radio or checkbox name=value is checked.
func checked(doc *html.Node, name, value string) bool {
	n := find(doc, func(n *html.Node) bool {
		return is(n, "input") && attrOf(n, "name") == name && attrOf(n, "value") == value
	})
	if n == nil {
		return false
	}
	_, ok := attr(n, "checked")
	return ok
}

// checkKept asserts that the form shows the submitted values again.
func checkKept(t *testing.T, doc *html.Node, want map[string]string) {
	t.Helper()
	for name, value := range want {
		if got, ok := inputValue(doc, name); !ok || got != value {
			t.Errorf("field %s shows %q (present %v), want the submitted %q", name, got, ok, value)
		}
	}
}

// caseIDFrom reads the case id from a redirect to /cases/{id}.
func caseIDFrom(t *testing.T, res *response) int64 {
	t.Helper()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/cases/") {
		t.Fatalf("status %d, Location %q; want 303 to /cases/{id}\n%s", res.StatusCode, loc, res.text())
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/cases/"), 10, 64)
	if err != nil {
		t.Fatalf("Location %q: %v", loc, err)
	}
	return id
}

func TestStaleStepForm(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		lead := ts.signIn(t, "traegerleitung")
		id := ts.caseIn(t, coach.user(t).Actor(), teilhabe.StageContacted)
		path := caseURL(id) + "/book-info"

		// The coach opens the form; meanwhile the provider lead books the
		// info appointment.
		mine := formValues(t, coach.get(t, path).doc(t))
		theirs := formValues(t, lead.get(t, path).doc(t))
		theirs.Set("on", "02.12.2026")
		theirs.Set("at", "09:00")
		if res := lead.post(t, path, theirs); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("the lead's booking: status %d, want 303\n%s", res.StatusCode, res.text())
		}
		current := ts.caseDetail(t, coach.user(t).Actor(), id).Case

		mine.Set("on", "03.12.2026")
		mine.Set("at", "14:30")
		mine.Set("note", "Bitte mit Gebärdensprachdolmetscherin.")
		mine.Add("needs", "sign_language")
		res := coach.post(t, path, mine)
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("stale submit: status %d, want 409", res.StatusCode)
		}
		doc := res.doc(t)
		checkPage(t, "stale step form", doc, "de")
		alert := find(doc, tagWith("", "role", "alert"))
		if alert == nil || !strings.Contains(text(alert), "Inzwischen geändert") {
			t.Fatal("no notice \"Inzwischen geändert\" with role=alert")
		}
		checkKept(t, doc, map[string]string{"on": "03.12.2026", "at": "14:30", "note": "Bitte mit Gebärdensprachdolmetscherin.",
			"version": strconv.Itoa(current.Version)})
		if !checked(doc, "needs", "sign_language") {
			t.Error("the chosen need is not kept")
		}
		if got := ts.caseDetail(t, coach.user(t).Actor(), id).Case.Version; got != current.Version {
			t.Errorf("the stale submit changed the case: version %d, want %d", got, current.Version)
		}

		// Sending the kept form again, now with the current version, works.
		if res := coach.post(t, path, formValues(t, doc)); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit again: status %d, want 303\n%s", res.StatusCode, res.text())
		}
		d := ts.caseDetail(t, coach.user(t).Actor(), id)
		var booked []string
		for _, ap := range d.Appointments {
			if ap.Kind == "info" && ap.Status == "booked" {
				booked = append(booked, teilhabe.FormatDate(ap.On)+" "+ap.At)
			}
		}
		if len(booked) != 1 || booked[0] != "03.12.2026 14:30" {
			t.Errorf("booked info appointments: %v, want [03.12.2026 14:30]", booked)
		}
	})
}

func TestForbiddenSteps(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		c := ts.signIn(t, "coach")
		coach := c.user(t).Actor()
		requested := ts.caseIn(t, coach, teilhabe.StageAssignmentRequested)
		contacted := ts.caseIn(t, coach, teilhabe.StageContacted)
		withdrawn := ts.caseIn(t, coach, teilhabe.StageWithdrawn)
		need := func(key string) string { return translate("de", key) }

		for _, tc := range []struct {
			name   string
			method string
			path   string
			want   int
			says   string
		}{
			{"coach opens the sponsor's assignment", "GET", caseURL(requested) + "/assign", http.StatusNotFound, need("err.not_found")},
			{"coach assigns", "POST", caseURL(requested) + "/assign", http.StatusNotFound, need("err.not_found")},
			{"coach refuses for the sponsor", "POST", caseURL(requested) + "/refuse", http.StatusNotFound, need("err.not_found")},
			{"contract of a contacted case", "GET", caseURL(contacted) + "/contract", http.StatusConflict, need("journey.need.eligible")},
			{"signature form of a contacted case", "GET", caseURL(contacted) + "/sign-contract", http.StatusConflict, need("journey.need.eligible")},
			{"signature of a contacted case", "POST", caseURL(contacted) + "/sign-contract", http.StatusConflict, need("journey.need.eligible")},
			{"eligibility before the info appointment", "GET", caseURL(contacted) + "/eligibility", http.StatusConflict, need("journey.need.info_held")},
			{"booking on a closed case", "POST", caseURL(withdrawn) + "/book-info", http.StatusConflict, need("journey.closed")},
		} {
			t.Run(tc.name, func(t *testing.T) {
				id, _ := strconv.ParseInt(strings.Split(tc.path, "/")[2], 10, 64)
				before := ts.caseDetail(t, coach, id).Case
				var res *response
				if tc.method == "GET" {
					res = c.get(t, tc.path)
				} else {
					res = c.post(t, tc.path, url.Values{"version": {strconv.Itoa(before.Version)}, "signed_on": {"25.11.2026"},
						"start": {"01.12.2026"}, "on": {"01.12.2026"}, "at": {"10:00"}, "mode": {"remote"}, "reason": {"other"}, "note": {"x"}})
				}
				if res.StatusCode != tc.want {
					t.Fatalf("%s %s: status %d, want %d", tc.method, tc.path, res.StatusCode, tc.want)
				}
				doc := res.doc(t)
				checkPage(t, tc.method+" "+tc.path, doc, "de")
				if got := mainText(t, doc); !strings.Contains(got, tc.says) {
					t.Errorf("the page does not say %q:\n%s", tc.says, got)
				}
				if tc.want == http.StatusConflict && !strings.HasPrefix(tc.says, "Zuerst") && tc.says != need("journey.closed") {
					t.Errorf("message %q does not say what comes first", tc.says)
				}
				after := ts.caseDetail(t, coach, id).Case
				if after.Stage != before.Stage || after.Version != before.Version {
					t.Errorf("the case changed: stage %s version %d, was %s version %d", after.Stage, after.Version, before.Stage, before.Version)
				}
			})
		}
	})
}

// checkProblems asserts that the page reports invalid input accessibly:
// an error summary links to each field with a problem, and each of those
// fields is marked invalid and described by its message.
func checkProblems(t *testing.T, doc *html.Node) {
	t.Helper()
	title := byID(doc, "problems-title")
	if title == nil {
		t.Fatal("no error summary (#problems-title)")
	}
	var summary *html.Node
	for p := title.Parent; p != nil && summary == nil; p = p.Parent {
		if attrOf(p, "role") == "alert" {
			summary = p
		}
	}
	if summary == nil {
		t.Fatal("the error summary has no role=alert")
	}
	items := elements(summary, "a")
	if len(items) == 0 {
		t.Fatal("the error summary links to no field")
	}
	for _, a := range items {
		href := attrOf(a, "href")
		if !strings.HasPrefix(href, "#") {
			t.Errorf("summary link %q does not point into the page", href)
			continue
		}
		msg := text(a)
		if msg == "" {
			t.Errorf("summary link to %s has no text", href)
		}
		checkFieldError(t, doc, href[1:], msg)
	}
}

// blank clears every field of a form except the hidden version, as if the
// user sent it without filling anything in.
func blank(form url.Values) url.Values {
	out := url.Values{}
	for k, v := range form {
		if k == "version" || k == "next" {
			out[k] = v
			continue
		}
		out.Set(k, "")
	}
	return out
}

// TestInvalidFormsAreExplained sends every form of the application empty
// (the steps of a case in each stage among them) and checks the 422 page:
// no change, and an accessible explanation of each problem.
func TestInvalidFormsAreExplained(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		admin := ts.signIn(t, "admin")
		coord := ts.signIn(t, "koordination")
		coach := ts.signIn(t, "coach")
		agentur := ts.signIn(t, "agentur")
		dpo := ts.signIn(t, "datenschutz")
		prog := strconv.FormatInt(coord.user(t).ProgrammeID, 10)
		coachID := strconv.FormatInt(coach.user(t).ID, 10)

		type formCase struct {
			who  string
			c    *client
			path string // the page with the form
		}
		forms := []formCase{
			{"admin", admin, "/admin/programmes/new"},
			{"admin", admin, "/admin/programmes/" + prog + "/organisations/new"},
			{"admin", admin, "/admin/programmes/" + prog + "/locations/new"},
			{"admin", admin, "/admin/users/new"},
			{"admin", admin, "/admin/users/" + coachID},
			{"admin", admin, "/programmes/" + prog + "/settings"},
			{"koordination", coord, "/programmes/" + prog + "/settings"},
			{"agentur", agentur, "/announcements/new"},
			{"coach", coach, "/cases/new"},
			{"coach", coach, "/account"},
		}
		// Every step that a case page offers the coach and the Agentur,
		// except requesting the assignment, whose only field is optional.
		for _, who := range []struct {
			name string
			c    *client
		}{{"coach", coach}, {"agentur", agentur}} {
			a := who.c.user(t).Actor()
			seen := map[string]bool{}
			stages := append([]teilhabe.Stage{}, teilhabe.OpenStages()...)
			ids := map[teilhabe.Stage]int64{}
			for _, st := range stages {
				if items := ts.findCases(t, a, sqldb.CaseFilter{Stage: st}); len(items) > 0 {
					ids[st] = items[0].ID
				}
			}
			if who.name == "agentur" {
				ids[teilhabe.StageActive] = ts.caseAwaitingExtension(t, a)
			}
			for _, st := range stages {
				id, ok := ids[st]
				if !ok {
					continue
				}
				doc := who.c.get(t, caseURL(id)).doc(t)
				actions := find(doc, func(n *html.Node) bool { return is(n, "nav") && hasClass(n, "actions") })
				if actions == nil {
					continue
				}
				for _, href := range links(actions) {
					step := strings.TrimPrefix(href, caseURL(id)+"/")
					if seen[step] || step == "request-assignment" {
						continue
					}
					seen[step] = true
					forms = append(forms, formCase{who.name, who.c, href})
				}
			}
		}

		for _, fc := range forms {
			t.Run(fc.who+" "+fc.path, func(t *testing.T) {
				page := fc.c.get(t, fc.path)
				if page.StatusCode != http.StatusOK {
					t.Fatalf("GET %s: status %d", fc.path, page.StatusCode)
				}
				doc := page.doc(t)
				target := attrOf(pageForm(t, doc), "action")
				if target == "" {
					target = fc.path
				}
				var before int
				if strings.HasPrefix(target, "/cases/") {
					id, _ := strconv.ParseInt(strings.Split(target, "/")[2], 10, 64)
					before = ts.caseDetail(t, fc.c.user(t).Actor(), id).Case.Version
				}
				res := fc.c.post(t, target, blank(formValues(t, doc)))
				if res.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("POST %s with empty fields: status %d, want 422\n%s", target, res.StatusCode, mainText(t, res.doc(t)))
				}
				doc = res.doc(t)
				checkPage(t, "POST "+target, doc, "de")
				checkProblems(t, doc)
				if strings.HasPrefix(target, "/cases/") {
					id, _ := strconv.ParseInt(strings.Split(target, "/")[2], 10, 64)
					if after := ts.caseDetail(t, fc.c.user(t).Actor(), id).Case.Version; after != before {
						t.Errorf("the case changed: version %d, was %d", after, before)
					}
				}
			})
		}

		for _, tc := range []struct {
			c    *client
			path string
		}{
			{coach, "/cases?birth_date=31.02.1990"},
			{coach, "/cases?stage=nonsense"},
			{dpo, "/audit?from=gestern&case=abc"},
		} {
			t.Run("GET "+tc.path, func(t *testing.T) {
				res := tc.c.get(t, tc.path)
				if res.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422", res.StatusCode)
				}
				doc := res.doc(t)
				checkPage(t, "GET "+tc.path, doc, "de")
				checkProblems(t, doc)
			})
		}
	})
}

// auditOf returns the actions the audit log recorded for the request that
// res answered, read as the demo's data protection officer.
func (ts *testServer) auditOf(t testing.TB, res *response) []string {
	t.Helper()
	id := res.Header.Get("X-Request-Id")
	if id == "" {
		t.Fatal("response without X-Request-Id")
	}
	entries, _, err := ts.db.FindAuditEntries(context.Background(), ts.actor(t, "datenschutz"), sqldb.AuditFilter{Page: 1})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		if e.RequestID == id {
			actions = append(actions, string(e.Action))
		}
	}
	return actions
}

// TestOneActionOneAuditEntry checks the rule of docs/architecture.md: a
// page shown is one "viewed" entry; a submitted step is one transaction
// with the action's entry only; a rejected one changes nothing and logs
// only the form shown again.
func TestOneActionOneAuditEntry(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		a := coach.user(t).Actor()
		id := ts.anyCase(t, a).ID
		note := caseURL(id) + "/note"

		res := coach.get(t, note)
		if got := ts.auditOf(t, res); !slices.Equal(got, []string{"case.viewed"}) {
			t.Errorf("GET the note form: audit %v, want [case.viewed]", got)
		}
		version := ts.caseDetail(t, a, id).Case.Version
		res = coach.post(t, note, noteForm(strconv.Itoa(version), "Rückruf am Freitag."))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST a note: status %d, want 303", res.StatusCode)
		}
		if got := ts.auditOf(t, res); !slices.Equal(got, []string{"case.note_added"}) {
			t.Errorf("POST a note: audit %v, want [case.note_added] alone", got)
		}
		res = coach.post(t, note, noteForm(strconv.Itoa(version), "  "))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("POST an empty note: status %d, want 422", res.StatusCode)
		}
		if got := ts.auditOf(t, res); !slices.Equal(got, []string{"case.viewed"}) {
			t.Errorf("POST an empty note: audit %v, want [case.viewed] for the form shown again", got)
		}

		// A first contact with a new person: the case, once.
		form := url.Values{"first_name": {"Ida"}, "last_name": {"Ixmann"}, "birth_date": {"03.04.1979"},
			"channel": {"phone"}, "contact_on": {teilhabe.FormatDate(teilhabe.Today(testNow))}}
		res = coach.post(t, "/cases", form)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST a first contact: status %d, want 303\n%s", res.StatusCode, res.text())
		}
		if got := ts.auditOf(t, res); !slices.Equal(got, []string{"case.created"}) {
			t.Errorf("POST a first contact: audit %v, want [case.created]", got)
		}
		// The same person again: the known person is shown, nothing recorded.
		res = coach.post(t, "/cases", form)
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("POST the same person again: status %d, want 409 with the known person", res.StatusCode)
		}
		if got := ts.auditOf(t, res); !slices.Equal(got, []string{"cases.duplicates_checked"}) {
			t.Errorf("POST the same person again: audit %v, want [cases.duplicates_checked]", got)
		}
	})
}

// TestNoteThatLooksLikeACode checks that a note is shown as written, even
// when it starts like the old timeline's code language.
func TestNoteThatLooksLikeACode(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		coach := ts.signIn(t, "coach")
		a := coach.user(t).Actor()
		id := ts.anyCase(t, a).ID
		version := ts.caseDetail(t, a, id).Case.Version
		res := coach.post(t, caseURL(id)+"/note", noteForm(strconv.Itoa(version), "code:decline.other"))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST the note: status %d", res.StatusCode)
		}
		timeline := find(coach.get(t, caseURL(id)).doc(t), func(n *html.Node) bool { return is(n, "ol") && hasClass(n, "timeline") })
		got := text(timeline)
		if !strings.Contains(got, "code:decline.other") {
			t.Errorf("timeline does not show the note as written: %q", got)
		}
		if label := translate("de", "code.decline.other"); strings.Contains(got, ": "+label) {
			t.Errorf("timeline shows the note as the label %q", label)
		}
	})
}
