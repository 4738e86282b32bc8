package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"teilhabe"
)

// FirstContact is what a coach records when a person gets in touch.
type FirstContact struct {
	Person     teilhabe.Person
	PersonID   int64 // an existing person in scope, instead of Person
	LocationID int64
	Channel    string
	ContactOn  time.Time
}

// Validate checks what needs no database, in form order; today bounds the
// dates. The web layer also calls it to report every problem at once.
func (in FirstContact) Validate(today time.Time) error {
	var pr teilhabe.Problems
	if in.PersonID == 0 {
		in.Person.CheckInto(&pr, today)
	}
	if !teilhabe.IsCode(teilhabe.Channels, in.Channel) || in.Channel == "sponsor" {
		pr.Add("channel", "err.choose")
	}
	checkRecentDate(&pr, "contact_on", in.ContactOn, today)
	return pr.Err()
}

// RecordFirstContact creates a case in stage contacted and computes its info
// appointment deadline by the programme's rule and the location's holiday
// calendar. Provider roles only, at a location in their scope. A person who
// already has an open case in the programme gets a conflict.
func (db *DB) RecordFirstContact(ctx context.Context, a teilhabe.Actor, in FirstContact) (int64, error) {
	if !teilhabe.CanRecordFirstContact(a) {
		return 0, teilhabe.ErrNotFound
	}
	if a.Role == teilhabe.RoleCoach {
		in.LocationID = a.LocationID
	}
	if err := in.Validate(db.Today()); err != nil {
		return 0, err
	}
	var id int64
	err := db.inTx(ctx, func(t *tx) error {
		loc, err := t.location(ctx, in.LocationID)
		if err != nil || loc.ProviderID != a.OrgID {
			return teilhabe.Invalid("location", "err.choose")
		}
		prog, err := t.programme(ctx, a.ProgrammeID)
		if err != nil {
			return err
		}
		personID := in.PersonID
		if personID != 0 {
			if err := t.checkPersonInScope(ctx, a, personID); err != nil {
				return err
			}
		} else if personID, err = t.createPerson(ctx, a.ProgrammeID, in.Person); err != nil {
			return err
		}
		c := teilhabe.Case{ProgrammeID: a.ProgrammeID, ProviderID: loc.ProviderID, LocationID: loc.ID,
			Origin: teilhabe.OriginSelf, Channel: in.Channel, StartedBy: displayName(a), FirstContactOn: in.ContactOn,
			InfoDueOn: prog.InfoDeadline.Due(in.ContactOn, loc.State), Stage: teilhabe.StageContacted}
		c.Person.ID = personID
		if id, err = t.createCase(ctx, c); err != nil {
			return err
		}
		c.ID = id
		if err := t.event(ctx, a, id, "first_contact", "code:channel."+in.Channel, false); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit("case.created", c, "first contact"))
	})
	return id, err
}

// checkRecentDate requires a date that is not in the future and at most a
// year back, for facts being recorded.
func checkRecentDate(pr *teilhabe.Problems, field string, d, today time.Time) {
	switch {
	case d.IsZero():
		pr.Add(field, "err.date")
	case d.After(today):
		pr.Add(field, "err.date_future")
	case d.Before(today.AddDate(-1, 0, 0)):
		pr.Add(field, "err.date_too_old")
	}
}

func (t *tx) checkPersonInScope(ctx context.Context, a teilhabe.Actor, personID int64) error {
	scope, args := scopeSQL(a)
	var open, seen int
	err := t.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.next_due_on IS NOT NULL THEN 1 ELSE 0 END), 0)
		FROM cases c WHERE c.person_id = ? AND `+scope, append([]any{personID}, args...)...).Scan(&seen, &open)
	if err != nil {
		return err
	}
	if seen == 0 {
		return teilhabe.Invalid("duplicate", "err.choose")
	}
	if open > 0 {
		return teilhabe.Invalid("duplicate", "err.open_case_exists")
	}
	return nil
}

func (t *tx) createPerson(ctx context.Context, programmeID int64, p teilhabe.Person) (int64, error) {
	return t.insert(ctx, `INSERT INTO persons (programme_id, first_name, last_name, name_key, birth_date, phone, email,
		street, postcode, city, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		programmeID, strings.TrimSpace(p.FirstName), strings.TrimSpace(p.LastName), teilhabe.NameKey(p.FirstName, p.LastName),
		date(p.BirthDate), strings.TrimSpace(p.Phone), strings.TrimSpace(p.Email), strings.TrimSpace(p.Street),
		p.Postcode, strings.TrimSpace(p.City), ts(t.now))
}

