-- ra_mst_owners: owners, with the statistics pgbackfill writes.
create table if not exists public.ra_mst_owners (id varchar primary key);

alter table public.ra_mst_owners
    add column if not exists name varchar,
    add column if not exists created_at timestamp,
    add column if not exists updated_at timestamp,
    add column if not exists total_runners int,
    add column if not exists total_wins int,
    add column if not exists total_places int,
    add column if not exists total_seconds int,
    add column if not exists total_thirds int,
    add column if not exists win_rate numeric(5,2),
    add column if not exists place_rate numeric(5,2),
    add column if not exists stats_updated_at timestamp,
    add column if not exists last_runner_date date,
    add column if not exists last_win_date date,
    add column if not exists days_since_last_runner int,
    add column if not exists days_since_last_win int,
    add column if not exists recent_14d_runs int,
    add column if not exists recent_14d_wins int,
    add column if not exists recent_14d_win_rate numeric(5,2),
    add column if not exists recent_30d_runs int,
    add column if not exists recent_30d_wins int,
    add column if not exists recent_30d_win_rate numeric(5,2),
    add column if not exists total_horses int;
