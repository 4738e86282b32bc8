package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"teilhabe"
)

// earlyExits are the reasons of the demo's early exits, taken in turn so
// that every reason of the catalogue occurs; an integration needs a
// placement and is decided by the placement itself.
var earlyExits = []struct {
	reason teilhabe.ExitReason
	dest   teilhabe.Destination
}{
	{teilhabe.ExitDroppedOut, teilhabe.DestUnemployed},
	{teilhabe.ExitIllness, teilhabe.DestUnavailable},
	{teilhabe.ExitMoved, teilhabe.DestUnknown},
	{teilhabe.ExitOtherMeasure, teilhabe.DestOtherMeasure},
	{teilhabe.ExitNoContact, teilhabe.DestUnknown},
	{teilhabe.ExitSelfEmployed, teilhabe.DestSelfEmployed},
	{teilhabe.ExitExcluded, teilhabe.DestUnemployed},
	{teilhabe.ExitPension, teilhabe.DestUnavailable},
	{teilhabe.ExitDeath, teilhabe.DestUnknown},
	{teilhabe.ExitOther, teilhabe.DestMarginal},
}

// exit ends some participations: most assignments whose end has passed
// end regularly (some wait for the coach, so the worklist shows them),
// placed participants leave into their job after a while, and a few
// others end early for each reason of the catalogue. The sponsor takes
// note of about half of the notices. It draws from a source of its own,
// so that the rest of the demo stays as it is.
func (l *loader) exit(ctx context.Context, id int64, coach, cw teilhabe.Actor) error {
	rng := rand.New(rand.NewPCG(uint64(id), 18))
	d, err := l.db.FindCaseByID(ctx, coach, id)
	if err != nil {
		return err
	}
	c := d.Case
	if !teilhabe.Allowed(c.Stage, teilhabe.ActExit) {
		return nil
	}
	last := c.LastContactOn
	if last.Before(c.AssignmentStart) {
		last = c.AssignmentStart
	}
	var e teilhabe.Exit
	switch proposed := teilhabe.ProposeExit(c, d.Placements, l.today); {
	case c.AssignmentEnded(l.today):
		if rng.IntN(4) == 0 {
			return nil // the coach has yet to record it
		}
		e = proposed
	case proposed.Reason.Integration() && rng.IntN(2) == 0:
		// Placed: the participant leaves into the job once it runs.
		e = proposed
		e.On = last
	case c.Stage == teilhabe.StageActive && rng.IntN(6) == 0:
		x := earlyExits[l.exits%len(earlyExits)]
		l.exits++
		e = teilhabe.Exit{On: last, Kind: teilhabe.ExitEarly, Reason: x.reason, Destination: x.dest}
		switch x.reason {
		case teilhabe.ExitDroppedOut:
			e.GoodCause = teilhabe.GoodCauses()[rng.IntN(3)]
		case teilhabe.ExitOther:
			e.Note = "Pflege eines Angehörigen, Teilnahme nicht mehr möglich; Minijob in der Nähe."
		}
	default:
		return nil
	}
	if !e.On.Before(c.AssignmentEnd) {
		e.Kind = teilhabe.ExitRegular
	}
	on := e.On
	if on.Before(l.today) {
		on = on.AddDate(0, 0, 1+rng.IntN(3))
	}
	if on.After(l.today) {
		on = l.today
	}
	if err := l.at(on).RecordExit(ctx, coach, id, c.Version, e); err != nil {
		return err
	}
	if err := l.laterDestination(ctx, id, coach, e); err != nil {
		return err
	}
	if rng.IntN(2) == 0 {
		return l.finalReport(ctx, id, coach, cw, on)
	}
	if err := l.acknowledgeNotices(ctx, id, cw, on.AddDate(0, 0, 1+rng.IntN(4))); err != nil {
		return err
	}
	return l.finalReport(ctx, id, coach, cw, on)
}

// acknowledgeNotices has the sponsor take note, on day on, of the
// notices of case id that wait for it.
func (l *loader) acknowledgeNotices(ctx context.Context, id int64, cw teilhabe.Actor, on time.Time) error {
	if on.After(l.today) {
		on = l.today
	}
	d, err := l.db.FindCaseByID(ctx, cw, id)
	if err != nil {
		return err
	}
	for _, m := range d.Messages {
		if m.AwaitsNote() {
			if err := l.at(on).AcknowledgeNotice(ctx, cw, id, m.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// laterDestination records, for most exits six months or more ago, where
// the person was six months on: most who left into a job or training are
// still there, some are not, and some could not be traced. It draws from
// a source of its own.
func (l *loader) laterDestination(ctx context.Context, id int64, coach teilhabe.Actor, e teilhabe.Exit) error {
	rng := rand.New(rand.NewPCG(uint64(id), 23))
	due := teilhabe.LaterDue(e.On)
	on := due.AddDate(0, 0, rng.IntN(20))
	if on.After(l.today) || rng.IntN(4) == 0 {
		return nil // not yet due, or still to ask
	}
	in := teilhabe.LaterDestination{On: on, Destination: e.Destination, Source: teilhabe.SourceParticipant}
	switch r := rng.IntN(10); {
	case r == 0:
		in.Destination, in.Source = teilhabe.DestUnknown, teilhabe.SourceNone
	case r == 1:
		in.Destination, in.Source = teilhabe.DestUnemployed, teilhabe.SourceSponsor
	case r <= 4:
		in.Source = teilhabe.SourceSponsor
	}
	return l.at(on).RecordLaterDestination(ctx, coach, id, in)
}