func (t *tx) createCase(ctx context.Context, c teilhabe.Case) (int64, error) {
	c.NextDueOn = teilhabe.NextDue(c, time.Time{})
	return t.insert(ctx, `INSERT INTO cases (programme_id, person_id, provider_id, location_id, sponsor_id, shared_with_sponsor,
		legal_domain, customer_number, origin, channel, started_by, announcement_reason, first_contact_on, info_due_on,
		stage, next_due_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ProgrammeID, c.Person.ID, c.ProviderID, c.LocationID, nullID(c.SponsorID), boolInt(c.SharedWithSponsor),
		c.Eligibility.LegalDomain, c.Eligibility.CustomerNumber, c.Origin, c.Channel, c.StartedBy, c.AnnouncementReason,
		date(c.FirstContactOn), date(c.InfoDueOn), c.Stage, date(c.NextDueOn), ts(t.now), ts(t.now))
}

// Announcement is a sponsor's candidate announcement to a provider's location.
type Announcement struct {
	Person         teilhabe.Person
	LocationID     int64
	CustomerNumber string
	Reason         string
}

// Announce records a sponsor caseworker's announcement of a candidate: a
// case in stage announced, shared with the sponsor, and a message awaiting
// the provider. The announcement date starts the info appointment deadline.
func (db *DB) Announce(ctx context.Context, a teilhabe.Actor, in Announcement) (int64, error) {
	if !teilhabe.CanAnnounce(a) {
		return 0, teilhabe.ErrNotFound
	}
	if err := in.Validate(db.Today()); err != nil {
		return 0, err
	}
	var id int64
	err := db.inTx(ctx, func(t *tx) error {
		sponsor, err := t.organisation(ctx, a.OrgID)
		if err != nil {
			return err
		}
		loc, err := t.location(ctx, in.LocationID)
		if err != nil {
			return teilhabe.Invalid("location", "err.choose")
		}
		prov, err := t.organisation(ctx, loc.ProviderID)
		if err != nil || prov.ProgrammeID != a.ProgrammeID {
			return teilhabe.Invalid("location", "err.choose")
		}
		prog, err := t.programme(ctx, a.ProgrammeID)
		if err != nil {
			return err
		}
		personID, err := t.createPerson(ctx, a.ProgrammeID, in.Person)
		if err != nil {
			return err
		}
		on := today(t.now)
		c := teilhabe.Case{ProgrammeID: a.ProgrammeID, ProviderID: prov.ID, LocationID: loc.ID, SponsorID: sponsor.ID,
			SharedWithSponsor: true, Origin: teilhabe.OriginSponsor, Channel: "sponsor", StartedBy: displayName(a),
			AnnouncementReason: strings.TrimSpace(in.Reason), FirstContactOn: on,
			InfoDueOn: prog.InfoDeadline.Due(on, loc.State), Stage: teilhabe.StageAnnounced}
		c.Eligibility.LegalDomain = sponsor.LegalDomain()
		c.Eligibility.CustomerNumber = strings.TrimSpace(in.CustomerNumber)
		c.Person.ID = personID
		if id, err = t.createCase(ctx, c); err != nil {
			return err
		}
		c.ID = id
		if _, err := t.send(ctx, a, c, MsgAnnouncement, SideProvider, StatusOpen, "", c.AnnouncementReason, time.Time{}); err != nil {
			return err
		}
		if err := t.event(ctx, a, id, "announced", sponsor.Name, false); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit("case.announced", c, ""))
	})
	return id, err
}

// Validate checks what needs no database, in form order; today bounds the
// birth date.
func (in Announcement) Validate(today time.Time) error {
	var pr teilhabe.Problems
	in.Person.CheckInto(&pr, today)
	if strings.TrimSpace(in.CustomerNumber) == "" {
		pr.Add("customer_number", "err.required")
	} else if utf8.RuneCountInString(in.CustomerNumber) > 40 {
		pr.Add("customer_number", "err.too_long", 40)
	}
	if strings.TrimSpace(in.Reason) == "" {
		pr.Add("reason", "err.required")
	} else if utf8.RuneCountInString(in.Reason) > 1000 {
		pr.Add("reason", "err.too_long", 1000)
	}
	if in.LocationID == 0 {
		pr.Add("location", "err.choose")
	}
	return pr.Err()
}

// change is the common first step of every method that acts on a case. It
// loads case id for action act by a: in scope (else ErrNotFound),
// permitted (else ErrForbidden), unchanged since version (else ErrStale) and
// allowed in its stage (else a conflict naming what must happen first). It
// returns the case and the stage the action leads to.
func (t *tx) change(ctx context.Context, a teilhabe.Actor, id int64, version int, act teilhabe.Action,
	may func(teilhabe.Actor, teilhabe.CaseScope) bool) (teilhabe.Case, teilhabe.Stage, error) {
	c, err := t.caseInScope(ctx, a, id)
	if err != nil {
		return c, "", err
	}
	if !may(a, c.Scope()) {
		return c, "", teilhabe.ErrForbidden
	}
	if version != c.Version {
		return c, "", teilhabe.ErrStale
	}
	next, err := teilhabe.Next(c.Stage, act)
	return c, next, err
}

// caseUpdate is a set of column assignments for one case update.
type caseUpdate struct {
	cols []string
	args []any
}

func (u *caseUpdate) set(col string, v any) {
	u.cols = append(u.cols, col+" = ?")
	u.args = append(u.args, v)
}

// save writes c's new stage, its next due date and the columns in u, and
// bumps the version. The version check in the WHERE clause catches a
// concurrent save between load and write.
func (t *tx) save(ctx context.Context, c teilhabe.Case, stage teilhabe.Stage, appointment time.Time, u caseUpdate) error {
	if appointment.IsZero() && stage == c.Stage && (stage == teilhabe.StageInfoBooked || stage == teilhabe.StageFirstBooked) {
		// A change that keeps a booked stage (an extension while the first
		// conversation is booked) keeps the appointment as the due date.
		appointment = c.NextDueOn
	}
	c.Stage = stage
	u.set("stage", stage)
	u.set("next_due_on", date(teilhabe.NextDue(c, appointment)))
	u.set("updated_at", ts(t.now))
	res, err := t.exec(ctx, `UPDATE cases SET `+strings.Join(u.cols, ", ")+`, version = version + 1 WHERE id = ? AND version = ?`,
		append(u.args, c.ID, c.Version)...)
	return checkVersion(res, err)
}

// AppointmentInput books an info appointment or a first conversation.
type AppointmentInput struct {
	On         time.Time
	At         string
	Mode       string // in_person or remote
	LocationID int64
	Needs      []string
	Note       string
}

// Validate checks what needs no database; today bounds the date.
func (in AppointmentInput) Validate(today time.Time) error {
	var pr teilhabe.Problems
	switch {
	case in.On.IsZero():
		pr.Add("on", "err.date")
	case in.On.Before(today.AddDate(0, 0, -30)):
		pr.Add("on", "err.date_too_old")
	case in.On.After(today.AddDate(1, 0, 0)):
		pr.Add("on", "err.date_too_far")
	}
	if _, _, err := teilhabe.ParseTime(in.At); err != nil {
		pr.Add("at", "err.time")
	}
	switch in.Mode {
	case "in_person":
		if in.LocationID == 0 {
			pr.Add("location", "err.choose")
		}
	case "remote":
	default:
		pr.Add("mode", "err.choose")
	}
	for _, n := range in.Needs {
		if !teilhabe.IsCode(teilhabe.Needs, n) {
			pr.Add("needs", "err.choose")
			break
		}
	}
	if utf8.RuneCountInString(in.Note) > 500 {
		pr.Add("note", "err.too_long", 500)
	}
	return pr.Err()
}

// book cancels any booked appointment of kind for the case (a rebooking)
// and books a new one.
func (t *tx) book(ctx context.Context, a teilhabe.Actor, c teilhabe.Case, kind string, in AppointmentInput) error {
	if in.Mode == "in_person" {
		loc, err := t.location(ctx, in.LocationID)
		if err != nil || loc.ProviderID != c.ProviderID {
			return teilhabe.Invalid("location", "err.choose")
		}
	} else {
		in.LocationID = 0
	}
	res, err := t.exec(ctx, `UPDATE appointments SET status = 'cancelled' WHERE case_id = ? AND kind = ? AND status = 'booked'`, c.ID, kind)
	if err != nil {
		return err
	}
	rebooked, _ := res.RowsAffected()
	if _, err := t.exec(ctx, `INSERT INTO appointments (case_id, kind, on_date, at_time, mode, location_id, needs, note, status,
		created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?)`, c.ID, kind, date(in.On), normTime(in.At), in.Mode,
		nullID(in.LocationID), joinCodes(in.Needs), strings.TrimSpace(in.Note), ts(t.now), nullID(a.UserID)); err != nil {
		return err
	}
	ev := kind + "_booked"
	if rebooked > 0 {
		ev = kind + "_rebooked"
	}
	return t.event(ctx, a, c.ID, ev, teilhabe.FormatDate(in.On)+" "+normTime(in.At), false)
}

func normTime(s string) string {
	h, m, err := teilhabe.ParseTime(s)
	if err != nil {
		return s
	}
	return fmt.Sprintf("%02d:%02d", h, m)
}

// ConfirmAnnouncement answers a sponsor's announcement with a confirmation
// and books the info appointment.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) ConfirmAnnouncement(ctx context.Context, a teilhabe.Actor, id int64, version int, in AppointmentInput) error {
	if err := in.Validate(db.Today()); err != nil {
		return err
	}
	return db.inTx(ctx, func(t *tx) error {
		c, next, err := t.change(ctx, a, id, version, teilhabe.ActConfirmAnnouncement, teilhabe.CanWorkCase)
		if err != nil {
			return err
		}
		if err := t.book(ctx, a, c, "info", in); err != nil {
			return err
		}
		if err := t.answer(ctx, a, c.ID, MsgAnnouncement, StatusAccepted); err != nil {
			return err
		}
		if _, err := t.send(ctx, a, c, MsgAnnouncementReply, SideNone, StatusAccepted, "", teilhabe.FormatDate(in.On), time.Time{}); err != nil {
			return err
		}
		if err := t.save(ctx, c, next, in.On, caseUpdate{}); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit("case.announcement_confirmed", c, ""))
	})
}

// DeclineAnnouncement refuses a sponsor's announcement with a coded reason,
// which the sponsor sees in its inbox.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) DeclineAnnouncement(ctx context.Context, a teilhabe.Actor, id int64, version int, reason, note string) error {
	if err := checkReason(teilhabe.DeclineReasons, reason, note); err != nil {
		return err
	}
	return db.inTx(ctx, func(t *tx) error {
		c, next, err := t.change(ctx, a, id, version, teilhabe.ActDeclineAnnouncement, teilhabe.CanWorkCase)
		if err != nil {
			return err
		}
		if err := t.answer(ctx, a, c.ID, MsgAnnouncement, StatusDeclined); err != nil {
			return err
		}
		if _, err := t.send(ctx, a, c, MsgAnnouncementReply, SideNone, StatusDeclined, reason, note, time.Time{}); err != nil {
			return err
		}
		var u caseUpdate
		u.set("closed_reason", reason)
		u.set("closed_note", strings.TrimSpace(note))
		if err := t.save(ctx, c, next, time.Time{}, u); err != nil {
			return err
		}
		if err := t.event(ctx, a, c.ID, "announcement_declined", "code:decline."+reason, false); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit("case.announcement_declined", c, reason))
	})
}

// checkReason requires a code from list and, for "other", a note.
func checkReason(list []string, reason, note string) error {
	var pr teilhabe.Problems
	if !teilhabe.IsCode(list, reason) {
		pr.Add("reason", "err.choose")
	} else if reason == "other" && strings.TrimSpace(note) == "" {
		pr.Add("note", "err.note_for_other")
	}
	if utf8.RuneCountInString(note) > 1000 {
		pr.Add("note", "err.too_long", 1000)
	}
	return pr.Err()
}

// BookAppointment books (or rebooks) the info appointment (kind "info") or
// the first conversation (kind "first").
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) BookAppointment(ctx context.Context, a teilhabe.Actor, id int64, version int, kind string, in AppointmentInput) error {
	act := map[string]teilhabe.Action{"info": teilhabe.ActBookInfo, "first": teilhabe.ActBookFirst}[kind]
	if act == "" {
		return teilhabe.ErrNotFound
	}
	if err := in.Validate(db.Today()); err != nil {
		return err
	}
	return db.inTx(ctx, func(t *tx) error {
		c, next, err := t.change(ctx, a, id, version, act, teilhabe.CanWorkCase)
		if err != nil {
			return err
		}
		if err := t.book(ctx, a, c, kind, in); err != nil {
			return err
		}
		if err := t.save(ctx, c, next, in.On, caseUpdate{}); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit("case.appointment_booked", c, kind))
	})
}

// SetAppointmentOutcome marks the case's booked appointment of kind as held,
// no_show or cancelled. Held moves the case on; the others send it back to
// booking.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) SetAppointmentOutcome(ctx context.Context, a teilhabe.Actor, id int64, version int, kind, outcome string) error {
	acts := map[string][2]teilhabe.Action{"info": {teilhabe.ActInfoHeld, teilhabe.ActInfoMissed},
		"first": {teilhabe.ActFirstHeld, teilhabe.ActFirstMissed}}[kind]
	var act teilhabe.Action
	switch outcome {
	case "held":
		act = acts[0]
	case "no_show", "cancelled":
		act = acts[1]
	}
	if act == "" {
		return teilhabe.Invalid("outcome", "err.choose")
	}
	return db.inTx(ctx, func(t *tx) error {
		c, next, err := t.change(ctx, a, id, version, act, teilhabe.CanWorkCase)
		if err != nil {
			return err
		}
		var on dbDate
		var apptID int64
		if err := t.queryRow(ctx, `SELECT id, on_date FROM appointments WHERE case_id = ? AND kind = ? AND status = 'booked'`,
			c.ID, kind).Scan(&apptID, &on); err != nil {
			return fmt.Errorf("booked %s appointment of case %d: %w", kind, c.ID, err)
		}
		if outcome == "held" && on.t.After(today(t.now)) {
			return teilhabe.Invalid("outcome", "err.appointment_in_future")
		}
		if _, err := t.exec(ctx, `UPDATE appointments SET status = ? WHERE id = ?`, outcome, apptID); err != nil {
			return err
		}
		var u caseUpdate
		if kind == "info" && outcome == "held" {
			c.InfoHeldOn = on.t
			u.set("info_held_on", date(on.t))
		}
		if err := t.save(ctx, c, next, time.Time{}, u); err != nil {
			return err
		}
		if err := t.event(ctx, a, c.ID, kind+"_"+outcome, teilhabe.FormatDate(on.t), false); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit("case.appointment_"+outcome, c, kind))
	})
}

// RecordEligibility stores the eligibility check and decides it: eligible
// cases move to the contract; ineligible ones close with the reasons, but
// only when confirm is set — otherwise nothing is saved and the reasons come
// back as a problem, so that an expired proof is never silently accepted.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) RecordEligibility(ctx context.Context, a teilhabe.Actor, id int64, version int, e teilhabe.Eligibility, confirm bool) error {
	if err := e.Validate(); err != nil {
		return err
	}
	on := db.Today()
	reasons := e.Assess(on)
	if len(reasons) == 0 {
		if err := e.RequireResponsible(); err != nil {
			return err
		}
	}
	if len(reasons) > 0 && !confirm {
		return &IneligibleError{Reasons: reasons}
	}
	act := teilhabe.ActEligible
	if len(reasons) > 0 {
		act = teilhabe.ActNotEligible
	}
	return db.inTx(ctx, func(t *tx) error {
		c, next, err := t.change(ctx, a, id, version, act, teilhabe.CanWorkCase)
		if err != nil {
			return err
		}
		prog, err := t.programme(ctx, c.ProgrammeID)
		if err != nil {
			return err
		}
		for _, b := range e.Barriers {
			if !teilhabe.IsCode(prog.BarrierCatalogue(), b) {
				return teilhabe.Invalid("barriers", "err.barrier_not_in_programme")
			}
		}
		if e.SponsorID != 0 {
			sponsor, err := t.organisation(ctx, e.SponsorID)
			if err != nil || sponsor.ProgrammeID != c.ProgrammeID || !sponsor.Kind.IsSponsor() {
				return teilhabe.Invalid("sponsor", "err.choose")
			}
			if sponsor.LegalDomain() != e.LegalDomain {
				return teilhabe.Invalid("sponsor", "err.sponsor_domain")
			}
			if c.Origin == teilhabe.OriginSponsor && sponsor.ID != c.SponsorID {
				// The announcing sponsor stays responsible; a change of legal
				// domain is part 2 (Rechtskreiswechsel, with history).
				return teilhabe.Invalid("sponsor", "err.sponsor_fixed")
			}
		} else {
			// Not eligible and no sponsor named: keep what the case had.
			e.SponsorID, e.LegalDomain = c.SponsorID, c.Eligibility.LegalDomain
		}
		c.EligibilityOn = on
		var u caseUpdate
		u.set("job_seeking", boolInt(e.JobSeeking))
		u.set("disability_kind", e.Kind)
		u.set("gdb", nullInt(e.GdB))
		u.set("proof_kind", e.ProofKind)
		u.set("proof_issued_on", date(e.ProofIssued))
		u.set("proof_valid_until", date(e.ProofValidUntil))
		u.set("proof_unlimited", boolInt(e.ProofUnlimited))
		u.set("merkzeichen", joinCodes(e.Merkzeichen))
		u.set("barriers", joinCodes(e.Barriers))
		u.set("legal_domain", e.LegalDomain)
		u.set("sponsor_id", nullID(e.SponsorID))
		u.set("customer_number", strings.TrimSpace(e.CustomerNumber))
		u.set("eligibility_reasons", joinCodes(reasons))
		u.set("eligibility_on", date(on))
		if len(reasons) > 0 {
			u.set("closed_reason", "not_eligible")
		}
		c.SponsorID = e.SponsorID
		if err := t.save(ctx, c, next, time.Time{}, u); err != nil {
			return err
		}
		detail := "eligible"
		if len(reasons) > 0 {
			detail = "not eligible: " + joinCodes(reasons)
		}
		eventDetail := ""
		if len(reasons) > 0 {
			eventDetail = "codes:ineligible:" + joinCodes(reasons)
		}
		if err := t.event(ctx, a, c.ID, string(act), eventDetail, false); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit("case.eligibility", c, detail))
	})
}

// IneligibleError reports an eligibility check that would close the case;
// the user must confirm it.
type IneligibleError struct{ Reasons []string }

func (e *IneligibleError) Error() string { return "not eligible: " + joinCodes(e.Reasons) }

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// SignContract records the participation contract's signature date.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) SignContract(ctx context.Context, a teilhabe.Actor, id int64, version int, signedOn time.Time, easyLanguage bool) error {
	var pr teilhabe.Problems
	checkRecentDate(&pr, "signed_on", signedOn, db.Today())
	if err := pr.Err(); err != nil {
		return err
	}
	return db.inTx(ctx, func(t *tx) error {
		c, next, err := t.change(ctx, a, id, version, teilhabe.ActSignContract, teilhabe.CanWorkCase)
		if err != nil {
			return err
		}
		if signedOn.Before(c.EligibilityOn) {
			return teilhabe.Invalid("signed_on", "err.signed_before_eligibility", teilhabe.FormatDate(c.EligibilityOn))
		}
		c.ContractSignedOn = signedOn
		var u caseUpdate
		u.set("contract_signed_on", date(signedOn))
		u.set("easy_language_copy", boolInt(easyLanguage))
		if err := t.save(ctx, c, next, time.Time{}, u); err != nil {
			return err
		}
		if err := t.event(ctx, a, c.ID, "contract_signed", teilhabe.FormatDate(signedOn), false); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit("case.contract_signed", c, ""))
	})
}

// AddConsent records a consent the participant gave.
// Provider staff of the case; a case outside the scope is
// teilhabe.ErrNotFound, a closed one a conflict, bad input *InvalidError.
func (db *DB) AddConsent(ctx context.Context, a teilhabe.Actor, id int64, scope, recipient string, givenOn time.Time) error {
	var pr teilhabe.Problems
	if !teilhabe.IsCode(teilhabe.ConsentScopes, scope) {
		pr.Add("scope", "err.choose")
	}
	if scope == "other" && strings.TrimSpace(recipient) == "" {
		pr.Add("recipient", "err.required")
	}
	if utf8.RuneCountInString(recipient) > 200 {
		pr.Add("recipient", "err.too_long", 200)
	}
	checkRecentDate(&pr, "given_on", givenOn, db.Today())
	if err := pr.Err(); err != nil {
		return err
	}
	return db.inTx(ctx, func(t *tx) error {
		c, err := t.caseInScope(ctx, a, id)
		if err != nil {
			return err
		}
		if !teilhabe.CanWorkCase(a, c.Scope()) {
			return teilhabe.ErrForbidden
		}
		if c.Stage.Closed() {
			return teilhabe.Conflict("journey.closed")
		}
		if _, err := t.exec(ctx, `INSERT INTO consents (case_id, scope, recipient, given_on, created_at) VALUES (?, ?, ?, ?, ?)`,
			c.ID, scope, strings.TrimSpace(recipient), date(givenOn), ts(t.now)); err != nil {
			return err
		}
		if err := t.event(ctx, a, c.ID, "consent_given", "code:consent."+scope, false); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit("case.consent_given", c, scope))
	})
}

// RevokeConsent records the revocation of a consent; it takes effect on the
// day it is recorded.
// Provider staff of the case; a consent already revoked is a conflict.
func (db *DB) RevokeConsent(ctx context.Context, a teilhabe.Actor, id, consentID int64) error {
	return db.inTx(ctx, func(t *tx) error {
		c, err := t.caseInScope(ctx, a, id)
		if err != nil {
			return err
		}
		if !teilhabe.CanWorkCase(a, c.Scope()) {
			return teilhabe.ErrForbidden
		}
		var scope string
		res, err := t.exec(ctx, `UPDATE consents SET revoked_on = ? WHERE id = ? AND case_id = ? AND revoked_on IS NULL`,
			date(today(t.now)), consentID, c.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return teilhabe.Conflict("err.consent_revoked")
		}
		if err := t.queryRow(ctx, `SELECT scope FROM consents WHERE id = ?`, consentID).Scan(&scope); err != nil {
			return err
		}
		if err := t.event(ctx, a, c.ID, "consent_revoked", "code:consent."+scope, false); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit("case.consent_revoked", c, scope))
	})
}

// RequestAssignment asks the responsible sponsor to assign the case. If the
// location has no free place in the current year, the request joins the
// location's waiting list instead; the sponsor sees it either way.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) RequestAssignment(ctx context.Context, a teilhabe.Actor, id int64, version int, note string) (waiting bool, err error) {
	if utf8.RuneCountInString(note) > 1000 {
		return false, teilhabe.Invalid("note", "err.too_long", 1000)
	}
	err = db.inTx(ctx, func(t *tx) error {
		c, next, err := t.change(ctx, a, id, version, teilhabe.ActRequestAssignment, teilhabe.CanWorkCase)
		if err != nil {
			return err
		}
		// Those already waiting come first: a place freed by a new year
		// or more places goes to them before this request is counted.
		if err := t.promoteWaiting(ctx, a, c.LocationID); err != nil {
			return err
		}
		free, err := t.freePlaces(ctx, c.LocationID)
		if err != nil {
			return err
		}
		status := StatusOpen
		if free <= 0 {
			waiting, status = true, StatusWaiting
			if next, err = teilhabe.Next(c.Stage, teilhabe.ActWaitlist); err != nil {
				return err
			}
		}
		if _, err := t.send(ctx, a, c, MsgAssignmentRequest, SideSponsor, status, "", strings.TrimSpace(note), time.Time{}); err != nil {
			return err
		}
		var u caseUpdate
		u.set("shared_with_sponsor", 1)
		if err := t.save(ctx, c, next, time.Time{}, u); err != nil {
			return err
		}
		if err := t.event(ctx, a, c.ID, string(next), c.SponsorName, false); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit("case.assignment_requested", c, string(next)))
	})
	return waiting, err
}

// Assignment is the sponsor's decision to assign.
type Assignment struct {
	Start        time.Time
	End          time.Time // zero: the programme's default length
	CaseworkerID int64     // zero: the deciding caseworker
}

// Assign assigns the case: start, planned end and the responsible
// caseworker. Only the responsible sponsor's caseworkers may; a request on
// the waiting list must get a place first.
// Who: the case's sponsor (teilhabe.CanDecideForSponsor). Errors: see the
// package documentation.
func (db *DB) Assign(ctx context.Context, a teilhabe.Actor, id int64, version int, in Assignment) error {
	today := db.Today()
	var pr teilhabe.Problems
	switch {
	case in.Start.IsZero():
		pr.Add("start", "err.date")
	case in.Start.Before(today.AddDate(0, 0, -30)):
		pr.Add("start", "err.date_too_old")
	case in.Start.After(today.AddDate(0, 6, 0)):
		pr.Add("start", "err.date_too_far")
	}
	if !in.End.IsZero() && !in.Start.IsZero() && !in.End.After(in.Start) {
		pr.Add("end", "err.end_before_start")
	}
	if err := pr.Err(); err != nil {
		return err
	}
	if in.CaseworkerID == 0 {
		in.CaseworkerID = a.UserID
	}
	return db.inTx(ctx, func(t *tx) error {
		c, next, err := t.change(ctx, a, id, version, teilhabe.ActAssign, teilhabe.CanDecideForSponsor)
		if err != nil {
			return err
		}
		prog, err := t.programme(ctx, c.ProgrammeID)
		if err != nil {
			return err
		}
		if in.End.IsZero() {
			in.End = prog.PlannedEnd(in.Start)
		}
		if in.End.After(in.Start.AddDate(3, 0, 0)) {
			return teilhabe.Invalid("end", "err.date_too_far")
		}
		cw, err := t.userByID(ctx, in.CaseworkerID)
		if err != nil || cw.OrgID != c.SponsorID || cw.Role != teilhabe.RoleSponsorCaseworker || !cw.Active {
			return teilhabe.Invalid("caseworker", "err.choose")
		}
		c.AssignmentStart, c.AssignmentEnd = in.Start, in.End
		var u caseUpdate
		u.set("assignment_start", date(in.Start))
		u.set("assignment_end", date(in.End))
		u.set("caseworker_id", in.CaseworkerID)
		if err := t.save(ctx, c, next, time.Time{}, u); err != nil {
			return err
		}
		if err := t.answer(ctx, a, c.ID, MsgAssignmentRequest, StatusAccepted); err != nil {
			return err
		}
		if _, err := t.send(ctx, a, c, MsgAssignmentReply, SideNone, StatusAccepted, "",
			teilhabe.FormatDate(in.Start)+" – "+teilhabe.FormatDate(in.End), in.End); err != nil {
			return err
		}
		if err := t.event(ctx, a, c.ID, "assigned", teilhabe.FormatDate(in.Start)+" – "+teilhabe.FormatDate(in.End), false); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit("case.assigned", c, ""))
	})
}

// RefuseAssignment refuses an assignment request (or a waiting one) with a
// coded reason. The place it held goes to the first case on the location's
// waiting list, whose request then reaches its sponsor.
// Who: the case's sponsor (teilhabe.CanDecideForSponsor). Errors: see the
// package documentation.
func (db *DB) RefuseAssignment(ctx context.Context, a teilhabe.Actor, id int64, version int, reason, note string) error {
	if err := checkReason(teilhabe.RefuseReasons, reason, note); err != nil {
		return err
	}
	return db.inTx(ctx, func(t *tx) error {
		c, next, err := t.change(ctx, a, id, version, teilhabe.ActRefuseAssignment, teilhabe.CanDecideForSponsor)
		if err != nil {
			return err
		}
		heldPlace := c.Stage == teilhabe.StageAssignmentRequested
		var u caseUpdate
		u.set("closed_reason", reason)
		u.set("closed_note", strings.TrimSpace(note))
		if err := t.save(ctx, c, next, time.Time{}, u); err != nil {
			return err
		}
		if err := t.answer(ctx, a, c.ID, MsgAssignmentRequest, StatusDeclined); err != nil {
			return err
		}
		if _, err := t.send(ctx, a, c, MsgAssignmentReply, SideNone, StatusDeclined, reason, strings.TrimSpace(note), time.Time{}); err != nil {
			return err
		}
		if err := t.event(ctx, a, c.ID, "assignment_refused", "code:refuse."+reason, false); err != nil {
			return err
		}
		if err := t.audit(ctx, a, caseAudit("case.assignment_refused", c, reason)); err != nil {
			return err
		}
		if heldPlace {
			return t.promoteWaiting(ctx, a, c.LocationID)
		}
		return nil
	})
}

// freePlaces locks the location's row until the transaction ends (so two
// requests cannot both take its last place) and returns the places not yet
// assigned or promised in the current year.
func (t *tx) freePlaces(ctx context.Context, locationID int64) (int, error) {
	if _, err := t.exec(ctx, `UPDATE locations SET version = version WHERE id = ?`, locationID); err != nil {
		return 0, err
	}
	loc, err := t.location(ctx, locationID)
	if err != nil {
		return 0, err
	}
	assigned, pending, err := t.placesTaken(ctx, locationID, today(t.now).Year())
	return loc.PlacesPerYear - assigned - pending, err
}

// promoteWaiting moves cases from a location's waiting list, first come
// first served, to open assignment requests while the location has free
// places.
func (t *tx) promoteWaiting(ctx context.Context, a teilhabe.Actor, locationID int64) error {
	list, err := t.waitingList(ctx, locationID)
	if err != nil || len(list) == 0 {
		return err
	}
	free, err := t.freePlaces(ctx, locationID)
	if err != nil {
		return err
	}
	for _, w := range list[:max(0, min(free, len(list)))] {
		if err := t.promote(ctx, a, w.ID); err != nil {
			return err
		}
	}
	return nil
}

// promote moves one waiting case to an open assignment request.
func (t *tx) promote(ctx context.Context, a teilhabe.Actor, id int64) error {
	c, err := scanCase(t.queryRow(ctx, `SELECT `+caseColumns+caseFrom+` WHERE c.id = ?`, id))
	if err != nil {
		return err
	}
	next, err := teilhabe.Next(c.Stage, teilhabe.ActLeaveWaitingList)
	if err != nil {
		return err
	}
	if err := t.save(ctx, c, next, time.Time{}, caseUpdate{}); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `UPDATE messages SET status = 'open' WHERE case_id = ? AND kind = 'assignment_request' AND status = 'waiting'`, c.ID); err != nil {
		return err
	}
	if err := t.event(ctx, teilhabe.Actor{Username: "system", Name: "teilhabe"}, c.ID, "left_waiting_list", "", false); err != nil {
		return err
	}
	return t.audit(ctx, a, caseAudit("case.left_waiting_list", c, ""))
}

// RequestExtension asks the sponsor to extend an assignment to proposedEnd.
// One request may be open at a time.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) RequestExtension(ctx context.Context, a teilhabe.Actor, id int64, version int, proposedEnd time.Time, reason string) error {
	var pr teilhabe.Problems
	if proposedEnd.IsZero() {
		pr.Add("proposed_end", "err.date")
	}
	if strings.TrimSpace(reason) == "" {
		pr.Add("reason", "err.required")
	} else if utf8.RuneCountInString(reason) > 1000 {
		pr.Add("reason", "err.too_long", 1000)
	}
	if err := pr.Err(); err != nil {
		return err
	}
	return db.inTx(ctx, func(t *tx) error {
		c, _, err := t.change(ctx, a, id, version, teilhabe.ActRequestExtension, teilhabe.CanWorkCase)
		if err != nil {
			return err
		}
		if !proposedEnd.After(c.AssignmentEnd) {
			return teilhabe.Invalid("proposed_end", "err.extension_after_end", teilhabe.FormatDate(c.AssignmentEnd))
		}
		if proposedEnd.After(c.AssignmentEnd.AddDate(1, 0, 0)) {
			return teilhabe.Invalid("proposed_end", "err.date_too_far")
		}
		var open int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM messages WHERE case_id = ? AND kind = 'extension_request' AND awaiting <> 'none'`,
			c.ID).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return teilhabe.Conflict("err.extension_open")
		}
		if _, err := t.send(ctx, a, c, MsgExtensionRequest, SideSponsor, StatusOpen, "", strings.TrimSpace(reason), proposedEnd); err != nil {
			return err
		}
		if err := t.save(ctx, c, c.Stage, time.Time{}, caseUpdate{}); err != nil {
			return err
		}
		if err := t.event(ctx, a, c.ID, "extension_requested", teilhabe.FormatDate(proposedEnd), false); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit("case.extension_requested", c, ""))
	})
}

