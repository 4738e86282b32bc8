package demo

import (
	"fmt"
	"time"

	"teilhabe"
)

// assignment is the request to the sponsor (sqldb.DB.RequestAssignment),
// a wait on the location's waiting list if it is full, and the sponsor's
// decision. It reports whether the case was assigned.
func (j *journey) assignment() bool {
	signed := j.c.ContractSignedOn
	switch {
	case j.chance(1):
		j.withdraw(j.at(j.later(signed, 3, 20)), draw(j.rng, []teilhabe.WithdrawReason{"declines", "took_up_work"}))
		return false
	case j.chance(1):
		return j.giveUp(signed.AddDate(0, 0, 7))
	}
	on := j.later(signed, 0, 5)
	t := j.at(on)
	full := j.full(on.Year())
	if full && j.chance(40) {
		// The provider tells the person that this year's places are gone.
		j.withdraw(t, "provider_declines")
		return false
	}
	action, status, kind := teilhabe.ActRequestAssignment, teilhabe.StatusOpen, teilhabe.EventAssignmentRequested
	if full {
		action, status, kind = teilhabe.ActWaitlist, teilhabe.StatusWaiting, teilhabe.EventWaitingList
	}
	if !j.act(t, action) {
		return false
	}
	in := teilhabe.AssignmentRequest{}
	if j.chance(40) {
		in.Note = draw(j.rng, []string{"Bitte Beginn zum Monatsersten.", "Teilnehmer ist hoch motiviert.",
			"Erste Praktikumsstelle bereits in Aussicht."})
	}
	j.check("assignment request", in.Validate())
	j.c.SharedWithSponsor = true
	j.send(t, j.staff, teilhabe.Message{Kind: teilhabe.MsgAssignmentRequest, Awaiting: teilhabe.SideSponsor, Status: status,
		Note: in.Note})
	j.event(t, j.staff, teilhabe.Event{Kind: kind, Text: j.sponsor.Name})
	if full {
		if !j.waitForPlace(on) {
			return false
		}
	} else {
		j.hold(on.Year())
	}
	return j.decide()
}

// waitForPlace is the wait on the waiting list that began on day since:
// places of the next year go to those waiting first, unless the person
// left or the sponsor refused before. It reports whether a place came.
func (j *journey) waitForPlace(since time.Time) bool {
	promote := j.later(teilhabe.Day(since.Year()+1, 1, 2), 0, 5)
	if j.chance(25) {
		if d := j.later(since, 14, 60); d.Before(promote) {
			j.withdraw(j.at(d), draw(j.rng, []teilhabe.WithdrawReason{"took_up_work", "declines", "unreachable"}))
			return false
		}
	}
	if j.chance(15) {
		if d := j.later(since, 7, 30); d.Before(promote) {
			j.refuse(j.at(d), "no_place")
			return false
		}
	}
	if j.full(promote.Year()) {
		j.refuse(j.at(promote), "no_place")
		return false
	}
	t := j.at(promote)
	if !j.act(t, teilhabe.ActLeaveWaitingList) {
		return false
	}
	for i := range j.r.Messages {
		if m := &j.r.Messages[i]; m.Kind == teilhabe.MsgAssignmentRequest && m.Status == teilhabe.StatusWaiting {
			m.Status = teilhabe.StatusOpen
		}
	}
	j.event(t, teilhabe.System, teilhabe.Event{Kind: teilhabe.EventLeftWaitingList})
	j.hold(promote.Year())
	return true
}

// decide is the sponsor's answer to the request: mostly an assignment
// (sqldb.DB.Assign) with the programme's length, sometimes a refusal.
func (j *journey) decide() bool {
	asked := day(j.last)
	switch {
	case j.chance(1):
		j.withdraw(j.at(j.later(asked, 1, 10)), "took_up_work")
		return false
	case j.chance(5):
		j.refuse(j.at(j.later(asked, 1, 10)), draw(j.rng, []teilhabe.RefuseReason{"dates_not_accepted", "not_responsible",
			"not_responsible", "other_measure", "other_measure", "other_measure", "other"}))
		return false
	}
	cw := j.sponsor.caseworker
	on := j.later(asked, 1, 10)
	t := j.at(on)
	if !j.act(t, teilhabe.ActAssign) {
		return false
	}
	in := teilhabe.Assignment{Start: j.later(on, 1, 21)}.WithDefaults(j.prog.Programme, cw)
	j.check("assignment", in.Validate(day(t)))
	if cw.OrgID != j.c.SponsorID || cw.Role != teilhabe.RoleSponsorCaseworker {
		j.check("assignment", fmt.Errorf("%w: caseworker %s is not the sponsor's", errStep, cw.Username))
	}
	j.c.AssignmentStart, j.c.AssignmentEnd, j.c.CaseworkerID = in.Start, in.End, in.CaseworkerID
	j.answer(t, cw, teilhabe.MsgAssignmentRequest, teilhabe.StatusAccepted)
	j.send(t, cw, teilhabe.Message{Kind: teilhabe.MsgAssignmentReply, Awaiting: teilhabe.SideNone, Status: teilhabe.StatusAccepted,
		On: in.Start, ProposedEnd: in.End})
	j.event(t, cw, teilhabe.Event{Kind: teilhabe.EventAssigned, On: in.Start, Until: in.End})
	j.audit(t, cw, teilhabe.AuditAssigned, "")
	j.hold(in.Start.Year()) // the place counts in the year the assignment starts
	return true
}

