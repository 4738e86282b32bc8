package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// The outcome of the coaching year in the national data set: each
// provider's employer register, releases towards employers, placement
// prospects, placements with their follow-up, and the exit with its
// notice to the sponsor — as sqldb.DB.CreateEmployer, AddConsent,
// RecordProspect, RecordPlacement, RecordFollowUpContact,
// CheckSustainability, EndFollowUp, RecordExit and AcknowledgeNotice write
// them.

// natEmployersPerProvider is the size of each provider's register.
const natEmployersPerProvider = 6

// natEmployer is an employer of a provider's register.
type natEmployer struct {
	id   int64
	name string
}

// natBusinesses are the kinds of business the registers hold, with
// their sector and the jobs they offer.
var natBusinesses = []struct {
	kind   string
	sector teilhabe.Sector
	jobs   []string
}{
	{"Bäckerei", teilhabe.SectorCrafts, []string{"Verkäuferin / Verkäufer", "Produktionshelferin / Produktionshelfer"}},
	{"Logistik", teilhabe.SectorLogistics, []string{"Lagerhelferin / Lagerhelfer", "Kommissioniererin / Kommissionierer"}},
	{"Hotel", teilhabe.SectorHospitality, []string{"Mitarbeiterin / Mitarbeiter Housekeeping", "Küchenhilfe"}},
	{"Pflegedienst", teilhabe.SectorHealth, []string{"Betreuungskraft", "Hauswirtschaftskraft"}},
	{"Metallbau", teilhabe.SectorIndustry, []string{"Produktionshelferin / Produktionshelfer", "Maschinenbedienerin / Maschinenbediener"}},
	{"Büroservice", teilhabe.SectorOffice, []string{"Bürokraft", "Mitarbeiterin / Mitarbeiter Poststelle"}},
	{"Markt", teilhabe.SectorRetail, []string{"Verkäuferin / Verkäufer", "Regalbetreuung"}},
	{"Gartenbau", teilhabe.SectorAgriculture, []string{"Gartenhelferin / Gartenhelfer"}},
	{"Stadtverwaltung", teilhabe.SectorPublic, []string{"Verwaltungsfachangestellte / Verwaltungsfachangestellter", "Hausmeisterin / Hausmeister"}},
}

// employers fills each provider's register, entered by its lead. It draws
// from random numbers of its own, so that the cases' plan is the one of a
// data set without registers.
func (g *national) employers(b *sqldb.Bulk, at time.Time) {
	rng := rand.New(rand.NewPCG(g.opt.Seed, 0xe3b1_0e75))
	suffix := []string{"GmbH", "GmbH & Co. KG", "e. K.", "AG"}
	for i := 0; i < len(g.locs); i += natLocationsPerOrg {
		l := g.locs[i]
		var reg []natEmployer
		for k := range natEmployersPerProvider {
			bz := natBusinesses[(i/natLocationsPerOrg+k)%len(natBusinesses)]
			name := bz.kind + " " + natLastNames[rng.IntN(len(natLastNames))] + " " + suffix[rng.IntN(len(suffix))]
			if bz.sector == teilhabe.SectorPublic {
				name = bz.kind + " " + l.place.name
			}
			e := teilhabe.Employer{Name: name, Postcode: l.place.postcode, City: l.place.name, Sector: bz.sector,
				Workplaces: []int{8, 15, 25, 60, 140, 400}[rng.IntN(6)]}
			if rng.IntN(2) == 0 {
				e.Disabled, e.DisabledKnown = rng.IntN(1+e.Workplaces/20), true
			}
			g.check("employer "+name, e.Validate())
			reg = append(reg, natEmployer{id: b.Employer(l.lead, e, at), name: e.Name})
			g.sum.Employers++
		}
		for _, sib := range g.locs[i : i+natLocationsPerOrg] {
			sib.employers = reg
		}
	}
	g.sum.Audits += g.sum.Employers
}

// jobOf returns a job the employer of the register offers.
func (j *journey) jobOf(e natEmployer) string {
	for _, bz := range natBusinesses {
		if strings.HasPrefix(e.name, bz.kind) {
			return draw(j.rng, bz.jobs)
		}
	}
	return "Helferin / Helfer"
}

