-- Where a participant is six months after the exit (issue 15, the BA's
-- Eingliederungsquote; domain-germany.md § 2.6): the destination then,
-- the day it was learnt and from whom. later_due_on is the six-month mark
-- of the exit, kept for the worklist and the reports.
ALTER TABLE cases ADD COLUMN later_due_on TEXT;
ALTER TABLE cases ADD COLUMN later_destination TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN later_on TEXT;
ALTER TABLE cases ADD COLUMN later_source TEXT NOT NULL DEFAULT '';

UPDATE cases SET later_due_on = date(exit_on, '+6 months') WHERE exit_on IS NOT NULL;
CREATE INDEX cases_location_later ON cases (location_id, later_due_on) WHERE later_due_on IS NOT NULL AND later_destination = '';