// refuse is the sponsor's refusal of the request (sqldb.DB.RefuseAssignment).
func (j *journey) refuse(t time.Time, reason teilhabe.RefuseReason) {
	cw := j.sponsor.caseworker
	if !j.act(t, teilhabe.ActRefuseAssignment) {
		return
	}
	in := teilhabe.Closure[teilhabe.RefuseReason]{Reason: reason}
	if reason.IsOther() {
		in.Note = "Vorrangige Maßnahme der Rehabilitation wird geprüft."
	}
	j.check("refusal", in.Validate())
	j.answer(t, cw, teilhabe.MsgAssignmentRequest, teilhabe.StatusDeclined)
	j.send(t, cw, teilhabe.Message{Kind: teilhabe.MsgAssignmentReply, Awaiting: teilhabe.SideNone, Status: teilhabe.StatusDeclined,
		ReasonCode: string(reason), Note: in.Note})
	j.c.ClosedReason, j.c.ClosedNote = string(reason), in.Note
	j.event(t, cw, teilhabe.Event{Kind: teilhabe.EventAssignmentRefused, Codes: []string{string(reason)}})
	j.audit(t, cw, teilhabe.AuditAssignmentRefused, string(reason))
	j.release()
}

// full reports whether the location's places of year are taken.
func (j *journey) full(year int) bool {
	return j.loc.taken[year-j.g.first.Year()] >= j.loc.PlacesPerYear
}

// hold moves the place the case takes to year.
func (j *journey) hold(year int) {
	j.release()
	j.loc.taken[year-j.g.first.Year()]++
	j.held = year
}

// release frees the place the case took.
func (j *journey) release() {
	if j.held != 0 {
		j.loc.taken[j.held-j.g.first.Year()]--
		j.held = 0
	}
}

// coaching is the running coaching: the search for a job and the
// placement (placementWork); six weeks before the assignment ends the
// provider mostly asks for an extension (sqldb.DB.RequestExtension), which
// the sponsor mostly grants (sqldb.DB.DecideExtension), at most twice,
// rarely after a placement that counts; then the follow-up of the
// placement and the exit (exit), unless the case leaves early.
func (j *journey) coaching() {
	placed := j.placementWork()
	var fate followUpFate
	counts := placed >= 0 && j.r.Placements[placed].Kind.Counts()
	if counts {
		fate = j.followUpFate(j.r.Placements[placed].Placement)
	}
	early := j.planEarlyExit(placed, fate.lost())
	if early.on.IsZero() {
		extend := 85
		if counts {
			extend = 30
		}
		j.extensions(extend)
	}
	j.exit(early, placed, fate)
}

// extensions asks for at most two extensions, each with the chance
// percent.
func (j *journey) extensions(percent int) {
	cw := j.sponsor.caseworker
	for range 2 {
		end := j.c.AssignmentEnd
		if !j.chance(percent) {
			return
		}
		t := j.at(j.g.workdayBefore(end.AddDate(0, 0, -42), j.loc.State))
		if !j.act(t, teilhabe.ActRequestExtension) {
			return
		}
		in := teilhabe.ExtensionRequest{ProposedEnd: end.AddDate(0, draw(j.rng, []int{6, 12, 12}), 0), Reason: draw(j.rng, extensionReasons)}
		j.check("extension request", in.Validate())
		j.check("extension request", in.CheckEnd(end))
		j.send(t, j.staff, teilhabe.Message{Kind: teilhabe.MsgExtensionRequest, Awaiting: teilhabe.SideSponsor,
			Status: teilhabe.StatusOpen, Note: in.Reason, ProposedEnd: in.ProposedEnd})
		j.event(t, j.staff, teilhabe.Event{Kind: teilhabe.EventExtensionRequested, On: in.ProposedEnd})

		t = j.at(j.later(day(t), 3, 15))
		if !j.act(t, teilhabe.ActDecideExtension) {
			return
		}
		dec := teilhabe.ExtensionDecision{Decision: teilhabe.Approve, End: in.ProposedEnd}
		if !j.chance(85) {
			dec = teilhabe.ExtensionDecision{Decision: teilhabe.Refuse, Note: "Ziel ist erreicht; die Nachbetreuung genügt."}
		}
		j.check("extension decision", dec.Validate())
		j.check("extension decision", dec.CheckEnd(end))
		reply := teilhabe.Message{Kind: teilhabe.MsgExtensionReply, Awaiting: teilhabe.SideNone, Status: teilhabe.StatusDeclined,
			Note: dec.Note}
		event := teilhabe.Event{Kind: teilhabe.EventExtensionRefused}
		if dec.Decision == teilhabe.Approve {
			j.c.AssignmentEnd = dec.End
			reply.Status, reply.ProposedEnd = teilhabe.StatusAccepted, dec.End
			event = teilhabe.Event{Kind: teilhabe.EventExtensionApproved, On: dec.End}
		}
		j.answer(t, cw, teilhabe.MsgExtensionRequest, reply.Status)
		j.send(t, cw, reply)
		j.event(t, cw, event)
		if dec.Decision != teilhabe.Approve {
			return
		}
	}
}
