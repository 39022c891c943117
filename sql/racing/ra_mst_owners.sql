-- ra_mst_owners: owners, with the statistics pgbackfill writes.
create table if not exists public.ra_mst_owners (id varchar primary key);

select pg_temp.racing_columns('ra_mst_owners', array[
    'name varchar',
    'created_at timestamp',
    'updated_at timestamp',
    'total_runners int',
    'total_wins int',
    'total_places int',
    'total_seconds int',
    'total_thirds int',
    'win_rate numeric(5,2)',
    'place_rate numeric(5,2)',
    'stats_updated_at timestamp',
    'last_runner_date date',
    'last_win_date date',
    'days_since_last_runner int',
    'days_since_last_win int',
    'recent_14d_runs int',
    'recent_14d_wins int',
    'recent_14d_win_rate numeric(5,2)',
    'recent_30d_runs int',
    'recent_30d_wins int',
    'recent_30d_win_rate numeric(5,2)',
    'total_horses int'
]);
