-- pgbackfill.runner_facts: the runner facts, one row per run with every rule
-- applied once (pgbackfill.runner_facts_of's columns, in its order), as
-- pgbackfill.refresh_runner_facts last brought them up to date: the run
-- half (pgbackfill.run_facts) joined to its race's half
-- (pgbackfill.race_facts), with the position flags and the market's
-- expected wins (1 / SP) worked out as they are read rather than stored.
-- What users and every statistic read; the statistics that need no race
-- column cost no join: it is a left join on race_facts' key, which
-- PostgreSQL leaves out when no column of it is read.
-- Until 0006 a table of this name held all of it (tables/run_facts.sql
-- moves its rows on upgrade).
create or replace view pgbackfill.runner_facts
with (security_invoker = true)
as
select run.runner_id,
       run.race_id::varchar as race_id,
       run.race_date,
       race.course_id,
       race.course_name,
       race.region,
       race.race_type,
       race.surface,
       race.going,
       run.class_number::int as class_number,
       race.furlongs,
       race.distance_group,
       run.distance_group_f,
       race.runs_in_race,
       race.is_handicap,
       run.position,
       coalesce(run.position = 1, false) as is_win,
       coalesce(run.position = 2, false) as is_second,
       coalesce(run.position = 3, false) as is_third,
       coalesce(run.position between 1 and 3, false) as is_place,
       run.sp_decimal,
       run.horse_id::varchar as horse_id,
       run.age,
       run.jockey_id::varchar as jockey_id,
       run.trainer_id::varchar as trainer_id,
       run.owner_id::varchar as owner_id,
       run.sire_id,
       run.dam_id,
       run.damsire_id,
       run.changed_at,
       -- NULL without an SP (float8, for fast sums)
       (1 / run.sp_decimal::float8) as expected_win,
       run.travel_km
  from pgbackfill.run_facts as run
  left join pgbackfill.race_facts as race on race.race_id = run.race_id;
