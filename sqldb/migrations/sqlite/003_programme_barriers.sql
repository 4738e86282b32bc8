-- Each programme keeps its own catalogue of placement barriers (codes of
-- teilhabe.Barriers); empty means the whole catalogue.
ALTER TABLE programmes ADD COLUMN barriers TEXT NOT NULL DEFAULT '';
