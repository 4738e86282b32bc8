-- The exit of a participation (issue 14): its day, kind (regular or
-- early), the good cause of a dropout and the destination. The reason is
-- closed_reason, a code of teilhabe.ExitReasons, as for the other closed
-- stages.
ALTER TABLE cases ADD COLUMN exit_on DATE;
ALTER TABLE cases ADD COLUMN exit_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN exit_good_cause TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN exit_destination TEXT NOT NULL DEFAULT '';

-- Each programme keeps its own catalogue of exit reasons (codes of
-- teilhabe.ExitReasons); empty means the whole catalogue.
ALTER TABLE programmes ADD COLUMN exit_reasons TEXT NOT NULL DEFAULT '';

-- An early exit frees the place its assignment took in the year the
-- assignment started: a year's free places are places_per_year - assigned
-- + freed - pending requests.
ALTER TABLE location_year_counts ADD COLUMN freed INTEGER NOT NULL DEFAULT 0;

-- Codes a message carries beside its reason, comma-separated in the order
-- its kind names (teilhabe.Message.Codes): the exit notice's kind,
-- destination and good cause.
ALTER TABLE messages ADD COLUMN detail_codes TEXT NOT NULL DEFAULT '';
