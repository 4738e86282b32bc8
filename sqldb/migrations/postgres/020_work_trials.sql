-- A work trial (Arbeitserprobung, Praktikum) may take place at an employer
-- of the provider's register (issue 14): the employer's page lists it, and
-- naming the employer needs the participant's release from
-- confidentiality towards it. external_name keeps the employer's name as
-- the module's deliverer.
ALTER TABLE case_modules ADD COLUMN employer_id BIGINT REFERENCES employers (id);
CREATE INDEX case_modules_employer ON case_modules (employer_id, case_id) WHERE employer_id IS NOT NULL;
