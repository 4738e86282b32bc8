package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// journey walks one case through the journey as its users would have, step
// by step, until the data set's moment, and records what the store's
// methods would have written on the way: the case's columns, appointments,
// consents, messages, timeline events and the important audit entries.
// Each step validates the input a user would have entered, on the day it
// was entered, and moves the stage only as teilhabe.Next allows.
type journey struct {
	g       *national
	n       int // the case's place in the plan, for error messages
	rng     *rand.Rand
	loc     *natLocation
	prog    *natProgramme
	r       *sqldb.CaseRecord
	c       *teilhabe.Case
	staff   teilhabe.Actor // the coach, or the provider lead, working the case
	sponsor *natSponsor    // the responsible sponsor, once known
	last    time.Time      // the moment of the latest step
	booked  [2]int         // index in r.Appointments of the booked info appointment and first conversation; -1: none
	held    int            // the year whose place the case takes (by request or assignment); 0: none
}

// journey builds the record of planned case p, the n-th of the plan.
func (g *national) journey(n int, p planned) *sqldb.CaseRecord {
	g.caseRand.Seed(g.opt.Seed, p.seed)
	l := g.locs[p.loc]
	j := &journey{g: g, n: n, rng: g.caseRNG, loc: l, prog: l.prog, r: &sqldb.CaseRecord{}, staff: l.coach, booked: [2]int{-1, -1}}
	j.c = &j.r.Case
	if j.chance(8) {
		j.staff = l.lead // provider leads work some cases themselves
	}
	j.run(g.first.AddDate(0, 0, int(p.day)))
	j.finish()
	return j.r
}

// run walks the case from its first day as far as it went.
func (j *journey) run(first time.Time) {
	announced := j.chance(40)
	if announced {
		j.announce(first)
	} else {
		j.firstContact(first)
	}
	if j.info(announced) && j.eligibility() && j.contract() && j.assignment() && j.firstConversation() {
		j.coaching()
	}
}

func (j *journey) chance(percent int) bool { return j.rng.IntN(100) < percent }

