-- pgbackfill.runner_facts: one row per run (pgbackfill.runs) with everything
-- the statistics read, every rule applied once: per race for the race's
-- distance, class, going, surface and type; per run for the position flags,
-- the decimal SP and the horse's pedigree (ra_mst_horses first, the runner
-- row's copy as fallback). Refreshed by pgbackfill.refresh_runner_facts();
-- the unique index on runner_id lets it refresh concurrently.
-- Dependants (pedigree_breakdown, ...) are listed after this file in the manifest.
drop materialized view if exists pgbackfill.runner_facts cascade;

create materialized view pgbackfill.runner_facts as
with race_rules as materialized (
    -- materialized: each race's distance is parsed once, not once per runner
    select race.id as race_id,
           race.course_id,
           race.course_name,
           race.region,
           pgbackfill.race_type_canonical(race.type) as race_type,
           pgbackfill.surface_canonical(race.surface) as surface,
           pgbackfill.going_canonical(race.going) as going,
           pgbackfill.class_number(race.race_class) as class_number,
           furlongs.furlongs,
           pgbackfill.distance_group(furlongs.furlongs) as distance_group,
           pgbackfill.distance_group_f(furlongs.furlongs) as distance_group_f,
           pgbackfill.is_handicap(race.race_name) as is_handicap,
           counted.runs as runs_in_race
      from public.ra_races as race
      -- runners that actually ran, per race (each-way terms, field size)
      join (select run.race_id, count(*)::int as runs
              from pgbackfill.runs as run
             group by run.race_id) as counted on counted.race_id = race.id
     cross join lateral (
         -- offset 0 keeps this a subquery: parsed once, not once per use
         select pgbackfill.race_furlongs(race.distance_f, race.distance, race.distance_m) as furlongs
         offset 0
     ) as furlongs
),
runs as (
    select run.runner_id,
           run.race_id,
           run.race_date,
           run.horse_id,
           run.jockey_id,
           run.trainer_id,
           run.owner_id,
           run.position,
           run.changed_at,
           runner.age,
           -- a price of 1.00 or less is no price (it cannot be a decimal SP)
           case when runner.starting_price_decimal > 1 then runner.starting_price_decimal end
               as sp_decimal,
           coalesce(nullif(horse.sire_id, ''), nullif(runner.sire_id, '')) as sire_id,
           coalesce(nullif(horse.dam_id, ''), nullif(runner.dam_id, '')) as dam_id,
           coalesce(nullif(horse.damsire_id, ''), nullif(runner.damsire_id, '')) as damsire_id,
           horse.updated_at as horse_changed_at
      from pgbackfill.runs as run
      join public.ra_runners as runner on runner.id = run.runner_id
      left join public.ra_mst_horses as horse on horse.id = run.horse_id
)
select runs.runner_id,
       runs.race_id,
       runs.race_date,
       race_rules.course_id,
       race_rules.course_name,
       race_rules.region,
       race_rules.race_type,
       race_rules.surface,
       race_rules.going,
       race_rules.class_number,
       race_rules.furlongs,
       race_rules.distance_group,
       race_rules.distance_group_f,
       race_rules.runs_in_race,
       race_rules.is_handicap,
       runs.position,
       coalesce(runs.position = 1, false) as is_win,
       coalesce(runs.position = 2, false) as is_second,
       coalesce(runs.position = 3, false) as is_third,
       coalesce(runs.position between 1 and 3, false) as is_place,
       runs.sp_decimal,
       runs.horse_id,
       runs.age,
       runs.jockey_id,
       runs.trainer_id,
       runs.owner_id,
       runs.sire_id,
       runs.dam_id,
       runs.damsire_id,
       -- the horse's row too: its pedigree decides whose run this is
       greatest(runs.changed_at, runs.horse_changed_at) as changed_at
  from runs
  join race_rules on race_rules.race_id = runs.race_id
with no data;

create unique index runner_facts_runner_id_idx on pgbackfill.runner_facts (runner_id);
