-- ra_mst_horses: one row per horse, with its sire, dam and damsire.
create table if not exists public.ra_mst_horses (id varchar primary key);

alter table public.ra_mst_horses
    add column if not exists name varchar,
    add column if not exists sire_id varchar,
    add column if not exists dam_id varchar,
    add column if not exists damsire_id varchar,
    add column if not exists dob date,
    add column if not exists age int,
    add column if not exists sex varchar,
    add column if not exists sex_code varchar,
    add column if not exists colour varchar,
    add column if not exists colour_code varchar,
    add column if not exists breeder varchar,
    add column if not exists region varchar,
    add column if not exists created_at timestamp,
    add column if not exists updated_at timestamp;

create index if not exists ra_mst_horses_sire_id_idx on public.ra_mst_horses (sire_id);
create index if not exists ra_mst_horses_dam_id_idx on public.ra_mst_horses (dam_id);
create index if not exists ra_mst_horses_damsire_id_idx on public.ra_mst_horses (damsire_id);
