-- The employers register (issue 14): each provider's employers with their
-- contact persons and job openings. Business data of the provider; which
-- participant an employer employs lives on the case. name_key is
-- teilhabe.EmployerKey(name), by which search and the duplicate warning
-- find an employer.
CREATE TABLE employers (
    id          INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES organisations (id),
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    street      TEXT NOT NULL DEFAULT '',
    postcode    TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL,
    sector      TEXT NOT NULL,
    workplaces  INTEGER NOT NULL DEFAULT 0,
    disabled    INTEGER, -- severely disabled people employed; NULL if not known
    notes       TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    created_by  INTEGER REFERENCES users (id)
);
CREATE INDEX employers_provider_key ON employers (provider_id, name_key);

CREATE TABLE employer_contacts (
    id          INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES employers (id),
    name        TEXT NOT NULL,
    function    TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX employer_contacts_employer ON employer_contacts (employer_id);

CREATE TABLE employer_openings (
    id            INTEGER PRIMARY KEY,
    employer_id   INTEGER NOT NULL REFERENCES employers (id),
    title         TEXT NOT NULL,
    hours         INTEGER NOT NULL DEFAULT 0,
    start_on      TEXT,
    requirements  TEXT NOT NULL DEFAULT '',
    accessibility TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL
);
CREATE INDEX employer_openings_employer ON employer_openings (employer_id, status);

-- A case's placement prospects, the latest its present state; one may
-- rest on an employer of the register.
CREATE TABLE case_prospects (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    kind            TEXT NOT NULL,
    on_date         TEXT NOT NULL,
    employer_id     INTEGER REFERENCES employers (id),
    note            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    created_by      INTEGER REFERENCES users (id),
    created_by_name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_prospects_case ON case_prospects (case_id, id);
CREATE INDEX case_prospects_employer ON case_prospects (employer_id, case_id) WHERE employer_id IS NOT NULL;

-- A case's placements: into work, training or another outcome; those of
-- a counting kind are integrations, and the sponsor is told of them.
CREATE TABLE case_placements (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases (id),
    kind             TEXT NOT NULL,
    employer_id      INTEGER REFERENCES employers (id),
    job_title        TEXT NOT NULL DEFAULT '',
    start_on         TEXT NOT NULL,
    hours            INTEGER NOT NULL DEFAULT 0,
    fixed_end        TEXT,
    subsidy          TEXT NOT NULL DEFAULT 'none',
    subsidy_percent  INTEGER NOT NULL DEFAULT 0,
    subsidy_months   INTEGER NOT NULL DEFAULT 0,
    integrationsamt  INTEGER NOT NULL DEFAULT 0,
    ifd              INTEGER NOT NULL DEFAULT 0,
    note             TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    created_by       INTEGER REFERENCES users (id),
    created_by_name  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_placements_case ON case_placements (case_id, id);
CREATE INDEX case_placements_employer ON case_placements (employer_id, case_id) WHERE employer_id IS NOT NULL;
