-- pgbackfill.locations_from_runners: fill ra_mst_trainers.location, where it
-- is null or empty, with each trainer's most recent non-empty
-- ra_runners.trainer_location; record the provenance. Never overwrites a
-- location. Returns the number of trainers filled.
create or replace function pgbackfill.locations_from_runners(
    only_trainers varchar[] default null
)
returns integer
language sql
volatile
security invoker
set search_path = pg_catalog, pgbackfill, public
as $$
    with
    candidates as (
        select * from pgbackfill.runner_location_candidates(only_trainers)
    ),
    written as (
        update public.ra_mst_trainers trainer
           set location = candidates.location,
               updated_at = localtimestamp
          from candidates
         where trainer.id = candidates.trainer_id
           -- checked again at write time: another writer may have filled it
           and pgbackfill.clean_location(trainer.location) is null
        returning trainer.id, candidates.location, candidates.race_date
    ),
    recorded as (
        insert into pgbackfill.trainer_location_provenance as provenance
               (trainer_id, location, source, racecard_date)
        select id, location, 'runners', race_date from written
        on conflict (trainer_id) do update
           set location = excluded.location,
               source = excluded.source,
               racecard_date = excluded.racecard_date,
               written_at = now()
        returning 1
    )
    select count(*)::integer from recorded;
$$;
