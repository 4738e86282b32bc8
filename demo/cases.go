package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// demoCases is how many cases the demo generates.
const demoCases = 220

var (
	firstNames = []string{"Anna", "Ben", "Claudia", "Dennis", "Elke", "Frank", "Gisela", "Hakan", "Ines", "Jörg", "Karin",
		"Lukas", "Maria", "Nils", "Olga", "Peter", "Renate", "Stefan", "Tatjana", "Uwe", "Vera", "Werner", "Yusuf", "Zoe",
		"Agnieszka", "Bernd", "Christina", "Dirk", "Emine", "Fabian", "Heike", "Igor", "Julia", "Klaus", "Lena", "Markus"}
	lastNames = []string{"Müller", "Schmitt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
		"Hoffmann", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun",
		"Krüger", "Hofmann", "Hartmann", "Lange", "Schmitz", "Krämer", "Jung", "Hahn", "Scholz", "Kaya", "Nowak", "Thiel",
		"Reuter", "Lehnert", "Mertes", "Kirsten", "Gansen", "Hoor", "Lorig", "Zender"}
	streets = []string{"Moselstraße", "Eifelweg", "Saarstraße", "Bahnhofstraße", "Kirchgasse", "Am Markt", "Lindenallee"}
)

// cases writes the demo cases, each by replaying its history day by day
// through the store, as the users would have done it.
func (l *loader) cases(ctx context.Context) error {
	for i := range demoCases {
		if err := l.oneCase(ctx, i); err != nil {
			return fmt.Errorf("case %d: %w", i, err)
		}
	}
	return nil
}

// at returns the store with its clock set to day d, 10:00 in Germany.
func (l *loader) at(d time.Time) *sqldb.DB {
	t := time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, teilhabe.Germany)
	return l.db.WithClock(func() time.Time { return t })
}

// pick returns a random element of list.
func pick[T any](l *loader, list []T) T { return list[l.rng.IntN(len(list))] }

func (l *loader) chance(percent int) bool { return l.rng.IntN(100) < percent }

// days returns d plus between lo and hi days.
func (l *loader) days(d time.Time, lo, hi int) time.Time {
	return d.AddDate(0, 0, lo+l.rng.IntN(hi-lo+1))
}

