package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// finalReport writes the final report of case id, which exited on day
// exited: most exited cases get a sent report, of which the sponsor takes
// note of about half; the second exited case has a draft only, the third
// a sent version and a corrected second one, and every fifth has none yet,
// so that the case page offers it. It draws from a source of its own, so
// that the rest of the demo stays as it is.
func (l *loader) finalReport(ctx context.Context, id int64, coach, cw teilhabe.Actor, exited time.Time) error {
	rng := rand.New(rand.NewPCG(uint64(id), 20))
	n := l.reports
	l.reports++
	if n%5 == 0 {
		return nil // due: the coach has yet to write it
	}
	d, err := l.db.FindCaseByID(ctx, coach, id)
	if err != nil {
		return err
	}
	texts := demoReportTexts(rng, d)
	written := l.later(exited, 1+rng.IntN(3))
	if err := l.at(written).SaveFinalReport(ctx, coach, id, 1, 0, texts); err != nil {
		return err
	}
	if n == 1 {
		return nil // a draft only
	}
	sent := l.later(written, rng.IntN(3))
	if err := l.at(sent).SendFinalReport(ctx, coach, id, 1, 1, texts); err != nil {
		return err
	}
	if n == 2 {
		// A correction: the attendance was counted wrong in the text.
		corrected := texts
		corrected.Attendance = "Nach Abgleich mit dem Anwesenheitsbogen: die Fehltage im März waren entschuldigt (Arztbesuche)."
		on := l.later(sent, 2)
		if err := l.at(on).SaveFinalReport(ctx, coach, id, 2, 0, corrected); err != nil {
			return err
		}
		if err := l.at(on).SendFinalReport(ctx, coach, id, 2, 1, corrected); err != nil {
			return err
		}
		sent = on
	}
	if rng.IntN(2) == 0 {
		return nil
	}
	return l.acknowledgeNotices(ctx, id, cw, l.later(sent, 1+rng.IntN(3)))
}

// later is day d plus days, but not after today.
func (l *loader) later(d time.Time, days int) time.Time {
	if d = d.AddDate(0, 0, days); d.After(l.today) {
		return l.today
	}
	return d
}

// demoReportTexts are the coach's texts of a demo report on case d: each
// section says what the record holds, the recommendation follows the
// exit.
func demoReportTexts(rng *rand.Rand, d sqldb.CaseDetail) teilhabe.FinalReportTexts {
	others := []string{
		"Wir empfehlen eine berufliche Rehabilitation mit Arbeitserprobung; die Belastbarkeit reicht für den allgemeinen Arbeitsmarkt noch nicht.",
		"Wir empfehlen, den Kontakt über die Arbeitsvermittlung zu halten und in sechs Monaten eine neue Maßnahme zu prüfen.",
		"Wir empfehlen eine Qualifizierung im Lager und in der Logistik, begleitet durch den Integrationsfachdienst.",
	}
	t := teilhabe.FinalReportTexts{
		Course:         "Die Teilnahme verlief überwiegend regelmäßig. Nach einer Eingewöhnung wurden Termine zuverlässig wahrgenommen.",
		Attendance:     "Fehltermine wurden meist vorher abgesagt.",
		Modules:        "Es wurden keine Module gebucht; der Schwerpunkt lag auf dem Einzelcoaching.",
		Goals:          "Ein Förderplan wurde nicht vereinbart; die Ziele wurden im Coaching mündlich abgestimmt.",
		Prospects:      "Eine konkrete Vermittlungsaussicht hat sich nicht ergeben.",
		Recommendation: others[rng.IntN(len(others))],
	}
	if len(d.Modules) > 0 {
		t.Modules = "Die Module wurden wie geplant besucht und haben die Bewerbungsunterlagen und die Belastbarkeit verbessert."
	}
	if d.Plan != nil {
		t.Goals = "Die Ziele zur Tagesstruktur wurden erreicht, das Ziel einer Beschäftigung teilweise."
	}
	if len(d.Prospects) > 0 {
		t.Prospects = "Es bestehen Kontakte zu Betrieben der Region, die sich nach der Teilnahme fortführen lassen."
	}
	if len(d.Placements) > 0 {
		t.Placement = "Die Vermittlung kam über die Kontakte im Coaching zustande; Arbeitszeit und Aufgaben passen zur Belastbarkeit."
	}
	if len(d.FollowUps) > 0 {
		t.FollowUp = "Die Nachbetreuung mit Betrieb und teilnehmender Person läuft; Fragen der Einarbeitung wurden gemeinsam geklärt."
	}
	if teilhabe.ExitReason(d.Case.ClosedReason).Integration() {
		t.Recommendation = "Wir empfehlen eine weitere Begleitung durch den Integrationsfachdienst im ersten Jahr der Beschäftigung."
	}
	return t
}
