-- ra_courses: one row per course, `id` the course_id of ra_races, with its
-- coordinates (WGS84 decimal degrees; the upstream added them in its
-- migration 021). Read-only for pgbackfill: a database that has the table
-- keeps it as it is (rows, extra columns) and only gains the columns it
-- lacks, in one quick ALTER; an empty database gets it empty (`pgbackfill
-- seed` fills it with the synthetic courses). On the upstream's renamed
-- layout (ra_mst_courses) layout.sql has already made ra_courses a view of
-- it, and any missing column is added to ra_mst_courses.
create table if not exists public.ra_courses (id varchar primary key);

select pg_temp.racing_columns('ra_courses', array[
    'name varchar',
    'region_code varchar',
    'region varchar',
    'latitude numeric',
    'longitude numeric',
    'created_at timestamp',
    'updated_at timestamp'
]);
