-- pgbackfill.master_fingerprints: a fingerprint of each master row the
-- runner facts read besides the races and runners (those have
-- pgbackfill.race_fingerprints), by kind:
--   'horse'   each ra_mst_horses row's version (xmin and ctid, as for races
--             and runners): its pedigree decides whose runs its runs are;
--   'trainer' each trainer's location, the only column the facts read (its
--             base, for the runs' travel): not the row version, which every
--             statistics refresh moves;
--   'course'  each course's coordinates (the runs' travel).
-- A master whose fingerprint moved (written, deleted, added) moves the
-- races of its runs. with_horses => false leaves out the horses (the
-- incremental pass, which finds them by their timestamps). No horse rows when their row versions cannot be read
-- (pgbackfill.racing_table): the caller then recomputes every run.
create or replace function pgbackfill.master_fingerprints(with_horses boolean default true)
returns table (kind text, id varchar, fingerprint bigint)
language plpgsql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
declare
    horses constant regclass := pgbackfill.racing_table('ra_mst_horses');
begin
    if horses is not null and master_fingerprints.with_horses then
        return query execute format($sql$
            select 'horse', horse.id::varchar, pg_catalog.hash_record_extended(row(horse.xmin, horse.ctid), 0)
              from %s as horse
        $sql$, horses);
    end if;
    return query
    select 'trainer', trainer.id::varchar, pg_catalog.hashtextextended(trainer.location, 0)
      from public.ra_mst_trainers as trainer
     where trainer.location is not null
    union all
    select 'course', course.id::varchar,
           pg_catalog.hash_record_extended(row(course.latitude, course.longitude), 0)
      from public.ra_courses as course;
end;
$$;
