package web

import (
	"context"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"teilhabe"
	"teilhabe/demo"
	"teilhabe/sqldb"
)

// TestPagesRender signs in as each demo role and renders, in German and
// then in English, the start page, every page of the main navigation and
// the pages each role works with: case pages in every stage with each step
// form they offer, the contract, the sponsor's decisions, the administrator's
// set-up forms. Every page is checked with checkPage.
func TestPagesRender(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *testServer) {
		rendered := &stepSet{seen: map[string]bool{}}
		for _, login := range demo.Logins {
			t.Run(login.Username, func(t *testing.T) {
				c := ts.signIn(t, login.Username)
				w := &walker{t: t, c: c, lang: "de", seen: map[string]bool{}, steps: rendered}
				w.rolePages(login.Role)

				res := c.get(t, "/lang/en?next=/")
				if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
					t.Fatalf("GET /lang/en?next=/: status %d, Location %q; want 303 to /", res.StatusCode, res.Header.Get("Location"))
				}
				w.lang, w.seen = "en", map[string]bool{}
				w.rolePages(login.Role)
				if t.Failed() {
					return
				}
				t.Logf("%s: %d pages in each language", login.Username, len(w.seen))
			})
		}
		t.Run("every step form rendered", func(t *testing.T) {
			for _, st := range steps {
				if !rendered.has(st.Name()) {
					t.Errorf("no demo role was offered the step %q on a case page, so its form was not rendered", st.Name())
				}
			}
			if !rendered.has("contract page") {
				t.Error("no case page linked to the printable contract, so it was not rendered")
			}
			if !rendered.has("module page") {
				t.Error("no case page linked to a booked module, so its form was not rendered")
			}
			for _, page := range []string{"/plan", "/plan/print", "/plan/compare", "/plan/draft", "/plan/barriers",
				"/plan/goals/new", "/plan/goals/N", "/plan/goals/N/steps/new", "/plan/steps/N", "/plan/goals/N/remove",
				"/plan/steps/N/remove", "/plan/agree", "/plan/start"} {
				if !rendered.has(page) {
					t.Errorf("no case page led to the support plan's page %s, so it was not rendered", page)
				}
			}
			if !rendered.has("module catalogue") {
				t.Error("the coordinator's programme page linked to no module catalogue with modules to edit")
			}
		})
	})
}

// stepSet records the step forms rendered, across roles.
type stepSet struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (s *stepSet) add(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen[name] = true
}

func (s *stepSet) has(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[name]
}

// walker visits the pages of one signed-in user.
type walker struct {
	t     *testing.T
	c     *client
	lang  string
	seen  map[string]bool
	steps *stepSet
}

// page renders path once and checks it; it returns the parsed page, or nil
// when it was visited before or failed.
func (w *walker) page(path string) *html.Node {
	w.t.Helper()
	if w.seen[path] {
		return nil
	}
	w.seen[path] = true
	res := w.c.get(w.t, path)
	if res.StatusCode != http.StatusOK {
		w.t.Errorf("GET %s (%s): status %d, want 200", path, w.lang, res.StatusCode)
		return nil
	}
	doc := res.doc(w.t)
	checkPage(w.t, "GET "+path+" ("+w.lang+")", doc, w.lang)
	return doc
}

// employerPages visits the provider's register: each employer's page, its
// forms and its openings' forms, and a search.
func (w *walker) employerPages() {
	w.t.Helper()
	w.page("/employers?q=weber")
	list := w.c.get(w.t, "/employers").doc(w.t)
	employers := 0
	for _, href := range links(find(list, tagged("main"))) {
		if !strings.HasPrefix(href, "/employers/") {
			continue
		}
		employers++
		if doc := w.page(href); doc != nil {
			for _, sub := range links(find(doc, tagged("main"))) {
				if strings.HasPrefix(sub, "/employers/") {
					w.page(sub)
				}
			}
		}
	}
	if employers < 2 {
		w.t.Errorf("the register lists %d employers, want the demo's", employers)
	}
}