// placementKinds are the kinds a placement is drawn from: mostly those
// that count.
var placementKinds = []teilhabe.PlacementKind{
	teilhabe.PlacementFullTime, teilhabe.PlacementFullTime, teilhabe.PlacementFullTime, teilhabe.PlacementFullTime,
	teilhabe.PlacementFullTime, teilhabe.PlacementFullTime, teilhabe.PlacementFullTime,
	teilhabe.PlacementPartTime, teilhabe.PlacementPartTime, teilhabe.PlacementPartTime, teilhabe.PlacementPartTime,
	teilhabe.PlacementPartTime, teilhabe.PlacementTraining, teilhabe.PlacementTraining, teilhabe.PlacementTraining,
	teilhabe.PlacementMarginal, teilhabe.PlacementMarginal, teilhabe.PlacementFurtherTraining, teilhabe.PlacementOtherMeasure,
	teilhabe.PlacementWorkshop, teilhabe.PlacementSelfEmployed,
}

// employerRelease records the participant's release from confidentiality
// towards employer e, given on day on (sqldb.DB.AddConsent).
func (j *journey) employerRelease(on time.Time, e natEmployer) {
	t := j.at(on)
	j.last = t
	in := teilhabe.ConsentGiven{Scope: teilhabe.ConsentEmployer, Recipient: e.name, GivenOn: on}
	j.check("employer release", in.Validate(day(t)))
	j.r.Consents = append(j.r.Consents, sqldb.ConsentRecord{Consent: teilhabe.Consent{Scope: in.Scope, Recipient: in.Recipient,
		GivenOn: on}, At: t})
	j.event(t, j.staff, teilhabe.Event{Kind: teilhabe.EventConsentGiven, Codes: []string{string(in.Scope)}})
}

// prospect records a placement prospect on day on (sqldb.DB.RecordProspect).
func (j *journey) prospect(on time.Time, kind teilhabe.ProspectKind, e natEmployer) {
	t := j.at(on)
	j.last = t
	in := teilhabe.Prospect{Kind: kind, On: on, EmployerID: e.id}
	j.check("prospect", in.Validate(day(t)))
	if e.id != 0 && !teilhabe.EmployerConsent(j.consents(), e.name, on) {
		j.check("prospect", fmt.Errorf("%w: no release towards %s", errStep, e.name))
	}
	j.r.Prospects = append(j.r.Prospects, sqldb.ProspectRecord{Prospect: in, At: t, By: j.staff})
	j.event(t, j.staff, teilhabe.Event{Kind: teilhabe.EventProspectRecorded, Codes: []string{string(kind)}, On: on, Text: e.name})
}

func (j *journey) consents() []teilhabe.Consent {
	cs := make([]teilhabe.Consent, len(j.r.Consents))
	for i, c := range j.r.Consents {
		cs[i] = c.Consent
	}
	return cs
}

