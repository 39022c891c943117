-- pgbackfill.trainer_stats: every trainer's statistics as of a date, under
-- the column names of ra_mst_trainers (all but stats_updated_at, which the
-- refresh sets; location is not a statistic). From connection_stats.
create or replace function pgbackfill.trainer_stats(as_of date default current_date)
returns table (
    id varchar,
    total_runners int,
    total_wins int,
    total_places int,
    total_seconds int,
    total_thirds int,
    win_rate numeric,
    place_rate numeric,
    last_runner_date date,
    last_win_date date,
    days_since_last_runner int,
    days_since_last_win int,
    recent_14d_runs int,
    recent_14d_wins int,
    recent_14d_win_rate numeric,
    recent_30d_runs int,
    recent_30d_wins int,
    recent_30d_win_rate numeric
)
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    select stat.id, stat.runs, stat.wins, stat.places, stat.seconds, stat.thirds,
           stat.win_rate, stat.place_rate, stat.last_run_date, stat.last_win_date,
           stat.days_since_last_run, stat.days_since_last_win,
           stat.recent_14d_runs, stat.recent_14d_wins, stat.recent_14d_win_rate,
           stat.recent_30d_runs, stat.recent_30d_wins, stat.recent_30d_win_rate
      from pgbackfill.connection_stats('trainer', trainer_stats.as_of) as stat
$$;

-- The same for just the given entities (only_ids), reading only their runs:
-- what `pgbackfill refresh --stale` computes (refresh_stage finds this
-- overload next to the one-argument function).
create or replace function pgbackfill.trainer_stats(as_of date, only_ids varchar[])
returns table (
    id varchar,
    total_runners int,
    total_wins int,
    total_places int,
    total_seconds int,
    total_thirds int,
    win_rate numeric,
    place_rate numeric,
    last_runner_date date,
    last_win_date date,
    days_since_last_runner int,
    days_since_last_win int,
    recent_14d_runs int,
    recent_14d_wins int,
    recent_14d_win_rate numeric,
    recent_30d_runs int,
    recent_30d_wins int,
    recent_30d_win_rate numeric
)
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    select stat.id, stat.runs, stat.wins, stat.places, stat.seconds, stat.thirds,
           stat.win_rate, stat.place_rate, stat.last_run_date, stat.last_win_date,
           stat.days_since_last_run, stat.days_since_last_win,
           stat.recent_14d_runs, stat.recent_14d_wins, stat.recent_14d_win_rate,
           stat.recent_30d_runs, stat.recent_30d_wins, stat.recent_30d_win_rate
      from pgbackfill.connection_stats('trainer', trainer_stats.as_of, trainer_stats.only_ids) as stat
$$;
