package web

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
)

// Helpers to test pages as HTML: find elements, read attributes and text,
// and check what every page of the application must get right.

// attr returns the value of attribute key of n and whether it is present.
func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// attrOf returns the value of attribute key of n, or "".
func attrOf(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return v
}

// is reports whether n is an element with tag name tag.
func is(n *html.Node, tag string) bool { return n.Type == html.ElementNode && n.Data == tag }

// tagged matches elements with tag name tag.
func tagged(tag string) func(*html.Node) bool { return func(n *html.Node) bool { return is(n, tag) } }

// findAll returns the nodes below n (n included) for which match is true,
// in document order.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// find returns the first node below n for which match is true, or nil.
func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if all := findAll(n, match); len(all) > 0 {
		return all[0]
	}
	return nil
}

// elements returns the elements below n with tag name tag.
func elements(n *html.Node, tag string) []*html.Node {
	return findAll(n, func(n *html.Node) bool { return is(n, tag) })
}

// tagWith matches elements with tag name tag (any tag if "") whose
// attribute key has value val.
func tagWith(tag, key, val string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		if n.Type != html.ElementNode || tag != "" && n.Data != tag {
			return false
		}
		v, ok := attr(n, key)
		return ok && v == val
	}
}

// byID returns the element with id, or nil.
func byID(doc *html.Node, id string) *html.Node { return find(doc, tagWith("", "id", id)) }

// ancestor returns the nearest ancestor of n with tag name tag, or nil.
func ancestor(n *html.Node, tag string) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if is(p, tag) {
			return p
		}
	}
	return nil
}

// text returns the text content of n with white space collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// rawText returns the text content of n as it is, as a browser submits a
// textarea.
func rawText(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// hasClass reports whether n has class c.
func hasClass(n *html.Node, c string) bool {
	for _, f := range strings.Fields(attrOf(n, "class")) {
		if f == c {
			return true
		}
	}
	return false
}

// links returns the href of every a element below n.
func links(n *html.Node) []string {
	var out []string
	for _, a := range elements(n, "a") {
		if h, ok := attr(a, "href"); ok {
			out = append(out, h)
		}
	}
	return out
}

// mainText returns the text of the page's main element.
func mainText(t testing.TB, doc *html.Node) string {
	t.Helper()
	m := find(doc, tagged("main"))
	if m == nil {
		t.Fatal("page has no main element")
	}
	return text(m)
}

// inputValue returns the value of the input named name, or the text of the
// textarea, and whether the control exists.
func inputValue(doc *html.Node, name string) (string, bool) {
	for _, n := range findAll(doc, func(n *html.Node) bool {
		return (is(n, "input") || is(n, "textarea") || is(n, "select")) && attrOf(n, "name") == name
	}) {
		switch n.Data {
		case "textarea":
			return rawText(n), true
		case "select":
			for _, o := range elements(n, "option") {
				if _, sel := attr(o, "selected"); sel {
					return attrOf(o, "value"), true
				}
			}
			return "", true
		}
		if typ := attrOf(n, "type"); typ == "radio" || typ == "checkbox" {
			if _, checked := attr(n, "checked"); !checked {
				continue
			}
		}
		return attrOf(n, "value"), true
	}
	return "", false
}

// keyPattern matches a message key, such as "err.required".
var keyPattern = regexp.MustCompile(`^[a-z_]+\.[a-z_.-]+$`)

// looksLikeKey reports whether s is a message key shown instead of its
// text: it has the form of a key and starts like the keys of the catalogue
// ("err.", "code.", …). Data of the same form, such as the username
// "coach.daun", starts differently; technical codes shown on purpose, such
// as audit actions, sit in code elements and are not checked.
func looksLikeKey(s string) bool {
	if !keyPattern.MatchString(s) {
		return false
	}
	prefix, _, _ := strings.Cut(s, ".")
	return keyPrefixes()[prefix]
}

var keyPrefixes = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for k := range texts[defaultLang] {
		prefix, _, _ := strings.Cut(k, ".")
		m[prefix] = true
	}
	return m
})

