-- pgbackfill.locations_from_racecards: fill ra_mst_trainers.location, where
-- it is null or empty, from the racecards already fetched
-- (pgbackfill.racecard_trainers): each trainer's most recent non-empty one.
-- Records the provenance; never overwrites a location; no API call. Returns
-- the number of trainers filled.
create or replace function pgbackfill.locations_from_racecards(
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
        select distinct on (seen.trainer_id)
               seen.trainer_id, seen.location, seen.racecard_date
          from pgbackfill.racecard_trainers seen
          join public.ra_mst_trainers trainer on trainer.id = seen.trainer_id
         where seen.location is not null
           and pgbackfill.clean_location(trainer.location) is null
           and (only_trainers is null or trainer.id = any (only_trainers))
         order by seen.trainer_id, seen.racecard_date desc
    ),
    written as (
        update public.ra_mst_trainers trainer
           set location = candidates.location,
               updated_at = localtimestamp
          from candidates
         where trainer.id = candidates.trainer_id
           and pgbackfill.clean_location(trainer.location) is null
        returning trainer.id, candidates.location, candidates.racecard_date
    ),
    recorded as (
        insert into pgbackfill.trainer_location_provenance as provenance
               (trainer_id, location, source, racecard_date)
        select id, location, 'racecards', racecard_date from written
        on conflict (trainer_id) do update
           set location = excluded.location,
               source = excluded.source,
               racecard_date = excluded.racecard_date,
               written_at = now()
        returning 1
    )
    select count(*)::integer from recorded;
$$;
