-- Locations get a version, so that two people editing places or features
-- cannot overwrite each other.
ALTER TABLE locations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
