package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"teilhabe"
)

// demoEmployer is an employer of the demo with its contact persons and
// openings, entered by coach into the register of the coach's provider.
type demoEmployer struct {
	coach    string
	employer teilhabe.Employer
	contacts []teilhabe.EmployerContact
	openings []teilhabe.Opening
}

// demoEmployers are invented businesses around the demo's locations, large
// and small, obliged to employ severely disabled people and not.
var demoEmployers = []demoEmployer{
	{"coach", teilhabe.Employer{Name: "Bäckerei Weber GmbH", Street: "Fleischstraße 12", Postcode: "54290", City: "Trier",
		Sector: teilhabe.SectorCrafts, Workplaces: 28, Disabled: 0, DisabledKnown: true,
		Notes: "Filialen in Trier und Konz. Offen für Arbeitserprobungen im Verkauf."},
		[]teilhabe.EmployerContact{{Name: "Petra Weber", Function: "Inhaberin", Phone: "0651 123450", Email: "p.weber@example.org"}},
		[]teilhabe.Opening{{Title: "Verkäuferin / Verkäufer (Teilzeit)", Hours: 25, Status: teilhabe.OpeningOpen,
			Requirements: "Freundlicher Umgang mit Kundschaft; Frühschicht ab 6 Uhr.", Accessibility: "stufenloser Zugang zum Laden, Sitzgelegenheit an der Kasse"}}},
	{"coach", teilhabe.Employer{Name: "Moselland Logistik GmbH & Co. KG", Street: "Am Hafen 5", Postcode: "54293", City: "Trier",
		Sector: teilhabe.SectorLogistics, Workplaces: 140, Disabled: 4, DisabledKnown: true},
		[]teilhabe.EmployerContact{{Name: "Stefan Marx", Function: "Personalleitung", Phone: "0651 98760", Email: "personal@example.org"},
			{Name: "Ute Kremer", Function: "Schwerbehindertenvertretung", Phone: "0651 98761"}},
		[]teilhabe.Opening{{Title: "Lagerhelferin / Lagerhelfer", Hours: 39, Status: teilhabe.OpeningOpen,
			Requirements: "Staplerschein wünschenswert, nicht Bedingung.", Accessibility: "ebenerdige Halle, höhenverstellbare Packtische"},
			{Title: "Bürokraft Disposition", Hours: 30, Status: teilhabe.OpeningFilled}}},
	{"coach.daun", teilhabe.Employer{Name: "Eifel-Hotel Vulkanblick", Street: "Burgberg 3", Postcode: "54550", City: "Daun",
		Sector: teilhabe.SectorHospitality, Workplaces: 18},
		[]teilhabe.EmployerContact{{Name: "Marco Hein", Function: "Geschäftsführung", Phone: "06592 4711"}},
		[]teilhabe.Opening{{Title: "Mitarbeiterin / Mitarbeiter Housekeeping", Hours: 20, Status: teilhabe.OpeningOpen,
			Accessibility: "Aufzug im Haus"}}},
	{"coach.wittlich", teilhabe.Employer{Name: "Stadtwerke Wittlich", Street: "Schloßstraße 10", Postcode: "54516", City: "Wittlich",
		Sector: teilhabe.SectorPublic, Workplaces: 210, Disabled: 12, DisabledKnown: true,
		Notes: "Öffentlicher Arbeitgeber: lädt schwerbehinderte Bewerbende zum Vorstellungsgespräch ein (§ 165 SGB IX)."},
		[]teilhabe.EmployerContact{{Name: "Claudia Reis", Function: "Personalabteilung", Email: "bewerbung@example.org"}},
		[]teilhabe.Opening{{Title: "Verwaltungsfachangestellte / Verwaltungsfachangestellter (Ausbildung)", Hours: 39,
			Start: teilhabe.Day(2027, 8, 1), Status: teilhabe.OpeningOpen, Requirements: "Mittlere Reife",
			Accessibility: "barrierefreies Gebäude, Arbeitsplatzanpassung möglich"}}},
	{"coach.bitburg", teilhabe.Employer{Name: "Schreinerei Thiel e. K.", Street: "Industriestraße 12", Postcode: "54634", City: "Bitburg",
		Sector: teilhabe.SectorCrafts, Workplaces: 9},
		[]teilhabe.EmployerContact{{Name: "Jonas Thiel", Function: "Inhaber", Phone: "06561 2233"}}, nil},
}

