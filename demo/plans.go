package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// planGoal is a goal the demo's coaches write for a barrier, with the
// steps towards it.
type planGoal struct {
	text  string
	steps []planStep
}

type planStep struct {
	what string
	who  teilhabe.StepOwner
}

// planGoals are the demo's goals by barrier, in the plain words a coach
// writes with the participant.
var planGoals = map[teilhabe.Barrier]planGoal{
	"long_term_unemployed": {"Wieder einen festen Tagesablauf haben", []planStep{
		{"Eine Woche lang einen Tagesplan mit festen Zeiten führen", teilhabe.OwnerParticipant},
		{"Den Tagesplan gemeinsam besprechen", teilhabe.OwnerCoach}}},
	"age_50_plus": {"Eine Stelle finden, in der Erfahrung zählt", []planStep{
		{"Stärken und Berufserfahrung aufschreiben", teilhabe.OwnerParticipant},
		{"Drei Betriebe ansprechen, die ältere Beschäftigte suchen", teilhabe.OwnerCoach}}},
	"no_qualification": {"Einen Berufsabschluss in Teilschritten beginnen", []planStep{
		{"Beratung zu Teilqualifikationen", teilhabe.OwnerSponsor},
		{"Zur ersten Teilqualifikation anmelden", teilhabe.OwnerParticipant}}},
	"mental_health": {"Belastbarkeit für eine Arbeit aufbauen", []planStep{
		{"Termin beim Integrationsfachdienst vereinbaren", teilhabe.OwnerParticipant},
		{"Eine Arbeitserprobung mit wenigen Stunden planen", teilhabe.OwnerCoach}}},
	"chronic_illness": {"Eine Arbeit finden, die zur Gesundheit passt", []planStep{
		{"Mit der Hausärztin besprechen, was gut geht und was nicht", teilhabe.OwnerParticipant},
		{"Passende Arbeitsplätze heraussuchen", teilhabe.OwnerCoach}}},
	"mobility": {"Den Weg zur Arbeit allein schaffen", []planStep{
		{"Am Mobilitätstraining teilnehmen", teilhabe.OwnerParticipant},
		{"Übernahme der Fahrkosten klären", teilhabe.OwnerSponsor}}},
	"language": {"Deutsch für den Beruf verbessern", []planStep{
		{"Einen Platz im Berufssprachkurs anfragen", teilhabe.OwnerCoach},
		{"Regelmäßig zum Kurs gehen", teilhabe.OwnerParticipant}}},
	"care_duties": {"Arbeit und Betreuung zusammenbringen", []planStep{
		{"Betreuungsplatz beim Jugendamt beantragen", teilhabe.OwnerParticipant},
		{"Stellen in Teilzeit suchen", teilhabe.OwnerCoach}}},
	"debt": {"Die Schulden ordnen", []planStep{
		{"Termin bei der Schuldnerberatung machen", teilhabe.OwnerParticipant},
		{"Briefe und Rechnungen sortiert mitbringen", teilhabe.OwnerParticipant}}},
	"housing": {"Eine sichere Wohnung haben", []planStep{
		{"Die Fachstelle Wohnen ansprechen", teilhabe.OwnerCoach}}},
	"addiction": {"Stabil bleiben und den Alltag schaffen", []planStep{
		{"Regelmäßig zur Suchtberatung gehen", teilhabe.OwnerParticipant}}},
	"other": {"Die Hindernisse bei der Arbeitssuche gemeinsam klären", []planStep{
		{"Ein ausführliches Gespräch über die Hindernisse führen", teilhabe.OwnerCoach}}},
}

// workGoal is every plan's goal of a job on the open labour market.
var workGoal = planGoal{"Eine Arbeit auf dem allgemeinen Arbeitsmarkt finden", []planStep{
	{"Lebenslauf und Anschreiben erstellen", teilhabe.OwnerCoach},
	{"Fünf Bewerbungen schreiben", teilhabe.OwnerParticipant},
	{"Probearbeit vereinbaren", teilhabe.OwnerEmployer}}}

