package web

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"teilhabe"
)

// maxFormBytes bounds a request's form.
const maxFormBytes = 1 << 20

// decode reads every request's query and form once, before any handler,
// and refuses text no form produces: invalid UTF-8, NUL and other control
// characters (tabs and line breaks aside). Such input would otherwise be
// stored as it is (SQLite) or fail in the database (PostgreSQL); here it is
// a 422 that names the fields, and nothing changes.
func (s *Server) decode(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			s.renderError(w, r, http.StatusBadRequest, "err.bad_request")
			return
		}
		if bad := badText(r.Form); len(bad) > 0 {
			labels := make([]string, len(bad))
			for i, name := range bad {
				labels[i] = fieldLabel(lang(r), name)
			}
			s.renderError(w, r, http.StatusUnprocessableEntity, "err.invalid_text", strings.Join(labels, ", "))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// badText returns the names of the fields, sorted, whose values are not
// text a form produces.
func badText(values url.Values) []string {
	var bad []string
	for name, vs := range values {
		ok := validText(name)
		for _, v := range vs {
			ok = ok && validText(v)
		}
		if !ok {
			bad = append(bad, name)
		}
	}
	sort.Strings(bad)
	return bad
}

// validText reports whether s is valid UTF-8 without control characters
// other than tab, line feed and carriage return.
func validText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return false
		}
	}
	return true
}

// form reads a parsed POST form and collects the problems of values that
// do not parse, so a handler reports every bad field at once.
type form struct {
	r  *http.Request
	pr teilhabe.Problems
}

func parseForm(r *http.Request) (*form, error) {
	if err := r.ParseForm(); err != nil { // parsed by decode already
		return nil, errBadRequest
	}
	return &form{r: r}, nil
}

func (f *form) str(name string) string { return strings.TrimSpace(f.r.PostForm.Get(name)) }

func (f *form) list(name string) []string {
	var out []string
	for _, v := range f.r.PostForm[name] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func (f *form) bool(name string) bool {
	v := f.r.PostForm.Get(name)
	return v == "on" || v == "1" || v == "yes" || v == "true"
}

// date parses a German or ISO date; empty gives the zero time when optional.
func (f *form) date(name string, required bool) time.Time {
	v := f.str(name)
	if v == "" {
		if required {
			f.pr.Add(name, "err.required")
		}
		return time.Time{}
	}
	return parseDate(&f.pr, name, v)
}

// parseDate parses v, the value of the date field name, adding a problem
// that says what is wrong with it: a day that does not exist, or not a date.
func parseDate(pr *teilhabe.Problems, name, v string) time.Time {
	d, err := teilhabe.ParseDate(v)
	switch {
	case errors.Is(err, teilhabe.ErrNoSuchDate):
		pr.Add(name, "err.date_no_such", strings.TrimSpace(v))
	case err != nil:
		pr.Add(name, "err.date")
	}
	return d
}

// monthYear parses "MM/YYYY" as the last day of that month.
func (f *form) monthYear(name string) time.Time {
	v := f.str(name)
	if v == "" {
		return time.Time{}
	}
	d, err := teilhabe.ParseMonthYear(v)
	if err != nil {
		if d, err = teilhabe.ParseDate(v); err != nil {
			f.pr.Add(name, "err.month_year")
			return time.Time{}
		}
		return d
	}
	return d.AddDate(0, 1, -1)
}

// int reads a whole number within 32 bits, which every number of the
// forms fits in (the inputs' Validate narrow it further).
func (f *form) int(name string, required bool) int {
	v := f.str(name)
	if v == "" {
		if required {
			f.pr.Add(name, "err.required")
		}
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		f.pr.Add(name, "err.number")
	}
	return int(n)
}

// id reads the id of a chosen record; anything but a positive id is 0,
// which the store refuses as "choose one".
func (f *form) id(name string) int64 {
	n, err := strconv.ParseInt(f.str(name), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// version reads the hidden version field every edit form carries. A value
// no form sent (not a number, out of range) is -1, which no record has, so
// the store answers as to a stale form.
func (f *form) version() int {
	n, err := strconv.ParseInt(f.r.PostForm.Get("version"), 10, 32)
	if err != nil || n < 0 {
		return -1
	}
	return int(n)
}

// err merges the parse problems with err from validation: a form reports
// all of its problems at once.
func (f *form) err(err error) error {
	var invalid *teilhabe.InvalidError
	if errors.As(err, &invalid) {
		for _, fe := range invalid.Fields {
			if !f.pr.Has(fe.Field) {
				f.pr.Add(fe.Field, fe.Key, fe.Args...)
			}
		}
		return f.pr.Err()
	}
	if err != nil {
		return err
	}
	return f.pr.Err()
}

// errOr runs store only when the form parsed cleanly; otherwise it runs
// the pure checks of validate (if any), so that a bad date is reported
// together with the problems of the other fields.
func errOr(f *form, store, validate func() error) error {
	parsed := asInvalid(f.pr.Err())
	if parsed == nil {
		return store()
	}
	if validate == nil {
		return nil
	}
	// The checks know the form's order; a value that did not parse keeps
	// its parse message.
	f.pr = teilhabe.Problems{}
	if checked := asInvalid(validate()); checked != nil {
		for _, fe := range checked.Fields {
			for _, p := range parsed.Fields {
				if p.Field == fe.Field {
					fe = p
				}
			}
			f.pr.Add(fe.Field, fe.Key, fe.Args...)
		}
	}
	for _, p := range parsed.Fields {
		if !f.pr.Has(p.Field) {
			f.pr.Add(p.Field, p.Key, p.Args...)
		}
	}
	return nil
}

// pathID reads a numeric path value; a malformed one is simply not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, teilhabe.ErrNotFound
	}
	return id, nil
}

// option is one choice of a select, radio group or checkbox group.
type option struct {
	Value string
	Label string
}

// codes reads the values of a checkbox group as codes of a vocabulary;
// whether they are valid is the input's Validate's question.
func codes[T ~string](f *form, name string) []T {
	var out []T
	for _, v := range f.list(name) {
		out = append(out, T(v))
	}
	return out
}

// labelled offers the values of a vocabulary as choices, labelled in the
// page's language.
func labelled[T interface {
	~string
	teilhabe.Code
}](p *page, values []T) []option {
	opts := make([]option, len(values))
	for i, v := range values {
		opts[i] = option{Value: string(v), Label: p.Label(v)}
	}
	return opts
}

// yesNo offers a yes/no choice.
func yesNo(p *page) []option {
	return []option{{Value: "yes", Label: p.T("form.yes")}, {Value: "no", Label: p.T("form.no")}}
}

// asInvalid returns err as an *InvalidError, or nil.
func asInvalid(err error) *teilhabe.InvalidError {
	var invalid *teilhabe.InvalidError
	if errors.As(err, &invalid) {
		return invalid
	}
	return nil
}
