package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"teilhabe"
)

// followUpTalks are what follow-up contacts bring up and how it was
// solved; an empty problem is a contact without one.
var followUpTalks = []struct{ problem, solution string }{
	{"", ""},
	{"Unsicherheit bei den neuen Arbeitsabläufen.", "Einarbeitungsplan mit der Vorarbeiterin besprochen."},
	{"", ""},
	{"Der Arbeitsweg dauert mit dem Bus über eine Stunde.", "Fahrgemeinschaft mit einem Kollegen vereinbart."},
	{"Der Betrieb fragt nach Hilfen für einen höhenverstellbaren Tisch.", "Antrag beim Integrationsamt gemeinsam vorbereitet."},
	{"", ""},
	{"Konflikt mit einer Kollegin über die Pausen.", "Gespräch zu dritt geführt; Pausenplan schriftlich festgehalten."},
}

// followUps walks the follow-up of each placement of case id that counts,
// up to today: contacts on the programme's cadence with the participant,
// the employer or both, now and then a problem and its solution, rarely a
// crisis; the sustainability check once it is due, mostly with the job
// still there; a job lost now and then, and follow-up ended after a
// successful check. Some coaches fall behind, so the worklist shows
// contacts due. It draws from a source of its own.
func (l *loader) followUps(ctx context.Context, id int64, coach teilhabe.Actor) error {
	rng := rand.New(rand.NewPCG(uint64(id), 20))
	d, err := l.db.FindCaseByID(ctx, coach, id)
	if err != nil {
		return err
	}
	prog, err := l.db.FindProgrammeByID(ctx, coach, d.Case.ProgrammeID)
	if err != nil {
		return err
	}
	for _, f := range d.FollowUps {
		if err := l.followUp(ctx, rng, id, coach, prog.FollowUp, f); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) followUp(ctx context.Context, rng *rand.Rand, id int64, coach teilhabe.Actor, cadence teilhabe.FollowUpCadence,
	f teilhabe.FollowUp) error {
	p := f.Placement
	behind := l.today.AddDate(0, 0, -rng.IntN(3)*10) // a coach 0, 10 or 20 days behind
	lostAt := time.Time{}
	if rng.IntN(8) == 0 {
		lostAt = p.Start.AddDate(0, 1+rng.IntN(4), rng.IntN(20))
	}
	sides := []teilhabe.FollowUpSide{teilhabe.WithParticipant, teilhabe.WithEmployer, teilhabe.WithBoth}
	modes := map[teilhabe.FollowUpSide]teilhabe.Mode{teilhabe.WithParticipant: teilhabe.ModePhone,
		teilhabe.WithEmployer: teilhabe.ModePhone, teilhabe.WithBoth: teilhabe.ModeWorkplaceVisit}
	last := time.Time{}
	for n := 0; ; n++ {
		on := cadence.NextContact(p.Start, last)
		if on.After(behind) || (!lostAt.IsZero() && !on.Before(lostAt)) {
			break
		}
		side := sides[n%len(sides)]
		talk := followUpTalks[rng.IntN(len(followUpTalks))]
		c := teilhabe.FollowUpContact{On: on, With: side, Mode: modes[side], Problem: talk.problem, Solution: talk.solution}
		if talk.problem != "" && rng.IntN(10) == 0 {
			c.Crisis = true
		}
		if err := l.at(on).RecordFollowUpContact(ctx, coach, id, p.ID, c); err != nil {
			return err
		}
		last = on
	}
	if !lostAt.IsZero() && !lostAt.After(l.today) {
		return l.at(lostAt).EndFollowUp(ctx, coach, id, p.ID, teilhabe.FollowUpEnd{On: lostAt, Reason: teilhabe.FollowUpJobLost,
			Note: "Kündigung in der Probezeit; Vermittlung beginnt wieder."})
	}
	due := teilhabe.SustainabilityDue(p.Start)
	on := due.AddDate(0, 0, rng.IntN(10))
	if on.After(l.today) || rng.IntN(4) == 0 {
		return nil // not yet due, or still to do
	}
	check := teilhabe.SustainabilityCheck{On: on, Result: teilhabe.SustainedYes, Source: teilhabe.SourceEmployer}
	switch rng.IntN(10) {
	case 0:
		check.Result, check.Source, check.Note = teilhabe.SustainedNo, teilhabe.SourceParticipant, "Befristung nicht verlängert."
	case 1:
		check.Result, check.Source = teilhabe.SustainedUnknown, teilhabe.SourceNone
	case 2, 3:
		check.Source = teilhabe.SourceParticipant
	}
	if err := l.at(on).CheckSustainability(ctx, coach, id, p.ID, check); err != nil {
		return err
	}
	if check.Result != teilhabe.SustainedYes || rng.IntN(2) == 0 {
		return nil
	}
	return l.at(on).EndFollowUp(ctx, coach, id, p.ID, teilhabe.FollowUpEnd{On: on, Reason: teilhabe.FollowUpCompleted,
		Note: "Arbeitsverhältnis stabil, keine weitere Begleitung gewünscht."})
}