// rolePages visits everything the role works with.
func (w *walker) rolePages(role teilhabe.Role) {
	w.t.Helper()
	start := w.page("/")
	if start == nil {
		return
	}
	navs := findAll(start, func(n *html.Node) bool { _, ok := attr(n, "aria-label"); return is(n, "nav") && ok })
	if len(navs) == 0 {
		w.t.Fatal("the start page has no labelled navigation")
	}
	for _, nav := range navs {
		for _, href := range links(nav) {
			w.page(href)
		}
	}
	ts, a := w.c.ts, w.c.user(w.t).Actor()
	switch role {
	case teilhabe.RoleCoach, teilhabe.RoleProviderLead, teilhabe.RoleSponsorCaseworker:
		// One case of each stage in the user's scope, with every step the
		// case page offers.
		for _, stage := range teilhabe.Stages() {
			items := ts.findCases(w.t, a, sqldb.CaseFilter{Stage: stage, Closed: stage.Closed()})
			if len(items) > 0 {
				w.casePages(items[0].ID, stage)
			}
		}
		// A case whose plan has two agreed versions, and for provider staff
		// one with a draft: their plan pages and forms.
		if id := ts.caseWithPlan(w.t, a, func(d sqldb.CaseDetail) bool { return d.Plan != nil && d.Plan.Number > 1 }); id != 0 {
			w.casePages(id, teilhabe.StageActive)
		}
		if role != teilhabe.RoleSponsorCaseworker {
			if id := ts.caseWithPlan(w.t, a, func(d sqldb.CaseDetail) bool { return d.Draft != nil && len(d.Draft.Goals) > 0 }); id != 0 {
				w.casePages(id, teilhabe.StageActive)
			}
		}
		// A case whose follow-up runs and has come to its check: the
		// follow-up's steps, which stand with the placement.
		if role != teilhabe.RoleSponsorCaseworker {
			w.casePages(ts.caseAtSustainabilityCheck(w.t, a), teilhabe.StageActive)
			w.casePages(ts.caseAtLaterMark(w.t, a), teilhabe.StageExited)
		}
		if role == teilhabe.RoleSponsorCaseworker {
			w.casePages(ts.caseAwaitingExtension(w.t, a), teilhabe.StageActive)
		} else {
			w.page("/cases?closed=on")
			w.page("/cases?q=M&stage=contacted")
			w.page("/calendar/feed")
			w.page("/calendar?week=2026-W52")
			w.employerPages()
		}
	case teilhabe.RoleAdmin:
		programmes := w.page("/admin/programmes")
		if programmes == nil {
			programmes = w.c.get(w.t, "/admin/programmes").doc(w.t)
		}
		var detail string
		for _, href := range links(find(programmes, tagged("main"))) {
			if strings.HasPrefix(href, "/admin/programmes/") && href != "/admin/programmes/new" {
				detail = href
				break
			}
		}
		if detail == "" {
			w.t.Fatal("the programme list links to no programme")
		}
		w.page("/admin/programmes/new")
		if doc := w.page(detail); doc != nil {
			// The programme's settings, new organisation and new location.
			for _, href := range links(find(doc, tagged("main"))) {
				w.page(href)
			}
		}
		w.page("/admin/users/new")
		users := w.c.get(w.t, "/admin/users").doc(w.t)
		edits := 0
		for _, href := range links(find(users, tagged("main"))) {
			if strings.HasPrefix(href, "/admin/users/") && href != "/admin/users/new" && edits < 3 {
				w.page(href)
				edits++
			}
		}
		if edits == 0 {
			w.t.Error("the user list links to no account")
		}
	case teilhabe.RoleCoordinator:
		doc := w.page("/programme")
		if doc == nil { // visited from the navigation
			doc = w.c.get(w.t, "/programme").doc(w.t)
		}
		if doc != nil {
			for _, href := range links(find(doc, tagged("main"))) {
				page := w.page(href)
				if page == nil || !strings.HasSuffix(href, "/modules") {
					continue
				}
				// The module catalogue: the form of a new module and of
				// each module.
				for _, edit := range links(find(page, tagged("main"))) {
					if strings.HasPrefix(edit, href+"/") && w.page(edit) != nil {
						w.steps.add("module catalogue")
					}
				}
			}
		}
		w.page("/capacity?year=2025")
	case teilhabe.RoleDataProtection:
		w.page("/audit?actor=coach")
		w.page("/audit?page=2")
	}
}

