package web

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"teilhabe"
	"teilhabe/sqldb"
)

// checkKey reports a key that is missing from the catalogue or has an
// empty text. A key ending in "." is a prefix completed at run time; some
// key must start with it.
func checkKey(t *testing.T, where, key string) {
	t.Helper()
	if strings.HasSuffix(key, ".") {
		for k := range texts[defaultLang] {
			if strings.HasPrefix(k, key) {
				return
			}
		}
		t.Errorf("%s: no key starts with %q", where, key)
		return
	}
	de, ok := texts[defaultLang][key]
	switch {
	case !ok:
		t.Errorf("%s: key %q is not in the catalogue", where, key)
	case strings.TrimSpace(de) == "" || strings.TrimSpace(texts["en"][key]) == "":
		t.Errorf("%s: key %q has an empty German or English text", where, key)
	}
}

var (
	// actionRE finds template actions; stringRE the string literals in one.
	actionRE = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	stringRE = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
	// codeCallRE finds .Code "catalogue" and .Codes "catalogue".
	codeCallRE = regexp.MustCompile(`\.Codes?\s+"([a-z_]+)"`)
	// prefixRE matches a key prefix such as "case.origin.".
	prefixRE = regexp.MustCompile(`^[a-z_]+\.([a-z_-]+\.)*$`)
)

// TestCatalogueHasEveryTemplateKey scans the templates for message keys:
// the literals of T, F and the other helpers, and the catalogues of Code.
func TestCatalogueHasEveryTemplateKey(t *testing.T) {
	n := 0
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := templateFS.ReadFile(path)
		if err != nil {
			return err
		}
		for _, action := range actionRE.FindAllString(string(b), -1) {
			for _, m := range stringRE.FindAllStringSubmatch(action, -1) {
				if s := m[1]; keyPattern.MatchString(s) || prefixRE.MatchString(s) {
					checkKey(t, path, s)
					n++
				}
			}
			for _, m := range codeCallRE.FindAllStringSubmatch(action, -1) {
				checkKey(t, path, "code."+m[1]+".")
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 200 {
		t.Errorf("found only %d keys in the templates; is the scan broken?", n)
	}
}

// goStrings returns the string literals of the non-test Go files in dir,
// except those named in skip, each with a position, and the literal first
// arguments of calls by the called function's name.
func goStrings(t *testing.T, dir string, skip ...string) (lits map[string]string, calls map[string][]string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	lits, calls = map[string]string{}, map[string][]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || contains(skip, filepath.Base(name)) {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if n.Kind == token.STRING {
					if s, err := strconv.Unquote(n.Value); err == nil {
						lits[s] = fset.Position(n.Pos()).String()
					}
				}
			case *ast.CallExpr:
				var name string
				switch fn := n.Fun.(type) {
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				case *ast.Ident:
					name = fn.Name
				}
				if len(n.Args) > 0 {
					if lit, ok := n.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						s, _ := strconv.Unquote(lit.Value)
						calls[name] = append(calls[name], s)
					}
				}
			}
			return true
		})
	}
	return lits, calls
}

// TestCatalogueHasEveryGoKey scans the Go code for message keys: the web
// package's literals, and the error keys that the domain and the store
// return for the web layer to translate.
func TestCatalogueHasEveryGoKey(t *testing.T) {
	prefixes := keyPrefixes()
	lits, calls := goStrings(t, ".")
	n := 0
	for s, pos := range lits {
		prefix, _, _ := strings.Cut(s, ".")
		if prefixes[prefix] && (keyPattern.MatchString(s) || prefixRE.MatchString(s)) {
			checkKey(t, pos, s)
			n++
		}
	}
	if n < 50 {
		t.Errorf("found only %d keys in the web package's code; is the scan broken?", n)
	}
	for _, fn := range []string{"codeOptions", "Code", "Codes", "prepareReasons"} {
		for _, catalogue := range calls[fn] {
			checkKey(t, fn+"("+strconv.Quote(catalogue)+")", "code."+catalogue+".")
		}
	}
	// Keys the web package builds at run time.
	for _, st := range steps {
		checkKey(t, "step "+st.name, "step."+st.name)
	}
	for _, status := range []int{400, 403, 404, 409, 422, 500} {
		checkKey(t, "renderError", "title.error."+strconv.Itoa(status))
	}
	for _, r := range teilhabe.Roles() {
		checkKey(t, "start page", "title.start."+string(r))
	}
	for _, o := range []teilhabe.Origin{teilhabe.OriginSelf, teilhabe.OriginSponsor} {
		checkKey(t, "case page", "case.origin."+string(o))
	}
	for _, k := range []teilhabe.DeadlineKind{teilhabe.DeadlineCalendarDays, teilhabe.DeadlineWorkingDays} {
		checkKey(t, "programme page", "programme.deadline."+string(k))
	}
	for _, e := range navEntries {
		checkKey(t, "navigation", e.key)
	}

	// The domain and the store return field and conflict keys.
	for _, dir := range []string{"..", "../sqldb"} {
		lits, _ := goStrings(t, dir)
		for s, pos := range lits {
			if (strings.HasPrefix(s, "err.") || strings.HasPrefix(s, "journey.")) && keyPattern.MatchString(s) {
				checkKey(t, pos, s)
			}
		}
	}
}

