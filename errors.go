package teilhabe

import (
	"errors"
	"strings"
)

// The error vocabulary shared by the store and the web layer. The web layer
// maps each to one HTTP status in one place.
var (
	// ErrNotFound means the object does not exist or lies outside the
	// actor's scope; the two are deliberately indistinguishable.
	ErrNotFound = errors.New("not found")
	// ErrForbidden means the actor may see the object but not do this to it.
	ErrForbidden = errors.New("forbidden")
	// ErrUnauthenticated means nobody is signed in.
	ErrUnauthenticated = errors.New("unauthenticated")
)

// FieldError is one problem with one input field. Key names a message in the
// web layer's catalogue (German and English), so the domain stays free of
// language.
type FieldError struct {
	Field string
	Key   string
	Args  []any
}

// InvalidError reports bad input. Nothing was changed.
type InvalidError struct {
	Fields []FieldError
}

func (e *InvalidError) Error() string {
	var b strings.Builder
	b.WriteString("invalid input:")
	for _, f := range e.Fields {
		b.WriteString(" " + f.Field + "=" + f.Key)
	}
	return b.String()
}

// Problems collects field errors while a form is validated.
type Problems struct{ list []FieldError }

// Add records a problem with field, described by the message key.
func (p *Problems) Add(field, key string, args ...any) {
	p.list = append(p.list, FieldError{Field: field, Key: key, Args: args})
}

// Has reports whether field already has a problem.
func (p *Problems) Has(field string) bool {
	for _, f := range p.list {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns an *InvalidError holding the problems, or nil if there are none.
func (p *Problems) Err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &InvalidError{Fields: p.list}
}

// Invalid returns an *InvalidError with a single problem.
func Invalid(field, key string, args ...any) error {
	return &InvalidError{Fields: []FieldError{{Field: field, Key: key, Args: args}}}
}

// ConflictError reports that a record changed since the user loaded it
// (version check) or that the action collides with the current state. Key
// names a catalogue message.
type ConflictError struct {
	Key  string
	Args []any
}

func (e *ConflictError) Error() string { return "conflict: " + e.Key }

// Conflict returns a *ConflictError.
func Conflict(key string, args ...any) error { return &ConflictError{Key: key, Args: args} }

// ErrStale is the conflict returned when a record was saved by someone else
// after the user loaded it.
var ErrStale = Conflict("err.stale")
