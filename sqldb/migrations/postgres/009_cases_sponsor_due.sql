-- A sponsor caseworker's case lists and searches walk the sponsor's
-- shared cases in the order they are due, instead of every open case of
-- the programme (at a million cases a name search of a large Jobcenter
-- read tens of thousands of rows).
CREATE INDEX cases_sponsor_due ON cases (sponsor_id, shared_with_sponsor, next_due_on);