// placementWork is the search for a job in the first year of coaching:
// a release towards an employer of the register, a prospect there, and
// the placement (sqldb.DB.RecordPlacement), recorded shortly before the
// start. It returns the index of the placement in j.r.Placements, -1 if
// none.
func (j *journey) placementWork() int {
	start := j.c.AssignmentStart
	span := int(j.c.AssignmentEnd.Sub(start).Hours()/24) - 60
	if span < 60 || j.loc.employers == nil {
		return -1
	}
	if !j.chance(55) {
		if j.chance(30) {
			// A prospect that came to nothing.
			e := draw(j.rng, j.loc.employers)
			on := j.later(start, 30, min(span, 300))
			if on.Before(j.g.today) {
				j.employerRelease(on, e)
				j.prospect(on, draw(j.rng, []teilhabe.ProspectKind{teilhabe.ProspectTrialOffer, teilhabe.ProspectFinalRound}), e)
				if none := j.later(on, 14, 60); none.Before(j.g.today) {
					j.prospect(none, teilhabe.ProspectNone, natEmployer{})
				}
			}
		}
		return -1
	}
	recorded := j.later(start, 45, min(span, 330))
	kind := draw(j.rng, placementKinds)
	released := j.later(recorded.AddDate(0, 0, -45), 0, 15)
	if !recorded.Before(j.g.today) || !released.After(day(j.last)) {
		return -1
	}
	in := teilhabe.Placement{Kind: kind, Start: j.later(recorded, 0, 14), Subsidy: teilhabe.SubsidyNone}
	var e natEmployer
	if kind.AtEmployer() {
		e = draw(j.rng, j.loc.employers)
		in.EmployerID, in.EmployerName, in.JobTitle = e.id, e.name, j.jobOf(e)
		j.employerRelease(released, e)
		pk := draw(j.rng, []teilhabe.ProspectKind{teilhabe.ProspectJobOffer, teilhabe.ProspectTrialOffer, teilhabe.ProspectFinalRound})
		if kind == teilhabe.PlacementTraining {
			pk = teilhabe.ProspectTrainingPlace
			in.JobTitle = "Ausbildung " + in.JobTitle
		}
		j.prospect(j.later(released, 1, 14), pk, e)
	}
	switch kind {
	case teilhabe.PlacementFullTime, teilhabe.PlacementTraining:
		in.Hours = 35 + j.rng.IntN(5)
	case teilhabe.PlacementPartTime:
		in.Hours = 15 + j.rng.IntN(16)
	case teilhabe.PlacementMarginal:
		in.Hours = 6 + j.rng.IntN(7)
	}
	if kind.Counts() {
		r := j.rng.IntN(100)
		switch {
		case r < 20:
			in.Subsidy, in.SubsidyPercent, in.SubsidyMonths = teilhabe.SubsidyEGZ, 30+10*j.rng.IntN(3), 6+j.rng.IntN(7)
		case r < 35:
			in.Subsidy, in.SubsidyPercent, in.SubsidyMonths = teilhabe.SubsidyEGZDisabled, 50+10*j.rng.IntN(3), 12+j.rng.IntN(13)
		case r < 45:
			in.Subsidy, in.SubsidyPercent, in.SubsidyMonths = teilhabe.SubsidyEGZSevere, 70, 24+j.rng.IntN(37)
		case r < 50:
			in.Subsidy, in.SubsidyMonths = teilhabe.SubsidyTrial, 3
		}
		in.Integrationsamt, in.IFD = j.chance(25), j.chance(15)
		if kind != teilhabe.PlacementTraining && j.chance(25) {
			in.FixedEnd = in.Start.AddDate(1, 0, -1)
		}
	}
	t := j.at(recorded)
	j.last = t
	j.check("placement", in.Validate(day(t)))
	if in.EmployerID != 0 && !teilhabe.EmployerConsent(j.consents(), e.name, day(t)) {
		j.check("placement", fmt.Errorf("%w: no release towards %s", errStep, e.name))
	}
	in.RecordedBy = j.staff.DisplayName()
	rec := sqldb.PlacementRecord{Placement: in, At: t, By: j.staff}
	j.event(t, j.staff, teilhabe.Event{Kind: teilhabe.EventPlacementRecorded, Codes: []string{string(kind)}, On: in.Start, Text: e.name})
	if kind.Counts() {
		rec.NextFollowUpOn = j.prog.FollowUp.NextContact(in.Start, time.Time{})
		rec.SustainDueOn = teilhabe.SustainabilityDue(in.Start)
		rec.SustainMarkOn = rec.SustainDueOn
		note := in.JobTitle
		if e.name != "" {
			note += ", " + e.name
		}
		j.send(t, j.staff, teilhabe.Message{Kind: teilhabe.MsgPlacement, Awaiting: teilhabe.SideSponsor,
			Status: teilhabe.StatusOpen, On: in.Start, Note: note})
		j.acknowledge(len(j.r.Messages)-1, day(t))
	}
	j.r.Placements = append(j.r.Placements, rec)
	j.g.sum.Placements++
	return len(j.r.Placements) - 1
}

// acknowledge has the sponsor take note of notice j.r.Messages[i], mostly
// within days of day sent (sqldb.DB.AcknowledgeNotice); some notices are
// still waiting.
func (j *journey) acknowledge(i int, sent time.Time) {
	if !j.chance(75) {
		return
	}
	d := j.later(sent, 1, 10)
	if !d.Before(j.g.today) {
		return
	}
	cw := j.sponsor.caseworker
	t := time.Date(d.Year(), d.Month(), d.Day(), 9+j.rng.IntN(7), j.rng.IntN(60), 0, 0, teilhabe.Germany)
	m := &j.r.Messages[i]
	m.Awaiting, m.Status, m.AnsweredAt, m.AnsweredBy = teilhabe.SideNone, teilhabe.StatusNoted, t, cw
	j.event(t, cw, teilhabe.Event{Kind: teilhabe.EventNoticeAcknowledged, Codes: []string{string(m.Kind)}})
	j.audit(t, cw, teilhabe.AuditNoticeAcknowledged, string(m.Kind))
}

