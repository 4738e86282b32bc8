package demo

import (
	"fmt"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// info is the way to a held info appointment: the provider confirms (or
// declines) an announcement or books the appointment, which is held, missed
// and booked again, or never happens. It reports whether it was held.
func (j *journey) info(announced bool) bool {
	react := j.later(j.c.FirstContactOn, 0, 3)
	switch {
	case j.chance(3):
		return j.giveUp(j.c.InfoDueOn) // the person cannot be reached
	case announced && j.full(react.Year()) && j.chance(70):
		j.declineWith(j.at(react), "no_capacity") // the places of the year are taken
		return false
	case announced && j.chance(12):
		j.declineAnnouncement(j.at(react))
		return false
	}
	on := j.infoDay(react)
	t := j.at(react)
	if !announced {
		if !j.book(t, teilhabe.ActBookInfo, teilhabe.AppointmentInfo, on) {
			return false
		}
	} else {
		if !j.book(t, teilhabe.ActConfirmAnnouncement, teilhabe.AppointmentInfo, on) {
			return false
		}
		j.answer(t, j.staff, teilhabe.MsgAnnouncement, teilhabe.StatusAccepted)
		j.send(t, j.staff, teilhabe.Message{Kind: teilhabe.MsgAnnouncementReply, Awaiting: teilhabe.SideNone,
			Status: teilhabe.StatusAccepted, On: on})
	}
	if j.chance(5) && on.After(react.AddDate(0, 0, 1)) {
		// The person asks for another day: the appointment is rebooked.
		moved := j.later(on, 2, 7)
		if !j.book(j.at(j.later(react, 1, 1)), teilhabe.ActBookInfo, teilhabe.AppointmentInfo, moved) {
			return false
		}
	}
	for attempt := 0; ; attempt++ {
		on := j.r.Appointments[j.booked[0]].On
		if j.chance(1) {
			return j.giveUp(on) // no outcome recorded
		}
		o := j.drawOutcome(attempt, 84)
		if !j.outcome(j.outcomeAt(0, o), teilhabe.AppointmentInfo, o) {
			return false
		}
		if o == teilhabe.OutcomeHeld {
			return true
		}
		if attempt > 0 || j.chance(25) {
			reason := teilhabe.WithdrawReason("not_appeared")
			if o == teilhabe.OutcomeCancelled {
				reason = draw(j.rng, []teilhabe.WithdrawReason{"declines", "took_up_work", "other"})
			}
			j.withdraw(j.at(j.later(on, 3, 14)), reason)
			return false
		}
		rebook := j.later(on, 1, 5)
		if !j.book(j.at(rebook), teilhabe.ActBookInfo, teilhabe.AppointmentInfo, j.later(rebook, 3, 10)) {
			return false
		}
	}
}

// infoDay draws the day of an info appointment booked on day booked: mostly
// by the deadline, sometimes after it.
func (j *journey) infoDay(booked time.Time) time.Time {
	due := j.c.InfoDueOn
	if days := int(due.Sub(booked).Hours() / 24); days >= 1 && j.chance(88) {
		return j.g.workdayFrom(booked.AddDate(0, 0, 1+j.rng.IntN(days)), j.loc.State)
	}
	return j.later(due, 1, 10)
}

// drawOutcome draws how an appointment went; held in heldPercent of the
// first attempts and in nine of ten later ones.
func (j *journey) drawOutcome(attempt, heldPercent int) teilhabe.Outcome {
	if attempt > 0 {
		heldPercent = 90
	}
	switch r := j.rng.IntN(100); {
	case r < heldPercent:
		return teilhabe.OutcomeHeld
	case r < heldPercent+(100-heldPercent)*2/3:
		return teilhabe.OutcomeNoShow
	}
	return teilhabe.OutcomeCancelled
}

// book books an appointment of kind on day on by action a at moment t,
// cancelling the one booked before, as the store's book does.
func (j *journey) book(t time.Time, a teilhabe.Action, kind teilhabe.AppointmentKind, on time.Time) bool {
	if !j.act(t, a) {
		return false
	}
	in := teilhabe.Booking{On: on, At: draw(j.rng, []string{"08:30", "9:00", "09:30", "10:00", "10:30", "11:00", "13:00", "13:30", "14:00", "15:00"}),
		Mode: teilhabe.ModeInPerson, LocationID: j.loc.ID}
	if j.chance(12) {
		in.Mode, in.LocationID = teilhabe.ModeRemote, 0
	}
	if j.chance(10) {
		in.Needs = []teilhabe.Need{draw(j.rng, teilhabe.Needs())}
	}
	if j.chance(8) {
		in.Note = "Bitte Bescheid über die Schwerbehinderung und Lebenslauf mitbringen."
	}
	j.check("booking", in.Validate(day(t)))
	slot := slotOf(kind)
	rebooked := j.booked[slot] >= 0
	if rebooked {
		j.r.Appointments[j.booked[slot]].Status = teilhabe.OutcomeCancelled
	}
	j.booked[slot] = len(j.r.Appointments)
	j.r.Appointments = append(j.r.Appointments, sqldb.AppointmentRecord{Appointment: teilhabe.Appointment{Kind: kind, On: on,
		At: in.NormalTime(), Mode: in.Mode, LocationID: in.LocationID, Needs: in.Needs, Note: in.Note, Status: teilhabe.OutcomeBooked},
		BookedAt: t, By: j.staff})
	j.event(t, j.staff, teilhabe.Event{Kind: kind.BookedEvent(rebooked), On: on, Time: in.NormalTime()})
	return true
}

func slotOf(kind teilhabe.AppointmentKind) int {
	if kind == teilhabe.AppointmentFirst {
		return 1
	}
	return 0
}

// outcomeAt returns when the outcome o of the appointment booked in slot is
// recorded: a cancellation during the day, the others after it took place.
func (j *journey) outcomeAt(slot int, o teilhabe.Outcome) time.Time {
	ap := j.r.Appointments[j.booked[slot]]
	if o == teilhabe.OutcomeCancelled {
		return j.at(ap.On)
	}
	h, m, _ := teilhabe.ParseTime(ap.At)
	t := time.Date(ap.On.Year(), ap.On.Month(), ap.On.Day(), h, m+75, 0, 0, teilhabe.Germany)
	if !t.After(j.last) {
		t = j.last.Add(time.Hour)
	}
	return t
}

// outcome records outcome o of the booked appointment of kind at moment t
// (sqldb.DB.SetAppointmentOutcome).
func (j *journey) outcome(t time.Time, kind teilhabe.AppointmentKind, o teilhabe.Outcome) bool {
	slot := slotOf(kind)
	if !j.act(t, kind.OutcomeAction(o)) {
		return false
	}
	ap := &j.r.Appointments[j.booked[slot]]
	if !ap.Kind.Accepts(o) || (o == teilhabe.OutcomeHeld && ap.On.After(day(t))) {
		j.check("outcome", fmt.Errorf("%w: %s recorded on %s for %s", errStep, o, day(t).Format(time.DateOnly), ap.On.Format(time.DateOnly)))
	}
	ap.Status, j.booked[slot] = o, -1
	if kind == teilhabe.AppointmentInfo && o == teilhabe.OutcomeHeld {
		j.c.InfoHeldOn = ap.On
	}
	if o == teilhabe.OutcomeHeld {
		j.contacted(ap.On)
		if kind == teilhabe.AppointmentFirst && len(j.prog.phases) > 0 {
			// Coaching begins in the programme's first phase.
			j.enterPhase(t, j.prog.phases[0], ap.On)
		}
	}
	j.event(t, j.staff, teilhabe.Event{Kind: kind.OutcomeEvent(o), On: ap.On})
	return true
}

// firstConversation books and holds the first conversation, which starts
// the coaching. It reports whether it was held.
func (j *journey) firstConversation() bool {
	booked := j.later(day(j.last), 0, 3)
	on := j.later(maxDay(j.c.AssignmentStart, booked.AddDate(0, 0, 1)), 0, 10)
	if !j.book(j.at(booked), teilhabe.ActBookFirst, teilhabe.AppointmentFirst, on) {
		return false
	}
	for attempt := 0; ; attempt++ {
		on := j.r.Appointments[j.booked[1]].On
		if on.After(j.g.today.AddDate(0, 0, -21)) && j.chance(3) {
			return false // the outcome is not recorded yet
		}
		o := j.drawOutcome(attempt, 92)
		if !j.outcome(j.outcomeAt(1, o), teilhabe.AppointmentFirst, o) {
			return false
		}
		if o == teilhabe.OutcomeHeld {
			return true
		}
		rebook := j.later(on, 1, 5)
		if !j.book(j.at(rebook), teilhabe.ActBookFirst, teilhabe.AppointmentFirst, j.later(rebook, 2, 10)) {
			return false
		}
	}
}

func maxDay(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
