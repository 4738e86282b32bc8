package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"teilhabe"
)

// coachingYear replays the coaching year of case id from the first
// conversation on day first to today (or the assignment's end): weekly sessions booked eight weeks
// at a time, now and then an application or a workplace visit, their
// outcomes on their day, sick notes, and each month's attendance message
// sent in the first days of the next. After quietAfter, unless it is zero,
// the participant misses every appointment (a lapse of contact, and the
// sponsor's no-show notices). It draws from a source of its own,
// seeded by the case, so that the cases generated after it stay as they
// were.
func (l *loader) coachingYear(ctx context.Context, id int64, coach teilhabe.Actor, loc demoLocation, first, end, quietAfter time.Time) error {
	rng := rand.New(rand.NewPCG(uint64(id), 13))
	chance := func(percent int) bool { return rng.IntN(100) < percent }
	at := []string{"09:00", "10:30", "13:00", "14:30"}[rng.IntN(4)]
	type booked struct {
		id int64
		on time.Time
	}
	var appts []booked
	book := func(day time.Time, in teilhabe.CoachingBooking) error {
		if day.After(l.today) {
			day = l.today
		}
		ids, err := l.at(day).BookCoaching(ctx, coach, id, in, true)
		for i, apID := range ids {
			appts = append(appts, booked{apID, in.On.AddDate(0, 0, 7*i)})
		}
		return err
	}
	horizon := l.today.AddDate(0, 0, 21)
	if end.Before(horizon) {
		horizon = end
	}
	for start := first.AddDate(0, 0, 7); !start.After(horizon); start = start.AddDate(0, 0, 56) {
		in := teilhabe.CoachingBooking{Kind: teilhabe.AppointmentCoaching, Minutes: 60, Weeks: 8,
			Booking: teilhabe.Booking{On: start, At: at, Mode: teilhabe.ModeInPerson, LocationID: loc.ID}}
		if chance(20) {
			in.Mode, in.LocationID = teilhabe.ModePhone, 0
		}
		if err := book(start.AddDate(0, 0, -3), in); err != nil {
			return err
		}
		extra := start.AddDate(0, 0, 2+rng.IntN(30))
		switch {
		case extra.After(horizon):
			continue
		case chance(30):
			in = teilhabe.CoachingBooking{Kind: teilhabe.AppointmentApplication, Minutes: 90, Weeks: 1,
				Booking: teilhabe.Booking{On: extra, At: "11:00", Mode: teilhabe.ModeWorkplaceVisit}, Address: "Industriestraße 12, " + loc.City}
		case chance(20):
			in = teilhabe.CoachingBooking{Kind: teilhabe.AppointmentWorkTrial, Minutes: 360, Weeks: 1,
				Booking: teilhabe.Booking{On: extra, At: "08:00", Mode: teilhabe.ModeWorkplaceVisit}, Address: "Gewerbepark 3, " + loc.City}
		default:
			continue
		}
		if err := book(extra.AddDate(0, 0, -7), in); err != nil {
			return err
		}
	}

	// The outcomes, on the appointment's day; the last three days' are
	// left for the coach to record.
	recent := l.today.AddDate(0, 0, -3)
	for _, ap := range appts {
		if ap.on.After(recent) {
			continue
		}
		out := teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeHeld, HeldMinutes: 45 + 15*rng.IntN(4)}
		switch r := rng.IntN(100); {
		case !quietAfter.IsZero() && ap.on.After(quietAfter), r < 8:
			out = teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeNoShow}
		case r < 14:
			out = teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeCancelledByParticipant, Note: "Telefonisch abgesagt."}
			if err := l.at(ap.on).RecordAbsence(ctx, coach, id, teilhabe.Absence{Type: teilhabe.DaySickFirst,
				From: ap.on, Until: ap.on.AddDate(0, 0, 2+rng.IntN(5)), Note: "AU liegt vor."}); err != nil {
				return err
			}
		case r < 17:
			out = teilhabe.CoachingOutcome{Outcome: teilhabe.OutcomeCancelledByProvider, Note: "Coach erkrankt."}
		}
		if err := l.at(ap.on).RecordCoachingOutcome(ctx, coach, id, ap.id, 1, out); err != nil {
			return err
		}
	}

	// Each month's attendance message of the assignment, sent between the
	// 2nd and the 8th of the next month; last month's waits for a quarter
	// of the cases.
	thisMonth := teilhabe.MonthOf(l.today)
	for m := teilhabe.MonthOf(first); m.Before(thisMonth) && !m.After(teilhabe.MonthOf(end)); m = m.AddDate(0, 1, 0) {
		sendOn := m.AddDate(0, 1, 1+rng.IntN(7))
		if sendOn.After(l.today) || (m.AddDate(0, 1, 0).Equal(thisMonth) && chance(25)) {
			continue
		}
		if err := l.at(sendOn).SendAttendance(ctx, coach, id, m); err != nil {
			return err
		}
	}
	return nil
}
