-- pgbackfill.trainer_location_gaps: every trainer still without a location,
-- and why. has_source is true while pgbackfill locations can still fill it
-- (runner rows or fetched racecards carry one, or racecard dates are left
-- to fetch); false when no source can: such trainers are reported and
-- counted apart, never retried.
create or replace view pgbackfill.trainer_location_gaps
with (security_invoker = true)
as
with
missing as (
    select trainer.id as trainer_id, trainer.name
      from public.ra_mst_trainers trainer
     where pgbackfill.clean_location(trainer.location) is null
),
runner_days as (
    select missing.trainer_id,
           count(runner.id) as runners,
           max(race.date) as last_runner_date,
           bool_or(pgbackfill.clean_location(runner.trainer_location) is not null)
               as runner_has_location
      from missing
      left join public.ra_runners runner on runner.trainer_id = missing.trainer_id
      left join public.ra_races race on race.id = runner.race_id
     group by missing.trainer_id
),
racecard_days as (
    select missing.trainer_id,
           count(distinct race.date) as racecard_dates,
           count(distinct race.date) filter (where asked.racecard_date is null) as dates_to_fetch,
           count(distinct race.date) filter (where asked.outcome <> 'ok') as dates_unavailable
      from missing
      join public.ra_runners runner on runner.trainer_id = missing.trainer_id
      join public.ra_races race on race.id = runner.race_id
      left join pgbackfill.racecard_fetches asked on asked.racecard_date = race.date
     where race.date >= pgbackfill.racecards_first_date()
     group by missing.trainer_id
),
fetched as (
    select seen.trainer_id,
           bool_or(seen.location is not null) as has_location,
           count(*) as racecards_seen
      from pgbackfill.racecard_trainers seen
     group by seen.trainer_id
),
classified as (
    select missing.trainer_id,
           missing.name,
           runner_days.runners,
           runner_days.last_runner_date,
           coalesce(racecard_days.racecard_dates, 0) as racecard_dates,
           coalesce(racecard_days.dates_to_fetch, 0) as dates_to_fetch,
           case
               when runner_days.runner_has_location then 'runner rows carry it'
               when fetched.has_location then 'fetched racecards carry it'
               when fetched.racecards_seen >= pgbackfill.racecard_tries_per_trainer()
                   then 'racecards give no location'
               when racecard_days.dates_to_fetch > 0 then 'racecards to fetch'
               when runner_days.runners = 0 then 'no runner at all'
               when coalesce(racecard_days.racecard_dates, 0) = 0 then 'no runner since 2023-01-23'
               when racecard_days.dates_unavailable = racecard_days.racecard_dates
                   then 'racecards unavailable (404/422/undecodable)'
               else 'racecards give no location'
           end as reason
      from missing
      join runner_days using (trainer_id)
      left join racecard_days using (trainer_id)
      left join fetched using (trainer_id)
)
select trainer_id, name, reason,
       reason in ('runner rows carry it', 'fetched racecards carry it', 'racecards to fetch')
           as has_source,
       runners, last_runner_date, racecard_dates, dates_to_fetch
  from classified;