func (l *loader) oneCase(ctx context.Context, i int) error {
	// Daun gets more than its share, so that its 25 places run out and
	// the demo shows a waiting list.
	loc := l.locs[[]int{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3}[l.rng.IntN(21)]]
	coach := l.staff[loc.coach]
	sponsorKey := loc.sponsors[l.rng.IntN(len(loc.sponsors))]
	caseworker := l.caseworkerOf(sponsorKey)

	// Recent cases are more frequent, so that every early stage is filled.
	var age int
	switch r := l.rng.IntN(100); {
	case r < 35:
		age = l.rng.IntN(21)
	case r < 65:
		age = 21 + l.rng.IntN(100)
	default:
		age = 121 + l.rng.IntN(300)
	}
	d := l.today.AddDate(0, 0, -age)
	person := teilhabe.Person{FirstName: pick(l, firstNames), LastName: pick(l, lastNames),
		BirthDate: teilhabe.Day(1962+l.rng.IntN(40), time.Month(1+l.rng.IntN(12)), 1+l.rng.IntN(28)),
		Phone:     fmt.Sprintf("0651 %06d", l.rng.IntN(1000000)), Street: fmt.Sprintf("%s %d", pick(l, streets), 1+l.rng.IntN(80)),
		Postcode: loc.Postcode, City: loc.City}
	if l.chance(50) {
		person.Email = fmt.Sprintf("%s.%s@example.org", lower(person.FirstName), lower(person.LastName))
	}
	// A stalled case stops somewhere and falls overdue; an old stalled case
	// has long been closed as unreachable.
	stall := l.chance(12)
	past := func(t time.Time) bool { return !t.After(l.today) }

	var id int64
	var err error
	announced := l.chance(35)
	customerNumber := fmt.Sprintf("%03dD%06d", 100+l.rng.IntN(800), l.rng.IntN(1000000))
	if announced {
		id, err = l.at(d).Announce(ctx, caseworker, teilhabe.Announcement{Person: person, LocationID: loc.ID,
			CustomerNumber: customerNumber,
			Reason:         pick(l, []string{"Langzeitarbeitslos, wünscht intensive Begleitung.", "Nach längerer Erkrankung Rückkehr in Arbeit gewünscht.", "Ausbildung abgebrochen, sucht neue Perspektive.", "Vermittlung bisher ohne Erfolg, Unterstützung bei Bewerbungen nötig."})})
	} else {
		id, _, err = l.at(d).RecordFirstContact(ctx, coach, teilhabe.FirstContact{Person: person, LocationID: loc.ID,
			Channel: pick(l, []teilhabe.Channel{"phone", "phone", "email", "in_person", "letter", "online"}), ContactOn: d,
			NewPerson: true})
	}
	if err != nil {
		return err
	}
	if stall && age > 60 {
		defer func() {
			// Withdraw fails harmlessly where the stage allows no withdrawal.
			if v, err := l.db.CaseVersion(ctx, coach, id); err == nil {
				l.at(d.AddDate(0, 0, 30)).Withdraw(ctx, coach, id, v, teilhabe.Closure[teilhabe.WithdrawReason]{Reason: "unreachable"})
			}
		}()
	}
	step := func(day time.Time, who teilhabe.Actor, fn func(db *sqldb.DB, version int) error) (bool, error) {
		if !past(day) {
			return false, nil
		}
		v, err := l.db.CaseVersion(ctx, who, id)
		if err != nil {
			return false, err
		}
		return true, fn(l.at(day), v)
	}
	if stall && l.chance(40) {
		return nil // first contact only: the info appointment deadline runs out
	}

	// Info appointment: confirmed (announcements) or booked, sometimes late.
	bookOn := l.days(d, 0, 2)
	infoOn := l.days(d, 2, 6)
	if l.chance(15) {
		infoOn = l.days(d, 8, 12) // misses the one-week deadline
	}
	appt := teilhabe.Booking{On: infoOn, At: pick(l, []string{"09:00", "10:30", "13:00", "14:30"}), Mode: teilhabe.ModeInPerson, LocationID: loc.ID}
	if l.chance(15) {
		appt.Needs = []teilhabe.Need{pick(l, teilhabe.Needs())}
	}
	if l.chance(10) {
		appt.Mode, appt.LocationID = teilhabe.ModeRemote, 0
	}
	if announced && l.chance(8) {
		ok, err := step(bookOn, coach, func(db *sqldb.DB, v int) error {
			return db.DeclineAnnouncement(ctx, coach, id, v, teilhabe.Closure[teilhabe.DeclineReason]{
				Reason: pick(l, []teilhabe.DeclineReason{"no_capacity", "declines", "unreachable", "took_up_work"})})
		})
		if !ok || err != nil {
			return err
		}
		// The sponsor took note of older refusals two days later; those of
		// the last hundred days still wait for it. (No random draw here,
		// so that the cases after this one stay as they were.)
		if bookOn.After(l.today.AddDate(0, 0, -100)) {
			return nil
		}
		_, err = step(bookOn.AddDate(0, 0, 2), caseworker, func(db *sqldb.DB, v int) error {
			return db.AcknowledgeDecline(ctx, caseworker, id, v)
		})
		return err
	}
	ok, err := step(bookOn, coach, func(db *sqldb.DB, v int) error {
		if announced {
			return db.ConfirmAnnouncement(ctx, coach, id, v, appt)
		}
		return db.BookAppointment(ctx, coach, id, v, teilhabe.AppointmentInfo, appt)
	})
	if !ok || err != nil || (stall && l.chance(50)) {
		return err
	}
	if l.chance(10) { // no-show, then a new appointment
		if ok, err := step(infoOn, coach, func(db *sqldb.DB, v int) error {
			return db.SetAppointmentOutcome(ctx, coach, id, v, teilhabe.AppointmentInfo, teilhabe.OutcomeNoShow)
		}); !ok || err != nil {
			return err
		}
		if l.chance(30) {
			_, err := step(l.days(infoOn, 3, 10), coach, func(db *sqldb.DB, v int) error {
				return db.Withdraw(ctx, coach, id, v, teilhabe.Closure[teilhabe.WithdrawReason]{Reason: "not_appeared"})
			})
			return err
		}
		appt.On = l.days(infoOn, 3, 7)
		if ok, err := step(l.days(infoOn, 1, 2), coach, func(db *sqldb.DB, v int) error {
			return db.BookAppointment(ctx, coach, id, v, teilhabe.AppointmentInfo, appt)
		}); !ok || err != nil {
			return err
		}
		infoOn = appt.On
	}
	if ok, err := step(infoOn, coach, func(db *sqldb.DB, v int) error {
		return db.SetAppointmentOutcome(ctx, coach, id, v, teilhabe.AppointmentInfo, teilhabe.OutcomeHeld)
	}); !ok || err != nil || stall {
		return err
	}

	// Eligibility.
	eligOn := l.days(infoOn, 1, 6)
	sponsorID := l.orgs[sponsorKey]
	domain := teilhabe.SGB2
	if sponsorKey == "aa" {
		domain = teilhabe.SGB3
	}
	issued := l.days(eligOn, -4*365, -60)
	e := teilhabe.Eligibility{JobSeeking: true, Kind: teilhabe.Severe, GdB: 50 + 10*l.rng.IntN(6), ProofKind: "id_card",
		ProofIssued: issued, ProofValidUntil: endOfMonth(issued.AddDate(5, 0, 0)), LegalDomain: domain, SponsorID: sponsorID}
	if l.chance(20) {
		e.Kind, e.GdB, e.ProofKind = teilhabe.Equated, 30+10*l.rng.IntN(2), "equal_status_notice"
		e.ProofValidUntil, e.ProofUnlimited = time.Time{}, true
	}
	if l.chance(25) {
		e.Merkzeichen = []teilhabe.Merkzeichen{pick(l, teilhabe.AllMerkzeichen())}
	}
	for range 1 + l.rng.IntN(3) {
		if b := pick(l, teilhabe.Barriers()[:11]); !slices.Contains(e.Barriers, b) {
			e.Barriers = append(e.Barriers, b)
		}
	}
	if announced || domain == teilhabe.SGB2 {
		e.CustomerNumber = customerNumber
	}
	ineligible := l.chance(8)
	if ineligible {
		e.ProofUnlimited, e.ProofValidUntil = false, endOfMonth(eligOn.AddDate(0, -2, 0)) // expired proof
	}
	if ok, err := step(eligOn, coach, func(db *sqldb.DB, v int) error {
		return db.RecordEligibility(ctx, coach, id, v, e, ineligible)
	}); !ok || err != nil || ineligible {
		return err
	}

	// Contract and consents.
	signOn := l.days(eligOn, 0, 6)
	if ok, err := step(signOn, coach, func(db *sqldb.DB, v int) error {
		return db.SignContract(ctx, coach, id, v, teilhabe.ContractSignature{SignedOn: signOn, EasyLanguage: l.chance(20)})
	}); !ok || err != nil {
		return err
	}
	for _, scope := range []teilhabe.ConsentScope{teilhabe.ConsentSponsorExchange, teilhabe.ConsentEmployer, teilhabe.ConsentDoctor} {
		if l.chance(map[teilhabe.ConsentScope]int{teilhabe.ConsentSponsorExchange: 60, teilhabe.ConsentEmployer: 25, teilhabe.ConsentDoctor: 10}[scope]) {
			if _, err := step(signOn, coach, func(db *sqldb.DB, v int) error {
				return db.AddConsent(ctx, coach, id, teilhabe.ConsentGiven{Scope: scope, GivenOn: signOn})
			}); err != nil {
				return err
			}
		}
	}
	if stall && l.chance(50) {
		return nil
	}

	// Assignment request, decision, first conversation.
	requestOn := l.days(signOn, 0, 3)
	var waiting bool
	if ok, err := step(requestOn, coach, func(db *sqldb.DB, v int) error {
		waiting, err = db.RequestAssignment(ctx, coach, id, v, teilhabe.AssignmentRequest{})
		return err
	}); !ok || err != nil || waiting {
		return err
	}
	decideOn := l.days(requestOn, 1, 9)
	cw := l.caseworkerOf(sponsorKeyOf(l, sponsorID))
	if l.chance(5) {
		_, err := step(decideOn, cw, func(db *sqldb.DB, v int) error {
			return db.RefuseAssignment(ctx, cw, id, v, teilhabe.Closure[teilhabe.RefuseReason]{Reason: "other_measure"})
		})
		return err
	}
	start := l.days(decideOn, 0, 7)
	if ok, err := step(decideOn, cw, func(db *sqldb.DB, v int) error {
		return db.Assign(ctx, cw, id, v, teilhabe.Assignment{Start: start})
	}); !ok || err != nil {
		return err
	}
	first := appt
	first.On, first.Needs = l.days(start, 0, 10), nil
	if ok, err := step(l.days(decideOn, 0, 3), coach, func(db *sqldb.DB, v int) error {
		return db.BookAppointment(ctx, coach, id, v, teilhabe.AppointmentFirst, first)
	}); !ok || err != nil {
		return err
	}
	if ok, err := step(first.On, coach, func(db *sqldb.DB, v int) error {
		return db.SetAppointmentOutcome(ctx, coach, id, v, teilhabe.AppointmentFirst, teilhabe.OutcomeHeld)
	}); !ok || err != nil {
		return err
	}
	quietAfter, err := l.coaching(ctx, id, coach, first.On)
	if err != nil {
		return err
	}

	end := l.at(start).Today().AddDate(0, 12, -1)
	if err := l.coachingYear(ctx, id, coach, loc, first.On, end, quietAfter); err != nil {
		return fmt.Errorf("coaching year: %w", err)
	}
	if err := l.modules(ctx, id, coach, first.On); err != nil {
		return fmt.Errorf("modules: %w", err)
	}
	if err := l.plans(ctx, id, coach, first.On); err != nil {
		return fmt.Errorf("plans: %w", err)
	}
	if err := l.prospects(ctx, id, coach, first.On); err != nil {
		return fmt.Errorf("prospects: %w", err)
	}
	if err := l.otherOutcome(ctx, id, coach, first.On); err != nil {
		return fmt.Errorf("other outcome: %w", err)
	}
	if err := l.followUps(ctx, id, coach); err != nil {
		return fmt.Errorf("follow-up: %w", err)
	}

	if err := l.extension(ctx, id, coach, cw, end, step); err != nil {
		return err
	}
	return l.exit(ctx, id, coach, cw)
}

