-- The support and integration plan (issue 13): versions of a case's plan,
-- each with its barriers, goals and steps. A draft (agreed = 0) is edited
-- under its version column; an agreed version never changes again, and a
-- later change is a new draft that copies it (decision 16). A goal's and a
-- step's origin is the id it was first written as, the same in every copy,
-- so that two versions compare goal by goal. An extension request names
-- the agreed version it refers to.
CREATE TABLE case_plans (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases (id),
    number         INTEGER NOT NULL,
    agreed         INTEGER NOT NULL DEFAULT 0,
    barriers       TEXT NOT NULL DEFAULT '',
    participant_on TEXT,
    coach_on       TEXT,
    agreed_on      TEXT,
    agreed_by      TEXT NOT NULL DEFAULT '',
    review_on      TEXT,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (case_id, number)
);
-- At most one draft per case.
CREATE UNIQUE INDEX case_plans_draft ON case_plans (case_id) WHERE agreed = 0;
-- The worklist's "plan review due": agreed versions by review day.
CREATE INDEX case_plans_review ON case_plans (review_on, case_id) WHERE agreed = 1;

CREATE TABLE plan_goals (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES case_plans (id),
    origin   INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    barriers TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_goals_plan ON plan_goals (plan_id, position);

CREATE TABLE plan_steps (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES case_plans (id),
    goal_id  INTEGER NOT NULL REFERENCES plan_goals (id),
    origin   INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL,
    what     TEXT NOT NULL,
    who      TEXT NOT NULL,
    due_on   TEXT NOT NULL,
    status   TEXT NOT NULL
);
CREATE INDEX plan_steps_plan ON plan_steps (plan_id, goal_id, position);
-- The worklist's "plan steps overdue": pending steps by due day.
CREATE INDEX plan_steps_pending_due ON plan_steps (due_on, plan_id) WHERE status IN ('open', 'in_progress');

ALTER TABLE messages ADD COLUMN plan_id INTEGER REFERENCES case_plans (id);
