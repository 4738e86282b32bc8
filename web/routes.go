package web

import (
	"io/fs"
	"net/http"

	"teilhabe"
)

// routes registers every route, grouped by who may call it. A route a role
// may not use answers 404, like a record outside the user's scope. Each
// step of the journey is one line: GET shows its form, POST submits it.
func (s *Server) routes(mux *http.ServeMux) {
	// Anyone.
	mux.Handle("GET /healthz", s.public(s.healthz))
	mux.Handle("GET /static/{file...}", s.public(s.staticFile))
	mux.Handle("GET /login", s.public(s.loginForm))
	mux.Handle("POST /login", s.public(s.login))
	mux.Handle("GET /lang/{lang}", s.public(s.switchLang))
	// A calendar program fetching a feed: the secret in the URL is the
	// permission (decision 15); an unknown or revoked one is not found.
	mux.Handle("GET /feeds/{file}", s.public(s.calendarFeed))
	mux.Handle("/", s.public(func(http.ResponseWriter, *http.Request) error { return teilhabe.ErrNotFound }))

	// Every signed-in user.
	mux.Handle("GET /{$}", s.auth(anyone, s.start))
	mux.Handle("POST /logout", s.auth(anyone, s.logout))
	mux.Handle("GET /account", s.auth(anyone, s.account))
	mux.Handle("POST /account/password", s.auth(anyone, s.changePassword))

	// Administrator: programmes, organisations, locations, accounts.
	admin := teilhabe.CanManageSetup
	mux.Handle("GET /admin/programmes", s.auth(admin, s.adminProgrammes))
	mux.Handle("GET /admin/programmes/new", s.auth(admin, s.newProgrammeForm))
	mux.Handle("POST /admin/programmes", s.auth(admin, s.createProgramme))
	mux.Handle("GET /admin/programmes/{id}", s.auth(admin, s.adminProgramme))
	mux.Handle("GET /admin/programmes/{id}/organisations/new", s.auth(admin, s.newOrganisationForm))
	mux.Handle("POST /admin/programmes/{id}/organisations", s.auth(admin, s.createOrganisation))
	mux.Handle("GET /admin/programmes/{id}/locations/new", s.auth(admin, s.newLocationForm))
	mux.Handle("POST /admin/programmes/{id}/locations", s.auth(admin, s.createLocation))
	mux.Handle("GET /admin/users", s.auth(admin, s.adminUsers))
	mux.Handle("GET /admin/users/new", s.auth(admin, s.newUserForm))
	mux.Handle("POST /admin/users", s.auth(admin, s.createUser))
	mux.Handle("GET /admin/users/{id}", s.auth(admin, s.editUserForm))
	mux.Handle("POST /admin/users/{id}", s.auth(admin, s.updateUser))

	// Programme settings: the administrator and the programme's coordinator.
	settings := teilhabe.CanManageProgrammeSettings
	mux.Handle("GET /programme", s.auth(teilhabe.CanSeeProgrammeOverview, s.programmeOverview))
	mux.Handle("GET /programmes/{id}/settings", s.auth(settings, s.programmeSettingsForm))
	mux.Handle("POST /programmes/{id}/settings", s.auth(settings, s.updateProgrammeSettings))
	mux.Handle("GET /programmes/{id}/phases/new", s.auth(settings, s.newPhaseForm))
	mux.Handle("POST /programmes/{id}/phases", s.auth(settings, s.addPhase))
	mux.Handle("GET /programmes/{id}/phases/{phase}", s.auth(settings, s.editPhaseForm))
	mux.Handle("POST /programmes/{id}/phases/{phase}", s.auth(settings, s.renamePhase))
	mux.Handle("POST /programmes/{id}/phases/{phase}/move", s.auth(settings, s.changePhase))
	mux.Handle("GET /programmes/{id}/modules", s.auth(settings, s.moduleCatalogue))
	mux.Handle("GET /programmes/{id}/modules/new", s.auth(settings, s.newCatalogueModuleForm))
	mux.Handle("POST /programmes/{id}/modules", s.auth(settings, s.createCatalogueModule))
	mux.Handle("GET /programmes/{id}/modules/{module}/edit", s.auth(settings, s.editCatalogueModuleForm))
	mux.Handle("POST /programmes/{id}/modules/{module}/edit", s.auth(settings, s.updateCatalogueModule))

	// Locations: the administrator, the coordinator, the provider lead
	// (which locations: teilhabe.CanEditLocation, checked by the store).
	locations := teilhabe.CanManageLocations
	mux.Handle("GET /locations/{id}/edit", s.auth(locations, s.editLocationForm))
	mux.Handle("POST /locations/{id}/edit", s.auth(locations, s.updateLocation))

	// Capacity and waiting lists: coordinator and provider lead.
	mux.Handle("GET /capacity", s.auth(teilhabe.CanSeeCapacity, s.capacity))
	mux.Handle("GET /reports", s.auth(teilhabe.CanSeeReport, s.reports))
	mux.Handle("GET /reports.csv", s.auth(teilhabe.CanSeeReport, s.reportExport))
	mux.Handle("GET /reports.xlsx", s.auth(teilhabe.CanSeeReport, s.reportExport))
	// The annual programme report: the coordinator and the lead sponsor's
	// caseworkers (teilhabe.CanSeeAnnualReport, which needs the lead
	// sponsor, checked by the store).
	mux.Handle("GET /reports/annual", s.auth(teilhabe.CanSeeReport, s.annualReport))

	// Data protection officer.
	mux.Handle("GET /audit", s.auth(teilhabe.CanReadAudit, s.auditLog))
	mux.Handle("GET /audit.csv", s.auth(teilhabe.CanReadAudit, s.auditExport))

	// Case work: coaches, provider leads, sponsor caseworkers. Every handler
	// reaches cases through the store, which limits them to the user's scope.
	cases := teilhabe.CanListCases
	mux.Handle("GET /inbox", s.auth(teilhabe.CanUseInbox, s.inbox))
	mux.Handle("GET /cases", s.auth(cases, s.caseList))
	mux.Handle("GET /cases/{id}", s.auth(cases, s.casePage))
	mux.Handle("GET /cases/{id}/attendance", s.auth(cases, s.attendance))
	mux.Handle("GET /cases/{id}/notes/{note}", s.auth(cases, s.noteHistory))
	mux.Handle("GET /cases/{id}/plan", s.auth(cases, s.plan))
	mux.Handle("GET /cases/{id}/plan/print", s.auth(cases, s.planPrint))
	mux.Handle("GET /cases/{id}/plan/compare", s.auth(cases, s.planCompare))
	mux.Handle("GET /cases/{id}/final-report/print", s.auth(cases, s.finalReportPrint))
	mux.Handle("/cases/{id}/move-request", s.auth(cases, moveRequestStep.handle(s)))

	// Provider staff: first contacts and the provider's steps of the journey.
	provider := teilhabe.CanRecordFirstContact
	mux.Handle("GET /cases/new", s.auth(provider, s.firstContactForm))
	mux.Handle("POST /cases", s.auth(provider, s.recordFirstContact))
	mux.Handle("GET /cases/{id}/contract", s.auth(provider, s.contractPage))
	mux.Handle("GET /cases/{id}/consents/{consent}/revoke", s.auth(provider, s.revokeConsent))
	mux.Handle("GET /cases/{id}/contract/easy", s.auth(provider, s.easyContractPage))
	mux.Handle("POST /cases/{id}/consents/{consent}/revoke", s.auth(provider, s.revokeConsent))
	mux.Handle("/cases/{id}/confirm", s.auth(provider, confirmStep.handle(s)))
	mux.Handle("/cases/{id}/decline", s.auth(provider, declineStep.handle(s)))
	mux.Handle("/cases/{id}/book-info", s.auth(provider, bookInfoStep.handle(s)))
	mux.Handle("/cases/{id}/info-outcome", s.auth(provider, infoOutcomeStep.handle(s)))
	mux.Handle("/cases/{id}/eligibility", s.auth(provider, eligibilityStep.handle(s)))
	mux.Handle("/cases/{id}/sign-contract", s.auth(provider, signContractStep.handle(s)))
	mux.Handle("/cases/{id}/consent", s.auth(provider, consentStep.handle(s)))
	mux.Handle("/cases/{id}/request-assignment", s.auth(provider, requestAssignmentStep.handle(s)))
	mux.Handle("/cases/{id}/book-first", s.auth(provider, bookFirstStep.handle(s)))
	mux.Handle("/cases/{id}/first-outcome", s.auth(provider, firstOutcomeStep.handle(s)))
	mux.Handle("/cases/{id}/request-extension", s.auth(provider, requestExtensionStep.handle(s)))
	mux.Handle("/cases/{id}/withdraw", s.auth(provider, withdrawStep.handle(s)))
	mux.Handle("/cases/{id}/note", s.auth(provider, noteStep.handle(s)))
	mux.Handle("/cases/{id}/book-appointment", s.auth(provider, bookCoachingStep.handle(s)))
	mux.Handle("/cases/{id}/appointment-outcome", s.auth(provider, coachingOutcomeStep.handle(s)))
	mux.Handle("/cases/{id}/absence", s.auth(provider, absenceStep.handle(s)))
	mux.Handle("POST /cases/{id}/attendance", s.auth(provider, s.sendAttendance))
	mux.Handle("/cases/{id}/notes/{note}/correct", s.auth(provider, correctNoteStep.handle(s)))
	mux.Handle("/cases/{id}/phase", s.auth(provider, phaseStep.handle(s)))
	mux.Handle("/cases/{id}/book-module", s.auth(provider, bookModuleStep.handle(s)))
	mux.Handle("/cases/{id}/modules/{module}", s.auth(provider, moduleStep.handle(s)))
	mux.Handle("GET /cases/{id}/plan/draft", s.auth(provider, s.planDraft))
	mux.Handle("/cases/{id}/plan/start", s.auth(provider, planStartStep.handle(s)))
	mux.Handle("/cases/{id}/plan/barriers", s.auth(provider, planBarriersStep.handle(s)))
	mux.Handle("/cases/{id}/plan/goals/new", s.auth(provider, planGoalStep.handle(s)))
	mux.Handle("/cases/{id}/plan/goals/{goal}", s.auth(provider, planGoalStep.handle(s)))
	mux.Handle("/cases/{id}/plan/goals/{goal}/remove", s.auth(provider, planRemoveStep.handle(s)))
	mux.Handle("/cases/{id}/plan/goals/{goal}/steps/new", s.auth(provider, planStepStep.handle(s)))
	mux.Handle("/cases/{id}/plan/steps/{step}", s.auth(provider, planStepStep.handle(s)))
	mux.Handle("/cases/{id}/plan/steps/{step}/remove", s.auth(provider, planRemoveStep.handle(s)))
	mux.Handle("/cases/{id}/plan/agree", s.auth(provider, planAgreeStep.handle(s)))

	// Calendars: provider staff (whose calendars, teilhabe.CanSeeStaffCalendar
	// and teilhabe.CanSeeLocationCalendar decide, checked by the store); the
	// feed of one's own appointments.
	mux.Handle("GET /calendar", s.auth(teilhabe.CanSeeCalendar, s.calendar))
	mux.Handle("GET /calendar/feed", s.auth(teilhabe.CanKeepCalendarFeed, s.feedForm))
	mux.Handle("POST /calendar/feed", s.auth(teilhabe.CanKeepCalendarFeed, s.createFeed))
	mux.Handle("POST /calendar/feed/revoke", s.auth(teilhabe.CanKeepCalendarFeed, s.revokeFeed))
	mux.Handle("GET /cases/{id}/appointments/{appointment}/calendar.ics", s.auth(provider, s.appointmentICS))
	mux.Handle("/cases/{id}/prospect", s.auth(provider, prospectStep.handle(s)))
	mux.Handle("/cases/{id}/placement", s.auth(provider, placementStep.handle(s)))
	mux.Handle("/cases/{id}/exit", s.auth(provider, exitStep.handle(s)))
	mux.Handle("/cases/{id}/followup", s.auth(provider, followUpStep.handle(s)))
	mux.Handle("/cases/{id}/sustainability", s.auth(provider, sustainabilityStep.handle(s)))
	mux.Handle("/cases/{id}/followup-end", s.auth(provider, endFollowUpStep.handle(s)))
	mux.Handle("/cases/{id}/later-destination", s.auth(provider, laterStep.handle(s)))
	mux.Handle("/cases/{id}/final-report", s.auth(provider, finalReportStep.handle(s)))

	// Provider staff: the employers register of their provider.
	employers := teilhabe.CanUseEmployers
	mux.Handle("GET /employers", s.auth(employers, s.employers))
	mux.Handle("GET /employers/new", s.auth(employers, s.newEmployerForm))
	mux.Handle("POST /employers", s.auth(employers, s.createEmployer))
	mux.Handle("GET /employers/{id}", s.auth(employers, s.employer))
	mux.Handle("GET /employers/{id}/edit", s.auth(employers, s.editEmployerForm))
	mux.Handle("POST /employers/{id}/edit", s.auth(employers, s.updateEmployer))
	mux.Handle("POST /employers/{id}/contacts", s.auth(employers, s.addEmployerContact))
	mux.Handle("POST /employers/{id}/contacts/{contact}/remove", s.auth(employers, s.removeEmployerContact))
	mux.Handle("GET /employers/{id}/openings/new", s.auth(employers, s.newOpeningForm))
	mux.Handle("POST /employers/{id}/openings", s.auth(employers, s.createOpening))
	mux.Handle("GET /employers/{id}/openings/{opening}", s.auth(employers, s.editOpeningForm))
	mux.Handle("POST /employers/{id}/openings/{opening}", s.auth(employers, s.updateOpening))

	// Sponsor caseworkers: announcements and the sponsor's decisions.
	sponsor := teilhabe.CanAnnounce
	mux.Handle("GET /announcements/new", s.auth(sponsor, s.announceForm))
	mux.Handle("POST /announcements", s.auth(sponsor, s.announce))
	mux.Handle("/cases/{id}/assign", s.auth(sponsor, assignStep.handle(s)))
	mux.Handle("/cases/{id}/refuse", s.auth(sponsor, refuseStep.handle(s)))
	mux.Handle("/cases/{id}/decide-extension", s.auth(sponsor, decideExtensionStep.handle(s)))
	mux.Handle("/cases/{id}/acknowledge", s.auth(sponsor, acknowledgeStep.handle(s)))
	mux.Handle("POST /cases/{id}/notices/{msg}/acknowledge", s.auth(sponsor, s.acknowledgeNotice))
}

// staticFile serves a file of web/static: no directory listings, and the
// application's own 404 page for a file that is not there.
func (s *Server) staticFile(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("file")
	if st, err := fs.Stat(s.static, name); err != nil || st.IsDir() || !fs.ValidPath(name) {
		return teilhabe.ErrNotFound
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeFileFS(w, r, s.static, name)
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	if err := s.db.Ping(r.Context()); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return nil
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}