// TestCatalogueHasEveryCode checks that every code of the domain's
// catalogues, and of the store's stored kinds, has a label.
func TestCatalogueHasEveryCode(t *testing.T) {
	strs := func(list ...string) []string { return list }
	stages := func() (s []string) {
		for _, st := range teilhabe.Stages() {
			s = append(s, string(st))
		}
		return s
	}
	of := func(n int, f func(i int) string) (s []string) {
		for i := range n {
			s = append(s, f(i))
		}
		return s
	}
	kinds, roles, orgs, features := teilhabe.DisabilityKinds(), teilhabe.Roles(), teilhabe.OrgKinds(), teilhabe.Features()
	for _, tc := range []struct {
		catalogue string
		codes     []string
	}{
		{"channel", teilhabe.Channels},
		{"decline", teilhabe.DeclineReasons},
		{"withdraw", teilhabe.WithdrawReasons},
		{"refuse", teilhabe.RefuseReasons},
		{"barrier", teilhabe.Barriers},
		{"merkzeichen", teilhabe.Merkzeichen},
		{"need", teilhabe.Needs},
		{"consent", teilhabe.ConsentScopes},
		{"proof", teilhabe.ProofKinds},
		{"disability", of(len(kinds), func(i int) string { return string(kinds[i]) })},
		{"stage", stages()},
		{"next", stages()},
		{"role", of(len(roles), func(i int) string { return string(roles[i]) })},
		{"org", of(len(orgs), func(i int) string { return string(orgs[i]) })},
		{"feature", of(len(features), func(i int) string { return string(features[i]) })},
		{"domain", strs(string(teilhabe.SGB2), string(teilhabe.SGB3))},
		{"deadline", strs(string(teilhabe.DeadlineCalendarDays), string(teilhabe.DeadlineWorkingDays))},
		{"mode", strs("in_person", "remote")},
		{"appointment", strs("info", "first")},
		{"outcome", strs("booked", "held", "no_show", "cancelled")},
		{"msg", strs(sqldb.MsgAnnouncement, sqldb.MsgAnnouncementReply, sqldb.MsgAssignmentRequest,
			sqldb.MsgAssignmentReply, sqldb.MsgExtensionRequest, sqldb.MsgExtensionReply)},
		{"msgstatus", strs(sqldb.StatusOpen, sqldb.StatusWaiting, sqldb.StatusAccepted, sqldb.StatusDeclined, sqldb.StatusWithdrawn)},
		{"ineligible", ineligibleReasons(t)},
		{"event", eventKinds(t)},
	} {
		if len(tc.codes) == 0 {
			t.Errorf("catalogue %s: no codes found", tc.catalogue)
		}
		for _, code := range tc.codes {
			checkKey(t, "catalogue "+tc.catalogue, "code."+tc.catalogue+"."+code)
		}
	}
}

// ineligibleReasons returns the reason codes that Eligibility.Assess can give.
func ineligibleReasons(t *testing.T) []string {
	t.Helper()
	return literalsIn(t, filepath.Join("..", "case.go"), "Assess")
}

