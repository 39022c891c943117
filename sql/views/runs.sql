-- pgbackfill.runs: THE definition of a run (racing-metrics.md, "What counts"),
-- used by every statistic. A run is a runner row of a race that has a result
-- and was not abandoned, where the horse was not a non-runner. Racecard rows
-- of races not yet run, abandoned races and non-runners count for nothing;
-- non-finishers (position null in a resulted race) are runs, losing ones.
create or replace view pgbackfill.runs
with (security_invoker = true)
as
select runner.id as runner_id,
       runner.race_id,
       race.date as race_date,
       runner.horse_id,
       runner.jockey_id,
       runner.trainer_id,
       runner.owner_id,
       runner.position,
       -- when this run last changed, for --stale and audit --strict
       greatest(runner.created_at, runner.updated_at, runner.result_updated_at,
                race.created_at, race.updated_at) as changed_at,
       -- what the runner facts read besides (one scan of ra_runners, not two)
       runner.age,
       runner.starting_price_decimal,
       runner.sire_id,
       runner.dam_id,
       runner.damsire_id
  from public.ra_runners as runner
  join public.ra_races as race on race.id = runner.race_id
 where race.has_result
   and not coalesce(race.is_abandoned, false)
   and not coalesce(runner.is_scratched, false);
