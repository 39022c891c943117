-- ra_mst_horses: one row per horse, with its sire, dam and damsire.
create table if not exists public.ra_mst_horses (id varchar primary key);

select pg_temp.racing_columns('ra_mst_horses', array[
    'name varchar',
    'sire_id varchar',
    'dam_id varchar',
    'damsire_id varchar',
    'dob date',
    'age int',
    'sex varchar',
    'sex_code varchar',
    'colour varchar',
    'colour_code varchar',
    'breeder varchar',
    'region varchar',
    'created_at timestamp',
    'updated_at timestamp'
]);

select pg_temp.racing_index('ra_mst_horses_sire_id_idx', 'ra_mst_horses', 'btree (sire_id)');
select pg_temp.racing_index('ra_mst_horses_dam_id_idx', 'ra_mst_horses', 'btree (dam_id)');
select pg_temp.racing_index('ra_mst_horses_damsire_id_idx', 'ra_mst_horses', 'btree (damsire_id)');
