-- Indexes for the report of a period (issue 15). Each of its queries takes
-- the cases of a programme whose day of one step falls in the period (for
-- a caseworker, of those the sponsor's shared ones), or the placements of
-- the period and their cases. Without these indexes every query read all
-- the programme's cases row by row: 3.9 s for a year of the largest
-- programme at 1,000,000 cases. Each index holds the columns its queries
-- read, so that they are answered from the index alone (the id too, which
-- the per-case subqueries name: PostgreSQL reads it from the index only if
-- the index holds it), and the sponsor's columns, so that a caseworker's
-- report filters within it.

-- The funnel: first contacts of the period and how far they came.
CREATE INDEX cases_report_contact ON cases (programme_id, first_contact_on, sponsor_id, shared_with_sponsor,
    legal_domain, stage, info_held_on, eligibility_on, contract_signed_on, assignment_start, id);

-- Info appointments held in the period, and by their deadline; the open
-- ones overdue.
CREATE INDEX cases_report_info ON cases (programme_id, info_held_on, sponsor_id, shared_with_sponsor, legal_domain,
    info_due_on);
CREATE INDEX cases_report_info_due ON cases (programme_id, stage, info_due_on, sponsor_id, shared_with_sponsor,
    legal_domain);

-- Assignments that started in the period: the programme's goal.
CREATE INDEX cases_report_start ON cases (programme_id, assignment_start, sponsor_id, shared_with_sponsor,
    legal_domain, id);

-- Exits in the period, with the days since the assignment started.
CREATE INDEX cases_report_exit ON cases (programme_id, exit_on, sponsor_id, shared_with_sponsor, legal_domain,
    assignment_start, closed_reason, exit_kind, stage) WHERE stage = 'exited';

-- The cases in the programme on each month's last day (occupancy), and
-- the exits whose six-month mark fell in the period (integration rate).
CREATE INDEX cases_report_occupancy ON cases (programme_id, stage, assignment_start, exit_on, sponsor_id,
    shared_with_sponsor, legal_domain);
CREATE INDEX cases_report_later ON cases (programme_id, later_due_on, sponsor_id, shared_with_sponsor, legal_domain,
    later_destination, stage) WHERE stage = 'exited';

-- The placements that started, and those whose six-month mark fell, in
-- the period; each looks up its case's scope and legal domain, which the
-- narrow cases_report_scope holds without the wide case row.
CREATE INDEX case_placements_start ON case_placements (start_on, case_id, kind);
CREATE INDEX case_placements_report_mark ON case_placements (sustain_mark_on, case_id, kind, sustained, lost_on)
    WHERE sustain_mark_on IS NOT NULL;
CREATE INDEX cases_report_scope ON cases (id, programme_id, sponsor_id, shared_with_sponsor, legal_domain);

-- A caseworker's report: the sponsor's cases are a few thousand, which
-- one index holding every column the case queries read serves better
-- than the programme's indexes by day.
CREATE INDEX cases_report_sponsor ON cases (sponsor_id, shared_with_sponsor, programme_id, legal_domain, stage,
    first_contact_on, info_held_on, info_due_on, eligibility_on, contract_signed_on, assignment_start, exit_on,
    closed_reason, exit_kind);

-- What the funnel asks of each case: a first conversation held, a
-- prospect, a placement that counts.
CREATE INDEX appointments_case_kind ON appointments (case_id, kind, status);
CREATE INDEX case_prospects_case_kind ON case_prospects (case_id, kind, on_date);
CREATE INDEX case_placements_case_kind ON case_placements (case_id, kind, start_on);