// plannedExit is the exit a case is heading for: its day, kind and
// reason, decided before the follow-up it bounds is written.
type plannedExit struct {
	on     time.Time
	kind   teilhabe.ExitKind
	reason teilhabe.ExitReason
}

// earlyReasons are the reasons of an early exit without the job.
var earlyReasons = []teilhabe.ExitReason{teilhabe.ExitSelfEmployed, teilhabe.ExitOtherMeasure, teilhabe.ExitOtherMeasure,
	teilhabe.ExitIllness, teilhabe.ExitIllness, teilhabe.ExitPension, teilhabe.ExitMoved, teilhabe.ExitMoved,
	teilhabe.ExitDroppedOut, teilhabe.ExitDroppedOut, teilhabe.ExitDroppedOut, teilhabe.ExitDroppedOut, teilhabe.ExitExcluded,
	teilhabe.ExitNoContact,
	teilhabe.ExitNoContact, teilhabe.ExitDeath, teilhabe.ExitOther}

// planEarlyExit decides whether the case ends before its planned end:
// placed participants now and then leave into the job once it has held
// for some months, others for one of the reasons of an early exit. The
// zero plannedExit means it runs on to its end.
func (j *journey) planEarlyExit(placed int, lostOn time.Time) plannedExit {
	start, end := j.c.AssignmentStart, j.c.AssignmentEnd
	latest := end.AddDate(0, 0, -43) // before an extension would be asked for
	if placed >= 0 {
		p := j.r.Placements[placed].Placement
		if p.Kind.Counts() && j.chance(8) {
			// The job holds, but the participation ends for another
			// reason, which ends its follow-up.
			on := j.later(p.Start, 20, 150)
			if on.Before(latest) && (lostOn.IsZero() || on.Before(lostOn)) {
				return plannedExit{on: on, kind: teilhabe.ExitEarly, reason: draw(j.rng, []teilhabe.ExitReason{teilhabe.ExitIllness,
					teilhabe.ExitMoved, teilhabe.ExitDroppedOut, teilhabe.ExitOtherMeasure})}
			}
		}
		if p.Kind.Counts() && j.chance(30) {
			on := j.later(p.Start, 60, 200)
			if on.Before(latest) && (lostOn.IsZero() || on.Before(lostOn)) {
				return plannedExit{on: on, kind: teilhabe.ExitEarly, reason: teilhabe.ProposeExit(*j.c, []teilhabe.Placement{p}, on).Reason}
			}
		}
		return plannedExit{}
	}
	if !j.chance(20) {
		return plannedExit{}
	}
	span := int(latest.Sub(start).Hours() / 24)
	if span < 30 {
		return plannedExit{}
	}
	on := j.later(start, 20, span-1)
	if !on.After(day(j.last)) || !on.Before(latest) {
		return plannedExit{}
	}
	return plannedExit{on: on, kind: teilhabe.ExitEarly, reason: draw(j.rng, earlyReasons)}
}

// followUpFate draws how the job of a placement that counts fares: lost
// within the first months now and then, and the six-month check's result.
type followUpFate struct {
	lostOn  time.Time // lost before the check; zero if not
	checkOn time.Time
	result  teilhabe.Sustained
}

func (j *journey) followUpFate(p teilhabe.Placement) followUpFate {
	var f followUpFate
	if j.chance(8) {
		f.lostOn = j.later(p.Start, 20, 150)
		return f
	}
	f.checkOn = j.later(teilhabe.SustainabilityDue(p.Start), 0, 20)
	r := j.rng.IntN(100)
	switch {
	case r < 82:
		f.result = teilhabe.SustainedYes
	case r < 92:
		f.result = teilhabe.SustainedNo
	default:
		f.result = teilhabe.SustainedUnknown
	}
	if !j.chance(85) {
		f.checkOn = time.Time{} // not checked yet
	}
	return f
}

