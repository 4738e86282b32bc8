package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"teilhabe"
)

// person draws a participant who gets in touch on day on with location l:
// born 1962 to 2006, living near the location, reachable by phone mostly,
// by e-mail often.
func (g *national) person(rng *rand.Rand, l *natLocation, on time.Time) teilhabe.Person {
	// The years the brief names, kept within what the form accepts on the
	// day (14 to 80 years of age).
	from, to := max(1962, on.Year()-79), min(2006, on.Year()-15)
	p := teilhabe.Person{FirstName: natFirstNames[rng.IntN(len(natFirstNames))], LastName: natLastNames[rng.IntN(len(natLastNames))],
		BirthDate: teilhabe.Day(from+rng.IntN(to-from+1), time.Month(1+rng.IntN(12)), 1+rng.IntN(28))}
	home := l.place
	if rng.IntN(100) < 30 {
		home = l.prog.region.places[rng.IntN(len(l.prog.region.places))]
	}
	switch r := rng.IntN(100); {
	case r < 45:
		p.Phone = fmt.Sprintf("01%s %07d", []string{"51", "52", "57", "60", "62", "70", "71", "72", "76", "78"}[rng.IntN(10)],
			rng.IntN(10_000_000))
	case r < 80:
		p.Phone = fmt.Sprintf("%s %d", home.areaCode, 10_000+rng.IntN(990_000))
	}
	if rng.IntN(100) < 45 {
		p.Email = fmt.Sprintf("%s.%s%s@%s", foldASCII(p.FirstName), foldASCII(p.LastName),
			[]string{"", "", "", fmt.Sprint(rng.IntN(100))}[rng.IntN(4)], emailDomains[rng.IntN(len(emailDomains))])
	}
	if rng.IntN(100) < 70 {
		p.Street = fmt.Sprintf("%s %d", natStreets[rng.IntN(len(natStreets))], 1+rng.IntN(150))
		p.Postcode, p.City = nearPostcode(rng.IntN(30), home), cityOf(home)
	}
	return p
}

// customerNumber draws the number a sponsor knows a person by: the
// Agentur's customer number ("123D456789") or the Jobcenter's number of the
// household (BG-Nummer, "12345BG0012345").
func (s *natSponsor) customerNumber(rng *rand.Rand) string {
	if s.Kind == teilhabe.OrgAgentur {
		return fmt.Sprintf("%03dD%06d", s.office, rng.IntN(1_000_000))
	}
	return fmt.Sprintf("%05dBG%07d", s.office, rng.IntN(10_000_000))
}

// ineligibility is why a person fails the eligibility check, as seen in
// practice; "" for an eligible person.
type ineligibility string

const (
	eligible      ineligibility = ""
	statusPending ineligibility = "pending"     // applied for the status
	noStatus      ineligibility = "none"        // no status at all
	gdbTooLow     ineligibility = "gdb"         // GdB 30 or 40 without equal status
	proofExpired  ineligibility = "expired"     // the card ran out
	notJobSeeking ineligibility = "not_seeking" // in work, in training, retired
	noBarrier     ineligibility = "no_barrier"  // no further placement barrier
)

// drawIneligibility draws why an ineligible person is not eligible.
func drawIneligibility(rng *rand.Rand) ineligibility {
	r := rng.IntN(100)
	switch {
	case r < 25:
		return statusPending
	case r < 35:
		return noStatus
	case r < 55:
		return gdbTooLow
	case r < 75:
		return proofExpired
	case r < 90:
		return notJobSeeking
	}
	return noBarrier
}

// eligibilityInput draws what the coach enters in the eligibility check on
// day on for person p of a case in programme prog, failing it for reason
// why. Legal domain and sponsor are the caller's.
func eligibilityInput(rng *rand.Rand, prog *natProgramme, p teilhabe.Person, on time.Time, why ineligibility) teilhabe.Eligibility {
	e := teilhabe.Eligibility{JobSeeking: why != notJobSeeking, Kind: teilhabe.Severe}
	switch {
	case why == statusPending:
		e.Kind = teilhabe.DisabilityPending
	case why == noStatus:
		e.Kind = teilhabe.DisabilityNone
	case why == gdbTooLow:
		e.GdB, e.ProofKind = 30+10*rng.IntN(2), "gdb_notice"
	case rng.IntN(100) < 20:
		e.Kind, e.GdB, e.ProofKind = teilhabe.Equated, 30+10*rng.IntN(2), "equal_status_notice"
	default:
		e.GdB = []int{50, 50, 50, 50, 50, 50, 60, 60, 60, 70, 70, 80, 80, 90, 100, 100}[rng.IntN(16)]
		e.ProofKind = []teilhabe.ProofKind{"id_card", "id_card", "id_card", "gdb_notice"}[rng.IntN(4)]
	}
	if e.ProofKind != "" {
		// Issued within the last four years and valid for five: valid on
		// the day; or unlimited, as long-standing statuses often are.
		e.ProofIssued = on.AddDate(0, 0, -30-rng.IntN(4*365))
		if rng.IntN(100) < 30 {
			e.ProofUnlimited = true
		} else {
			e.ProofValidUntil = endOfMonth(e.ProofIssued.AddDate(5, 0, 0))
		}
		if why == proofExpired {
			e.ProofIssued = on.AddDate(-6, 0, -rng.IntN(2*365))
			e.ProofUnlimited, e.ProofValidUntil = false, endOfMonth(e.ProofIssued.AddDate(5, 0, 0))
		}
	}
	for _, m := range []struct {
		m       teilhabe.Merkzeichen
		percent int
	}{{"G", 22}, {"aG", 4}, {"B", 8}, {"H", 3}, {"Bl", 2}, {"Gl", 3}} {
		if e.Kind != teilhabe.DisabilityNone && rng.IntN(1000) < m.percent*10 {
			e.Merkzeichen = append(e.Merkzeichen, m.m)
		}
	}
	if why != noBarrier {
		e.Barriers = barriers(rng, prog, p, on)
	}
	return e
}

// barriers draws one to three placement barriers of the programme's
// catalogue; people of 50 or more mostly have that one.
func barriers(rng *rand.Rand, prog *natProgramme, p teilhabe.Person, on time.Time) []teilhabe.Barrier {
	catalogue := prog.BarrierCatalogue()
	var out []teilhabe.Barrier
	if p.BirthDate.AddDate(50, 0, 0).Before(on) && prog.OffersBarrier("age_50_plus") && rng.IntN(100) < 85 {
		out = append(out, "age_50_plus")
	}
	for range 1 + rng.IntN(2) {
		b := catalogue[rng.IntN(len(catalogue))]
		if b == "age_50_plus" || (b == "other" && rng.IntN(100) < 80) || slices.Contains(out, b) {
			continue
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		out = append(out, "long_term_unemployed")
	}
	return out
}
