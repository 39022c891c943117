-- pgbackfill.owner_stats: every owner's statistics as of a date, under the
-- column names of ra_mst_owners (all but stats_updated_at, which the refresh
-- sets), total_horses being the distinct horses that ran. From
-- connection_stats.
-- only_ids: just these entities (null: every owner), reading only their runs —
-- what `pgbackfill refresh --stale` computes (refresh_stage finds this
-- overload next to the one-argument form below).
create or replace function pgbackfill.owner_stats(as_of date, only_ids varchar[])
returns setof pgbackfill.owner_figures
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    select stat.id, stat.runs, stat.wins, stat.places, stat.seconds, stat.thirds,
           stat.win_rate, stat.place_rate, stat.last_run_date, stat.last_win_date,
           stat.days_since_last_run, stat.days_since_last_win,
           stat.recent_14d_runs, stat.recent_14d_wins, stat.recent_14d_win_rate,
           stat.recent_30d_runs, stat.recent_30d_wins, stat.recent_30d_win_rate,
           stat.total_horses
      from pgbackfill.connection_stats('owner', owner_stats.as_of, owner_stats.only_ids) as stat
$$;

-- The one-argument form: every owner.
create or replace function pgbackfill.owner_stats(as_of date default current_date)
returns setof pgbackfill.owner_figures
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    select * from pgbackfill.owner_stats(owner_stats.as_of, null::varchar[]);
$$;