// DecideExtension answers the open extension request of a case: approved
// moves the planned end to end (zero: the proposed end), refused keeps it.
// Who: the case's sponsor (teilhabe.CanDecideForSponsor). Errors: see the
// package documentation.
func (db *DB) DecideExtension(ctx context.Context, a teilhabe.Actor, id int64, version int, approve bool, end time.Time, note string) error {
	if !approve && strings.TrimSpace(note) == "" {
		return teilhabe.Invalid("note", "err.required")
	}
	if utf8.RuneCountInString(note) > 1000 {
		return teilhabe.Invalid("note", "err.too_long", 1000)
	}
	return db.inTx(ctx, func(t *tx) error {
		c, _, err := t.change(ctx, a, id, version, teilhabe.ActDecideExtension, teilhabe.CanDecideForSponsor)
		if err != nil {
			return err
		}
		var proposed dbDate
		if err := t.queryRow(ctx, `SELECT proposed_end FROM messages WHERE case_id = ? AND kind = 'extension_request' AND awaiting = 'sponsor'`,
			c.ID).Scan(&proposed); err != nil {
			return teilhabe.Conflict("err.no_extension_open")
		}
		if end.IsZero() {
			end = proposed.t
		}
		status := StatusDeclined
		var u caseUpdate
		if approve {
			if !end.After(c.AssignmentEnd) {
				return teilhabe.Invalid("end", "err.extension_after_end", teilhabe.FormatDate(c.AssignmentEnd))
			}
			if end.After(c.AssignmentEnd.AddDate(1, 0, 0)) {
				return teilhabe.Invalid("end", "err.date_too_far")
			}
			status = StatusAccepted
			c.AssignmentEnd = end
			u.set("assignment_end", date(end))
		}
		if err := t.save(ctx, c, c.Stage, time.Time{}, u); err != nil {
			return err
		}
		if err := t.answer(ctx, a, c.ID, MsgExtensionRequest, status); err != nil {
			return err
		}
		var replyEnd time.Time
		if approve {
			replyEnd = end
		}
		if _, err := t.send(ctx, a, c, MsgExtensionReply, SideNone, status, "", strings.TrimSpace(note), replyEnd); err != nil {
			return err
		}
		if err := t.event(ctx, a, c.ID, "extension_"+status, teilhabe.FormatDate(replyEnd), false); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit("case.extension_"+status, c, ""))
	})
}

