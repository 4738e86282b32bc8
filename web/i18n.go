package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// The user-facing texts live in one flat JSON file per language under
// locales/ (key → text, keys sorted), so that translators work with files
// their tools know rather than with Go source. German is the reference:
// every other language has exactly its keys (see docs/decisions/0005).
//
//go:embed locales/*.json
var localeFS embed.FS

// defaultLang is the language of the interface when nothing else is chosen,
// and the one a missing text falls back to.
const defaultLang = "de"

// texts holds the texts by language and key, loaded once at start.
var texts = mustLoadTexts(localeFS)

func mustLoadTexts(fsys fs.FS) map[string]map[string]string {
	t, err := loadTexts(fsys)
	if err != nil {
		panic("web: " + err.Error())
	}
	return t
}

// loadTexts reads every locales/<lang>.json file of fsys.
func loadTexts(fsys fs.FS) (map[string]map[string]string, error) {
	files, err := fs.Glob(fsys, "locales/*.json")
	if err != nil {
		return nil, err
	}
	t := map[string]map[string]string{}
	for _, name := range files {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("locale file %s: %w", name, err)
		}
		t[strings.TrimSuffix(path.Base(name), ".json")] = m
	}
	if len(t[defaultLang]) == 0 {
		return nil, fmt.Errorf("no texts for the default language %q", defaultLang)
	}
	return t, nil
}

// translate returns the text of key in language lang, formatted with
// args; a text missing in lang falls back to German. A key missing
// everywhere shows as the key itself, which the catalogue tests prevent
// from reaching users.
func translate(lang, key string, args ...any) string {
	s, ok := texts[lang][key]
	if !ok {
		if s, ok = texts[defaultLang][key]; !ok {
			return key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// hasMessage reports whether key has a text.
func hasMessage(key string) bool {
	_, ok := texts[defaultLang][key]
	return ok
}
