package main

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"time"
	_ "time/tzdata" // German dates whatever the machine's zone files
)

// berlin is the time zone of the server's "today".
var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err) // embedded by time/tzdata
	}
	return loc
}()

// germanDate formats t as the forms expect it: dd.mm.yyyy.
func germanDate(t time.Time) string { return t.Format("02.01.2006") }

// today is the date of a first contact recorded now.
func today() string { return germanDate(time.Now().In(berlin)) }

// birthDate returns a date of birth between 19 and 60 years ago.
func birthDate(rng *rand.Rand) string {
	return germanDate(time.Now().In(berlin).AddDate(-19-rng.IntN(40), 0, -rng.IntN(360)))
}

var (
	firstNames = []string{"Anna", "Ben", "Clara", "David", "Elif", "Finn", "Greta", "Hakan", "Ida", "Jonas", "Lea", "Mats"}
	lastNames  = []string{"Lastmann", "Probst", "Testrup", "Messner", "Zeitler", "Laufer", "Eilig", "Schnell"}
)

// letters writes n in base 26 with the letters a–z, so that generated
// names stay names.
func letters(n uint64) string {
	var b strings.Builder
	for {
		b.WriteByte(byte('a' + n%26))
		n /= 26
		if n == 0 {
			return b.String()
		}
	}
}

// person returns the fields of a new, fictitious person; n makes the last
// name unique within a run.
func person(rng *rand.Rand, n uint64) url.Values {
	return url.Values{
		"first_name": {firstNames[rng.IntN(len(firstNames))]},
		"last_name":  {lastNames[rng.IntN(len(lastNames))] + letters(n)},
		"birth_date": {birthDate(rng)},
	}
}

// firstContactForm is a coach's first contact with a new person by phone,
// today, confirmed as no duplicate.
func firstContactForm(rng *rand.Rand, n uint64) url.Values {
	f := person(rng, n)
	f.Set("channel", "phone")
	f.Set("contact_on", today())
	f.Set("duplicate", "new")
	return f
}

// announcementForm is a caseworker's announcement of a new candidate to
// location loc.
func announcementForm(rng *rand.Rand, n uint64, loc string) url.Values {
	f := person(rng, n)
	f.Set("customer_number", fmt.Sprintf("%03dD%06d", rng.IntN(1000), rng.IntN(1000000)))
	f.Set("reason", "Lasttest: Vermittlung in Arbeit mit Unterstützung, Kandidat "+letters(n))
	f.Set("location", loc)
	return f
}

// noteForm is an internal note with the given text. Version 0: the note
// is written whatever the case's version.
func noteForm(text string) url.Values {
	return url.Values{"text": {text}, "version": {"0"}, "contact_on": {today()},
		"channel": {"phone"}, "visibility": {"internal"}}
}
