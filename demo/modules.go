package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"teilhabe"
)

// modules walks the modules of case id, whose coaching began on start,
// day by day as its coach would record them: a competence assessment in
// the first weeks, completed with a certificate once it ended; for most,
// an application training after it, running now or finished; for some, a
// work trial with an employer. It draws from a random source of its own,
// seeded by the case, so that the cases generated after it stay as they
// were.
func (l *loader) modules(ctx context.Context, id int64, coach teilhabe.Actor, start time.Time) error {
	rng := rand.New(rand.NewPCG(uint64(id), 12))
	catalogue, err := l.db.FindModuleCatalogue(ctx, coach, l.prog.ID)
	if err != nil {
		return err
	}
	byKind := map[teilhabe.ModuleKind]teilhabe.CatalogueModule{}
	for _, m := range catalogue {
		if _, ok := byKind[m.Kind]; !ok && m.Active {
			byKind[m.Kind] = m
		}
	}
	type plan struct {
		kind       teilhabe.ModuleKind
		start, end time.Time
		external   string
	}
	assessment := start.AddDate(0, 0, 7+rng.IntN(7))
	plans := []plan{{kind: teilhabe.ModuleCompetenceAssessment, start: assessment, end: assessment.AddDate(0, 0, 20)}}
	training := assessment.AddDate(0, 0, 28+rng.IntN(14))
	if rng.IntN(100) < 75 {
		plans = append(plans, plan{kind: teilhabe.ModuleApplicationTraining, start: training, end: training.AddDate(0, 0, 55)})
	}
	if rng.IntN(100) < 30 {
		trial := training.AddDate(0, 0, 60+rng.IntN(30))
		plans = append(plans, plan{kind: teilhabe.ModuleWorkTrial, start: trial, end: trial.AddDate(0, 0, 7*(4+rng.IntN(5))-1),
			external: []string{"Bäckerei Weber, Trier", "Autohaus Schmitt, Wittlich", "Stadtgärtnerei Bitburg", "Hotel Eifelblick, Daun"}[rng.IntN(4)]})
	}
	past := func(d time.Time) bool { return !d.After(l.today) }
	for _, pl := range plans {
		m, ok := byKind[pl.kind]
		bookOn := pl.start.AddDate(0, 0, -3-rng.IntN(5))
		if !ok || !past(bookOn) {
			continue
		}
		in := teilhabe.ModuleBooking{ModuleID: m.ID, Start: pl.start, End: pl.end, ExternalName: pl.external}
		if pl.kind == teilhabe.ModuleWorkTrial {
			// Most trials take place at an employer of the register, which
			// the participant releases the coach towards.
			if e, ok := l.trialEmployer(id, coach); ok {
				if err := l.at(bookOn).AddConsent(ctx, coach, id, teilhabe.ConsentGiven{Scope: teilhabe.ConsentEmployer,
					Recipient: e.Name, GivenOn: bookOn}); err != nil {
					return err
				}
				in.EmployerID, in.ExternalName, pl.external = e.ID, e.Name, e.Name
			}
		}
		mid, err := l.at(bookOn).BookModule(ctx, coach, id, in)
		if err != nil {
			return err
		}
		progress := teilhabe.ModuleProgress{Start: pl.start, End: pl.end, Deliverer: m.Deliverer, ExternalName: pl.external,
			Status: teilhabe.ModuleRunning, Version: 1}
		record := func(day time.Time) (bool, error) {
			if !past(day) {
				return false, nil
			}
			if err := l.at(day).UpdateCaseModule(ctx, coach, id, mid, progress); err != nil {
				return false, err
			}
			progress.Version++
			return true, nil
		}
		if ok, err := record(pl.start); !ok || err != nil {
			return err
		}
		endOn := pl.end.AddDate(0, 0, 1+rng.IntN(4))
		progress.Status, progress.Result = teilhabe.ModuleCompleted, teilhabe.ModuleSucceeded
		switch r := rng.IntN(100); {
		case r < 12:
			// Broken off halfway, for illness.
			endOn = pl.start.AddDate(0, 0, int(pl.end.Sub(pl.start).Hours()/48))
			progress.Status, progress.Result = teilhabe.ModuleBrokenOff, teilhabe.ModuleNotMet
			progress.OutcomeNote = "Wegen längerer Erkrankung abgebrochen; Wiederaufnahme wird geprüft."
		case r < 35:
			progress.Result = teilhabe.ModulePartly
			progress.OutcomeNote = "Ziele teilweise erreicht; wird im Coaching weiter bearbeitet."
		default:
			progress.OutcomeNote = "Mit Erfolg teilgenommen."
			if pl.kind != teilhabe.ModuleApplicationTraining || rng.IntN(100) < 70 {
				progress.CertificateOn = pl.end
			}
		}
		if progress.CertificateOn.After(endOn) {
			progress.CertificateOn = endOn
		}
		if _, err := record(endOn); err != nil {
			return err
		}
	}
	return nil
}

// trialEmployer picks the employer of coach's provider a work trial of
// case id takes place at, for three trials in four; from a source of its
// own.
func (l *loader) trialEmployer(id int64, coach teilhabe.Actor) (teilhabe.Employer, bool) {
	rng := rand.New(rand.NewPCG(uint64(id), 21))
	list := l.registers[coach.OrgID]
	if len(list) == 0 || rng.IntN(4) == 0 {
		return teilhabe.Employer{}, false
	}
	return list[rng.IntN(len(list))], true
}
