-- pgbackfill.course_records: every jockey's, trainer's or owner's (role)
-- record at each course where they have run, as of a date: runs, wins,
-- places, win and place %, A/E over the runs with an SP, level-stake P/L,
-- IV against every run at that course, first and last run there.
--   select * from pgbackfill.course_records('jockey')
--    where course_name = 'Chester' and runs >= 10 order by iv desc;
create or replace function pgbackfill.course_records(role text, as_of date default current_date)
returns table (
    id varchar,
    name varchar,
    course_id varchar,
    course_name varchar,
    runs int,
    wins int,
    places int,
    win_rate numeric,
    place_rate numeric,
    sp_runs int,
    ae numeric,
    level_stake_pl numeric,
    iv numeric,
    last_run_date date,
    last_win_date date
)
language plpgsql
stable
security invoker
set search_path = pg_catalog, pgbackfill, public
set jit = off
as $$
#variable_conflict use_column
begin
    if role is null or role not in ('jockey', 'trainer', 'owner') then
        raise exception 'unknown connection role %: expected jockey, trainer or owner',
            coalesce(role, 'NULL') using errcode = 'invalid_parameter_value';
    end if;
    if as_of is null then
        raise exception 'the as-of date must not be NULL' using errcode = 'invalid_parameter_value';
    end if;

    return query
    with tally as (
        -- per entity and course, and (entity_id grouped away) every run at the course
        select run.course_id,
               run.entity_id,
               grouping(run.entity_id) = 1 as is_course,
               max(run.course_name)::varchar as course_name,
               count(*) as runs,
               count(*) filter (where run.is_win) as wins,
               count(*) filter (where run.is_place) as places,
               count(run.sp_decimal) as sp_runs,
               count(*) filter (where run.is_win and run.sp_decimal is not null) as sp_wins,
               sum(1 / run.sp_decimal) as expected_wins,
               coalesce(sum(run.sp_decimal) filter (where run.is_win), 0) as sp_returns,
               max(run.race_date) as last_run_date,
               max(run.race_date) filter (where run.is_win) as last_win_date
          from pgbackfill.connection_runs(course_records.role, course_records.as_of) as run
         where run.course_id is not null
         group by grouping sets ((run.course_id, run.entity_id), (run.course_id))
    )
    select entity.id,
           entity.name,
           stat.course_id,
           course.course_name,
           stat.runs::int,
           stat.wins::int,
           stat.places::int,
           pgbackfill.percent(stat.wins, stat.runs),
           pgbackfill.percent(stat.places, stat.runs),
           stat.sp_runs::int,
           pgbackfill.actual_to_expected(stat.sp_wins, stat.expected_wins),
           case when stat.sp_runs > 0 then round(stat.sp_returns - stat.sp_runs, 2) end,
           pgbackfill.impact_value(stat.wins, stat.runs, course.wins, course.runs),
           stat.last_run_date,
           stat.last_win_date
      from tally as stat
      join pgbackfill.connection_entities(course_records.role) as entity
        on entity.id = stat.entity_id
      join tally as course
        on course.course_id = stat.course_id and course.is_course
     where not stat.is_course
     order by entity.id, course.course_name;
end
$$;
