-- pgbackfill.trainer_stats: every trainer's statistics as of a date, under the
-- column names of ra_mst_trainers (all but stats_updated_at, which the
-- refresh sets; and location, which is not a statistic). From connection_stats.
-- only_ids: just these entities (null: every trainer), reading only their runs —
-- what `pgbackfill refresh --stale` computes (refresh_stage finds this
-- overload next to the one-argument form below).
create or replace function pgbackfill.trainer_stats(as_of date, only_ids varchar[])
returns setof pgbackfill.trainer_figures
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

-- The one-argument form: every trainer.
create or replace function pgbackfill.trainer_stats(as_of date default current_date)
returns setof pgbackfill.trainer_figures
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    select * from pgbackfill.trainer_stats(trainer_stats.as_of, null::varchar[]);
$$;
