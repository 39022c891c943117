-- pgbackfill.features_plan: the race days a `features build` covers, as
-- (first_day, last_day); no row when there is nothing to build. With stale,
-- from the first stale day (pgbackfill.features_stale_from) to the last day
-- there is; otherwise from_date .. to_date, each defaulting to the first /
-- last day of the runs; and the first stale day, for pgbackfill.features_begin
-- (found once: it reads every run).
drop function if exists pgbackfill.features_plan(date, date, bool);
create or replace function pgbackfill.features_plan(from_date date, to_date date, stale bool)
returns table (first_day date, last_day date, stale_from date)
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    with bounds as (
        -- from the run half: through the view a min or max reads every run
        select (select min(facts.race_date) from pgbackfill.run_facts as facts) as first_run_day,
               -- a built day whose runs are all gone must be visited to be emptied
               greatest((select max(facts.race_date) from pgbackfill.run_facts as facts),
                        (select max(day.race_date) from pgbackfill.feature_days as day))
                   as last_known_day,
               pgbackfill.features_stale_from() as stale_from
    ),
    planned as (
        select case when stale then bounds.stale_from
                    else coalesce(from_date, bounds.first_run_day) end as first_day,
               case when stale then bounds.last_known_day
                    else coalesce(to_date, bounds.last_known_day) end as last_day,
               bounds.stale_from
          from bounds
    )
    select planned.first_day, planned.last_day, planned.stale_from
      from planned
     where planned.first_day <= planned.last_day;
$$;
