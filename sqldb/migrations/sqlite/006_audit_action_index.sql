-- The data protection officer's start page lists recent account changes
-- that grant case access; an index by action finds them without reading the
-- programme's whole log.
CREATE INDEX audit_log_action_at ON audit_log (action, at);
