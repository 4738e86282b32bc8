-- Programme-wide figures and capacity from counters kept with every change
-- instead of counting a million cases per page: cases per location and
-- stage, and per location and year the assignments that started and the
-- info appointments held (and held by their deadline).
CREATE TABLE location_counts (
    location_id  BIGINT NOT NULL REFERENCES locations (id),
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    stage        TEXT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (location_id, stage)
);
CREATE INDEX location_counts_programme ON location_counts (programme_id, stage);

CREATE TABLE location_year_counts (
    location_id  BIGINT NOT NULL REFERENCES locations (id),
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    year         INTEGER NOT NULL,
    assigned     INTEGER NOT NULL DEFAULT 0,
    info_held    INTEGER NOT NULL DEFAULT 0,
    info_on_time INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (location_id, year)
);
CREATE INDEX location_year_counts_programme ON location_year_counts (programme_id, year);

INSERT INTO location_counts (location_id, programme_id, stage, n)
SELECT location_id, programme_id, stage, COUNT(*) FROM cases GROUP BY location_id, programme_id, stage;

INSERT INTO location_year_counts (location_id, programme_id, year, assigned, info_held, info_on_time)
SELECT location_id, programme_id, year, SUM(assigned), SUM(info_held), SUM(info_on_time) FROM (
    SELECT location_id, programme_id, CAST(EXTRACT(YEAR FROM assignment_start) AS INTEGER) AS year,
           1 AS assigned, 0 AS info_held, 0 AS info_on_time
    FROM cases WHERE assignment_start IS NOT NULL
    UNION ALL
    SELECT location_id, programme_id, CAST(EXTRACT(YEAR FROM info_held_on) AS INTEGER), 0, 1,
           CASE WHEN info_held_on <= info_due_on THEN 1 ELSE 0 END
    FROM cases WHERE info_held_on IS NOT NULL
) AS c GROUP BY location_id, programme_id, year;

-- Overdue cases of a programme, and the waiting lists, by index.
CREATE INDEX cases_programme_due ON cases (programme_id, next_due_on);
CREATE INDEX cases_location_stage ON cases (location_id, stage);
