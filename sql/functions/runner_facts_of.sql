-- pgbackfill.runner_facts_of: THE definition of the runner facts: one row per
-- run (pgbackfill.runs) of the given races (NULL: every race) with
-- everything the statistics read, every rule applied once: per race for the
-- race's distance, class, going, surface and type (pgbackfill.race_facts_of,
-- the race half of the rule); per run for the position
-- flags, the decimal SP (and its 1 / SP), the horse's pedigree
-- (ra_mst_horses first, the runner row's copy as fallback) and the run's
-- travel: great-circle km from the trainer's base (pgbackfill.trainer_base
-- of ra_mst_trainers.location, the location as it stands) to the course
-- (ra_courses' coordinates); NULL when either is unknown, never guessed.
-- pgbackfill.runner_facts_source is this for every race, and
-- pgbackfill.race_facts and pgbackfill.run_facts keep it, read back through
-- the view pgbackfill.runner_facts (refresh_runner_facts).
--
-- A function rather than the view itself so that the daily pass's race
-- filter reaches both the runs and the per-race rules (a filter on a view's
-- output would reach only one side: `= any` does not propagate across a
-- join). Inlinable (plain SQL, stable, no SET clause; every name
-- schema-qualified), so the caller's planner sees the query with the races
-- as constants. The per-race rules come grouped by race, which PostgreSQL
-- does not flatten: a race's distance is parsed once, not once per runner.
-- Stored, the two halves are pgbackfill.race_facts and pgbackfill.run_facts;
-- pgbackfill.runner_facts joins them back into these columns.
--
-- A new column changes the function's row type: the view over it goes
-- first (views/runner_facts_source.sql comes next and makes it again).
drop view if exists pgbackfill.runner_facts_source;
drop function if exists pgbackfill.runner_facts_of(varchar[]);

create or replace function pgbackfill.runner_facts_of(race_ids varchar[])
returns table (
    runner_id bigint,
    race_id varchar,
    race_date date,
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
    is_handicap boolean,
    "position" int,
    is_win boolean,
    is_second boolean,
    is_third boolean,
    is_place boolean,
    sp_decimal numeric,
    horse_id varchar,
    age int,
    jockey_id varchar,
    trainer_id varchar,
    owner_id varchar,
    sire_id text,
    dam_id text,
    damsire_id text,
    changed_at timestamp,
    expected_win double precision,
    travel_km real
)
language sql
stable
parallel safe
security invoker
as $$
    with race_rules as (
        -- the race half of the rule, once per race (pgbackfill.race_facts_of)
        select * from pgbackfill.race_facts_of(runner_facts_of.race_ids)
    ),
    runs as (
        select run.runner_id,
               run.race_id,
               run.race_date,
               run.horse_id,
               run.jockey_id,
               run.trainer_id,
               run.owner_id,
               run.position,
               run.changed_at,
               run.age,
               -- a price of 1.00 or less is no price (it cannot be a decimal SP)
               case when run.starting_price_decimal > 1 then run.starting_price_decimal end
                   as sp_decimal,
               coalesce(nullif(horse.sire_id, ''), nullif(run.sire_id, '')) as sire_id,
               coalesce(nullif(horse.dam_id, ''), nullif(run.dam_id, '')) as dam_id,
               coalesce(nullif(horse.damsire_id, ''), nullif(run.damsire_id, '')) as damsire_id,
               horse.updated_at as horse_changed_at,
               base.latitude as base_latitude,
               base.longitude as base_longitude
          from pgbackfill.runs as run
          left join public.ra_mst_horses as horse on horse.id = run.horse_id
          -- the trainer's base, once per trainer
          left join (select trainer.id, found.latitude, found.longitude
                       from public.ra_mst_trainers as trainer
                      cross join lateral pgbackfill.trainer_base(trainer.location) as found
                      where found.latitude is not null) as base on base.id = run.trainer_id
         where runner_facts_of.race_ids is null or run.race_id = any (runner_facts_of.race_ids)
    )
    select runs.runner_id,
           runs.race_id,
           runs.race_date,
           race_rules.course_id,
           race_rules.course_name,
           race_rules.region,
           race_rules.race_type,
           race_rules.surface,
           race_rules.going,
           race_rules.class_number,
           race_rules.furlongs,
           race_rules.distance_group,
           race_rules.distance_group_f,
           race_rules.runs_in_race,
           race_rules.is_handicap,
           runs.position,
           coalesce(runs.position = 1, false) as is_win,
           coalesce(runs.position = 2, false) as is_second,
           coalesce(runs.position = 3, false) as is_third,
           coalesce(runs.position between 1 and 3, false) as is_place,
           runs.sp_decimal,
           runs.horse_id,
           runs.age,
           runs.jockey_id,
           runs.trainer_id,
           runs.owner_id,
           runs.sire_id,
           runs.dam_id,
           runs.damsire_id,
           -- the horse's row too: its pedigree decides whose run this is
           greatest(runs.changed_at, runs.horse_changed_at) as changed_at,
           -- the market's expected wins of this run (1 / SP), in float8 for
           -- fast sums; NULL without an SP
           (1 / runs.sp_decimal::float8) as expected_win,
           pgbackfill.great_circle_km(runs.base_latitude, runs.base_longitude,
                                      race_rules.course_latitude, race_rules.course_longitude)::real
               as travel_km
      from runs
      join race_rules on race_rules.race_id = runs.race_id
$$;
