-- pgbackfill.runner_features: one row per run (pgbackfill.runner_facts) with
-- what was known about its connections BEFORE its race day: point-in-time
-- features a model can be trained on without seeing the future. Built by
-- `pgbackfill features build` (pgbackfill.features_build), which stores
-- them in pgbackfill.run_features; this view adds what is worked out as it
-- is read: the run's ids from its facts (pgbackfill.run_facts: a run that
-- is no longer one has no features) and the win percentages.
--
-- Every figure counts runs on earlier dates only (same-day races excluded).
-- NULL means no history: the connection is unknown (its id is NULL) or had
-- no run on an earlier date (a breakdown: none at this class / distance);
-- a win % or A/E is never 0 from no runs.
-- Per connection: runs, wins, win_pct (wins / runs x 100, two decimals),
-- places (positions 1-3), expected_wins (sum of 1 / decimal SP over runs
-- with an SP, four decimals), ae (wins with an SP / expected_wins, two
-- decimals). The jockey's and the trainer's recent form: runs, wins and
-- win % over the 14 and 30 days ending the day before the race (0 runs once
-- there is history, NULL before).
--
-- Travel: where the trainer was based AS KNOWN ON THE RACE DAY, and how far
-- that is from this race's course. The location of a run, in order:
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
--
-- Columns, order and types are those of the table this view replaced (0006).
create or replace view pgbackfill.runner_features
with (security_invoker = true)
as
select feature.runner_id,
       fact.race_id::varchar collate "default" as race_id,
       feature.race_date,
       fact.horse_id::varchar collate "default" as horse_id,
       fact.sire_id::varchar collate "default" as sire_id,
       fact.dam_id::varchar collate "default" as dam_id,
       fact.damsire_id::varchar collate "default" as damsire_id,
       fact.jockey_id::varchar collate "default" as jockey_id,
       fact.trainer_id::varchar collate "default" as trainer_id,
       fact.owner_id::varchar collate "default" as owner_id,
       feature.horse_runs::int as horse_runs,
       feature.horse_wins::int as horse_wins,
       feature.horse_days_since_last_run::int as horse_days_since_last_run,
       feature.sire_runs,
       feature.sire_wins,
       pgbackfill.percent(feature.sire_wins, feature.sire_runs) as sire_win_pct,
       feature.sire_places,
       feature.sire_expected_wins,
       feature.sire_ae,
       feature.sire_class_runs,
       feature.sire_class_wins,
       pgbackfill.percent(feature.sire_class_wins, feature.sire_class_runs) as sire_class_win_pct,
       feature.sire_class_places,
       feature.sire_class_expected_wins,
       feature.sire_class_ae,
       feature.sire_distance_runs,
       feature.sire_distance_wins,
       pgbackfill.percent(feature.sire_distance_wins, feature.sire_distance_runs) as sire_distance_win_pct,
       feature.sire_distance_places,
       feature.sire_distance_expected_wins,
       feature.sire_distance_ae,
       feature.dam_runs,
       feature.dam_wins,
       pgbackfill.percent(feature.dam_wins, feature.dam_runs) as dam_win_pct,
       feature.dam_places,
       feature.dam_expected_wins,
       feature.dam_ae,
       feature.damsire_runs,
       feature.damsire_wins,
       pgbackfill.percent(feature.damsire_wins, feature.damsire_runs) as damsire_win_pct,
       feature.damsire_places,
       feature.damsire_expected_wins,
       feature.damsire_ae,
       feature.jockey_runs,
       feature.jockey_wins,
       pgbackfill.percent(feature.jockey_wins, feature.jockey_runs) as jockey_win_pct,
       feature.jockey_places,
       feature.jockey_expected_wins,
       feature.jockey_ae,
       feature.jockey_14d_runs::int as jockey_14d_runs,
       feature.jockey_14d_wins::int as jockey_14d_wins,
       pgbackfill.percent(feature.jockey_14d_wins, feature.jockey_14d_runs) as jockey_14d_win_pct,
       feature.jockey_30d_runs::int as jockey_30d_runs,
       feature.jockey_30d_wins::int as jockey_30d_wins,
       pgbackfill.percent(feature.jockey_30d_wins, feature.jockey_30d_runs) as jockey_30d_win_pct,
       feature.trainer_runs,
       feature.trainer_wins,
       pgbackfill.percent(feature.trainer_wins, feature.trainer_runs) as trainer_win_pct,
       feature.trainer_places,
       feature.trainer_expected_wins,
       feature.trainer_ae,
       feature.trainer_14d_runs::int as trainer_14d_runs,
       feature.trainer_14d_wins::int as trainer_14d_wins,
       pgbackfill.percent(feature.trainer_14d_wins, feature.trainer_14d_runs) as trainer_14d_win_pct,
       feature.trainer_30d_runs::int as trainer_30d_runs,
       feature.trainer_30d_wins::int as trainer_30d_wins,
       pgbackfill.percent(feature.trainer_30d_wins, feature.trainer_30d_runs) as trainer_30d_win_pct,
       feature.owner_runs,
       feature.owner_wins,
       pgbackfill.percent(feature.owner_wins, feature.owner_runs) as owner_win_pct,
       feature.owner_places,
       feature.owner_expected_wins,
       feature.owner_ae,
       feature.built_at,
       feature.trainer_travel_km,
       feature.trainer_region,
       feature.trainer_location_source
  from pgbackfill.run_features as feature
  join pgbackfill.run_facts as fact on fact.runner_id = feature.runner_id;
