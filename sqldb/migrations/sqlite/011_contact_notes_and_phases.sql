-- Contact notes (issue 13): a dated note of each contact with its channel,
-- internal to the provider or shared with the sponsor (fixed when written,
-- decision 14), and every earlier text of a corrected note.
CREATE TABLE contact_notes (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    contact_on      TEXT NOT NULL,
    channel         TEXT NOT NULL,
    visibility      TEXT NOT NULL,
    text            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      INTEGER REFERENCES users (id),
    created_by_name TEXT NOT NULL,
    corrected_at    TEXT,
    corrected_by    TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contact_notes_case ON contact_notes (case_id, visibility, contact_on);

CREATE TABLE contact_note_revisions (
    id         INTEGER PRIMARY KEY,
    note_id    INTEGER NOT NULL REFERENCES contact_notes (id),
    contact_on TEXT NOT NULL,
    channel    TEXT NOT NULL,
    text       TEXT NOT NULL,
    written_at TEXT NOT NULL,
    written_by TEXT NOT NULL
);
CREATE INDEX contact_note_revisions_note ON contact_note_revisions (note_id, written_at);

-- The timeline's internal notes become internal contact notes of the day
-- they were written (the timeline did not record the day of the contact,
-- nor its channel) and leave the timeline, which shows the notes from
-- contact_notes.
INSERT INTO contact_notes (case_id, contact_on, channel, visibility, text, created_at, created_by, created_by_name)
SELECT case_id, substr(at, 1, 10), 'other', 'internal', detail_text, at, actor_id, actor_name
FROM case_events WHERE kind = 'note' ORDER BY id;
DELETE FROM case_events WHERE kind = 'note';

-- Phases of the coaching year, per programme, in order; a phase a case
-- was in is retired, never deleted. Every programme starts with the
-- defaults (teilhabe.DefaultPhaseNames).
CREATE TABLE programme_phases (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    retired      INTEGER NOT NULL DEFAULT 0,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX programme_phases_programme ON programme_phases (programme_id, position);
INSERT INTO programme_phases (programme_id, position, name)
SELECT p.id, d.column1, d.column2 FROM programmes p CROSS JOIN (VALUES
    (1, 'Orientierung und Profiling'), (2, 'Stabilisierung'), (3, 'Qualifizierung'),
    (4, 'Bewerbung und Vermittlung'), (5, 'Nachbetreuung')) AS d
ORDER BY p.id, d.column1;

CREATE TABLE case_phases (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    phase_id    INTEGER NOT NULL REFERENCES programme_phases (id),
    began_on    TEXT NOT NULL,
    set_at      TEXT NOT NULL,
    set_by      INTEGER REFERENCES users (id),
    set_by_name TEXT NOT NULL
);
CREATE INDEX case_phases_case ON case_phases (case_id, began_on);
CREATE INDEX case_phases_phase ON case_phases (phase_id);

-- The case's latest contact (for the worklist's lapsed contacts) and its
-- current phase, kept on the case.
ALTER TABLE cases ADD COLUMN last_contact_on TEXT;
ALTER TABLE cases ADD COLUMN phase_id INTEGER REFERENCES programme_phases (id);
ALTER TABLE cases ADD COLUMN phase_since TEXT;
CREATE INDEX cases_location_contact ON cases (location_id, stage, last_contact_on);
CREATE INDEX cases_provider_contact ON cases (provider_id, stage, last_contact_on);

-- The latest contact: a held appointment or a contact note.
UPDATE cases SET last_contact_on = (
    SELECT MAX(d) FROM (
        SELECT on_date AS d FROM appointments WHERE appointments.case_id = cases.id AND status = 'held'
        UNION ALL
        SELECT contact_on FROM contact_notes WHERE contact_notes.case_id = cases.id) AS contacts);

-- A case in coaching is in its programme's first phase since its first
-- conversation was held.
UPDATE cases SET phase_id = (
        SELECT id FROM programme_phases ph WHERE ph.programme_id = cases.programme_id AND ph.position = 1),
    phase_since = COALESCE(
        (SELECT MAX(on_date) FROM appointments WHERE appointments.case_id = cases.id AND kind = 'first' AND status = 'held'),
        assignment_start, first_contact_on)
WHERE stage = 'active';
-- A case in coaching always has a last contact: at the latest, the day
-- its coaching began.
UPDATE cases SET last_contact_on = phase_since WHERE stage = 'active' AND last_contact_on IS NULL;
INSERT INTO case_phases (case_id, phase_id, began_on, set_at, set_by_name)
SELECT id, phase_id, phase_since, updated_at, 'system' FROM cases WHERE stage = 'active' ORDER BY id;
