-- The audit log records the actor's role at the time of the action: the
-- data protection officer reads it next to the name, and a role changes
-- over an account's life. Entries written before keep an empty role rather
-- than a guess from the account's role today.
ALTER TABLE audit_log ADD COLUMN actor_role TEXT NOT NULL DEFAULT '';

-- The officer filters the log by account.
CREATE INDEX audit_log_actor_name_at ON audit_log (actor_name, at);
