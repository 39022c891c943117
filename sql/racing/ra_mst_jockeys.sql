-- ra_mst_jockeys: jockeys, with the statistics pgbackfill writes.
create table if not exists public.ra_mst_jockeys (id varchar primary key);

select pg_temp.racing_columns('ra_mst_jockeys', array[
    'name varchar',
    'created_at timestamp',
    'updated_at timestamp',
    'total_rides int',
    'total_wins int',
    'total_places int',
    'total_seconds int',
    'total_thirds int',
    'win_rate numeric(5,2)',
    'place_rate numeric(5,2)',
    'stats_updated_at timestamp',
    'last_ride_date date',
    'last_win_date date',
    'days_since_last_ride int',
    'days_since_last_win int',
    'recent_14d_rides int',
    'recent_14d_wins int',
    'recent_14d_win_rate numeric(5,2)',
    'recent_30d_rides int',
    'recent_30d_wins int',
    'recent_30d_win_rate numeric(5,2)'
]);
