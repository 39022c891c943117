-- pgbackfill.race_facts_of: the race half of the runner facts' rule (one row
-- per race of the given races (NULL: every race) that has runs,
-- pgbackfill.runs): the race's distance in furlongs and its group, class,
-- going, surface, race type and handicap flag, each rule applied once per
-- race; the runs it counts (each-way terms, field size); and the course's
-- coordinates (the runs' travel). pgbackfill.runner_facts_of joins it to
-- each run; pgbackfill.race_facts keeps it as a table, so that a race's
-- columns are stored once and not once per runner (revision 0006).
--
-- Inlinable (plain SQL, stable, no SET clause; every name schema-qualified),
-- so the caller's race filter reaches the scans. The rules sit in a
-- subquery PostgreSQL does not flatten (offset 0; it once was a grouping by
-- every column, which cost a hash of every race): a race's distance is
-- parsed once, not once per runner, when a caller joins the runs to it.
-- Each rule is a lateral subquery of its inputs alone, so the planner can
-- keep its results by input (a Memoize node): the racing columns hold a few
-- dozen goings, classes and types and a few thousand distances, and the
-- rules' regular expressions then run once per value, not once per race
-- (137,000 races: 2.0 s -> 1.2 s). Where the planner expects too many
-- distinct values to cache, each race's rules are worked out as before.
create or replace function pgbackfill.race_facts_of(race_ids varchar[])
returns table (
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
    course_latitude double precision,
    course_longitude double precision
)
language sql
stable
parallel safe
security invoker
as $$
    select race.race_id,
           race.race_date,
           race.course_id,
           race.course_name,
           race.region,
           race.race_type,
           race.surface,
           race.going,
           race.class_number,
           race.furlongs,
           pgbackfill.distance_group(race.furlongs) as distance_group,
           pgbackfill.distance_group_f(race.furlongs) as distance_group_f,
           race.runs_in_race,
           race.is_handicap,
           race.course_latitude,
           race.course_longitude
      from (select race.id as race_id,
                   race.date as race_date,
                   race.course_id,
                   race.course_name,
                   race.region,
                   race_type.value as race_type,
                   surface.value as surface,
                   going.value as going,
                   class.value as class_number,
                   furlongs.value as furlongs,
                   handicap.value as is_handicap,
                   counted.runs as runs_in_race,
                   course.latitude::float8 as course_latitude,
                   course.longitude::float8 as course_longitude
              from public.ra_races as race
              left join public.ra_courses as course on course.id = race.course_id
              -- runners that actually ran, per race (each-way terms, field size)
              join (select run.race_id, count(*)::int as runs
                      from pgbackfill.runs as run
                     where race_facts_of.race_ids is null or run.race_id = any (race_facts_of.race_ids)
                     group by run.race_id) as counted on counted.race_id = race.id
              -- the rules, each of its own inputs (offset 0: not folded into
              -- the select list, where nothing could cache them)
             cross join lateral (select pgbackfill.race_type_canonical(race.type) as value offset 0) as race_type
             cross join lateral (select pgbackfill.surface_canonical(race.surface) as value offset 0) as surface
             cross join lateral (select pgbackfill.going_canonical(race.going) as value offset 0) as going
             cross join lateral (select pgbackfill.class_number(race.race_class) as value offset 0) as class
             cross join lateral (select pgbackfill.race_furlongs(race.distance_f, race.distance, race.distance_m)
                                        as value offset 0) as furlongs
             cross join lateral (select pgbackfill.is_handicap(race.race_name) as value offset 0) as handicap
             where race_facts_of.race_ids is null or race.id = any (race_facts_of.race_ids)
             -- a subquery PostgreSQL plans on its own (offset 0): joined to
             -- the runs, its rules are still worked out once per race
            offset 0) as race
$$;
