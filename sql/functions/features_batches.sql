-- pgbackfill.features_batches: the race days first_day .. last_day cut into
-- consecutive date ranges of about batch_runs runs each (whole days; a
-- range covers the days without runs up to the next one), in date order.
create or replace function pgbackfill.features_batches(first_day date, last_day date, batch_runs int)
returns table (from_date date, to_date date, runs bigint)
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    with days as (
        select facts.race_date, count(*) as runs
          from pgbackfill.runner_facts as facts
         where facts.race_date between first_day and last_day
         group by facts.race_date
    ),
    numbered as (
        -- a day starts a new batch when the runs before it fill whole batches
        select days.race_date, days.runs,
               (sum(days.runs) over (order by days.race_date) - days.runs)::bigint
                   / greatest(batch_runs, 1) as batch
          from days
    ),
    batches as (
        select max(numbered.race_date) as last_run_day, sum(numbered.runs)::bigint as runs
          from numbered
         group by numbered.batch
    ),
    ranges as (
        select coalesce(lag(batches.last_run_day) over (order by batches.last_run_day) + 1, first_day)
                   as from_date,
               batches.last_run_day as to_date,
               batches.runs
          from batches
    )
    select ranges.from_date,
           -- the last range runs to last_day (days emptied of their runs too)
           case when ranges.to_date = max(ranges.to_date) over () then last_day
                else ranges.to_date end,
           ranges.runs
      from ranges
    union all
    -- no runs in the whole range: one empty batch empties it
    select first_day, last_day, 0
     where not exists (select from days)
     order by 1;
$$;
