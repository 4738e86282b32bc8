package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"teilhabe"
)

// form reads a parsed POST form and collects the problems of values that
// do not parse, so a handler reports every bad field at once.
type form struct {
	r  *http.Request
	pr teilhabe.Problems
}

func parseForm(r *http.Request) (*form, error) {
	r.Body = http.MaxBytesReader(nil, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
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
	d, err := teilhabe.ParseDate(v)
	if err != nil {
		f.pr.Add(name, "err.date")
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

func (f *form) int(name string, required bool) int {
	v := f.str(name)
	if v == "" {
		if required {
			f.pr.Add(name, "err.required")
		}
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		f.pr.Add(name, "err.number")
	}
	return n
}

func (f *form) id(name string) int64 {
	n, _ := strconv.ParseInt(f.str(name), 10, 64)
	return n
}

// version reads the hidden version field every edit form carries.
func (f *form) version() int {
	n, _ := strconv.Atoi(f.r.PostForm.Get("version"))
	return n
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
