-- pgbackfill.race_facts: the race half of the runner facts
-- (pgbackfill.race_facts_of) kept as a table, one row per race with runs:
-- what every run of the race shares (course, region, race type, surface,
-- going, class, distance and its group, the runs it counts, handicap or
-- not), stored once per race instead of once per runner. The view
-- pgbackfill.runner_facts joins it to pgbackfill.run_facts, the run half.
-- pgbackfill.refresh_runner_facts writes both, in the same transaction.
-- Columns in race_facts_of's order, less the course's coordinates (the runs'
-- travel is computed with them and stored per run).
create table if not exists pgbackfill.race_facts (
    race_id varchar collate "C" primary key,
    race_date date not null,
    course_id varchar,
    course_name varchar,
    region varchar,
    race_type text,
    surface text,
    going text,
    class_number int,
    furlongs numeric,
    distance_group text,
    distance_group_f int,
    runs_in_race int,
    is_handicap boolean
);