// employers fills each demo provider's register.
func (l *loader) employers(ctx context.Context) error {
	l.registers = map[int64][]teilhabe.Employer{}
	for _, d := range demoEmployers {
		coach := l.staff[d.coach]
		id, err := l.db.CreateEmployer(ctx, coach, d.employer, false)
		if err != nil {
			return fmt.Errorf("employer %s: %w", d.employer.Name, err)
		}
		e := d.employer
		e.ID = id
		l.registers[coach.OrgID] = append(l.registers[coach.OrgID], e)
		for _, c := range d.contacts {
			if _, err := l.db.AddEmployerContact(ctx, coach, id, c); err != nil {
				return fmt.Errorf("contact %s: %w", c.Name, err)
			}
		}
		for _, o := range d.openings {
			if _, err := l.db.AddOpening(ctx, coach, id, o); err != nil {
				return fmt.Errorf("opening %s: %w", o.Title, err)
			}
		}
	}
	return nil
}

// prospects gives about a third of the cases in coaching for three months
// or more a placement prospect at an employer of their provider, after the
// participant released the coach from confidentiality towards employers;
// now and then a prospect fell through, and some became a job or a
// training place. It draws from a source of its own.
func (l *loader) prospects(ctx context.Context, id int64, coach teilhabe.Actor, start time.Time) error {
	rng := rand.New(rand.NewPCG(uint64(id), 14))
	employers := l.registers[coach.OrgID]
	age := int(l.today.Sub(start).Hours() / 24)
	if early := rand.New(rand.NewPCG(uint64(id), 19)); len(employers) > 0 && age > 245 && early.IntN(3) != 0 {
		return l.earlyPlacement(ctx, early, id, coach, employers, start.AddDate(0, 0, 14+early.IntN(age-240)))
	}
	if len(employers) == 0 || age < 90 || rng.IntN(3) != 0 {
		return nil
	}
	on := l.today.AddDate(0, 0, -5-rng.IntN(40))
	db := l.at(on)
	if err := db.AddConsent(ctx, coach, id, teilhabe.ConsentGiven{Scope: teilhabe.ConsentEmployer, GivenOn: on}); err != nil {
		return err
	}
	e := employers[rng.IntN(len(employers))]
	if err := db.AddNote(ctx, coach, id, teilhabe.Note{On: on, Channel: teilhabe.NotePhone, Visibility: teilhabe.NoteInternal,
		Text: "Telefonat mit " + e.Name + ": Interesse an einem Kennenlernen, Termin folgt.", EmployerID: e.ID}); err != nil {
		return err
	}
	kind := []teilhabe.ProspectKind{teilhabe.ProspectJobOffer, teilhabe.ProspectTrialOffer, teilhabe.ProspectFinalRound,
		teilhabe.ProspectTrainingPlace}[rng.IntN(4)]
	if err := db.RecordProspect(ctx, coach, id, teilhabe.Prospect{Kind: kind, On: on, EmployerID: e.ID,
		Note: "Gespräch mit " + e.Name + "."}); err != nil {
		return err
	}
	switch r := rng.IntN(5); {
	case r == 0:
		gone := on.AddDate(0, 0, 3)
		if gone.After(l.today) {
			gone = l.today
		}
		return l.at(gone).RecordProspect(ctx, coach, id, teilhabe.Prospect{Kind: teilhabe.ProspectNone, On: gone,
			Note: "Absage des Betriebs."})
	case r <= 2 && kind != teilhabe.ProspectFinalRound:
		// The offer became a job or a training place, starting in a month.
		p := teilhabe.Placement{Kind: teilhabe.PlacementPartTime, EmployerID: e.ID, JobTitle: "Helferin / Helfer",
			Start: on.AddDate(0, 1, 0), Hours: 20 + 5*rng.IntN(4), Subsidy: teilhabe.SubsidyEGZDisabled,
			SubsidyPercent: 40 + 10*rng.IntN(3), SubsidyMonths: 12, IFD: rng.IntN(2) == 0}
		if kind == teilhabe.ProspectTrainingPlace {
			p.Kind, p.JobTitle, p.Hours, p.Subsidy, p.SubsidyPercent, p.SubsidyMonths = teilhabe.PlacementTraining,
				"Ausbildung", 39, teilhabe.SubsidyNone, 0, 0
		}
		return l.at(on.AddDate(0, 0, 2)).RecordPlacement(ctx, coach, id, p)
	}
	return nil
}

