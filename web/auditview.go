package web

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"teilhabe"
	"teilhabe/sqldb"
)

// The audit log stores codes and a machine-ish English detail ("25 shown,
// page 1, filter overdue"), as sqldb writes them; this file says them in
// the reader's language at display time, so old entries read as well as
// new ones. A detail piece that is not understood is shown as stored:
// nothing in the log is ever hidden.

// auditLine is one audit entry in words.
type auditLine struct {
	At     time.Time
	Actor  string // the username, or "System"
	Role   string // the actor's role then, labelled; "" if not recorded
	Action string // the action's label: "Fall geöffnet"
	// Did says what the actor did: "hat Fall 118 geöffnet".
	Did string
	// Known is false for an action teilhabe no longer writes: Action and
	// Did then show its code.
	Known     bool
	CaseID    int64
	Detail    string // "25 Einträge, Seite 1, Filter: überfällig"
	RequestID string
	// verbatim is true when some of the detail is shown as stored, in
	// English, because it was not understood.
	verbatim bool
}

// auditLine puts entry e into p's language.
func (p *page) auditLine(e sqldb.AuditRecord) auditLine {
	l := auditLine{At: e.At, Actor: p.auditActor(e.ActorName), Role: p.Label(e.ActorRole), Known: e.Action.Valid(),
		CaseID: e.CaseID, RequestID: e.RequestID}
	if l.Known {
		l.Action = p.Label(e.Action)
		if e.Action.OneCase() {
			l.Did = p.T("audit.did."+string(e.Action), e.CaseID)
		} else {
			l.Did = p.T("audit.did." + string(e.Action))
		}
	} else {
		l.Action, l.Did = string(e.Action), string(e.Action)
	}
	l.Detail, l.verbatim = p.auditDetail(e.Action, e.Detail)
	return l
}

// auditActor names the actor of an entry: the username, or what stands
// for an actor without an account.
func (p *page) auditActor(name string) string {
	switch name {
	case teilhabe.AuditNameSystem:
		return p.T("audit.actor.system")
	case teilhabe.AuditNameUnknown:
		return p.T("audit.actor.unknown")
	}
	return name
}