// casePages visits a case page and every step form it links to in its
// actions navigation; each must be a form that posts back to its own URL.
func (w *walker) casePages(id int64, stage teilhabe.Stage) {
	w.t.Helper()
	url := caseURL(id)
	doc := w.page(url)
	if doc == nil {
		return
	}
	// The step that takes the case forward is the one primary button; the
	// steps that close the case stand apart and ask for confirmation.
	navs := findAll(doc, func(n *html.Node) bool { return is(n, "nav") && hasClass(n, "actions") })
	primary := 0
	for _, actions := range navs {
		if attrOf(actions, "aria-label") == "" && attrOf(actions, "aria-labelledby") == "" {
			w.t.Errorf("GET %s: an actions navigation has no label", url)
		}
		closing := hasClass(actions, "actions--closing")
		for _, a := range findAll(actions, tagged("a")) {
			if hasClass(a, "button") && !hasClass(a, "button--secondary") && !hasClass(a, "button--warning") {
				primary++
			}
			if closes := hasClass(a, "button--warning"); closes != closing {
				w.t.Errorf("GET %s: the step %s is styled closing=%v in a navigation with closing=%v", url, attrOf(a, "href"), closes, closing)
			}
		}
		for _, href := range links(actions) {
			step, _, _ := strings.Cut(strings.TrimPrefix(href, url+"/"), "?") // followup?placement=N is the step followup
			page := w.page(href)
			if page == nil {
				continue
			}
			w.steps.add(step)
			forms := findAll(page, func(n *html.Node) bool { return is(n, "form") && attrOf(n, "method") == "post" })
			var own *html.Node
			for _, f := range forms {
				if a := attrOf(f, "action"); a == "" || a == href {
					own = f
				}
			}
			if own == nil {
				w.t.Errorf("GET %s (stage %s): no form that posts to the step", href, stage)
				continue
			}
			if isStep(step) && find(own, tagWith("button", "type", "submit")) == nil {
				w.t.Errorf("GET %s: the step form has no submit button", href)
			}
			if closing && find(own, tagWith("input", "name", "confirm")) == nil {
				w.t.Errorf("GET %s: the closing step asks for no confirmation", href)
			}
		}
	}
	if primary > 1 {
		w.t.Errorf("GET %s: %d primary buttons, want at most one", url, primary)
	}
	for _, href := range links(find(doc, tagged("main"))) {
		if href == url+"/contract" && w.page(href) != nil {
			w.steps.add("contract page")
		}
		if strings.HasPrefix(href, url+"/modules/") && w.page(href) != nil {
			w.steps.add("module page")
		}
		if strings.HasPrefix(href, url+"/plan") {
			w.planPages(url, href)
		}
	}
}

// planPages visits a page of a case's support plan and the plan pages it
// links to, recording each kind ("/plan/goals/N") as rendered.
func (w *walker) planPages(url, href string) {
	w.t.Helper()
	doc := w.page(href)
	if doc == nil {
		return
	}
	path, _, _ := strings.Cut(strings.TrimPrefix(href, url), "?")
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if _, err := strconv.Atoi(p); err == nil {
			parts[i] = "N"
		}
	}
	w.steps.add(strings.Join(parts, "/"))
	for _, next := range links(find(doc, tagged("main"))) {
		if strings.HasPrefix(next, url+"/plan") {
			w.planPages(url, next)
		}
	}
}

// caseWithPlan returns an active case in a's scope whose detail ok
// accepts, 0 if none.
func (ts *testServer) caseWithPlan(t testing.TB, a teilhabe.Actor, ok func(sqldb.CaseDetail) bool) int64 {
	t.Helper()
	for _, item := range ts.findCases(t, a, sqldb.CaseFilter{Stage: teilhabe.StageActive}) {
		if ok(ts.caseDetail(t, a, item.ID)) {
			return item.ID
		}
	}
	return 0
}

// caseAtSustainabilityCheck returns an active case in a's scope whose
// follow-up runs and has come to its sustainability check. When the demo
// has none, the case's coach records a job that began seven months ago.
func (ts *testServer) caseAtSustainabilityCheck(t testing.TB, a teilhabe.Actor) int64 {
	t.Helper()
	today := ts.db.Today()
	if id := ts.caseWithPlan(t, a, func(d sqldb.CaseDetail) bool {
		return anyFollowUp(d, func(f teilhabe.FollowUp) bool { return f.Running() && f.CheckDue(today) })
	}); id != 0 {
		return id
	}
	active := ts.findCases(t, a, sqldb.CaseFilter{Stage: teilhabe.StageActive})
	if len(active) == 0 {
		t.Fatalf("the demo has no active case for %s", a.Username)
	}
	ctx := context.Background()
	c := ts.caseDetail(t, a, active[0].ID).Case
	coach := ts.coachOf(t, c.LocationID)
	start := today.AddDate(0, -7, 0)
	emp, err := ts.db.CreateEmployer(ctx, coach, teilhabe.Employer{Name: "Prüfbetrieb " + coach.Username, City: "Trier",
		Sector: teilhabe.SectorLogistics}, false)
	if err == nil {
		err = ts.db.AddConsent(ctx, coach, c.ID, teilhabe.ConsentGiven{Scope: teilhabe.ConsentEmployer, GivenOn: start})
	}
	if err == nil {
		err = ts.db.RecordPlacement(ctx, coach, c.ID, teilhabe.Placement{Kind: teilhabe.PlacementFullTime, EmployerID: emp,
			JobTitle: "Lagerhelfer", Start: start, Hours: 39, Subsidy: teilhabe.SubsidyNone})
	}
	if err != nil {
		t.Fatalf("record a job that began seven months ago: %v", err)
	}
	return c.ID
}

