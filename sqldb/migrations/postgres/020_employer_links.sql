-- Links of a case to employers of the provider's register (issue 14),
-- each resting on the participant's release from confidentiality towards
-- the employer, checked when it is recorded.

-- A work trial (Arbeitserprobung, Praktikum) may take place at an
-- employer: the employer's page lists it. external_name keeps the
-- employer's name as the module's deliverer.
ALTER TABLE case_modules ADD COLUMN employer_id BIGINT REFERENCES employers (id);
CREATE INDEX case_modules_employer ON case_modules (employer_id, case_id) WHERE employer_id IS NOT NULL;

-- A contact note may record a contact with an employer about the
-- participant; it is no contact with the participant, so it does not
-- move the case's last contact.
ALTER TABLE contact_notes ADD COLUMN employer_id BIGINT REFERENCES employers (id);
CREATE INDEX contact_notes_employer ON contact_notes (employer_id, case_id) WHERE employer_id IS NOT NULL;