// Withdraw closes a case that will not start, with a non-start reason.
// Who: provider staff of the case (teilhabe.CanWorkCase). Errors: see the
// package documentation.
func (db *DB) Withdraw(ctx context.Context, a teilhabe.Actor, id int64, version int, reason, note string) error {
	if err := checkReason(teilhabe.WithdrawReasons, reason, note); err != nil {
		return err
	}
	return db.inTx(ctx, func(t *tx) error {
		c, next, err := t.change(ctx, a, id, version, teilhabe.ActWithdraw, teilhabe.CanWorkCase)
		if err != nil {
			return err
		}
		requested := c.Stage == teilhabe.StageAssignmentRequested
		waiting := c.Stage == teilhabe.StageWaitingList
		var u caseUpdate
		u.set("closed_reason", reason)
		u.set("closed_note", strings.TrimSpace(note))
		if err := t.save(ctx, c, next, time.Time{}, u); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE appointments SET status = 'cancelled' WHERE case_id = ? AND status = 'booked'`, c.ID); err != nil {
			return err
		}
		if requested || waiting {
			// The request is withdrawn: the sponsor no longer needs to act.
			if err := t.answer(ctx, a, c.ID, MsgAssignmentRequest, StatusWithdrawn); err != nil {
				return err
			}
		}
		if err := t.event(ctx, a, c.ID, "withdrawn", "code:withdraw."+reason, false); err != nil {
			return err
		}
		if err := t.audit(ctx, a, caseAudit("case.withdrawn", c, reason)); err != nil {
			return err
		}
		if requested {
			// The place the request held goes to the next one waiting.
			return t.promoteWaiting(ctx, a, c.LocationID)
		}
		return nil
	})
}

// AddNote adds an internal note to a case's timeline. Only provider staff
// write and read internal notes; sponsors never see them.
func (db *DB) AddNote(ctx context.Context, a teilhabe.Actor, id int64, text string) error {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return teilhabe.Invalid("text", "err.required")
	case utf8.RuneCountInString(text) > 4000:
		return teilhabe.Invalid("text", "err.too_long", 4000)
	}
	return db.inTx(ctx, func(t *tx) error {
		c, err := t.caseInScope(ctx, a, id)
		if err != nil {
			return err
		}
		if !teilhabe.CanWorkCase(a, c.Scope()) || !teilhabe.CanSeeInternalNotes(a) {
			return teilhabe.ErrForbidden
		}
		if err := t.event(ctx, a, c.ID, "note", text, true); err != nil {
			return err
		}
		return t.audit(ctx, a, caseAudit("case.note_added", c, ""))
	})
}

// FindCaseworkers lists the active caseworkers of a sponsor, for the
// assignment form. Only that sponsor's caseworkers may ask.
func (db *DB) FindCaseworkers(ctx context.Context, a teilhabe.Actor) ([]User, error) {
	if a.Role != teilhabe.RoleSponsorCaseworker {
		return nil, teilhabe.ErrNotFound
	}
	var list []User
	err := db.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT `+userColumns+userFrom+` WHERE u.organisation_id = ? AND u.role = 'sponsor_caseworker'
			AND u.active = 1 ORDER BY u.name`, a.OrgID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			list = append(list, u)
		}
		return rows.Err()
	})
	return list, err
}