// extension asks, for some assignments that end soon, for three months
// more, which the sponsor mostly approves.
func (l *loader) extension(ctx context.Context, id int64, coach, cw teilhabe.Actor, end time.Time,
	step func(day time.Time, who teilhabe.Actor, fn func(db *sqldb.DB, version int) error) (bool, error)) error {
	if !l.chance(40) {
		return nil
	}
	askOn := end.AddDate(0, 0, -42)
	if ok, err := step(askOn, coach, func(db *sqldb.DB, v int) error {
		return db.RequestExtension(ctx, coach, id, v, teilhabe.ExtensionRequest{ProposedEnd: end.AddDate(0, 3, 0),
			Reason: "Arbeitserprobung läuft, Übernahme in Aussicht; drei Monate mehr Begleitung."})
	}); !ok || err != nil {
		return err
	}
	_, err := step(l.days(askOn, 3, 14), cw, func(db *sqldb.DB, v int) error {
		if l.chance(80) {
			return db.DecideExtension(ctx, cw, id, v, teilhabe.ExtensionDecision{Decision: teilhabe.Approve})
		}
		return db.DecideExtension(ctx, cw, id, v, teilhabe.ExtensionDecision{Decision: teilhabe.Refuse,
			Note: "Übernahme ist bereits zugesagt; die Nachbetreuung genügt."})
	})
	return err
}

func sponsorKeyOf(l *loader, id int64) string {
	for k, v := range l.orgs {
		if v == id {
			return k
		}
	}
	return ""
}

func endOfMonth(d time.Time) time.Time { return teilhabe.Day(d.Year(), d.Month()+1, 0) }

func lower(s string) string {
	r := []rune(s)
	for i, c := range r {
		if c >= 'A' && c <= 'Z' {
			r[i] = c + 32
		}
		switch c {
		case 'ä', 'Ä':
			r[i] = 'a'
		case 'ö', 'Ö':
			r[i] = 'o'
		case 'ü', 'Ü':
			r[i] = 'u'
		}
	}
	return string(r)
}
