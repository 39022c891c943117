-- ra_mst_jockeys: jockeys, with the statistics pgbackfill writes.
create table if not exists public.ra_mst_jockeys (id varchar primary key);

alter table public.ra_mst_jockeys
    add column if not exists name varchar,
    add column if not exists created_at timestamp,
    add column if not exists updated_at timestamp,
    add column if not exists total_rides int,
    add column if not exists total_wins int,
    add column if not exists total_places int,
    add column if not exists total_seconds int,
    add column if not exists total_thirds int,
    add column if not exists win_rate numeric(5,2),
    add column if not exists place_rate numeric(5,2),
    add column if not exists stats_updated_at timestamp,
    add column if not exists last_ride_date date,
    add column if not exists last_win_date date,
    add column if not exists days_since_last_ride int,
    add column if not exists days_since_last_win int,
    add column if not exists recent_14d_rides int,
    add column if not exists recent_14d_wins int,
    add column if not exists recent_14d_win_rate numeric(5,2),
    add column if not exists recent_30d_rides int,
    add column if not exists recent_30d_wins int,
    add column if not exists recent_30d_win_rate numeric(5,2);