// plans walks the support plan of case id, whose coaching began on start,
// as its coach would: a draft two to four weeks in, from the barriers of
// the assessment, agreed a few days later; once the review comes near, a
// second version in which the steps done are marked and a step is added.
// Where a day still lies ahead, the walk stops, leaving a draft open or
// steps overdue. It draws from a random source of its own, seeded by the
// case, so that the cases generated after it stay as they were.
func (l *loader) plans(ctx context.Context, id int64, coach teilhabe.Actor, start time.Time) error {
	rng := rand.New(rand.NewPCG(uint64(id), 13))
	past := func(d time.Time) bool { return !d.After(l.today) }
	draftOn := start.AddDate(0, 0, 14+rng.IntN(14))
	if !past(draftOn) {
		return nil
	}
	db := l.at(draftOn)
	if _, err := db.StartPlan(ctx, coach, id); err != nil {
		return err
	}
	draft, err := db.FindPlan(ctx, coach, id, sqldb.PlanFilter{Draft: true})
	if err != nil {
		return err
	}
	version := draft.Plan.Version
	add := func(db *sqldb.DB, g planGoal, barriers []teilhabe.Barrier, from time.Time) error {
		goalID, err := db.AddPlanGoal(ctx, coach, id, version, teilhabe.GoalInput{Text: g.text, Barriers: barriers})
		if err != nil {
			return err
		}
		version++
		for i, s := range g.steps {
			due := from.AddDate(0, 0, 14*(i+1)+rng.IntN(10))
			in := teilhabe.StepInput{What: s.what, Who: s.who, Due: due, Status: teilhabe.StepOpen}
			if _, err := db.AddPlanStep(ctx, coach, id, version, goalID, in); err != nil {
				return err
			}
			version++
		}
		return nil
	}
	for i, b := range draft.Plan.Barriers {
		if g, ok := planGoals[b]; ok && i < 2 {
			if err := add(db, g, []teilhabe.Barrier{b}, draftOn); err != nil {
				return err
			}
		}
	}
	if err := add(db, workGoal, nil, draftOn.AddDate(0, 1, 0)); err != nil {
		return err
	}

	agreeOn := draftOn.AddDate(0, 0, 1+rng.IntN(4))
	if !past(agreeOn) {
		return nil
	}
	months := l.prog.ReviewMonths
	review := agreeOn.AddDate(0, months, -rng.IntN(20))
	agreement := teilhabe.PlanAgreement{ParticipantOn: agreeOn, CoachOn: agreeOn, ReviewOn: review}
	if _, err := l.at(agreeOn).AgreePlan(ctx, coach, id, version, agreement); err != nil {
		return err
	}

	// The review: a new version with what was done.
	againOn := review.AddDate(0, 0, -10+rng.IntN(6))
	if !past(againOn) {
		return nil
	}
	db = l.at(againOn)
	if _, err := db.StartPlan(ctx, coach, id); err != nil {
		return err
	}
	if draft, err = db.FindPlan(ctx, coach, id, sqldb.PlanFilter{Draft: true}); err != nil {
		return err
	}
	version = draft.Plan.Version
	for _, g := range draft.Plan.Goals {
		for _, s := range g.Steps {
			if !s.Due.Before(againOn) {
				continue
			}
			in := teilhabe.StepInput{What: s.What, Who: s.Who, Due: s.Due, Status: teilhabe.StepDone}
			switch r := rng.IntN(100); {
			case r < 15:
				in.Status = teilhabe.StepDropped
			case r < 30:
				in.Status, in.Due = teilhabe.StepInProgress, againOn.AddDate(0, 1, 0)
			}
			if err := db.UpdatePlanStep(ctx, coach, id, version, s.ID, in); err != nil {
				return err
			}
			version++
		}
	}
	last := draft.Plan.Goals[len(draft.Plan.Goals)-1]
	practice := teilhabe.StepInput{What: "Vorstellungsgespräche üben", Who: teilhabe.OwnerCoach,
		Due: againOn.AddDate(0, 0, 21), Status: teilhabe.StepOpen}
	if _, err := db.AddPlanStep(ctx, coach, id, version, last.ID, practice); err != nil {
		return err
	}
	version++
	agreeOn = againOn.AddDate(0, 0, 1+rng.IntN(3))
	if !past(agreeOn) {
		return nil
	}
	agreement = teilhabe.PlanAgreement{ParticipantOn: agreeOn, CoachOn: agreeOn, ReviewOn: agreeOn.AddDate(0, months, 0)}
	_, err = l.at(agreeOn).AgreePlan(ctx, coach, id, version, agreement)
	return err
}
