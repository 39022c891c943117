-- pgbackfill.reset_trainer_locations: undo what the tool wrote: set back to
-- null each location pgbackfill wrote that still holds the value it wrote
-- (a location someone changed since is left alone), and forget the
-- provenance. With forget_fetches, also forget every racecard date and
-- profile asked, so the next run asks the API again. Returns the number of
-- locations reset.
create or replace function pgbackfill.reset_trainer_locations(forget_fetches boolean default false)
returns integer
language plpgsql
volatile
security invoker
set search_path = pg_catalog, pgbackfill, public
as $$
declare
    reset_count integer;
begin
    update public.ra_mst_trainers trainer
       set location = null, updated_at = localtimestamp
      from pgbackfill.trainer_location_provenance provenance
     where provenance.trainer_id = trainer.id
       and trainer.location is not distinct from provenance.location;
    get diagnostics reset_count = row_count;

    delete from pgbackfill.trainer_location_provenance;
    if forget_fetches then
        delete from pgbackfill.racecard_fetches;  -- racecard_trainers cascade
        delete from pgbackfill.trainer_profile_fetches;
    end if;
    return reset_count;
end;
$$;
