-- Follow-up care after a placement that counts (issue 14, decision 19):
-- its contacts with the participant and the employer, the
-- sustainability check six months after the job started, and its end.

-- The programme's cadence: weekly for the first followup_weekly weeks
-- after the job started, then every followup_months months.
ALTER TABLE programmes ADD COLUMN followup_weekly INTEGER NOT NULL DEFAULT 4;
ALTER TABLE programmes ADD COLUMN followup_months INTEGER NOT NULL DEFAULT 1;

-- A placement's follow-up state. next_followup_on is the day the next
-- contact is due while follow-up runs (NULL once it ended, and for kinds
-- that do not count); sustain_due_on the day of the sustainability check
-- while it is open (NULL once taken, or once the job was lost). Both
-- serve the worklist by index. sustain_mark_on is the six-month mark
-- itself, kept for the reports; lost_on is the day a job was lost.
ALTER TABLE case_placements ADD COLUMN next_followup_on TEXT;
ALTER TABLE case_placements ADD COLUMN sustain_due_on TEXT;
ALTER TABLE case_placements ADD COLUMN sustain_mark_on TEXT;
ALTER TABLE case_placements ADD COLUMN sustained TEXT NOT NULL DEFAULT '';
ALTER TABLE case_placements ADD COLUMN sustained_on TEXT;
ALTER TABLE case_placements ADD COLUMN sustained_source TEXT NOT NULL DEFAULT '';
ALTER TABLE case_placements ADD COLUMN sustained_note TEXT NOT NULL DEFAULT '';
ALTER TABLE case_placements ADD COLUMN followup_end_on TEXT;
ALTER TABLE case_placements ADD COLUMN followup_end_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE case_placements ADD COLUMN followup_end_note TEXT NOT NULL DEFAULT '';
ALTER TABLE case_placements ADD COLUMN lost_on TEXT;

-- Placements recorded before follow-up existed start it now: the first
-- contact a week after the job started, the check six months after.
UPDATE case_placements SET next_followup_on = date(start_on, '+7 days'), sustain_due_on = date(start_on, '+6 months'),
    sustain_mark_on = date(start_on, '+6 months')
    WHERE kind IN ('training', 'employment_full', 'employment_part');

CREATE INDEX case_placements_followup ON case_placements (next_followup_on, case_id) WHERE next_followup_on IS NOT NULL;
CREATE INDEX case_placements_sustain ON case_placements (sustain_due_on, case_id) WHERE sustain_due_on IS NOT NULL;
CREATE INDEX case_placements_mark ON case_placements (sustain_mark_on) WHERE sustain_mark_on IS NOT NULL;

CREATE TABLE followup_contacts (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    placement_id    INTEGER NOT NULL REFERENCES case_placements (id),
    on_date         TEXT NOT NULL,
    side            TEXT NOT NULL,
    mode            TEXT NOT NULL,
    crisis          INTEGER NOT NULL DEFAULT 0,
    problem         TEXT NOT NULL DEFAULT '',
    solution        TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    created_by      INTEGER REFERENCES users (id),
    created_by_name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX followup_contacts_placement ON followup_contacts (placement_id, on_date);
CREATE INDEX followup_contacts_case ON followup_contacts (case_id);
