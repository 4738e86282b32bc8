package web

import "fmt"

// translate returns the message key in language lang ("de" or "en"),
// formatted with args. A missing key shows as the key itself, which the
// catalogue test prevents from reaching users.
func translate(lang, key string, args ...any) string {
	m, ok := catalog[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == "en" {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// hasMessage reports whether key is in the catalogue.
func hasMessage(key string) bool {
	_, ok := catalog[key]
	return ok
}
