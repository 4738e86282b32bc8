-- Initial schema. Dates are TEXT 'YYYY-MM-DD', timestamps TEXT
-- 'YYYY-MM-DD HH:MM:SS.ffffff+00:00' (UTC, fixed width, so they sort).

CREATE TABLE programmes (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE,
    region             TEXT NOT NULL,
    state              TEXT NOT NULL,
    period_start       TEXT NOT NULL,
    period_end         TEXT NOT NULL,
    places_per_year    INTEGER NOT NULL CHECK (places_per_year > 0),
    assignment_months  INTEGER NOT NULL CHECK (assignment_months > 0),
    info_deadline_kind TEXT NOT NULL,
    info_deadline_days INTEGER NOT NULL CHECK (info_deadline_days > 0),
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL
);

CREATE TABLE organisations (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    lead         INTEGER NOT NULL DEFAULT 0,
    state        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (programme_id, name)
);

CREATE TABLE locations (
    id              INTEGER PRIMARY KEY,
    provider_id     INTEGER NOT NULL REFERENCES organisations (id),
    name            TEXT NOT NULL,
    street          TEXT NOT NULL,
    postcode        TEXT NOT NULL,
    city            TEXT NOT NULL,
    state           TEXT NOT NULL,
    places_per_year INTEGER NOT NULL CHECK (places_per_year >= 0),
    features        TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    UNIQUE (provider_id, name)
);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    password_hash       TEXT NOT NULL,
    role                TEXT NOT NULL,
    programme_id        INTEGER REFERENCES programmes (id),
    organisation_id     INTEGER REFERENCES organisations (id),
    location_id         INTEGER REFERENCES locations (id),
    lang                TEXT NOT NULL DEFAULT 'de',
    active              INTEGER NOT NULL DEFAULT 1,
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);
CREATE INDEX users_organisation ON users (organisation_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    first_at     TEXT NOT NULL,
    locked_until TEXT
);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor_id     INTEGER,
    actor_name   TEXT NOT NULL,
    actor_org_id INTEGER,
    programme_id INTEGER,
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    INTEGER,
    case_id      INTEGER,
    provider_id  INTEGER,
    sponsor_id   INTEGER,
    detail       TEXT NOT NULL DEFAULT '',
    request_id   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_programme_at ON audit_log (programme_id, at);
CREATE INDEX audit_log_case ON audit_log (case_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);

CREATE TABLE persons (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    birth_date   TEXT NOT NULL,
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    street       TEXT NOT NULL DEFAULT '',
    postcode     TEXT NOT NULL DEFAULT '',
    city         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);
CREATE INDEX persons_name ON persons (programme_id, name_key, birth_date);
CREATE INDEX persons_birth ON persons (programme_id, birth_date);

CREATE TABLE cases (
    id                    INTEGER PRIMARY KEY,
    programme_id          INTEGER NOT NULL REFERENCES programmes (id),
    person_id             INTEGER NOT NULL REFERENCES persons (id),
    provider_id           INTEGER NOT NULL REFERENCES organisations (id),
    location_id           INTEGER NOT NULL REFERENCES locations (id),
    sponsor_id            INTEGER REFERENCES organisations (id),
    shared_with_sponsor   INTEGER NOT NULL DEFAULT 0,
    legal_domain          TEXT NOT NULL DEFAULT '',
    customer_number       TEXT NOT NULL DEFAULT '',
    origin                TEXT NOT NULL,
    channel               TEXT NOT NULL,
    started_by            TEXT NOT NULL,
    announcement_reason   TEXT NOT NULL DEFAULT '',
    first_contact_on      TEXT NOT NULL,
    info_due_on           TEXT NOT NULL,
    info_held_on          TEXT,
    stage                 TEXT NOT NULL,
    next_due_on           TEXT,
    closed_reason         TEXT NOT NULL DEFAULT '',
    closed_note           TEXT NOT NULL DEFAULT '',
    job_seeking           INTEGER,
    disability_kind       TEXT NOT NULL DEFAULT '',
    gdb                   INTEGER,
    proof_kind            TEXT NOT NULL DEFAULT '',
    proof_issued_on       TEXT,
    proof_valid_until     TEXT,
    proof_unlimited       INTEGER NOT NULL DEFAULT 0,
    merkzeichen           TEXT NOT NULL DEFAULT '',
    barriers              TEXT NOT NULL DEFAULT '',
    eligibility_reasons   TEXT NOT NULL DEFAULT '',
    eligibility_on        TEXT,
    contract_signed_on    TEXT,
    easy_language_copy    INTEGER NOT NULL DEFAULT 0,
    assignment_start      TEXT,
    assignment_end        TEXT,
    caseworker_id         INTEGER REFERENCES users (id),
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);
CREATE INDEX cases_location_due ON cases (location_id, next_due_on);
CREATE INDEX cases_provider_due ON cases (provider_id, next_due_on);
CREATE INDEX cases_sponsor_stage ON cases (sponsor_id, shared_with_sponsor, stage);
CREATE INDEX cases_person ON cases (person_id);
CREATE INDEX cases_customer_number ON cases (programme_id, customer_number);
CREATE INDEX cases_location_start ON cases (location_id, assignment_start);

CREATE TABLE appointments (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    at_time     TEXT NOT NULL,
    mode        TEXT NOT NULL,
    location_id INTEGER REFERENCES locations (id),
    needs       TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  INTEGER REFERENCES users (id)
);
CREATE INDEX appointments_case ON appointments (case_id, on_date);

CREATE TABLE consents (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    scope      TEXT NOT NULL,
    recipient  TEXT NOT NULL DEFAULT '',
    given_on   TEXT NOT NULL,
    revoked_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX consents_case ON consents (case_id);

CREATE TABLE messages (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    kind         TEXT NOT NULL,
    sponsor_id   INTEGER NOT NULL REFERENCES organisations (id),
    provider_id  INTEGER NOT NULL REFERENCES organisations (id),
    location_id  INTEGER NOT NULL REFERENCES locations (id),
    awaiting     TEXT NOT NULL,
    status       TEXT NOT NULL,
    reason_code  TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    proposed_end TEXT,
    created_at   TEXT NOT NULL,
    created_by   INTEGER REFERENCES users (id),
    answered_at  TEXT,
    answered_by  INTEGER REFERENCES users (id)
);
CREATE INDEX messages_sponsor ON messages (sponsor_id, awaiting, created_at);
CREATE INDEX messages_location ON messages (location_id, awaiting, created_at);
CREATE INDEX messages_provider ON messages (provider_id, awaiting, created_at);
CREATE INDEX messages_case ON messages (case_id, created_at);

CREATE TABLE case_events (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    at         TEXT NOT NULL,
    actor_id   INTEGER REFERENCES users (id),
    actor_name TEXT NOT NULL,
    kind       TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    internal   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX case_events_case ON case_events (case_id, at);