func draw[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

// check counts a record that failed validation.
func (j *journey) check(what string, err error) {
	if err != nil {
		j.g.check(fmt.Sprintf("case %d (%s, %s)", j.n+1, j.c.Stage, what), err)
	}
}

// at returns the moment of a step on day d: during working hours, after
// the latest step.
func (j *journey) at(d time.Time) time.Time {
	t := time.Date(d.Year(), d.Month(), d.Day(), 8+j.rng.IntN(9), j.rng.IntN(60), 0, 0, teilhabe.Germany)
	if !t.After(j.last) {
		t = j.last.Add(time.Duration(5+j.rng.IntN(55)) * time.Minute)
	}
	return t
}

// later returns a working day at the location lo to hi days after d.
func (j *journey) later(d time.Time, lo, hi int) time.Time {
	return j.g.workdayFrom(d.AddDate(0, 0, lo+j.rng.IntN(hi-lo+1)), j.loc.State)
}

// day returns the civil day of moment t in Germany: the "today" a user's
// input is checked against.
func day(t time.Time) time.Time { return teilhabe.Today(t) }

// act moves the case by journey action a at moment t as the store's
// changeCase does — the stage teilhabe.Next gives, one version more, t as
// the time of the save — and reports true. If t is not before the data
// set's moment, the step has not happened yet: act changes nothing and
// reports false.
func (j *journey) act(t time.Time, a teilhabe.Action) bool {
	if !t.Before(j.g.asOf) {
		return false
	}
	next, err := teilhabe.Next(j.c.Stage, a)
	j.check(string(a), err)
	j.c.Stage, j.c.Version, j.r.UpdatedAt, j.last = next, j.c.Version+1, t, t
	return true
}

func (j *journey) event(t time.Time, by teilhabe.Actor, e teilhabe.Event) {
	e.At = t
	j.r.Events = append(j.r.Events, sqldb.EventRecord{Event: e, By: by})
}

// send adds a message about the case from by.
func (j *journey) send(t time.Time, by teilhabe.Actor, m teilhabe.Message) {
	m.CreatedAt = t
	j.r.Messages = append(j.r.Messages, sqldb.MessageRecord{Message: m, By: by})
}

// answer settles the open message of kind with status, as the store's
// answer does.
func (j *journey) answer(t time.Time, by teilhabe.Actor, kind teilhabe.MessageKind, status teilhabe.MessageStatus) {
	for i := range j.r.Messages {
		if m := &j.r.Messages[i]; m.Kind == kind && m.Open() {
			m.Awaiting, m.Status, m.AnsweredAt, m.AnsweredBy = teilhabe.SideNone, status, t, by
		}
	}
}

func (j *journey) audit(t time.Time, by teilhabe.Actor, action teilhabe.AuditAction, detail string) {
	j.r.Audit = append(j.r.Audit, sqldb.CaseAuditRecord{At: t, By: by, Action: action, Detail: detail, SponsorID: j.c.SponsorID})
}

// pickSponsor draws the responsible sponsor among those near the location.
func (j *journey) pickSponsor() *natSponsor {
	r := j.rng.IntN(100)
	switch {
	case r < 40:
		return j.loc.sponsors[0] // the Agentur
	case r < 75:
		return j.loc.sponsors[1]
	}
	return j.loc.sponsors[2]
}

// newCase sets what every case starts with.
func (j *journey) newCase(t time.Time, p teilhabe.Person, first time.Time, stage teilhabe.Stage) {
	*j.c = teilhabe.Case{ProgrammeID: j.prog.ID, Person: p, ProviderID: j.loc.ProviderID, LocationID: j.loc.ID,
		FirstContactOn: first, InfoDueOn: j.g.due(j.prog, first, j.loc.State), Stage: stage, Version: 1, CreatedAt: t}
	j.r.UpdatedAt, j.last = t, t
}

// announce is the sponsor's announcement (sqldb.DB.Announce).
func (j *journey) announce(first time.Time) {
	j.sponsor = j.pickSponsor()
	cw := j.sponsor.caseworker
	t := j.at(first)
	in := teilhabe.Announcement{Person: j.g.person(j.rng, j.loc, first), LocationID: j.loc.ID,
		CustomerNumber: j.sponsor.customerNumber(j.rng), Reason: draw(j.rng, announcementReasons)}
	j.newCase(t, in.Person, first, teilhabe.StageAnnounced)
	j.check("announcement", in.Validate(day(t)))
	c := j.c
	c.SponsorID, c.SharedWithSponsor, c.Origin, c.Channel = j.sponsor.ID, true, teilhabe.OriginSponsor, teilhabe.ChannelSponsor
	c.StartedBy, c.AnnouncementReason = cw.DisplayName(), in.Reason
	c.Eligibility.LegalDomain, c.Eligibility.CustomerNumber = j.sponsor.LegalDomain(), in.CustomerNumber
	j.send(t, cw, teilhabe.Message{Kind: teilhabe.MsgAnnouncement, Awaiting: teilhabe.SideProvider, Status: teilhabe.StatusOpen,
		Note: in.Reason})
	j.event(t, cw, teilhabe.Event{Kind: teilhabe.EventAnnounced, Text: j.sponsor.Name})
	j.audit(t, cw, teilhabe.AuditCaseAnnounced, "")
}

// firstContact is a person getting in touch with the provider
// (sqldb.DB.RecordFirstContact), mostly recorded the same day.
func (j *journey) firstContact(first time.Time) {
	recorded := first
	if j.chance(15) {
		if d := j.later(first, 1, 2); d.Before(j.g.today) {
			recorded = d // a letter read, an e-mail answered, a day or two later
		}
	}
	t := j.at(recorded)
	channel := draw(j.rng, []teilhabe.Channel{"phone", "phone", "phone", "email", "email", "in_person", "in_person", "letter", "online", "online"})
	in := teilhabe.FirstContact{Person: j.g.person(j.rng, j.loc, first), NewPerson: true, LocationID: j.loc.ID,
		Channel: channel, ContactOn: first}
	j.newCase(t, in.Person, first, teilhabe.StageContacted)
	j.check("first contact", in.Validate(day(t)))
	j.c.Origin, j.c.Channel, j.c.StartedBy = teilhabe.OriginSelf, channel, j.staff.DisplayName()
	j.event(t, j.staff, teilhabe.Event{Kind: teilhabe.EventFirstContact, Codes: []string{string(channel)}})
	j.audit(t, j.staff, teilhabe.AuditCaseCreated, "first contact")
}

// giveUp ends a case that stalled: weeks after its step was due, the coach
// declines the announcement or withdraws the case, the person being
// unreachable. Until then it stays open and overdue. It reports false: the
// journey ends here.
func (j *journey) giveUp(due time.Time) bool {
	t := j.at(j.later(due, 20, 60))
	if j.c.Stage == teilhabe.StageAnnounced {
		j.declineWith(t, "unreachable")
	} else {
		j.withdraw(t, "unreachable")
	}
	return false
}

// declineAnnouncement declines the announcement with a drawn reason.
func (j *journey) declineAnnouncement(t time.Time) {
	reasons := []teilhabe.DeclineReason{"no_capacity", "not_target_group", "not_target_group", "declines", "declines",
		"declines", "unreachable", "unreachable", "took_up_work", "took_up_training", "other"}
	j.declineWith(t, draw(j.rng, reasons))
}

// declineWith declines the announcement (sqldb.DB.DeclineAnnouncement).
func (j *journey) declineWith(t time.Time, reason teilhabe.DeclineReason) {
	if !j.act(t, teilhabe.ActDeclineAnnouncement) {
		return
	}
	in := teilhabe.Closure[teilhabe.DeclineReason]{Reason: reason}
	if reason.IsOther() {
		in.Note = "Person ist verzogen; Angebot am neuen Wohnort empfohlen."
	}
	j.check("decline", in.Validate())
	j.answer(t, j.staff, teilhabe.MsgAnnouncement, teilhabe.StatusDeclined)
	j.send(t, j.staff, teilhabe.Message{Kind: teilhabe.MsgAnnouncementReply, Awaiting: teilhabe.SideNone,
		Status: teilhabe.StatusDeclined, ReasonCode: string(reason), Note: in.Note})
	j.c.ClosedReason, j.c.ClosedNote = string(reason), in.Note
	j.event(t, j.staff, teilhabe.Event{Kind: teilhabe.EventAnnouncementDeclined, Codes: []string{string(reason)}})
}

// withdraw closes a case that will not start (sqldb.DB.Withdraw): booked
// appointments are cancelled, a request is withdrawn and its place freed.
func (j *journey) withdraw(t time.Time, reason teilhabe.WithdrawReason) {
	from := j.c.Stage
	if !j.act(t, teilhabe.ActWithdraw) {
		return
	}
	in := teilhabe.Closure[teilhabe.WithdrawReason]{Reason: reason}
	if reason.IsOther() {
		in.Note = "Teilnahme aus familiären Gründen nicht möglich."
	}
	j.check("withdrawal", in.Validate())
	for i := range j.r.Appointments {
		if ap := &j.r.Appointments[i]; ap.Status == teilhabe.OutcomeBooked {
			ap.Status = teilhabe.OutcomeCancelled
		}
	}
	j.booked = [2]int{-1, -1}
	if from == teilhabe.StageAssignmentRequested || from == teilhabe.StageWaitingList {
		j.answer(t, j.staff, teilhabe.MsgAssignmentRequest, teilhabe.StatusWithdrawn)
		j.release()
	}
	j.c.ClosedReason, j.c.ClosedNote = string(reason), in.Note
	j.event(t, j.staff, teilhabe.Event{Kind: teilhabe.EventWithdrawn, Codes: []string{string(reason)}})
}

// contacted moves the case's last contact to day on if that is later, as
// a held appointment or a note does in the store.
func (j *journey) contacted(on time.Time) {
	if on.After(j.c.LastContactOn) {
		j.c.LastContactOn = on
	}
}

// enterPhase moves the case into phase p from day on, at moment t.
func (j *journey) enterPhase(t time.Time, p teilhabe.Phase, on time.Time) {
	j.c.PhaseID, j.c.PhaseName, j.c.PhaseSince = p.ID, p.Name, on
	j.r.Phases = append(j.r.Phases, sqldb.PhaseRecord{PhaseID: p.ID, BeganOn: on, SetAt: t, By: j.staff})
}

// finish sets the next due date as the store computes it and adds the odd
// contact note (sqldb.DB.AddNote).
func (j *journey) finish() {
	var appointment time.Time
	switch j.c.Stage {
	case teilhabe.StageInfoBooked:
		appointment = j.r.Appointments[j.booked[0]].On
	case teilhabe.StageFirstBooked:
		appointment = j.r.Appointments[j.booked[1]].On
	}
	j.c.NextDueOn = teilhabe.NextDue(*j.c, appointment)
	j.c.Eligibility.SponsorID = j.c.SponsorID
	if j.chance(12) {
		// A note some time during the case, by its coach.
		span := int(j.last.Sub(j.c.CreatedAt).Hours()/24) + 1
		d := day(j.c.CreatedAt).AddDate(0, 0, j.rng.IntN(span))
		t := time.Date(d.Year(), d.Month(), d.Day(), 16, 30, 0, 0, teilhabe.Germany)
		if t.After(j.c.CreatedAt) && t.Before(j.g.asOf) {
			in := teilhabe.Note{On: day(t), Channel: draw(j.rng, teilhabe.NoteChannels()),
				Visibility: draw(j.rng, teilhabe.NoteVisibilities()), Text: draw(j.rng, notes)}
			j.check("note", in.Validate(day(t)))
			j.check("note", in.CheckCase(*j.c))
			j.r.Notes = append(j.r.Notes, sqldb.NoteRecord{By: j.staff, Note: teilhabe.ContactNote{On: in.On,
				Channel: in.Channel, Visibility: in.Visibility, Text: in.Text, CreatedAt: t}})
			j.contacted(in.On)
		}
	}
}
