-- ra_races: one row per race (read-only facts for pgbackfill).
-- On a database that already has the table only the missing columns are
-- added, in one quick ALTER, and no row is touched.
create table if not exists public.ra_races (id varchar primary key);

select pg_temp.racing_columns('ra_races', array[
    'course_id varchar',
    'course_name varchar',
    'date date',
    'off_time time',
    'off_dt timestamp',
    'race_name varchar',
    'region varchar',
    'type varchar',
    'surface varchar',
    'going varchar',
    'race_class varchar',
    'pattern varchar',
    'distance varchar',
    'distance_f varchar',
    'distance_m int',
    'age_band varchar',
    'rating_band varchar',
    'sex_restriction varchar',
    'prize numeric',
    'field_size int',
    'is_abandoned bool',
    'has_result bool',
    'created_at timestamp',
    'updated_at timestamp'
]);

select pg_temp.racing_index('ra_races_date_idx', 'ra_races', 'btree (date)');