// eventKinds returns the kinds of timeline events the store writes: the
// literal kinds, and those it builds from the appointment kinds, outcomes,
// actions, stages and message statuses.
func eventKinds(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join("..", "sqldb", "journey.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "event" && len(call.Args) >= 4 {
			if lit, ok := call.Args[3].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				kinds = append(kinds, s)
			}
		}
		return true
	})
	for _, kind := range []string{"info", "first"} {
		for _, what := range []string{"booked", "rebooked", "held", "no_show", "cancelled"} {
			kinds = append(kinds, kind+"_"+what)
		}
	}
	kinds = append(kinds, string(teilhabe.ActEligible), string(teilhabe.ActNotEligible),
		string(teilhabe.StageAssignmentRequested), string(teilhabe.StageWaitingList),
		"extension_"+sqldb.StatusAccepted, "extension_"+sqldb.StatusDeclined)
	if len(kinds) < 20 {
		t.Errorf("found only %d event kinds; is the scan broken?", len(kinds))
	}
	return kinds
}

// literalsIn returns the string literals in the function or method named fn
// of a Go file.
func literalsIn(t *testing.T, file, fn string) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != fn {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				out = append(out, s)
			}
			return true
		})
	}
	return out
}

var verbRE = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)

// TestCatalogueEnglishIsComplete checks that each entry has both texts with
// the same format verbs, and that the English is a translation: it differs
// from the German for at least 90% of the keys.
func TestCatalogueEnglishIsComplete(t *testing.T) {
	same := 0
	var sameKeys []string
	for key, de := range texts[defaultLang] {
		en := texts["en"][key]
		if strings.TrimSpace(de) == "" || strings.TrimSpace(en) == "" {
			t.Errorf("%s: empty text (de %q, en %q)", key, de, en)
		}
		if strings.Join(verbRE.FindAllString(de, -1), " ") != strings.Join(verbRE.FindAllString(en, -1), " ") {
			t.Errorf("%s: format verbs differ: de %q, en %q", key, de, en)
		}
		if de == en {
			same++
			sameKeys = append(sameKeys, key)
		}
	}
	sort.Strings(sameKeys)
	if share := float64(same) / float64(len(texts[defaultLang])); share > 0.10 {
		t.Errorf("%d of %d English texts equal the German (%.0f%%), want at most 10%%: %v", same, len(texts[defaultLang]), share*100, sameKeys)
	} else {
		t.Logf("%d of %d texts are the same in both languages: %v", same, len(texts[defaultLang]), sameKeys)
	}
}

// TestLocaleFiles checks the locale files themselves: valid JSON objects of
// strings, keys sorted and unique (encoding/json would silently keep the
// last of two equal keys), and every language with exactly the German keys.
func TestLocaleFiles(t *testing.T) {
	files, err := fs.Glob(localeFS, "locales/*.json")
	if err != nil || len(files) < 2 {
		t.Fatalf("locale files = %v, %v; want de and en at least", files, err)
	}
	for _, name := range files {
		b, err := localeFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			t.Fatalf("%s: want a JSON object, got %v, %v", name, tok, err)
		}
		prev := ""
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			key := tok.(string)
			if key <= prev {
				t.Errorf("%s: key %q after %q: keys must be sorted and unique", name, key, prev)
			}
			prev = key
			var text string
			if err := dec.Decode(&text); err != nil {
				t.Fatalf("%s: %s: %v", name, key, err)
			}
		}
		lang := strings.TrimSuffix(path.Base(name), ".json")
		for key := range texts[defaultLang] {
			if _, ok := texts[lang][key]; !ok {
				t.Errorf("%s: missing key %q", name, key)
			}
		}
		for key := range texts[lang] {
			if _, ok := texts[defaultLang][key]; !ok {
				t.Errorf("%s: key %q is not in the German file", name, key)
			}
		}
	}
	if hint := texts[defaultLang]["hint.password"]; !strings.Contains(hint, strconv.Itoa(teilhabe.MinPasswordLength)) {
		t.Errorf("hint.password %q does not name the minimum length %d", hint, teilhabe.MinPasswordLength)
	}
}

func TestTranslateFallsBackToGerman(t *testing.T) {
	if got, want := translate("xx", "nav.start"), texts[defaultLang]["nav.start"]; got != want {
		t.Errorf("translate(xx) = %q, want the German %q", got, want)
	}
	if got := translate("en", "no.such_key"); got != "no.such_key" {
		t.Errorf("translate of a missing key = %q, want the key", got)
	}
}
