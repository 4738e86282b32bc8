package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"slices"
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
// each with a position.
func goStrings(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	lits := map[string]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if n, ok := n.(*ast.BasicLit); ok && n.Kind == token.STRING {
				if s, err := strconv.Unquote(n.Value); err == nil {
					lits[s] = fset.Position(n.Pos()).String()
				}
			}
			return true
		})
	}
	return lits
}

// TestCatalogueHasEveryGoKey scans the Go code for message keys: the web
// package's literals, and the error keys that the domain and the store
// return for the web layer to translate.
func TestCatalogueHasEveryGoKey(t *testing.T) {
	prefixes := keyPrefixes()
	lits := goStrings(t, ".")
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
	// Keys the web package builds at run time.
	for _, st := range steps {
		for _, key := range st.keys() {
			checkKey(t, "step "+st.Name(), key)
		}
	}
	for _, st := range teilhabe.Stages() {
		checkKey(t, "NextStep", "code.next."+string(st))
	}
	for _, status := range []int{400, 403, 404, 405, 409, 422, 500} {
		checkKey(t, "renderError", "title.error."+strconv.Itoa(status))
	}
	for _, r := range teilhabe.Roles() {
		checkKey(t, "start page", "title.start."+string(r))
	}
	for _, o := range teilhabe.Origins() {
		checkKey(t, "case page", "case.origin."+string(o))
	}
	for _, k := range teilhabe.DeadlineKinds() {
		checkKey(t, "programme page", "programme.deadline."+string(k))
	}
	for _, e := range navEntries {
		checkKey(t, "navigation", e.key)
	}
	for _, name := range sqldb.ReportTables {
		for _, key := range []string{"report.", "report.def.", "report.chart.", "report.sheet."} {
			checkKey(t, "report table "+name, key+name)
		}
	}
	for _, kind := range sqldb.WorkKinds {
		for _, key := range []string{"start.work." + kind, "start.work." + kind + "_heading", "start.work." + kind + "_intro",
			"start.work.empty." + kind, "work." + kind} {
			checkKey(t, "coaching work "+kind, key)
		}
	}

	// The domain and the store return field and conflict keys.
	for _, dir := range []string{"..", "../sqldb"} {
		lits := goStrings(t, dir)
		for s, pos := range lits {
			if (strings.HasPrefix(s, "err.") || strings.HasPrefix(s, "journey.")) && keyPattern.MatchString(s) {
				checkKey(t, pos, s)
			}
		}
	}
}

// TestCatalogueHasEveryCode checks that every value of every vocabulary of
// the domain has a label: the domain lists them (teilhabe.AllCodes), so a
// new code cannot be shown without one.
func TestCatalogueHasEveryCode(t *testing.T) {
	codes := teilhabe.AllCodes()
	if len(codes) < 150 {
		t.Fatalf("teilhabe.AllCodes lists only %d codes", len(codes))
	}
	for _, c := range codes {
		checkKey(t, fmt.Sprintf("%T %v", c, c), "code."+c.Key())
	}
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

// TestCatalogueHasEveryAuditText checks the texts of the audit log: every
// action the store may write (teilhabe.AuditActions) has a sentence in
// every language, with the case number exactly where the action is about
// one case; every piece of a detail, filter and setting the rendering
// knows has its text; and the texts name the export's limit.
func TestCatalogueHasEveryAuditText(t *testing.T) {
	for _, a := range teilhabe.AuditActions() {
		key := "audit.did." + string(a)
		checkKey(t, "audit action "+string(a), key)
		for lang := range texts {
			verbs := verbRE.FindAllString(texts[lang][key], -1)
			if want := a.OneCase(); want != slices.Equal(verbs, []string{"%d"}) || !want && len(verbs) > 0 {
				t.Errorf("%s (%s) has format verbs %v; want one %%d exactly for actions about a case", key, lang, verbs)
			}
		}
	}
	for _, ph := range detailPhrases {
		checkKey(t, "detailPhrases", ph.key)
	}
	for _, name := range auditFilterNames {
		checkKey(t, "auditFilterNames", "audit.filter."+name)
	}
	for _, name := range auditSettings {
		checkKey(t, "auditSettings", "audit.setting."+name)
	}
	for lang, limit := range map[string]string{"de": "10.000", "en": "10,000"} {
		if n := strings.NewReplacer(".", "", ",", "").Replace(limit); n != strconv.Itoa(sqldb.AuditExportLimit) {
			t.Fatalf("the texts name the limit %s, the store has %d", limit, sqldb.AuditExportLimit)
		}
		for _, key := range []string{"audit.export_limit", "err.audit_export_too_many"} {
			if !strings.Contains(texts[lang][key], limit) {
				t.Errorf("%s (%s) = %q does not name the limit %s", key, lang, texts[lang][key], limit)
			}
		}
	}
}
