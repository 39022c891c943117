-- ra_runners: one row per horse per race (read-only facts for pgbackfill).
-- Idempotent: on a database that already has the table, only missing
-- columns and indexes are added and no row is touched.
create table if not exists public.ra_runners (id bigint primary key);

alter table public.ra_runners
    add column if not exists race_id varchar,
    add column if not exists horse_id varchar,
    add column if not exists horse_name varchar,
    add column if not exists jockey_id varchar,
    add column if not exists jockey_name varchar,
    add column if not exists trainer_id varchar,
    add column if not exists trainer_name varchar,
    add column if not exists owner_id varchar,
    add column if not exists owner_name varchar,
    add column if not exists sire_id varchar,
    add column if not exists dam_id varchar,
    add column if not exists damsire_id varchar,
    add column if not exists number varchar,
    add column if not exists draw varchar,
    add column if not exists age int,
    add column if not exists weight_lbs int,
    add column if not exists position int,
    add column if not exists is_scratched bool,
    add column if not exists starting_price varchar,
    add column if not exists starting_price_decimal numeric,
    add column if not exists distance_beaten varchar,
    add column if not exists overall_beaten_distance numeric,
    add column if not exists prize_won numeric,
    add column if not exists ofr int,
    add column if not exists rpr int,
    add column if not exists ts int,
    add column if not exists trainer_location varchar,
    add column if not exists created_at timestamp,
    add column if not exists updated_at timestamp,
    add column if not exists result_updated_at timestamp;

-- What the statistics join and filter on.
create index if not exists ra_runners_race_id_idx on public.ra_runners (race_id);
create index if not exists ra_runners_horse_id_idx on public.ra_runners (horse_id);
create index if not exists ra_runners_jockey_id_idx on public.ra_runners (jockey_id);
create index if not exists ra_runners_trainer_id_idx on public.ra_runners (trainer_id);
create index if not exists ra_runners_owner_id_idx on public.ra_runners (owner_id);
