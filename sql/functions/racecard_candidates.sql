-- pgbackfill.racecard_candidates: the racecard dates that could still give
-- a location: pairs (trainer, date) where the trainer has no location,
-- neither its runner rows nor the racecards already fetched carry one, and
-- it had a runner that day, on or after the first racecard day, on a date
-- not fetched yet (and fewer than racecard_tries_per_trainer() fetched
-- racecards named it without a location). The greedy plan and its live steps both read it.
create or replace function pgbackfill.racecard_candidates(only_trainers varchar[] default null)
returns table (trainer_id varchar, racecard_date date)
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill, public
as $$
    with
    -- materialized: decided once per trainer, before the join to its runners
    missing as materialized (
        select trainer.id
          from public.ra_mst_trainers trainer
         where pgbackfill.clean_location(trainer.location) is null
           and (only_trainers is null or trainer.id = any (only_trainers))
           -- a free source is used before any call
           and not exists (select from public.ra_runners runner
                            where runner.trainer_id = trainer.id
                              and pgbackfill.clean_location(runner.trainer_location) is not null)
           and not exists (select from pgbackfill.racecard_trainers seen
                            where seen.trainer_id = trainer.id and seen.location is not null)
           -- racecards that keep naming it without a yard: stop asking
           and (select count(*) from pgbackfill.racecard_trainers seen
                 where seen.trainer_id = trainer.id)
               < pgbackfill.racecard_tries_per_trainer()
    )
    select distinct runner.trainer_id, race.date
      from missing
      join public.ra_runners runner on runner.trainer_id = missing.id
      join public.ra_races race on race.id = runner.race_id
     where race.date >= pgbackfill.racecards_first_date()
       and not exists (select from pgbackfill.racecard_fetches asked
                        where asked.racecard_date = race.date);
$$;
