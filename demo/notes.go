package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"teilhabe"
)

// demoNotes are the texts of the demo's contact notes: shared ones say
// what the sponsor may know, internal ones what stays with the provider.
var demoNotes = map[teilhabe.NoteVisibility][]string{
	teilhabe.NoteShared: {
		"Termin wahrgenommen, Bewerbungsunterlagen gemeinsam überarbeitet.",
		"Kompetenzfeststellung besprochen; nächste Schritte vereinbart.",
		"Zwei Stellenangebote gemeinsam gesichtet, eine Bewerbung versandt.",
		"Telefonisch Termin bestätigt, Fahrtweg mit dem Bus geklärt.",
		"Praktikumsbetrieb angefragt, Rückmeldung steht aus.",
	},
	teilhabe.NoteInternal: {
		"Wirkt heute angespannt; familiäre Situation belastet, Gesprächsangebot gemacht.",
		"Rückfrage beim Integrationsfachdienst zur Arbeitsassistenz offen.",
		"Hat um Rückruf gebeten, zweimal nicht erreicht.",
		"Schuldnerberatung empfohlen, Termin selbst vereinbart.",
	},
}

// coaching walks a case in coaching, whose first conversation was held on
// start, through its year so far: a contact note every one to three weeks,
// some shared with the sponsor, now and then a correction, and a new phase
// every few months. About one case in six stops having contacts early, so
// that the worklist shows lapsed contacts: coaching returns the day after
// which such a case has none (zero for the others), and coachingYear lets
// the participant miss the appointments after it. It draws from a
// generator of its own, so that the rest of the demo stays as it was.
func (l *loader) coaching(ctx context.Context, id int64, coach teilhabe.Actor, start time.Time) (quietAfter time.Time, err error) {
	rng := rand.New(rand.NewPCG(uint64(id), 13))
	phases, err := l.db.FindPhases(ctx, coach, l.prog.ID)
	if err != nil {
		return time.Time{}, err
	}
	stop := l.today
	if rng.IntN(6) == 0 {
		stop = l.today.AddDate(0, 0, -20-rng.IntN(20))
		quietAfter = stop
	}
	phase, phaseOn := 0, start
	for on := start.AddDate(0, 0, 3+rng.IntN(7)); !on.After(stop); on = on.AddDate(0, 0, 7+rng.IntN(15)) {
		vis := teilhabe.NoteShared
		if rng.IntN(3) == 0 {
			vis = teilhabe.NoteInternal
		}
		texts := demoNotes[vis]
		in := teilhabe.Note{On: on, Channel: teilhabe.NoteChannels()[rng.IntN(6)], Visibility: vis,
			Text: texts[rng.IntN(len(texts))]}
		db := l.at(on)
		if err := db.AddNote(ctx, coach, id, in); err != nil {
			return time.Time{}, err
		}
		if rng.IntN(12) == 0 {
			// A correction the next day: the earlier text stays in the history.
			d, err := db.FindCaseByID(ctx, coach, id)
			if err != nil {
				return time.Time{}, err
			}
			n := d.Notes[0]
			fix := teilhabe.NoteCorrection{On: n.On, Channel: n.Channel, Text: n.Text + " (Ergänzung: Rückmeldung erfolgt.)"}
			next := on.AddDate(0, 0, 1)
			if !next.After(l.today) {
				if err := l.at(next).CorrectNote(ctx, coach, id, n.ID, n.Version, fix); err != nil {
					return time.Time{}, err
				}
			}
		}
		if phase+1 < len(phases)-1 && on.Sub(phaseOn) > time.Duration(50+rng.IntN(60))*24*time.Hour {
			v, err := l.db.CaseVersion(ctx, coach, id)
			if err != nil {
				return time.Time{}, err
			}
			phase, phaseOn = phase+1, on
			if err := db.SetPhase(ctx, coach, id, v, teilhabe.PhaseChange{PhaseID: phases[phase].ID, On: on}); err != nil {
				return time.Time{}, err
			}
		}
	}
	return quietAfter, nil
}
