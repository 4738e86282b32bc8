-- Attendance of the coaching year (issue 13): one recorded type per day
-- and case (eM@w accepts one event type a day), and the monthly attendance
-- messages as sent, which never change: their days are a copy, not a view
-- of the appointments.
CREATE TABLE attendance_days (
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    on_date    TEXT NOT NULL,
    day_type   TEXT NOT NULL,
    auto       INTEGER NOT NULL DEFAULT 0, -- recorded by a no-show, not by a person
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    PRIMARY KEY (case_id, on_date)
);

CREATE TABLE attendance_reports (
    id                    INTEGER PRIMARY KEY,
    case_id               INTEGER NOT NULL REFERENCES cases (id),
    month                 TEXT NOT NULL, -- its first day
    held                  INTEGER NOT NULL,
    held_minutes          INTEGER NOT NULL,
    no_show               INTEGER NOT NULL,
    cancelled_participant INTEGER NOT NULL,
    cancelled_provider    INTEGER NOT NULL,
    sent_at               TEXT NOT NULL,
    sent_by               INTEGER REFERENCES users (id),
    UNIQUE (case_id, month)
);

CREATE TABLE attendance_report_days (
    report_id    INTEGER NOT NULL REFERENCES attendance_reports (id),
    on_date      TEXT NOT NULL,
    day_type     TEXT NOT NULL, -- '' for a day with cancellations only
    held         INTEGER NOT NULL,
    held_minutes INTEGER NOT NULL,
    no_show      INTEGER NOT NULL,
    cancelled    INTEGER NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (report_id, on_date)
);

