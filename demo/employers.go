package demo

import (
	"context"
	"fmt"

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
	for _, d := range demoEmployers {
		coach := l.staff[d.coach]
		id, err := l.db.CreateEmployer(ctx, coach, d.employer, false)
		if err != nil {
			return fmt.Errorf("employer %s: %w", d.employer.Name, err)
		}
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
