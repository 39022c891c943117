-- pgbackfill.runner_facts_of: THE definition of the runner facts: one row per
-- run (pgbackfill.runs) of the given races (NULL: every race) with
-- everything the statistics read, every rule applied once: per race for the
-- race's distance, class, going, surface and type (pgbackfill.race_facts_of,
-- the race half of the rule); per run for the decimal SP, the horse's
-- pedigree and the trainer's base (pgbackfill.run_facts_of, the run half);
-- here, from the two, the position flags, the market's 1 / SP and the run's
-- travel: great-circle km from the trainer's base (the location as it
-- stands) to the course (ra_courses' coordinates); NULL when either is
-- unknown, never guessed.
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
    select run.runner_id,
           run.race_id,
           run.race_date,
           race.course_id,
           race.course_name,
           race.region,
           race.race_type,
           race.surface,
           race.going,
           race.class_number,
           race.furlongs,
           race.distance_group,
           race.distance_group_f,
           race.runs_in_race,
           race.is_handicap,
           run.position,
           coalesce(run.position = 1, false) as is_win,
           coalesce(run.position = 2, false) as is_second,
           coalesce(run.position = 3, false) as is_third,
           coalesce(run.position between 1 and 3, false) as is_place,
           run.sp_decimal,
           run.horse_id,
           run.age,
           run.jockey_id,
           run.trainer_id,
           run.owner_id,
           run.sire_id,
           run.dam_id,
           run.damsire_id,
           run.changed_at,
           -- the market's expected wins of this run (1 / SP), in float8 for
           -- fast sums; NULL without an SP
           (1 / run.sp_decimal::float8) as expected_win,
           -- the run's travel (refresh_runner_facts' first fill computes it
           -- the same way from the race half it stored)
           pgbackfill.great_circle_km(run.base_latitude, run.base_longitude,
                                      race.course_latitude, race.course_longitude)::real
               as travel_km
      from pgbackfill.run_facts_of(runner_facts_of.race_ids) as run
      -- the race half of the rule, once per race
      join pgbackfill.race_facts_of(runner_facts_of.race_ids) as race on race.race_id = run.race_id
$$;
