-- pgbackfill.connection_stats: the stored statistics of every jockey, trainer
-- or owner (role) as they stood on the as-of date (racing-metrics.md): run,
-- win, place, 2nd and 3rd totals; win and place %; last run and last win
-- dates and the days since them; runs, wins and win % over the last 14 and
-- 30 days (as_of - N days < race date <= as_of); distinct horses (owners).
-- One row per entity of the role's master table: an entity without runs gets
-- zero counts and NULL rates, dates and days. jockey_stats, trainer_stats and
-- owner_stats give these columns their tables' names. only_ids (NULL: all)
-- narrows the work to those entities and their runs (the runner facts'
-- index on the role's column), for `refresh --stale`.
drop function if exists pgbackfill.connection_stats(text, date);

create or replace function pgbackfill.connection_stats(
    role text,
    as_of date default current_date,
    only_ids varchar[] default null
)
returns table (
    id varchar,
    runs int,
    wins int,
    places int,
    seconds int,
    thirds int,
    win_rate numeric,
    place_rate numeric,
    last_run_date date,
    last_win_date date,
    days_since_last_run int,
    days_since_last_win int,
    recent_14d_runs int,
    recent_14d_wins int,
    recent_14d_win_rate numeric,
    recent_30d_runs int,
    recent_30d_wins int,
    recent_30d_win_rate numeric,
    total_horses int
)
language plpgsql
stable
security invoker
set search_path = pg_catalog, pgbackfill, public
-- JIT compiling spends more (~0.5 s) than the query it speeds up
-- work_mem: the session's (pgbackfill --work-mem), never raised here
set jit = off
-- always plan with this call's role and ids as constants (never generic)
set plan_cache_mode = force_custom_plan
-- restored when the call ends, whatever the body sets (below)
set enable_hashagg = on
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

    -- The owners (about one per 30 runs, so their groups outgrow work_mem as
    -- the data grows) are grouped by sorting, which streams to disk at a
    -- cost that grows with the runs: 1.77 s at 1.24M runs, 9.22 s at 6.2M
    -- (hashing, which spills: 1.89 s and 9.85 s, less steady; medians of 3
    -- side by side at the 16MB default). Jockeys and trainers (a few
    -- thousand) are hashed in memory.
    if role = 'owner' then
        perform pg_catalog.set_config('enable_hashagg', 'off', true);
    end if;

    -- Static SQL: plpgsql plans it with the role and the date as constants,
    -- so the role folds to one runner column, the master tables of the other
    -- roles drop out, and the horse grouping folds away unless role = 'owner'.
    return query
    with run as not materialized (
        -- the runs of this role up to the as-of date
        select run.entity_id,
               run.horse_id,
               run.race_date,
               run.is_win,
               run.is_place,
               run.is_second,
               run.is_third,
               -- the recent windows: as_of - N days < race date <= as_of
               run.race_date > connection_stats.as_of - 14 as in_14d,
               run.race_date > connection_stats.as_of - 30 as in_30d
          from pgbackfill.connection_runs(connection_stats.role, connection_stats.as_of) as run
         where run.entity_id is not null
           and (connection_stats.only_ids is null or run.entity_id = any (connection_stats.only_ids))
    ),
    per_horse as (
        -- first per entity and horse for owners (total_horses: the distinct
        -- horses that ran), per entity alone for the other roles (the horse
        -- folds to NULL): one aggregation of the runs, whose groups are about
        -- a tenth of them, rather than one per entity and a second of every
        -- (entity, horse) pair (half the time at 1.24M runs and at 6.2M)
        select run.entity_id,
               case when connection_stats.role = 'owner' then run.horse_id end as horse_id,
               count(*) as runs,
               count(*) filter (where run.is_win) as wins,
               count(*) filter (where run.is_place) as places,
               count(*) filter (where run.is_second) as seconds,
               count(*) filter (where run.is_third) as thirds,
               max(run.race_date) as last_run_date,
               max(run.race_date) filter (where run.is_win) as last_win_date,
               count(*) filter (where run.in_14d) as runs_14d,
               count(*) filter (where run.in_14d and run.is_win) as wins_14d,
               count(*) filter (where run.in_30d) as runs_30d,
               count(*) filter (where run.in_30d and run.is_win) as wins_30d
          from run
         group by run.entity_id, 2
    ),
    per_entity as (
        select grouped.entity_id,
               sum(grouped.runs) as runs,
               sum(grouped.wins) as wins,
               sum(grouped.places) as places,
               sum(grouped.seconds) as seconds,
               sum(grouped.thirds) as thirds,
               max(grouped.last_run_date) as last_run_date,
               max(grouped.last_win_date) as last_win_date,
               sum(grouped.runs_14d) as runs_14d,
               sum(grouped.wins_14d) as wins_14d,
               sum(grouped.runs_30d) as runs_30d,
               sum(grouped.wins_30d) as wins_30d,
               -- a run without a horse id is no horse
               count(grouped.horse_id) as horses
          from per_horse as grouped
         group by grouped.entity_id
    )
    -- every entity of the master table, with or without runs
    select entity.id,
           coalesce(stat.runs, 0)::int,
           coalesce(stat.wins, 0)::int,
           coalesce(stat.places, 0)::int,
           coalesce(stat.seconds, 0)::int,
           coalesce(stat.thirds, 0)::int,
           pgbackfill.percent(stat.wins, stat.runs),
           pgbackfill.percent(stat.places, stat.runs),
           stat.last_run_date,
           stat.last_win_date,
           connection_stats.as_of - stat.last_run_date,
           connection_stats.as_of - stat.last_win_date,
           coalesce(stat.runs_14d, 0)::int,
           coalesce(stat.wins_14d, 0)::int,
           pgbackfill.percent(stat.wins_14d, stat.runs_14d),
           coalesce(stat.runs_30d, 0)::int,
           coalesce(stat.wins_30d, 0)::int,
           pgbackfill.percent(stat.wins_30d, stat.runs_30d),
           coalesce(stat.horses, 0)::int
      from pgbackfill.connection_entities(connection_stats.role) as entity
      left join per_entity as stat on stat.entity_id = entity.id
     where connection_stats.only_ids is null or entity.id = any (connection_stats.only_ids);
end
$$;
