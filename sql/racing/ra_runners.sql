-- ra_runners: one row per horse per race (read-only facts for pgbackfill).
-- Idempotent: on a database that already has the table, only missing
-- columns and indexes are added and no row is touched.
create table if not exists public.ra_runners (id bigint primary key);

select pg_temp.racing_columns('ra_runners', array[
    'race_id varchar',
    'horse_id varchar',
    'horse_name varchar',
    'jockey_id varchar',
    'jockey_name varchar',
    'trainer_id varchar',
    'trainer_name varchar',
    'owner_id varchar',
    'owner_name varchar',
    'sire_id varchar',
    'dam_id varchar',
    'damsire_id varchar',
    'number varchar',
    'draw varchar',
    'age int',
    'weight_lbs int',
    'position int',
    'is_scratched bool',
    'starting_price varchar',
    'starting_price_decimal numeric',
    'distance_beaten varchar',
    'overall_beaten_distance numeric',
    'prize_won numeric',
    'ofr int',
    'rpr int',
    'ts int',
    'trainer_location varchar',
    'created_at timestamp',
    'updated_at timestamp',
    'result_updated_at timestamp'
]);

-- What the statistics join and filter on.
select pg_temp.racing_index('ra_runners_race_id_idx', 'ra_runners', 'btree (race_id)');
select pg_temp.racing_index('ra_runners_horse_id_idx', 'ra_runners', 'btree (horse_id)');
select pg_temp.racing_index('ra_runners_jockey_id_idx', 'ra_runners', 'btree (jockey_id)');
select pg_temp.racing_index('ra_runners_trainer_id_idx', 'ra_runners', 'btree (trainer_id)');
select pg_temp.racing_index('ra_runners_owner_id_idx', 'ra_runners', 'btree (owner_id)');