// checkPage asserts what every HTML page must get right: the language, one
// h1, the skip link to the main element, a label for every control, unique
// ids, table headers with scope, references that resolve, and no message
// key in place of a text.
func checkPage(t testing.TB, what string, doc *html.Node, lang string) {
	t.Helper()
	htmlEl := find(doc, tagged("html"))
	if got := attrOf(htmlEl, "lang"); got != lang {
		t.Errorf("%s: html[lang] = %q, want %q", what, got, lang)
	}
	if title := find(doc, tagged("title")); title == nil || text(title) == "" || strings.HasPrefix(text(title), "–") {
		t.Errorf("%s: no page title", what)
	}
	if h1 := elements(doc, "h1"); len(h1) != 1 {
		t.Errorf("%s: %d h1 elements, want exactly 1", what, len(h1))
	}
	for _, h := range findAll(doc, func(n *html.Node) bool { return is(n, "h1") || is(n, "h2") }) {
		if strings.Count(text(h), ": ") > 1 {
			t.Errorf("%s: the heading %q has more than one colon", what, text(h))
		}
	}
	body := find(doc, tagged("body"))
	if first := find(body, tagged("a")); first == nil || attrOf(first, "href") != "#main" {
		t.Errorf("%s: the first link is not the skip link to #main", what)
	}
	mains := elements(doc, "main")
	if len(mains) != 1 || attrOf(mains[0], "id") != "main" {
		t.Errorf("%s: want one main element with id main, have %d", what, len(mains))
	}

	ids := map[string]int{}
	for _, n := range findAll(doc, func(n *html.Node) bool { _, ok := attr(n, "id"); return n.Type == html.ElementNode && ok }) {
		ids[attrOf(n, "id")]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("%s: id %q used %d times", what, id, n)
		}
		if id == "" {
			t.Errorf("%s: empty id attribute", what)
		}
	}

	labelFor := map[string]bool{}
	for _, l := range elements(doc, "label") {
		if f := attrOf(l, "for"); f != "" {
			labelFor[f] = true
			if ids[f] == 0 {
				t.Errorf("%s: label for=%q points to no element", what, f)
			}
		}
	}
	for _, c := range findAll(doc, func(n *html.Node) bool { return is(n, "input") || is(n, "select") || is(n, "textarea") }) {
		typ := attrOf(c, "type")
		if is(c, "input") && (typ == "hidden" || typ == "submit" || typ == "button" || typ == "reset" || typ == "image") {
			continue
		}
		id := attrOf(c, "id")
		desc := c.Data + "[name=" + attrOf(c, "name") + "]"
		if labelFor[id] && id != "" {
			continue
		}
		if typ == "radio" || typ == "checkbox" {
			t.Errorf("%s: %s %s has no label of its own", what, typ, desc)
			continue
		}
		if fs := ancestor(c, "fieldset"); fs != nil && find(fs, tagged("legend")) != nil {
			continue
		}
		t.Errorf("%s: %s has no label[for] and is in no fieldset with legend", what, desc)
	}

	for _, attrName := range []string{"aria-describedby", "aria-labelledby"} {
		for _, n := range findAll(doc, func(n *html.Node) bool { _, ok := attr(n, attrName); return n.Type == html.ElementNode && ok }) {
			for _, ref := range strings.Fields(attrOf(n, attrName)) {
				if ids[ref] == 0 {
					t.Errorf("%s: %s %s=%q: no element with id %q", what, n.Data, attrName, attrOf(n, attrName), ref)
				}
			}
		}
	}
	for _, a := range elements(doc, "a") {
		if h := attrOf(a, "href"); strings.HasPrefix(h, "#") && len(h) > 1 && ids[h[1:]] == 0 {
			t.Errorf("%s: link to %q: no element with that id", what, h)
		}
	}

	for _, thead := range elements(doc, "thead") {
		for _, th := range elements(thead, "th") {
			if scope := attrOf(th, "scope"); scope != "col" && scope != "colgroup" {
				t.Errorf("%s: table header %q in thead has scope %q, want col", what, text(th), scope)
			}
		}
	}
	for _, table := range elements(doc, "table") {
		if find(table, tagged("caption")) == nil && attrOf(table, "aria-label") == "" && attrOf(table, "aria-labelledby") == "" {
			t.Errorf("%s: a table has no caption or accessible name", what)
		}
	}

	for _, n := range findAll(doc, func(n *html.Node) bool { return n.Type == html.TextNode }) {
		if s := strings.TrimSpace(n.Data); looksLikeKey(s) && ancestor(n, "code") == nil {
			t.Errorf("%s: message key %q shown as text", what, s)
		}
	}
	for _, n := range findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
		for _, k := range []string{"aria-label", "title", "placeholder", "alt"} {
			if v, ok := attr(n, k); ok && looksLikeKey(strings.TrimSpace(v)) {
				t.Errorf("%s: message key %q shown in %s[%s]", what, v, n.Data, k)
			}
		}
	}
}

// recorder collects the errors a check reports instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Helper() {}

// TestCheckPageFindsProblems makes sure the page checks catch what they
// are meant to: a page with one of each mistake, and a page without any.
func TestCheckPageFindsProblems(t *testing.T) {
	parse := func(s string) *html.Node {
		doc, err := html.Parse(strings.NewReader(s))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	good := `<!doctype html><html lang="de"><head><title>Fall – teilhabe</title></head><body>
<a href="#main">Zum Inhalt</a><main id="main"><h1>Fall</h1>
<form method="post"><label for="a">A</label><input id="a" name="a" aria-describedby="a-hint"><p id="a-hint">Hinweis</p>
<fieldset><legend>Wahl</legend><input type="radio" id="r1" name="r"><label for="r1">Eins</label></fieldset>
<input type="hidden" name="version" value="1"><button type="submit">OK</button></form>
<table><caption>Fälle</caption><thead><tr><th scope="col">Name</th></tr></thead><tbody><tr><td><code>case.viewed</code></td></tr></tbody></table>
<p>coach.daun</p></main></body></html>`
	r := &recorder{TB: t}
	checkPage(r, "good", parse(good), "de")
	if len(r.errs) > 0 {
		t.Errorf("a correct page was reported: %q", r.errs)
	}

	bad := `<!doctype html><html><head><title>x</title></head><body><a href="/">Start</a>
<main><h1>Eins</h1><h1>Zwei</h1>
<input name="a" id="dup"><p id="dup">x</p><input type="checkbox" id="c" name="c">
<input name="d" id="d" aria-describedby="nowhere"><a href="#missing">x</a>
<table><thead><tr><th>Name</th></tr></thead></table><p>err.required</p></main></body></html>`
	r = &recorder{TB: t}
	checkPage(r, "bad", parse(bad), "de")
	got := strings.Join(r.errs, "\n")
	for _, want := range []string{`html[lang] = ""`, "2 h1 elements", "skip link", "id main", `id "dup" used 2 times`,
		"input[name=a] has no label", "checkbox input[name=c] has no label", `no element with id "nowhere"`,
		`link to "#missing"`, "scope", "no caption", `message key "err.required"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the bad page was not reported for %q; reported:\n%s", want, got)
		}
	}
}