// auditDetail says the detail of an entry of action in words. verbatim
// reports that some of it is shown as stored.
func (p *page) auditDetail(action teilhabe.AuditAction, detail string) (text string, verbatim bool) {
	if detail == "" {
		return "", false
	}
	switch action {
	case teilhabe.AuditNoteAdded, teilhabe.AuditNoteCorrected, teilhabe.AuditNoteHistoryViewed:
		return p.noteAuditDetail(detail)
	case teilhabe.AuditPhasesChanged:
		return p.phaseAuditDetail(detail)
	case teilhabe.AuditProgrammeCreated, teilhabe.AuditOrganisationCreated, teilhabe.AuditLocationCreated,
		teilhabe.AuditRequestMoved, teilhabe.AuditPhaseSet, teilhabe.AuditCatalogueAdded, teilhabe.AuditEmployerCreated:
		return detail, false // a name: the new one's, the location moved to
	case teilhabe.AuditAnnouncementDeclined:
		return codeLabel(p, teilhabe.DeclineReason(detail))
	case teilhabe.AuditWithdrawn:
		return codeLabel(p, teilhabe.WithdrawReason(detail))
	case teilhabe.AuditAssignmentRefused:
		return codeLabel(p, teilhabe.RefuseReason(detail))
	case teilhabe.AuditExited:
		return codeLabel(p, teilhabe.ExitReason(detail))
	case teilhabe.AuditNoticeAcknowledged:
		return codeLabel(p, teilhabe.MessageKind(detail))
	case teilhabe.AuditFollowUpRecorded:
		return codeLabel(p, teilhabe.FollowUpSide(detail))
	case teilhabe.AuditSustainabilityChecked:
		return codeLabel(p, teilhabe.Sustained(detail))
	case teilhabe.AuditFollowUpEnded:
		return codeLabel(p, teilhabe.FollowUpEndReason(detail))
	case teilhabe.AuditLaterDestination:
		return codeLabel(p, teilhabe.Destination(detail))
	case teilhabe.AuditFinalReportSaved, teilhabe.AuditFinalReportSent, teilhabe.AuditFinalReportViewed:
		return p.detailPieces(detail) // the version, "version 2", and for a read ", print"
	case teilhabe.AuditAnnualReportViewed:
		if _, err := strconv.Atoi(detail); err == nil {
			return p.T("audit.detail.year", detail), false
		}
	case teilhabe.AuditConsentGiven, teilhabe.AuditConsentRevoked:
		return codeLabel(p, teilhabe.ConsentScope(detail))
	case teilhabe.AuditAppointmentBooked, teilhabe.AuditAppointmentHeld, teilhabe.AuditAppointmentNoShow,
		teilhabe.AuditAppointmentCancelled, teilhabe.AuditAppointmentExported:
		return codeLabel(p, teilhabe.AppointmentKind(detail))
	case teilhabe.AuditAbsenceRecorded:
		return codeLabel(p, teilhabe.DayType(detail))
	case teilhabe.AuditAttendanceSent, teilhabe.AuditAttendanceViewed:
		if month, err := teilhabe.ParseMonth(detail); err == nil {
			return p.Month(month), false
		}
	case teilhabe.AuditModuleBooked:
		return codeLabel(p, teilhabe.ModuleKind(detail))
	case teilhabe.AuditAssignmentRequested:
		if teilhabe.Stage(detail) == teilhabe.StageAssignmentRequested {
			return "", false // as the action says; only the waiting list is news
		}
		return codeLabel(p, teilhabe.Stage(detail))
	case teilhabe.AuditEligibility:
		if detail == "eligible" {
			return p.T("audit.detail.eligible"), false
		}
		if reasons, ok := strings.CutPrefix(detail, "not eligible: "); ok {
			labels, verbatim := codeLabels(p, reasons, teilhabe.IneligibleReason.Valid)
			return p.T("audit.detail.not_eligible") + ": " + labels, verbatim
		}
	case teilhabe.AuditCaseRefused:
		if path, ok := strings.CutPrefix(detail, "GET "); ok {
			return p.T("audit.detail.refused_read", path), false
		}
		if method, path, ok := strings.Cut(detail, " "); ok && strings.HasPrefix(path, "/") {
			return p.T("audit.detail.refused_write", path, method), false
		}
	case teilhabe.AuditUserCreated:
		if m := userCreatedRE.FindStringSubmatch(detail); m != nil {
			if role := teilhabe.Role(m[2]); role.Valid() {
				key := "audit.detail.created_as"
				if m[3] != "" {
					key = "audit.detail.created_first"
				}
				return p.T(key, m[1], p.Label(role)), false
			}
		}
	case teilhabe.AuditPasswordSet:
		if name, ok := strings.CutSuffix(detail, " (demo)"); ok {
			return p.T("audit.detail.demo", name), false
		}
	default:
		return p.detailPieces(detail)
	}
	return detail, true
}

// userCreatedRE reads the detail of a new account: "coach.a1 as coach",
// "admin as admin (first)".
var userCreatedRE = regexp.MustCompile(`^(\S+) as ([a-z_]+)( \(first\))?$`)

// codeLabel labels a detail that is one code of a vocabulary.
func codeLabel[T interface {
	~string
	teilhabe.Code
	Valid() bool
}](p *page, c T) (string, bool) {
	if !c.Valid() {
		return string(c), true
	}
	return p.Label(c), false
}

// codeLabels labels a comma-separated list of codes that valid accepts.
func codeLabels[T interface {
	~string
	teilhabe.Code
}](p *page, list string, valid func(T) bool) (string, bool) {
	if list == "" {
		return "–", false
	}
	var out []string
	verbatim := false
	for _, v := range strings.Split(list, ",") {
		if c := T(v); valid(c) {
			out = append(out, p.Label(c))
		} else {
			out = append(out, v)
			verbatim = true
		}
	}
	return strings.Join(out, ", "), verbatim
}

