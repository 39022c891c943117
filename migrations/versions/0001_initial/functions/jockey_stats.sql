-- pgbackfill.jockey_stats: every jockey's statistics as of a date, under the
-- column names of ra_mst_jockeys (all but stats_updated_at, which the
-- refresh sets). The figures come from connection_stats.
-- only_ids: just these entities (null: every jockey), reading only their runs —
-- what `pgbackfill refresh --stale` computes (refresh_stage finds this
-- overload next to the one-argument form below).
create or replace function pgbackfill.jockey_stats(as_of date, only_ids varchar[])
returns setof pgbackfill.jockey_figures
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
      from pgbackfill.connection_stats('jockey', jockey_stats.as_of, jockey_stats.only_ids) as stat
$$;

-- The one-argument form: every jockey.
create or replace function pgbackfill.jockey_stats(as_of date default current_date)
returns setof pgbackfill.jockey_figures
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    select * from pgbackfill.jockey_stats(jockey_stats.as_of, null::varchar[]);
$$;
