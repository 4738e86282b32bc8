-- Modules of the coaching year (issue 13): the catalogue each programme
-- offers, kept by its coordinator, and the modules booked for a case, with
-- dates, who delivers them, status, result and certificate. A module's
-- sessions are its appointments (appointments.case_module_id, migration
-- 010); they are counted by module.
CREATE TABLE programme_modules (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    sessions     INTEGER NOT NULL DEFAULT 0,
    hours        INTEGER NOT NULL DEFAULT 0,
    deliverer    TEXT NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    UNIQUE (programme_id, name)
);

CREATE TABLE case_modules (
    id                  INTEGER PRIMARY KEY,
    case_id             INTEGER NOT NULL REFERENCES cases (id),
    programme_module_id INTEGER NOT NULL REFERENCES programme_modules (id),
    planned_start       TEXT NOT NULL,
    planned_end         TEXT NOT NULL,
    deliverer           TEXT NOT NULL,
    external_name       TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,
    result              TEXT NOT NULL DEFAULT '',
    outcome_note        TEXT NOT NULL DEFAULT '',
    certificate_on      TEXT,
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    created_by          INTEGER REFERENCES users (id),
    updated_at          TEXT NOT NULL
);
CREATE INDEX case_modules_case ON case_modules (case_id, planned_start);
-- The worklist's "a module ending": open modules by their planned end.
CREATE INDEX case_modules_open_end ON case_modules (planned_end, case_id) WHERE status IN ('planned', 'running');
-- A module's sessions.
CREATE INDEX appointments_case_module ON appointments (case_module_id) WHERE case_module_id IS NOT NULL;