// earlyPlacement gives case id an offer early in its year, on day on,
// that became a job or a training place a month later: by today the job
// has run for six months or more, and follow-up has come to its check.
func (l *loader) earlyPlacement(ctx context.Context, rng *rand.Rand, id int64, coach teilhabe.Actor, employers []teilhabe.Employer,
	on time.Time) error {
	db := l.at(on)
	if err := db.AddConsent(ctx, coach, id, teilhabe.ConsentGiven{Scope: teilhabe.ConsentEmployer, GivenOn: on}); err != nil {
		return err
	}
	e := employers[rng.IntN(len(employers))]
	p := teilhabe.Placement{Kind: teilhabe.PlacementFullTime, EmployerID: e.ID, JobTitle: "Fachkraft für Lagerlogistik",
		Start: on.AddDate(0, 1, 0), Hours: 39, Subsidy: teilhabe.SubsidyEGZSevere, SubsidyPercent: 70, SubsidyMonths: 24,
		Integrationsamt: true}
	kind := teilhabe.ProspectJobOffer
	switch rng.IntN(3) {
	case 0:
		kind = teilhabe.ProspectTrainingPlace
		p.Kind, p.JobTitle, p.Subsidy, p.SubsidyPercent, p.SubsidyMonths = teilhabe.PlacementTraining,
			"Ausbildung zur Verkäuferin / zum Verkäufer", teilhabe.SubsidyNone, 0, 0
	case 1:
		p.Kind, p.JobTitle, p.Hours, p.Subsidy, p.SubsidyPercent, p.SubsidyMonths, p.IFD = teilhabe.PlacementPartTime,
			"Helferin / Helfer in der Küche", 25, teilhabe.SubsidyEGZDisabled, 50, 12, true
	}
	if err := db.RecordProspect(ctx, coach, id, teilhabe.Prospect{Kind: kind, On: on, EmployerID: e.ID,
		Note: "Zusage von " + e.Name + "."}); err != nil {
		return err
	}
	return l.at(on.AddDate(0, 0, 2)).RecordPlacement(ctx, coach, id, p)
}

// otherOutcomes are the placements that are no integration, with what
// the demo records for each.
var otherOutcomes = []struct {
	kind teilhabe.PlacementKind
	job  string
}{
	{teilhabe.PlacementMarginal, "Aushilfe im Verkauf"},
	{teilhabe.PlacementFurtherTraining, "Weiterbildung Lagerlogistik"},
	{teilhabe.PlacementOtherMeasure, "Maßnahme zur Aktivierung"},
	{teilhabe.PlacementWorkshop, "Werkstatt für behinderte Menschen"},
	{teilhabe.PlacementSelfEmployed, "Hausmeisterservice"},
}

// otherOutcome gives about one case in eight in coaching for four months
// or more an outcome that is no integration — a marginal job, further
// training, another measure, a sheltered workshop, self-employment —,
// the kinds in turn, so that each occurs. It draws from a source of its
// own.
func (l *loader) otherOutcome(ctx context.Context, id int64, coach teilhabe.Actor, start time.Time) error {
	rng := rand.New(rand.NewPCG(uint64(id), 22))
	d, err := l.db.FindCaseByID(ctx, coach, id)
	if err != nil {
		return err
	}
	if d.Case.Stage != teilhabe.StageActive || l.today.Sub(start) < 120*24*time.Hour || rng.IntN(8) != 0 {
		return nil
	}
	o := otherOutcomes[l.outcomes%len(otherOutcomes)]
	l.outcomes++
	on := l.today.AddDate(0, 0, -10-rng.IntN(50))
	p := teilhabe.Placement{Kind: o.kind, JobTitle: o.job, Start: on, Subsidy: teilhabe.SubsidyNone}
	if o.kind.AtEmployer() {
		employers := l.registers[coach.OrgID]
		if len(employers) == 0 {
			return nil
		}
		e := employers[rng.IntN(len(employers))]
		if err := l.at(on).AddConsent(ctx, coach, id, teilhabe.ConsentGiven{Scope: teilhabe.ConsentEmployer, Recipient: e.Name,
			GivenOn: on}); err != nil {
			return err
		}
		p.EmployerID, p.Hours = e.ID, 10
	}
	return l.at(on).RecordPlacement(ctx, coach, id, p)
}
