-- pgbackfill.runner_features: one row per run (pgbackfill.runner_facts) with
-- what was known about its connections BEFORE its race day: point-in-time
-- features a model can be trained on without seeing the future. Built by
-- `pgbackfill features build` (pgbackfill.features_build).
--
-- Every figure counts runs on earlier dates only (same-day races excluded).
-- NULL means no history: the connection is unknown (its id is NULL) or had
-- no run on an earlier date (a breakdown: none at this class / distance);
-- a win % or A/E is never 0 from no runs.
-- Per connection: runs, wins, win_pct (wins / runs x 100, two decimals),
-- places (positions 1-3), expected_wins (sum of 1 / decimal SP over runs
-- with an SP), ae (wins with an SP / expected_wins, two decimals).
create table if not exists pgbackfill.runner_features (
    runner_id bigint primary key,
    race_id varchar not null,
    race_date date not null,
    horse_id varchar,
    sire_id varchar,
    dam_id varchar,
    damsire_id varchar,
    jockey_id varchar,
    trainer_id varchar,
    owner_id varchar,
    -- the horse itself
    horse_runs int,
    horse_wins int,
    horse_days_since_last_run int,
    -- the sire: all runs, at this race's class, at this race's distance group
    sire_runs int,
    sire_wins int,
    sire_win_pct numeric,
    sire_places int,
    sire_expected_wins numeric,
    sire_ae numeric,
    sire_class_runs int,
    sire_class_wins int,
    sire_class_win_pct numeric,
    sire_class_places int,
    sire_class_expected_wins numeric,
    sire_class_ae numeric,
    sire_distance_runs int,
    sire_distance_wins int,
    sire_distance_win_pct numeric,
    sire_distance_places int,
    sire_distance_expected_wins numeric,
    sire_distance_ae numeric,
    dam_runs int,
    dam_wins int,
    dam_win_pct numeric,
    dam_places int,
    dam_expected_wins numeric,
    dam_ae numeric,
    damsire_runs int,
    damsire_wins int,
    damsire_win_pct numeric,
    damsire_places int,
    damsire_expected_wins numeric,
    damsire_ae numeric,
    -- the jockey: all runs, then the 14 and 30 days ending the day before
    jockey_runs int,
    jockey_wins int,
    jockey_win_pct numeric,
    jockey_places int,
    jockey_expected_wins numeric,
    jockey_ae numeric,
    jockey_14d_runs int,
    jockey_14d_wins int,
    jockey_14d_win_pct numeric,
    jockey_30d_runs int,
    jockey_30d_wins int,
    jockey_30d_win_pct numeric,
    trainer_runs int,
    trainer_wins int,
    trainer_win_pct numeric,
    trainer_places int,
    trainer_expected_wins numeric,
    trainer_ae numeric,
    trainer_14d_runs int,
    trainer_14d_wins int,
    trainer_14d_win_pct numeric,
    trainer_30d_runs int,
    trainer_30d_wins int,
    trainer_30d_win_pct numeric,
    owner_runs int,
    owner_wins int,
    owner_win_pct numeric,
    owner_places int,
    owner_expected_wins numeric,
    owner_ae numeric,
    built_at timestamptz not null default now()
);

-- Travel (issue 14, added in 0004, hence after built_at on every install):
-- where the trainer was based AS KNOWN ON THE RACE DAY, and how far that is
-- from this race's course. The location of a run, in order:
--   1. this run's own runner row (ra_runners.trainer_location: where the
--      trainer was based on this very racecard) when it says anything;
--   2. else ra_mst_trainers.location, if pgbackfill wrote it (a
--      pgbackfill.trainer_location_provenance row recording this location):
--      only for runs on or after the day it was observed (the provenance's
--      racecard_date, or written_at's day when that is NULL), NULL before;
--   3. else ra_mst_trainers.location as the upstream wrote it (no provenance,
--      or one recording another location, i.e. changed since pgbackfill
--      wrote it): when it was written is unknown, so it counts for every run.
-- A trainer who moved yards thus gets each racecard's own yard where the
-- runner rows carry one, and the master row's otherwise.
-- trainer_travel_km: great-circle km (pgbackfill.great_circle_km) from the
--   base of that location (pgbackfill.trainer_base) to the course
--   (ra_courses), one decimal; NULL without a location known that day,
--   when the base does not resolve, or the course has no coordinates.
-- trainer_region: the base's region (England's nine, Wales, Scotland,
--   Northern Ireland, Ireland's four provinces); NULL likewise, but known
--   without the course's coordinates.
-- trainer_location_source: which rule gave the location: 'runner' (1),
--   'pgbackfill' (2), 'upstream' (3: time unknown; drop these runs for a
--   model that must never assume); NULL when no location was known that day.
alter table pgbackfill.runner_features
    add column if not exists trainer_travel_km numeric,
    add column if not exists trainer_region text,
    add column if not exists trainer_location_source text;

-- Batches replace whole date ranges; exports select date ranges.
create index if not exists runner_features_race_date_idx
    on pgbackfill.runner_features (race_date);
