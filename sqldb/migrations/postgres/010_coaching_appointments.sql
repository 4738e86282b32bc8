-- The coaching year's appointments (issue 13): a planned and a held
-- duration, the coach an appointment is booked for (the week calendar and
-- the overlap warning read it by coach and day), an address for home and
-- workplace visits, the series a repeated appointment belongs to, the
-- case module a module session belongs to, and a version for edits.
ALTER TABLE appointments ADD COLUMN minutes INTEGER NOT NULL DEFAULT 60;
ALTER TABLE appointments ADD COLUMN held_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE appointments ADD COLUMN staff_id BIGINT REFERENCES users (id);
ALTER TABLE appointments ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE appointments ADD COLUMN series_id BIGINT;
ALTER TABLE appointments ADD COLUMN case_module_id BIGINT;
ALTER TABLE appointments ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX appointments_staff_day ON appointments (staff_id, on_date, at_time);
CREATE INDEX appointments_location_day ON appointments (location_id, on_date, at_time);

-- The coaching year's programme settings: after how many days without a
-- contact a case shows as lapsed, after how many unexcused no-shows in a
-- row the sponsor gets a notice, and how often the support plan is
-- reviewed at the latest.
ALTER TABLE programmes ADD COLUMN contact_lapse_days INTEGER NOT NULL DEFAULT 14;
ALTER TABLE programmes ADD COLUMN no_show_notice INTEGER NOT NULL DEFAULT 2;
ALTER TABLE programmes ADD COLUMN review_months INTEGER NOT NULL DEFAULT 6;
