package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"teilhabe"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// templates maps a language and a page name ("login") to the page's
// template set: the shared layout and partials plus the page's own file,
// with the language's static texts written in (localize).
type templates map[string]map[string]*template.Template

var funcs = template.FuncMap{
	"date":     func(t time.Time) string { return teilhabe.FormatDate(t) },
	"datetime": formatDateTime,
	"isodate": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02")
	},
	"add":      func(a, b int) int { return a + b },
	"endtime":  teilhabe.EndTime,
	"isomonth": teilhabe.FormatMonth,
}

// parseTemplates parses every page for every language of the texts.
func parseTemplates() (templates, error) {
	partials, err := fs.Glob(templateFS, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	all := templates{}
	for lang := range texts {
		base := template.New("").Funcs(funcs)
		for _, name := range partials {
			if err := parseLocalized(base, name, lang); err != nil {
				return nil, err
			}
		}
		all[lang] = map[string]*template.Template{}
		for _, name := range pages {
			t, err := base.Clone()
			if err != nil {
				return nil, err
			}
			if err := parseLocalized(t, name, lang); err != nil {
				return nil, err
			}
			all[lang][strings.TrimSuffix(path.Base(name), ".html")] = t
		}
	}
	return all, nil
}

// parseLocalized parses the template file name into t, localized to lang.
func parseLocalized(t *template.Template, name, lang string) error {
	src, err := fs.ReadFile(templateFS, name)
	if err != nil {
		return err
	}
	if _, err := t.New(path.Base(name)).Parse(localize(string(src), lang)); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// staticText matches an action that shows a text without arguments, such
// as {{.T "nav.start"}} or {{$.P.T "col.name"}}.
var staticText = regexp.MustCompile(`\{\{(-?)\s*(?:\$|\$\.P|\.P)?\.T\s+"([a-z_.-]+)"\s*(-?)\}\}`)

// localize writes the texts of static text actions into the template source
// as string constants of lang, so that rendering a page does not look each
// of them up by reflection (which took most of a page's time). html/template
// still escapes them for their context. Texts with arguments stay calls.
func localize(src, lang string) string {
	return staticText.ReplaceAllStringFunc(src, func(action string) string {
		m := staticText.FindStringSubmatch(action)
		text, ok := texts[lang][m[2]]
		if !ok {
			return action // shown as the key; the catalogue tests prevent it
		}
		open, close := "{{", "}}"
		if m[1] == "-" {
			open = "{{- "
		}
		if m[3] == "-" {
			close = " -}}"
		}
		return open + strconv.Quote(text) + close
	})
}

// page is what every page template gets: language, user, navigation, flash
// message and form errors. Each page's own struct embeds it.
type page struct {
	Lang  string
	Title string // already translated, without the site name
	Here  string // the request's path and query, for the language switch
	User  *teilhabe.User
	Nav   []navItem
	Path  string
	Flash string
	// FlashNotice marks a flash message that is a notice, not a success.
	FlashNotice bool
	RequestID   string
	// Problems are the form's field errors, in form order, for the summary.
	Problems []problem
	// Form holds the submitted values when a form is shown again.
	Form map[string]string
}

type navItem struct {
	Href    string
	Label   string
	Current bool
	// Count is the number of things waiting behind the entry (messages
	// for the inbox), shown after the label when not 0.
	Count int
}

// problem is a form field's problem. Message is what the page shows; it
// names the field (render makes it from key and args with the label the
// form gives the field, unless it was set directly).
type problem struct {
	Field   string
	Message string
	key     string
	args    []any
}

// nameProblems makes the messages of p's problems, each naming its field
// by its label in the form (labels: field name → label key).
func (p *page) nameProblems(labels map[string]string) {
	for i, pr := range p.Problems {
		if pr.key == "" {
			continue
		}
		label := ""
		if key, ok := labels[pr.Field]; ok {
			label = p.T(key)
		}
		p.Problems[i].Message = fieldMessage(p.Lang, label, pr.key, pr.args)
	}
}

// fieldMessage is the message of problem key of the field labelled label:
// "Vorname fehlt.", "Geburtsdatum: Den 31.02.1980 gibt es nicht."
func fieldMessage(lang, label, key string, args []any) string {
	switch {
	case label == "":
		return translate(lang, key, args...)
	case key == "err.required":
		return translate(lang, "err.required_named", label)
	}
	return label + ": " + translate(lang, key, args...)
}

// T translates key into the page's language.
func (p *page) T(key string, args ...any) string { return translate(p.Lang, key, args...) }

// Label translates a code of a vocabulary; nil is "".
func (p *page) Label(c teilhabe.Code) string {
	if c == nil || reflect.ValueOf(c).IsZero() {
		return ""
	}
	return p.T("code." + c.Key())
}

// Labels translates a list of codes of a vocabulary (a []teilhabe.Barrier,
// say), joined with commas.
func (p *page) Labels(list any) string {
	v := reflect.ValueOf(list)
	if v.Kind() != reflect.Slice {
		return ""
	}
	out := make([]string, 0, v.Len())
	for i := range v.Len() {
		if c, ok := v.Index(i).Interface().(teilhabe.Code); ok {
			out = append(out, p.Label(c))
		}
	}
	return strings.Join(out, ", ")
}

// Weekday names a date with its weekday: "Mo., 07.12.2026".
func (p *page) Weekday(t time.Time) string {
	return p.T("day."+strconv.Itoa(int(t.Weekday()))) + ", " + teilhabe.FormatDate(t)
}

// Place says where appointment ap takes place: the location, the mode
// and address of a visit, or the mode of a remote one.
func (p *page) Place(ap teilhabe.Appointment) string {
	switch {
	case ap.Mode == teilhabe.ModeInPerson:
		return ap.Location
	case ap.Mode.AtAddress():
		return p.Label(ap.Mode) + ": " + ap.Address
	}
	return p.Label(ap.Mode)
}

// Month names a month with its year: "November 2026".
func (p *page) Month(t time.Time) string {
	return p.T("month."+strings.ToLower(t.Month().String())) + " " + strconv.Itoa(t.Year())
}

// Other is the language the switch offers.
func (p *page) Other() string {
	if p.Lang == "en" {
		return "de"
	}
	return "en"
}

// Value returns the submitted value of a form field.
func (p *page) Value(name string) string { return p.Form[name] }

// Checked reports whether a checkbox or radio value was submitted.
func (p *page) Checked(name, value string) bool {
	for _, v := range strings.Split(p.Form[name], ",") {
		if v == value {
			return true
		}
	}
	return false
}

// Error returns the message for field, or "".
func (p *page) Error(field string) string {
	for _, pr := range p.Problems {
		if pr.Field == field {
			return pr.Message
		}
	}
	return ""
}

// newPage fills the common part of a page for request r.
func (s *Server) newPage(r *http.Request, titleKey string) page {
	p := page{Lang: lang(r), Path: r.URL.Path, Here: r.URL.RequestURI(), RequestID: requestID(r), Form: map[string]string{}}
	p.Title = p.T(titleKey)
	if u, ok := r.Context().Value(userKey).(teilhabe.User); ok {
		p.User = &u
		// The navigation is no reason to fail a page: without the count,
		// the inbox entry shows its label alone.
		waiting, err := s.db.CountWaitingMessages(r.Context(), u.Actor())
		if err != nil {
			s.log.Error("count waiting messages", "id", p.RequestID, "err", err)
		}
		p.Nav = navigation(p.Lang, u.Actor(), r.URL.Path, waiting)
	}
	// The cookie names a catalogue message; anything else is ignored, so
	// no text of the client's making reaches the page.
	if c, err := r.Cookie(flashCookie); err == nil && strings.HasPrefix(c.Value, "flash.") && hasMessage(c.Value) {
		p.Flash = translate(p.Lang, c.Value)
		// A message under flash.notice. tells of something other than
		// plain success (a request that waits); it is not shown in green.
		p.FlashNotice = strings.HasPrefix(c.Value, "flash.notice.")
	}
	return p
}

// withProblems records err's field problems on p and the submitted form.
func (p *page) withProblems(r *http.Request, err *teilhabe.InvalidError) {
	for _, f := range err.Fields {
		p.Problems = append(p.Problems, problem{Field: f.Field, key: f.Key, args: f.Args})
	}
	p.keepForm(r)
}

// keepForm copies the submitted form into p.Form; multiple values are
// joined with commas.
func (p *page) keepForm(r *http.Request) {
	p.Form = map[string]string{}
	for k, v := range r.PostForm {
		p.Form[k] = strings.Join(v, ",")
	}
}

// render executes the named page into a buffer and writes it with status;
// a failing template never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	t, ok := s.templates[lang(r)][name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	if np, ok := data.(interface{ nameProblems(map[string]string) }); ok {
		np.nameProblems(s.labels[name])
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	// Nothing read is shown before its audit entry is durable.
	if err := s.db.AwaitAudit(r.Context()); err != nil {
		return err
	}
	if _, err := r.Cookie(flashCookie); err == nil {
		s.clearFlash(w)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

type errorPage struct {
	page
	Status  int
	Message string
}

// renderError shows a German (or English) error page with the request id.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, key string, args ...any) {
	p := errorPage{page: s.newPage(r, "title.error"), Status: status}
	p.Message = p.T(key, args...)
	p.Title = p.T(fmt.Sprintf("title.error.%d", status))
	if err := s.render(w, r, status, "error", &p); err != nil {
		s.log.Error("render error page", "id", requestID(r), "err", err)
		http.Error(w, p.T("err.internal"), status)
	}
}

// redirect answers a successful POST: 303 to target with a flash message key.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, target, flashKey string) error {
	if err := s.db.AwaitAudit(r.Context()); err != nil {
		return err
	}
	if flashKey != "" {
		s.setFlash(w, flashKey)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// field is what the form partials need to render one control accessibly:
// label, hint and error tied to the control by id.
type field struct {
	Name     string
	ID       string
	Label    string
	Hint     string
	Value    string
	Error    string
	Type     string
	Auto     string
	Optional string // the translated "(optional)" marker, or ""
	Prefix   string // the translated "Error:" for screen readers
	Choose   string // the translated empty choice of a select
	Options  []option
}

// F describes the form field name labelled by labelKey. More settings come
// in pairs: "hint" key, "type" t, "auto" autocomplete token, "optional" "1",
// "choose" key of a select's empty choice where it means "none".
func (p *page) F(name, labelKey string, more ...string) field {
	f := field{Name: name, ID: name, Label: p.T(labelKey), Value: p.Form[name], Error: p.Error(name), Type: "text",
		Prefix: p.T("layout.error_prefix"), Choose: p.T("layout.choose")}
	for i := 0; i+1 < len(more); i += 2 {
		switch more[i] {
		case "hint":
			f.Hint = p.T(more[i+1])
		case "type":
			f.Type = more[i+1]
		case "auto":
			f.Auto = more[i+1]
		case "optional":
			f.Optional = p.T("layout.optional")
		case "choose":
			f.Choose = p.T(more[i+1])
		}
	}
	return f
}

// With returns f offering opts.
func (f field) With(opts []option) field {
	f.Options = opts
	return f
}

// Plus returns f with more text appended to its hint.
func (f field) Plus(text string) field {
	f.Hint = strings.TrimSpace(f.Hint + " " + text)
	return f
}

// Describe lists the ids that describe the control: hint and error.
func (f field) Describe() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// Checked reports whether value is among the field's submitted values.
func (f field) Checked(value string) bool {
	for _, v := range strings.Split(f.Value, ",") {
		if v == value {
			return true
		}
	}
	return false
}

// OptionID is the id of the control for one option: the first option takes
// the field's id, so the error summary's link lands on it.
func (f field) OptionID(i int, value string) string {
	if i == 0 {
		return f.ID
	}
	return f.ID + "-" + value
}

// labelCall finds the fields of a template and their labels:
// .F "name" "label.key".
var labelCall = regexp.MustCompile(`\.F "([a-z_]+)" "([a-z_.-]+)"`)

// fieldLabelsOf returns, for each page, its fields' label keys: those of
// the partials, then the page's own, which win.
func fieldLabelsOf() (map[string]map[string]string, error) {
	partials, err := fs.Glob(templateFS, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	scan := func(into map[string]string, name string) error {
		src, err := fs.ReadFile(templateFS, name)
		for _, m := range labelCall.FindAllStringSubmatch(string(src), -1) {
			into[m[1]] = m[2]
		}
		return err
	}
	shared := map[string]string{}
	for _, name := range partials {
		if err := scan(shared, name); err != nil {
			return nil, err
		}
	}
	all := map[string]map[string]string{}
	for _, name := range pages {
		labels := maps.Clone(shared)
		if err := scan(labels, name); err != nil {
			return nil, err
		}
		all[strings.TrimSuffix(path.Base(name), ".html")] = labels
	}
	return all, nil
}

// fieldLabels maps any form's field to a label key, the first form's that
// names it; it names fields in messages made outside their form.
var fieldLabels = sync.OnceValue(func() map[string]string {
	labels := map[string]string{}
	pages, _ := fieldLabelsOf()
	names := slices.Sorted(maps.Keys(pages))
	for _, page := range names {
		for field, key := range pages[page] {
			if _, ok := labels[field]; !ok {
				labels[field] = key
			}
		}
	}
	return labels
})

// fieldLabel returns the label of the form field name in lang, quoted, or
// the quoted name for a field no form has.
func fieldLabel(lang, name string) string {
	if key, ok := fieldLabels()[name]; ok {
		return "„" + translate(lang, key) + "“"
	}
	return "„" + name + "“"
}

// formatDateTime writes a moment as German time, "07.12.2026 14:05"; ""
// for none.
func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(teilhabe.Germany).Format("02.01.2006 15:04")
}