// lost returns the day the job is gone by f, zero if it holds.
func (f followUpFate) lost() time.Time {
	if !f.lostOn.IsZero() {
		return f.lostOn
	}
	if f.result == teilhabe.SustainedNo && !f.checkOn.IsZero() {
		return f.checkOn
	}
	return time.Time{}
}

// followUp writes the follow-up of placement i as far as day last: a few
// contacts by the programme's cadence, the job lost or the sustainability
// check, and its end (sqldb.DB.RecordFollowUpContact, CheckSustainability,
// EndFollowUp). It keeps few contacts per placement, to keep the data
// set's size reasonable.
func (j *journey) followUp(i int, f followUpFate, last time.Time) {
	rec := &j.r.Placements[i]
	p := rec.Placement
	at := func(d time.Time) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), 10+j.rng.IntN(6), j.rng.IntN(60), 0, 0, teilhabe.Germany)
	}
	ended := func() bool { return !rec.Ended.On.IsZero() }
	end := func(on time.Time, reason teilhabe.FollowUpEndReason) {
		in := teilhabe.FollowUpEnd{On: on, Reason: reason}
		t := at(on)
		j.check("follow-up end", in.Validate(p, day(t)))
		rec.Ended, rec.NextFollowUpOn = in, time.Time{}
		if reason == teilhabe.FollowUpJobLost {
			rec.Lost, rec.SustainDueOn = on, time.Time{}
		}
		j.event(t, j.staff, teilhabe.Event{Kind: teilhabe.EventFollowUpEnded, On: on, Codes: []string{string(reason)}})
	}
	var lastContact time.Time
	for n := j.rng.IntN(4); n > 0; n-- {
		on := j.g.workdayFrom(j.prog.FollowUp.NextContact(p.Start, lastContact), j.loc.State)
		if on.After(last) || (!f.lostOn.IsZero() && !on.Before(f.lostOn)) {
			break
		}
		in := teilhabe.FollowUpContact{PlacementID: p.ID, On: on, With: teilhabe.WithParticipant,
			Mode: draw(j.rng, teilhabe.CoachingModes())}
		if j.chance(30) {
			in.With = draw(j.rng, []teilhabe.FollowUpSide{teilhabe.WithEmployer, teilhabe.WithBoth})
		}
		if j.chance(10) {
			in.Crisis, in.Problem = true, draw(j.rng, []string{"Konflikt mit dem Vorgesetzten über die Pausenzeiten.",
				"Überforderung in der Spätschicht; Arbeitszeiten werden angepasst.", "Längere Krankmeldung; Rückkehr wird geplant."})
			in.Solution = "Gemeinsames Gespräch geführt; Absprachen festgehalten."
		}
		t := at(on)
		j.check("follow-up contact", in.Validate(p, day(t)))
		if in.With.MeetsEmployer() && !teilhabe.EmployerConsent(j.consents(), p.EmployerName, on) {
			j.check("follow-up contact", fmt.Errorf("%w: no release towards %s", errStep, p.EmployerName))
		}
		in.RecordedBy = j.staff.DisplayName()
		rec.Contacts = append(rec.Contacts, sqldb.FollowUpContactRecord{FollowUpContact: in, At: t, By: j.staff})
		j.event(t, j.staff, teilhabe.Event{Kind: teilhabe.EventFollowUpContact, Internal: true, On: on, Codes: []string{string(in.With)}})
		lastContact = on
		rec.NextFollowUpOn = j.prog.FollowUp.NextContact(p.Start, lastContact)
	}
	if !f.lostOn.IsZero() && !f.lostOn.After(last) {
		end(f.lostOn, teilhabe.FollowUpJobLost)
		return
	}
	if f.checkOn.IsZero() || f.checkOn.After(last) {
		return
	}
	in := teilhabe.SustainabilityCheck{On: f.checkOn, Result: f.result,
		Source: draw(j.rng, []teilhabe.SustainSource{teilhabe.SourceParticipant, teilhabe.SourceEmployer, teilhabe.SourceSponsor})}
	if f.result == teilhabe.SustainedUnknown {
		in.Source, in.Note = teilhabe.SourceNone, "Weder Teilnehmerin/Teilnehmer noch Betrieb erreichbar."
	}
	t := at(f.checkOn)
	j.check("sustainability check", in.Validate(p, day(t)))
	rec.Check, rec.SustainDueOn = in, time.Time{}
	j.event(t, j.staff, teilhabe.Event{Kind: teilhabe.EventSustainabilityChecked, On: in.On, Codes: []string{string(in.Result)}})
	switch {
	case f.result == teilhabe.SustainedNo:
		end(f.checkOn, teilhabe.FollowUpJobLost)
	case f.result == teilhabe.SustainedYes && j.chance(40):
		if on := j.later(f.checkOn, 1, 30); !on.After(last) && !ended() {
			end(on, teilhabe.FollowUpCompleted)
		}
	}
}

