-- The final report to the sponsor (issue 14): versions of a case's
-- Abschlussbericht. A draft (sent = 0) is edited under its version column;
-- sending freezes it as the version with its number, and a later
-- correction is a new draft that, once sent, is the next number
-- (decision 20). facts is the snapshot of teilhabe.FinalReportFacts
-- composed from the record when the draft was last saved, as JSON: a
-- document read whole, never queried.
CREATE TABLE final_reports (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases (id),
    number         INTEGER NOT NULL,
    sent           INTEGER NOT NULL DEFAULT 0,
    facts          TEXT NOT NULL,
    course         TEXT NOT NULL DEFAULT '',
    attendance     TEXT NOT NULL DEFAULT '',
    modules        TEXT NOT NULL DEFAULT '',
    goals          TEXT NOT NULL DEFAULT '',
    prospects      TEXT NOT NULL DEFAULT '',
    placement      TEXT NOT NULL DEFAULT '',
    follow_up      TEXT NOT NULL DEFAULT '',
    recommendation TEXT NOT NULL DEFAULT '',
    sent_at        TEXT,
    sent_by        TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (case_id, number)
);
-- At most one draft per case.
CREATE UNIQUE INDEX final_reports_draft ON final_reports (case_id) WHERE sent = 0;

-- A sent version never changes again, whatever statement tries.
CREATE TRIGGER final_reports_frozen BEFORE UPDATE ON final_reports WHEN OLD.sent = 1
BEGIN
    SELECT RAISE(ABORT, 'final report version is sent and frozen');
END;

-- The final report notice names the version it sends.
ALTER TABLE messages ADD COLUMN final_report_id INTEGER REFERENCES final_reports (id);
