-- pgbackfill.runner_location_candidates: for each trainer without a
-- location (only those in only_trainers when given), the most recent
-- non-empty trainer_location its runner rows carry, and that race's day.
create or replace function pgbackfill.runner_location_candidates(
    only_trainers varchar[] default null
)
returns table (trainer_id varchar, location varchar, race_date date)
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill, public
as $$
    select distinct on (runner.trainer_id)
           runner.trainer_id,
           pgbackfill.clean_location(runner.trainer_location),
           race.date
      from public.ra_mst_trainers trainer
      join public.ra_runners runner on runner.trainer_id = trainer.id
      left join public.ra_races race on race.id = runner.race_id
     where pgbackfill.clean_location(trainer.location) is null
       and pgbackfill.clean_location(runner.trainer_location) is not null
       and (only_trainers is null or trainer.id = any (only_trainers))
     -- most recent race first; a runner row without its race comes last
     order by runner.trainer_id, race.date desc nulls last,
              runner.updated_at desc nulls last, runner.id desc;
$$;