// exitDestination draws a destination that fits reason r.
func (j *journey) exitDestination(r teilhabe.ExitReason, placed []teilhabe.Placement) teilhabe.Destination {
	switch r {
	case teilhabe.ExitSelfEmployed:
		return teilhabe.DestSelfEmployed
	case teilhabe.ExitOtherMeasure:
		return teilhabe.DestOtherMeasure
	case teilhabe.ExitDeath:
		return teilhabe.DestUnknown
	case teilhabe.ExitIllness, teilhabe.ExitPension:
		return teilhabe.DestUnavailable
	case teilhabe.ExitMoved, teilhabe.ExitNoContact:
		return draw(j.rng, []teilhabe.Destination{teilhabe.DestUnknown, teilhabe.DestUnknown, teilhabe.DestUnemployed})
	case teilhabe.ExitNoPlacement:
		for _, p := range placed {
			if p.Kind == teilhabe.PlacementMarginal && p.Lost.IsZero() {
				return teilhabe.DestMarginal
			}
		}
		return draw(j.rng, []teilhabe.Destination{teilhabe.DestUnemployed, teilhabe.DestUnemployed, teilhabe.DestUnemployed,
			teilhabe.DestUnemployed, teilhabe.DestUnknown, teilhabe.DestUnavailable})
	}
	return draw(j.rng, []teilhabe.Destination{teilhabe.DestUnemployed, teilhabe.DestUnemployed, teilhabe.DestUnknown})
}