// detailPieces says a detail made of comma-separated pieces, each in
// words: counts ("25 shown"), a page, the filters used, a change of a
// setting ("places 10→12"), states ("locked").
func (p *page) detailPieces(detail string) (string, bool) {
	var out []string
	verbatim := false
	for _, piece := range strings.Split(detail, ", ") {
		s, v := p.detailPiece(piece)
		out = append(out, s)
		verbatim = verbatim || v
	}
	return strings.Join(out, ", "), verbatim
}

// detailPhrases are the pieces with a text each; a number or value in
// the piece fills the text's %s. A count of one takes the text of
// key + "_one" when there is one.
var detailPhrases = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^(\d+) shown$`), "audit.detail.shown"},
	{regexp.MustCompile(`^(\d+) exported$`), "audit.detail.exported"},
	{regexp.MustCompile(`^(\d+) found$`), "audit.detail.found"},
	{regexp.MustCompile(`^(\d+) appointments$`), "audit.detail.appointments"},
	{regexp.MustCompile(`^(\d+) waiting here$`), "audit.detail.waiting_here"},
	{regexp.MustCompile(`^(\d+) there$`), "audit.detail.waiting_there"},
	{regexp.MustCompile(`^(\d+) settled$`), "audit.detail.settled"},
	{regexp.MustCompile(`^page (\d+)$`), "audit.detail.page"},
	{regexp.MustCompile(`^address (.+)$`), "audit.detail.address"},
	{regexp.MustCompile(`^username (.+)$`), "audit.detail.username"},
	{regexp.MustCompile(`^locked$`), "audit.detail.locked"},
	{regexp.MustCompile(`^sessions ended$`), "audit.detail.sessions_ended"},
	{regexp.MustCompile(`^current password wrong$`), "audit.detail.password_wrong"},
	{regexp.MustCompile(`^activated$`), "audit.detail.activated"},
	{regexp.MustCompile(`^deactivated$`), "audit.detail.deactivated"},
	{regexp.MustCompile(`^password reset$`), "audit.detail.password_reset"},
	{regexp.MustCompile(`^first contact$`), "audit.detail.first_contact"},
	{regexp.MustCompile(`^no change$`), "audit.detail.no_change"},
	{regexp.MustCompile(`^text$`), "audit.detail.text_changed"},
	{regexp.MustCompile(`^version (\d+)$`), "audit.detail.plan_version"},
	{regexp.MustCompile(`^barriers$`), "audit.detail.plan_barriers"},
	{regexp.MustCompile(`^goal added$`), "audit.detail.plan_goal_added"},
	{regexp.MustCompile(`^goal changed$`), "audit.detail.plan_goal_changed"},
	{regexp.MustCompile(`^goal removed$`), "audit.detail.plan_goal_removed"},
	{regexp.MustCompile(`^step added$`), "audit.detail.plan_step_added"},
	{regexp.MustCompile(`^step changed$`), "audit.detail.plan_step_changed"},
	{regexp.MustCompile(`^step removed$`), "audit.detail.plan_step_removed"},
	{regexp.MustCompile(`^print$`), "audit.detail.plan_print"},
	{regexp.MustCompile(`^no plan$`), "audit.detail.plan_none"},
	{regexp.MustCompile(`^no comparison$`), "audit.detail.plan_no_comparison"},
	// A calendar viewed: "week 2026-W50, staff coach, 12 shown".
	{regexp.MustCompile(`^week (\d{4}-W\d{2})$`), "audit.detail.week"},
	{regexp.MustCompile(`^staff (.+)$`), "audit.detail.calendar_staff"},
	{regexp.MustCompile(`^location (.+)$`), "audit.detail.calendar_location"},
	{regexp.MustCompile(`^replaced$`), "audit.detail.feed_replaced"},
	{regexp.MustCompile(`^contact (\d+)$`), "audit.detail.contact"},
	{regexp.MustCompile(`^opening (\d+)$`), "audit.detail.opening"},
	{regexp.MustCompile(`^prospect (\d+)$`), "audit.detail.prospect"},
	{regexp.MustCompile(`^placement (\d+)$`), "audit.detail.placement"},
	{regexp.MustCompile(`^employer (\d+)$`), "audit.detail.employer"},
	{regexp.MustCompile(`^(\d+) cases$`), "audit.detail.cases"},
}

// changeRE reads a changed setting: "places 10→12".
var changeRE = regexp.MustCompile(`^([a-z_]+) (.*)→(.*)$`)

// auditFilterNames are the filters a list's entry may name: those of the
// case list (sqldb.CaseFilter) and of the audit log (sqldb.AuditFilter).
var auditFilterNames = []string{"name", "birth_date", "customer_number", "stage", "location", "overdue", "assigned",
	"closed", "action", "actor", "case", "from", "to", "installation"}

// auditSettings are the settings whose changes entries record: an
// account's, a location's, a programme's, a catalogue module's, a case
// module's, an employer's and a job opening's.
var auditSettings = []string{"role", "places", "features", "name", "region", "state", "period", "months", "deadline", "barriers",
	"kind", "sessions", "hours", "deliverer", "active", "status", "result", "certificate",
	"sector", "workplaces", "disabled", "opening_status", "employer_address"}

// detailPiece says one piece of a detail in words; verbatim reports that
// it is shown as stored.
func (p *page) detailPiece(piece string) (text string, verbatim bool) {
	for _, ph := range detailPhrases {
		m := ph.re.FindStringSubmatch(piece)
		if m == nil {
			continue
		}
		if len(m) == 2 && m[1] == "1" && hasMessage(ph.key+"_one") {
			return p.T(ph.key + "_one"), false
		}
		args := make([]any, len(m)-1)
		for i, v := range m[1:] {
			args[i] = v
		}
		return p.T(ph.key, args...), false
	}
	if names, ok := strings.CutPrefix(piece, "filter "); ok {
		var labels []string
		for _, name := range strings.Fields(names) {
			if !slices.Contains(auditFilterNames, name) {
				return piece, true
			}
			labels = append(labels, p.T("audit.filter."+name))
		}
		return p.T("audit.detail.filter", strings.Join(labels, ", ")), false
	}
	if m := changeRE.FindStringSubmatch(piece); m != nil && slices.Contains(auditSettings, m[1]) {
		from, vFrom := p.settingValue(m[1], m[2])
		to, vTo := p.settingValue(m[1], m[3])
		return p.T("audit.setting."+m[1]) + ": " + from + " → " + to, vFrom || vTo
	}
	return piece, true
}

// settingValue says the value of a changed setting: codes labelled, the
// rest as stored.
func (p *page) settingValue(setting, v string) (text string, verbatim bool) {
	switch setting {
	case "role":
		return codeLabel(p, teilhabe.Role(v))
	case "features":
		return codeLabels(p, v, teilhabe.Feature.Valid)
	case "barriers":
		return codeLabels(p, v, teilhabe.Barrier.Valid)
	case "state":
		if name := teilhabe.State(v).Name(); name != "" {
			return name, false
		}
		return v, true
	case "kind", "deliverer", "status", "result":
		if v == "" {
			return "–", false
		}
		switch setting {
		case "kind":
			return codeLabel(p, teilhabe.ModuleKind(v))
		case "deliverer":
			return codeLabel(p, teilhabe.Deliverer(v))
		case "status":
			return codeLabel(p, teilhabe.ModuleStatus(v))
		}
		return codeLabel(p, teilhabe.ModuleResult(v))
	case "active":
		switch v {
		case "true":
			return p.T("form.yes"), false
		case "false":
			return p.T("form.no"), false
		}
		return v, true
	case "sector":
		return codeLabel(p, teilhabe.Sector(v))
	case "opening_status":
		return codeLabel(p, teilhabe.OpeningStatus(v))
	case "disabled":
		if v == "?" {
			return p.T("employer.unknown"), false
		}
	case "deadline":
		days, kind, _ := strings.Cut(v, " ")
		if k := teilhabe.DeadlineKind(kind); k.Valid() {
			return days + " " + p.Label(k), false
		}
		return v, true
	}
	if v == "" {
		return "–", false
	}
	return v, false
}
