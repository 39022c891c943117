-- ra_horse_pedigree: lineage, one row per horse.
create table if not exists public.ra_horse_pedigree (horse_id varchar primary key);

alter table public.ra_horse_pedigree
    add column if not exists sire_id varchar,
    add column if not exists sire varchar,
    add column if not exists dam_id varchar,
    add column if not exists dam varchar,
    add column if not exists damsire_id varchar,
    add column if not exists damsire varchar,
    add column if not exists breeder varchar,
    add column if not exists region varchar,
    add column if not exists created_at timestamp,
    add column if not exists updated_at timestamp;
