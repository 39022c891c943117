-- ra_races: one row per race (read-only facts for pgbackfill).
-- Idempotent: on a database that already has the table, only missing
-- columns are added and no row is touched.
create table if not exists public.ra_races (id varchar primary key);

alter table public.ra_races
    add column if not exists course_id varchar,
    add column if not exists course_name varchar,
    add column if not exists date date,
    add column if not exists off_time time,
    add column if not exists off_dt timestamp,
    add column if not exists race_name varchar,
    add column if not exists region varchar,
    add column if not exists type varchar,
    add column if not exists surface varchar,
    add column if not exists going varchar,
    add column if not exists race_class varchar,
    add column if not exists pattern varchar,
    add column if not exists distance varchar,
    add column if not exists distance_f varchar,
    add column if not exists distance_m int,
    add column if not exists age_band varchar,
    add column if not exists rating_band varchar,
    add column if not exists sex_restriction varchar,
    add column if not exists prize numeric,
    add column if not exists field_size int,
    add column if not exists is_abandoned bool,
    add column if not exists has_result bool,
    add column if not exists created_at timestamp,
    add column if not exists updated_at timestamp;

create index if not exists ra_races_date_idx on public.ra_races (date);
