-- Messages keep the day they name in a typed column instead of a date
-- written into the note, every settled message has the time it was
-- settled, and the inbox's lists and the navigation's count of waiting
-- messages are served by indexes that hold the whole scope condition.
ALTER TABLE messages ADD COLUMN on_date DATE;

-- A confirmation wrote the info appointment into its note as "DD.MM.YYYY",
-- an assignment its period as "DD.MM.YYYY – DD.MM.YYYY" (the end is in
-- proposed_end already). Neither note held anything else.
UPDATE messages SET on_date = to_date(substr(note, 1, 10), 'DD.MM.YYYY'), note = ''
WHERE kind IN ('announcement_reply', 'assignment_reply') AND status = 'accepted'
  AND note ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{4}';

-- A reply is settled when it is sent.
UPDATE messages SET answered_at = created_at, answered_by = created_by WHERE awaiting = 'none' AND answered_at IS NULL;

-- Open lists (oldest first) and the count of waiting messages.
DROP INDEX messages_sponsor;
DROP INDEX messages_location;
DROP INDEX messages_provider;
CREATE INDEX messages_sponsor ON messages (sponsor_id, programme_id, awaiting, created_at, id);
CREATE INDEX messages_location ON messages (location_id, programme_id, awaiting, created_at, id);
CREATE INDEX messages_provider ON messages (provider_id, programme_id, awaiting, created_at, id);
-- Settled messages, newest first, a page at a time.
CREATE INDEX messages_sponsor_settled ON messages (sponsor_id, programme_id, awaiting, answered_at, id);
CREATE INDEX messages_location_settled ON messages (location_id, programme_id, awaiting, answered_at, id);
CREATE INDEX messages_provider_settled ON messages (provider_id, programme_id, awaiting, answered_at, id);
