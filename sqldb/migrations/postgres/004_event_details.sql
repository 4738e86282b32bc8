-- Timeline events keep their details in typed columns instead of one text
-- in a small prefix language ("code:…", "codes:…:…", dates as text): a note
-- whose text began with "code:" was shown as a catalogue label.
ALTER TABLE case_events ADD COLUMN detail_text TEXT NOT NULL DEFAULT '';
ALTER TABLE case_events ADD COLUMN detail_on DATE;
ALTER TABLE case_events ADD COLUMN detail_until DATE;
ALTER TABLE case_events ADD COLUMN detail_time TEXT NOT NULL DEFAULT '';
ALTER TABLE case_events ADD COLUMN detail_codes TEXT NOT NULL DEFAULT '';

-- "code:<catalogue>.<code>", written only by these kinds.
UPDATE case_events SET detail_codes = substr(detail, strpos(detail, '.') + 1)
WHERE kind IN ('first_contact', 'announcement_declined', 'consent_given', 'consent_revoked', 'assignment_refused', 'withdrawn')
  AND detail LIKE 'code:%';
-- "codes:ineligible:<a>,<b>".
UPDATE case_events SET detail_codes = substr(detail, length('codes:ineligible:') + 1)
WHERE kind = 'not_eligible' AND detail LIKE 'codes:ineligible:%';
-- Free text: a note, or the sponsor's name.
UPDATE case_events SET detail_text = detail
WHERE kind IN ('note', 'announced', 'assignment_requested', 'waiting_list');
-- "DD.MM.YYYY", "DD.MM.YYYY HH:MM" or "DD.MM.YYYY – DD.MM.YYYY".
UPDATE case_events SET detail_on = to_date(substr(detail, 1, 10), 'DD.MM.YYYY')
WHERE kind IN ('info_booked', 'info_rebooked', 'info_held', 'info_no_show', 'info_cancelled',
               'first_booked', 'first_rebooked', 'first_held', 'first_no_show', 'first_cancelled',
               'contract_signed', 'assigned', 'extension_requested', 'extension_accepted')
  AND detail ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{4}';
UPDATE case_events SET detail_time = substr(detail, 12, 5)
WHERE kind IN ('info_booked', 'info_rebooked', 'first_booked', 'first_rebooked') AND length(detail) = 16;
UPDATE case_events SET detail_until = to_date(substr(detail, 14, 10), 'DD.MM.YYYY')
WHERE kind = 'assigned' AND length(detail) = 23;

ALTER TABLE case_events DROP COLUMN detail;
