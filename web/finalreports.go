package web

import (
	"net/http"
	"strconv"

	"teilhabe"
	"teilhabe/sqldb"
)

// The final report to the sponsor: the step that writes, saves and sends
// it once the case has exited, and its printable page. The store freezes
// a sent version; the sponsor's caseworker reads sent versions only.

// finalReportURL is the printable page of version n of case id's final
// report.
func finalReportURL(id int64, n int) string {
	return caseURL(id) + "/final-report/print?version=" + strconv.Itoa(n)
}

// finalReportPage is the form of the final report: every generated fact
// shown beside the coach's texts.
type finalReportPage struct {
	stepPage
	// Facts are composed from the record as it is now: what saving
	// stores.
	Facts teilhabe.FinalReportFacts
	// Number and ReportVersion are those of the draft the form edits;
	// without a draft, the number it will have and 0.
	Number, ReportVersion int
	// Previous is the last sent version, which a correction starts from;
	// nil if none was sent.
	Previous *teilhabe.FinalReport
}

// FormNumber and FormVersion are the draft's number and version the form
// carries: those the rejected form was loaded with, else the current ones
// (after a conflict the user sends their texts against the current draft).
func (p *finalReportPage) FormNumber() string {
	if v := p.Value("report_number"); v != "" && len(p.Problems) > 0 {
		return v
	}
	return strconv.Itoa(p.Number)
}

// FormVersion: see FormNumber.
func (p *finalReportPage) FormVersion() string {
	if v := p.Value("report_version"); v != "" && len(p.Problems) > 0 {
		return v
	}
	return strconv.Itoa(p.ReportVersion)
}

// ReportFacts is the view of a report's facts for the "reportfacts" partial.
func (p *page) ReportFacts(f teilhabe.FinalReportFacts) reportFactsView {
	return reportFactsView{P: p, F: f}
}

type reportFactsView struct {
	P *page
	F teilhabe.FinalReportFacts
}

// reportRecord is what the final report of case d is composed from.
func reportRecord(d sqldb.CaseDetail) teilhabe.FinalReportRecord {
	return teilhabe.FinalReportRecord{Case: d.Case, Appointments: d.Appointments, Modules: d.Modules, Plan: d.Plan,
		Prospects: d.Prospects, Placements: d.Placements, FollowUps: d.FollowUps}
}

// exited offers a step once the case has exited.
func exited(d sqldb.CaseDetail) bool { return d.Case.Stage == teilhabe.StageExited }

// finalReportDue reports whether the case page should offer the final
// report first: the case has exited and no version was sent yet.
func finalReportDue(d sqldb.CaseDetail) bool {
	return exited(d) && sqldb.LatestReport(d.FinalReports) == nil
}

// finalReportStep writes the final report: saving keeps the draft,
// sending freezes it as a version and tells the sponsor. After a version
// was sent, the same form starts a correction from its texts.
var finalReportStep = &caseStep[finalReportPage, *finalReportPage]{
	name: "final-report", template: "step_final-report", intro: "step.final-report.intro",
	button: "step.final-report.submit", may: teilhabe.CanWriteFinalReport, open: exited,
	prepare: func(s *Server, r *http.Request, p *finalReportPage) error {
		p.Facts = teilhabe.ComposeFinalReport(reportRecord(p.Detail))
		p.Previous = sqldb.LatestReport(p.Detail.FinalReports)
		texts := teilhabe.FinalReportTexts{}
		switch draft := sqldb.ReportDraft(p.Detail.FinalReports); {
		case draft != nil:
			p.Number, p.ReportVersion, texts = draft.Number, draft.Version, draft.Texts
		case p.Previous != nil:
			p.Number, texts = p.Previous.Number+1, p.Previous.Texts
		default:
			p.Number = 1
		}
		for i, v := range texts.Values() {
			p.Form[teilhabe.FinalReportFields[i]] = v
		}
		return nil
	},
	submit: func(s *Server, r *http.Request, a teilhabe.Actor, id int64, f *form) (string, error) {
		texts := teilhabe.FinalReportTexts{Course: f.str("course"), Attendance: f.str("attendance"),
			Modules: f.str("modules"), Goals: f.str("goals"), Prospects: f.str("prospects"), Placement: f.str("placement"),
			FollowUp: f.str("follow_up"), Recommendation: f.str("recommendation")}
		number, version := formNumber(f, "report_number"), formNumber(f, "report_version")
		if f.str("send") == "1" {
			return "flash.final_report_sent", f.err(s.db.SendFinalReport(r.Context(), a, id, number, version, texts))
		}
		return "flash.final_report_saved", f.err(s.db.SaveFinalReport(r.Context(), a, id, number, version, texts))
	},
}

// formNumber reads a hidden number the form carries; -1, which no report
// has, if it is missing or no number, so the store answers as to a stale
// form.
func formNumber(f *form, name string) int {
	n, err := strconv.Atoi(f.r.PostForm.Get(name))
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// finalReportPrintPage is one version of the final report, to print.
type finalReportPrintPage struct {
	page
	sqldb.FinalReportView
	// CanWrite is set for provider staff, who may correct it.
	CanWrite bool
}

// Sections are the coach's texts with their headings, in order.
func (p *finalReportPrintPage) Sections() []reportSection {
	values := p.Report.Texts.Values()
	out := make([]reportSection, len(values))
	for i, field := range teilhabe.FinalReportFields {
		out[i] = reportSection{ID: "r-" + field, Heading: p.T(reportHeadings[i]), Text: values[i]}
	}
	return out
}

// reportHeadings are the keys of the sections' headings, in the order of
// teilhabe.FinalReportFields.
var reportHeadings = []string{"label.report_course", "label.report_attendance", "label.report_modules",
	"label.report_goals", "label.report_prospects", "label.report_placement", "label.report_follow_up",
	"label.report_recommendation"}

type reportSection struct {
	ID, Heading, Text string
}

// VersionOf names report r as a version.
func (p *finalReportPrintPage) VersionOf(r teilhabe.FinalReport) teilhabe.FinalReportVersion {
	return teilhabe.FinalReportVersion{Number: r.Number, Sent: r.Sent, SentAt: r.SentAt, SentBy: r.SentBy}
}

// PreviousNumber is the number of the version the one shown corrects.
func (p *finalReportPrintPage) PreviousNumber() int { return p.Report.Number - 1 }

// ReportVersionLabel names version v: "Version 2, gesendet am 07.12.2026
// von Anna Coach", or the draft.
func (p *page) ReportVersionLabel(v teilhabe.FinalReportVersion) string {
	if !v.Sent {
		return p.T("final_report.version_draft", v.Number)
	}
	return p.T("final_report.version_sent", v.Number, teilhabe.FormatDate(v.SentAt), v.SentBy)
}

// VersionHref is the printable page of version n.
func (p *finalReportPrintPage) VersionHref(n int) string { return finalReportURL(p.Case.ID, n) }

// finalReportPrint shows a version of the final report to print:
// ?version=n, else the last sent one (provider staff: the draft if none
// was sent).
func (s *Server) finalReportPrint(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := u.Actor()
	v, err := s.db.FindFinalReport(r.Context(), a, id, sqldb.FinalReportFilter{Number: queryNumber(r, "version"), Print: true})
	if err != nil {
		return err
	}
	p := finalReportPrintPage{page: s.newPage(r, "title.final_report"), FinalReportView: v,
		CanWrite: teilhabe.CanWriteFinalReport(a, v.Case.Scope())}
	p.Title = p.T("title.final_report") + ": " + v.Case.Person.FullName()
	return s.render(w, r, http.StatusOK, "final_report_print", &p)
}