// exit ends the participation (sqldb.DB.RecordExit): on the planned day
// of an early exit, or at the assignment's end, mostly recorded within
// days and some weeks late, so that the worklist shows assignments past
// their end. It writes the placement's follow-up as far as the exit lets
// it run: an exit without the job ends it.
func (j *journey) exit(pe plannedExit, placed int, fate followUpFate) {
	var placements []teilhabe.Placement
	for _, p := range j.r.Placements {
		placements = append(placements, p.Placement)
	}
	recorded := time.Time{}
	if pe.on.IsZero() {
		end := j.c.AssignmentEnd
		pe = plannedExit{on: end, kind: teilhabe.ExitRegular}
		if j.chance(88) {
			recorded = j.later(end, 0, 10)
		} else {
			recorded = j.later(end, 25, 80)
		}
		if placed >= 0 {
			// The follow-up's fate decides whether the job still holds.
			placements[placed].Lost = fate.lost()
			if !placements[placed].Lost.IsZero() && placements[placed].Lost.After(end) {
				placements[placed].Lost = time.Time{}
			}
		}
		prop := teilhabe.ProposeExit(*j.c, placements, end.AddDate(0, 0, 1))
		pe.reason = prop.Reason
		for _, p := range placements {
			switch {
			case prop.Reason.Integration():
			case p.Kind == teilhabe.PlacementSelfEmployed:
				pe.reason = teilhabe.ExitSelfEmployed
			case p.Kind == teilhabe.PlacementOtherMeasure, p.Kind == teilhabe.PlacementFurtherTraining, p.Kind == teilhabe.PlacementWorkshop:
				pe.reason = teilhabe.ExitOtherMeasure
			}
		}
	} else {
		recorded = j.later(pe.on, 0, 5)
	}
	happened := recorded.Before(j.g.today)
	if placed >= 0 && j.r.Placements[placed].Kind.Counts() {
		last := j.g.today.AddDate(0, 0, -1)
		if happened && !pe.reason.Integration() {
			last = pe.on
		}
		j.followUp(placed, fate, last)
	}
	if !happened {
		return
	}
	t := j.at(recorded)
	if !j.act(t, teilhabe.ActExit) {
		return
	}
	in := teilhabe.Exit{On: pe.on, Kind: pe.kind, Reason: pe.reason}
	switch {
	case pe.reason == teilhabe.ExitEmployment:
		in.Destination = teilhabe.ProposeExit(*j.c, placements, pe.on).Destination
	case pe.reason == teilhabe.ExitTraining:
		in.Destination = teilhabe.DestTraining
	default:
		in.Destination = j.exitDestination(pe.reason, placements)
	}
	if in.Reason == teilhabe.ExitDroppedOut {
		in.GoodCause = draw(j.rng, teilhabe.GoodCauses())
	}
	if in.Reason.IsOther() {
		in.Note = "Teilnahme endet auf eigenen Wunsch wegen der Pflege eines Angehörigen."
	}
	prog := j.prog.Programme
	j.check("exit", in.Validate(*j.c, prog, day(t)))
	for i := range j.r.Appointments {
		if ap := &j.r.Appointments[i]; ap.Status == teilhabe.OutcomeBooked && ap.On.After(in.On) {
			ap.Status = teilhabe.OutcomeCancelled
		}
	}
	if !in.Reason.Integration() {
		for i := range j.r.Placements {
			if p := &j.r.Placements[i]; !p.NextFollowUpOn.IsZero() {
				p.Ended = teilhabe.FollowUpEnd{On: in.On, Reason: teilhabe.FollowUpExited}
				p.NextFollowUpOn, p.SustainDueOn = time.Time{}, time.Time{}
			}
		}
	}
	c := j.c
	c.ClosedReason, c.ClosedNote = string(in.Reason), in.Note
	c.ExitOn, c.ExitKind, c.ExitGoodCause, c.ExitDestination = in.On, in.Kind, in.GoodCause, in.Destination
	c.LaterDue = teilhabe.LaterDue(in.On)
	j.event(t, j.staff, teilhabe.Event{Kind: teilhabe.EventExited, On: in.On, Codes: []string{string(in.Reason), string(in.Destination)}})
	j.audit(t, j.staff, teilhabe.AuditExited, string(in.Reason))
	j.send(t, j.staff, teilhabe.Message{Kind: teilhabe.MsgExit, Awaiting: teilhabe.SideSponsor, Status: teilhabe.StatusOpen,
		ReasonCode: string(in.Reason), On: in.On, Note: in.Note,
		Codes: []string{string(in.Kind), string(in.Destination), string(in.GoodCause)}})
	j.acknowledge(len(j.r.Messages)-1, day(t))
	j.g.sum.Exits++
	j.laterDestination()
}

// laterDestination records, for most exits whose six-month mark has
// passed, where the participant was then (sqldb.DB.RecordLaterDestination):
// mostly where they went, now and then found out otherwise.
func (j *journey) laterDestination() {
	c := j.c
	on := j.later(c.LaterDue, 0, 30)
	if !on.Before(j.g.today) || !j.chance(70) {
		return
	}
	in := teilhabe.LaterDestination{On: on, Destination: c.ExitDestination,
		Source: draw(j.rng, []teilhabe.SustainSource{teilhabe.SourceParticipant, teilhabe.SourceEmployer, teilhabe.SourceSponsor})}
	switch {
	case j.chance(12):
		in.Destination, in.Source = teilhabe.DestUnknown, teilhabe.SourceNone
	case j.chance(15):
		in.Destination = draw(j.rng, []teilhabe.Destination{teilhabe.DestUnemployed, teilhabe.DestEmploymentPart,
			teilhabe.DestMarginal, teilhabe.DestOtherMeasure})
	}
	t := time.Date(on.Year(), on.Month(), on.Day(), 9+j.rng.IntN(8), j.rng.IntN(60), 0, 0, teilhabe.Germany)
	j.check("later destination", in.Validate(*c, day(t)))
	c.Later = in
	j.event(t, j.staff, teilhabe.Event{Kind: teilhabe.EventLaterDestination, On: in.On, Codes: []string{string(in.Destination)}})
	j.audit(t, j.staff, teilhabe.AuditLaterDestination, string(in.Destination))
}
