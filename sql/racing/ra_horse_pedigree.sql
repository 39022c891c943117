-- ra_horse_pedigree: lineage, one row per horse.
create table if not exists public.ra_horse_pedigree (horse_id varchar primary key);

select pg_temp.racing_columns('ra_horse_pedigree', array[
    'sire_id varchar',
    'sire varchar',
    'dam_id varchar',
    'dam varchar',
    'damsire_id varchar',
    'damsire varchar',
    'breeder varchar',
    'region varchar',
    'created_at timestamp',
    'updated_at timestamp'
]);
