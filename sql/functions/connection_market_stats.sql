-- pgbackfill.connection_market_stats: how every jockey, trainer or owner
-- (role) did against the market and the field as of a date, over all their
-- runs and over the last 30 and 14 days: one row per entity and period
-- ('all', '30d', '14d'). Runs, wins, win %, A/E over the runs with an SP,
-- level-stake P/L (1 unit at SP on every run with an SP) and its ROI %, and
-- IV against every run of the same period.
--   select * from pgbackfill.connection_market_stats('trainer', '2024-06-01')
--    where period = '30d' and runs >= 20 order by ae desc;
create or replace function pgbackfill.connection_market_stats(
    role text, as_of date default current_date
)
returns table (
    id varchar,
    name varchar,
    period text,
    runs int,
    wins int,
    win_rate numeric,
    sp_runs int,
    expected_wins numeric,
    ae numeric,
    level_stake_pl numeric,
    roi numeric,
    iv numeric
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
    with period as (
        -- days = NULL: every run up to the as-of date
        select period.name, period.days
          from (values ('all', null::int), ('30d', 30), ('14d', 14)) as period (name, days)
    ),
    run as (
        -- each run once per period it falls in (as_of - days < race date)
        select period.name as period,
               run.entity_id,
               run.is_win,
               run.sp_decimal
          from pgbackfill.connection_runs(connection_market_stats.role,
                                          connection_market_stats.as_of) as run
          join period
            on period.days is null or run.race_date > connection_market_stats.as_of - period.days
    ),
    -- per entity and period, and (entity_id grouped away) the population
    tally as (
        select run.period,
               run.entity_id,
               grouping(run.entity_id) = 1 as is_population,
               count(*) as runs,
               count(*) filter (where run.is_win) as wins,
               count(run.sp_decimal) as sp_runs,
               count(*) filter (where run.is_win and run.sp_decimal is not null) as sp_wins,
               sum(1 / run.sp_decimal) as expected_wins,
               -- what 1 unit on each run with an SP returned, stakes included
               coalesce(sum(run.sp_decimal) filter (where run.is_win), 0) as sp_returns
          from run
         group by grouping sets ((run.period, run.entity_id), (run.period))
    ),
    population as (
        select tally.period, tally.runs, tally.wins from tally where tally.is_population
    )
    select entity.id,
           entity.name,
           period.name,
           coalesce(stat.runs, 0)::int,
           coalesce(stat.wins, 0)::int,
           pgbackfill.percent(stat.wins, stat.runs),
           coalesce(stat.sp_runs, 0)::int,
           round(stat.expected_wins, 2),
           pgbackfill.actual_to_expected(stat.sp_wins, stat.expected_wins),
           case when stat.sp_runs > 0 then round(stat.sp_returns - stat.sp_runs, 2) end,
           pgbackfill.percent(stat.sp_returns - stat.sp_runs, stat.sp_runs),
           pgbackfill.impact_value(stat.wins, stat.runs, population.wins, population.runs)
      from pgbackfill.connection_entities(connection_market_stats.role) as entity
     cross join period
      left join tally as stat
        on stat.entity_id = entity.id and stat.period = period.name and not stat.is_population
      left join population on population.period = period.name
     order by entity.id, period.days desc nulls first;
end
$$;