// caseAtLaterMark returns an exited case in a's scope six months past its
// exit whose later destination is not recorded. The demo's exits are
// recent, so the case's coach records an early exit of a case in coaching
// the day after its assignment began, more than six months ago.
func (ts *testServer) caseAtLaterMark(t testing.TB, a teilhabe.Actor) int64 {
	t.Helper()
	today := ts.db.Today()
	for _, item := range ts.findCases(t, a, sqldb.CaseFilter{Stage: teilhabe.StageExited, Closed: true}) {
		if c := ts.caseDetail(t, a, item.ID).Case; !c.Later.Recorded() && !c.LaterDue.After(today) {
			return c.ID
		}
	}
	for _, item := range ts.findCases(t, a, sqldb.CaseFilter{Stage: teilhabe.StageActive}) {
		d := ts.caseDetail(t, a, item.ID)
		c := d.Case
		exit := c.AssignmentStart.AddDate(0, 0, 1)
		if teilhabe.LaterDue(exit).After(today) || len(d.Placements) > 0 {
			continue
		}
		coach := ts.coachOf(t, c.LocationID)
		if err := ts.db.RecordExit(context.Background(), coach, c.ID, c.Version, teilhabe.Exit{On: exit, Kind: teilhabe.ExitEarly,
			Reason: teilhabe.ExitMoved, Destination: teilhabe.DestUnknown}); err != nil {
			t.Fatalf("record an exit six months back: %v", err)
		}
		return c.ID
	}
	t.Fatalf("the demo has no case in coaching for %s whose assignment began more than six months ago", a.Username)
	return 0
}

// caseAwaitingExtension returns an active case of the sponsor caseworker
// a's organisation with an open extension request. When the demo has none,
// the case's coach requests one through the store.
func (ts *testServer) caseAwaitingExtension(t testing.TB, a teilhabe.Actor) int64 {
	t.Helper()
	active := ts.findCases(t, a, sqldb.CaseFilter{Stage: teilhabe.StageActive})
	for _, item := range active {
		if ts.caseDetail(t, a, item.ID).OpenExtension() != nil {
			return item.ID
		}
	}
	if len(active) == 0 {
		t.Fatalf("the demo has no active case for %s", a.Username)
	}
	c := ts.caseDetail(t, a, active[0].ID).Case
	coach := ts.coachOf(t, c.LocationID)
	if err := ts.db.RequestExtension(context.Background(), coach, c.ID, c.Version,
		teilhabe.ExtensionRequest{ProposedEnd: c.AssignmentEnd.AddDate(0, 3, 0), Reason: "Übernahme in Aussicht."}); err != nil {
		t.Fatalf("request an extension: %v", err)
	}
	return c.ID
}

// coachOf returns the coach of a location.
func (ts *testServer) coachOf(t testing.TB, locationID int64) teilhabe.Actor {
	t.Helper()
	users, err := ts.db.FindUsers(context.Background(), teilhabe.Actor{Role: teilhabe.RoleAdmin, Username: "admin"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Role == teilhabe.RoleCoach && u.LocationID == locationID {
			return u.Actor()
		}
	}
	t.Fatalf("no coach at location %d", locationID)
	return teilhabe.Actor{}
}

// TestStepTemplatesExist checks that every step has its form template.
func TestStepTemplatesExist(t *testing.T) {
	tpl, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, st := range steps {
		if name := st.templateName(); tpl[defaultLang][name] == nil {
			missing = append(missing, st.Name()+" ("+name+")")
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("steps without their template: %v", missing)
	}
}

// isStep reports whether name is the name of a step.
func isStep(name string) bool {
	for _, st := range steps {
		if st.Name() == name {
			return true
		}
	}
	return false
}

// TestLocalize checks that static text actions become constants of the
// language, that texts with arguments stay calls, and that html/template
// still escapes what was written in.
func TestLocalize(t *testing.T) {
	src := `<p title="{{.T "nav.start"}}">{{- .T "nav.cases" -}}</p>{{$.P.T "nav.inbox"}}{{.T "pager.page" 3}}{{.T "no.such_key"}}`
	got := localize(src, "en")
	want := `<p title="{{"Start"}}">{{- "Cases" -}}</p>{{"Inbox"}}{{.T "pager.page" 3}}{{.T "no.such_key"}}`
	if got != want {
		t.Errorf("localize:\n got %s\nwant %s", got, want)
	}
	tpl, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	if len(tpl) != len(texts) {
		t.Errorf("template sets for %d languages, want %d", len(tpl), len(texts))
	}
	// A text with markup characters is escaped like any other value.
	var b strings.Builder
	esc := template.Must(template.New("").Parse(`<p>{{"a < b & \"c\""}}</p>`))
	if err := esc.Execute(&b, nil); err != nil || b.String() != "<p>a &lt; b &amp; &#34;c&#34;</p>" {
		t.Errorf("a written-in text is not escaped: %q, %v", b.String(), err)
	}
}
