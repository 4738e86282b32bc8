package web

import (
	"net/url"

	"teilhabe"
)

// noteForm is the form of an internal phone note of today with text.
func noteForm(version, text string) url.Values {
	return url.Values{"version": {version}, "contact_on": {teilhabe.FormatDate(teilhabe.Today(testNow))},
		"channel": {"phone"}, "visibility": {"internal"}, "text": {text}}
}
