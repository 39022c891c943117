-- pgbackfill.apply_trainer_profile: take in one per-trainer profile answer
-- (`--source profile`): remember the trainer as asked, and fill its
-- location when it is still missing and the answer gave one. Returns 1 when
-- a location was written, else 0.
create or replace function pgbackfill.apply_trainer_profile(
    trainer_id varchar, outcome text, location text default null
)
returns integer
language plpgsql
volatile
security invoker
set search_path = pg_catalog, pgbackfill, public
as $$
declare
    cleaned text := pgbackfill.clean_location(apply_trainer_profile.location);
    filled integer;
begin
    insert into pgbackfill.trainer_profile_fetches as asked (trainer_id, outcome)
    values (apply_trainer_profile.trainer_id,
            case when apply_trainer_profile.outcome = 'ok' and cleaned is null
                 then 'no location' else apply_trainer_profile.outcome end)
    on conflict on constraint trainer_profile_fetches_pkey do update
       set outcome = excluded.outcome, fetched_at = now();

    if cleaned is null then
        return 0;
    end if;
    update public.ra_mst_trainers trainer
       set location = cleaned, updated_at = localtimestamp
     where trainer.id = apply_trainer_profile.trainer_id
       and pgbackfill.clean_location(trainer.location) is null;
    get diagnostics filled = row_count;
    if filled > 0 then
        insert into pgbackfill.trainer_location_provenance as provenance
               (trainer_id, location, source, racecard_date)
        values (apply_trainer_profile.trainer_id, cleaned, 'profile', null)
        on conflict on constraint trainer_location_provenance_pkey do update
           set location = excluded.location, source = excluded.source,
               racecard_date = null, written_at = now();
    end if;
    return filled;
end;
$$;
