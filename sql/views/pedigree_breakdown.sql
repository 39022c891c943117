-- pgbackfill.pedigree_breakdown: how each sire's, dam's and damsire's runs
-- went, condition by condition: one row per (role, entity, dimension, value)
-- for class, distance group, going, surface, race type and runner age, plus
-- an 'overall' row. Figures: runs, distinct runners, wins, distinct winners,
-- 2nds, 3rds, each-way places, win %, expected wins, A/E, level-stake P/L,
-- ROI % and IV (racing-metrics.md). Trust a row only above a minimum of runs.
-- Refreshed by pgbackfill.refresh_pedigree_breakdown() (`refresh --table
-- breakdown`). Replacing the definition keeps its rows: a view that held
-- rows is filled again here (a minute at 1.3M runs), one that held none
-- stays empty.
select pg_catalog.set_config(
    'pgbackfill.breakdown_was_populated',
    coalesce((select view.ispopulated::text from pg_catalog.pg_matviews as view
               where view.schemaname = 'pgbackfill' and view.matviewname = 'pedigree_breakdown'),
             -- or what the migration that dropped it with the facts' old table
             -- (tables/run_facts.sql, 0006) found
             nullif(pg_catalog.current_setting('pgbackfill.breakdown_was_populated', true), ''),
             'false'),
    true);
drop materialized view if exists pgbackfill.pedigree_breakdown;

create materialized view pgbackfill.pedigree_breakdown as
with runs as (
    -- what each run adds, worked out once per run (not once per dimension)
    -- ids and values are grouped and sorted bytewise (collate "C": several
    -- times cheaper than the database's collation); the output restores it
    select fact.horse_id collate "C" as horse_id,
           fact.sire_id collate "C" as sire_id,
           fact.dam_id collate "C" as dam_id,
           fact.damsire_id collate "C" as damsire_id,
           fact.is_win,
           fact.is_second,
           fact.is_third,
           coalesce(fact.position
                    between 1 and pgbackfill.each_way_places(fact.runs_in_race, fact.is_handicap),
                    false) as is_each_way_place,
           fact.sp_decimal,
           1 / fact.sp_decimal as expected_win,
           case when fact.is_win then fact.sp_decimal end as winning_return,
           coalesce('Class ' || fact.class_number, 'unclassified') collate "C" as class,
           fact.distance_group collate "C" as distance_group,
           fact.going collate "C" as going,
           fact.surface collate "C" as surface,
           fact.race_type collate "C" as race_type,
           fact.age::text collate "C" as age
      from pgbackfill.runner_facts as fact
    -- in horse order, so the per-horse grouping below sorts each horse's
    -- few rows instead of 8.7M (about 30 s less at 1.3M runs)
     order by 1
    -- offset 0: computed here, before each run is repeated per dimension
    offset 0
),
conditions as (
    -- each run once per dimension it is read by; unknown values are left out
    select runs.*, dimension.dimension, dimension.value
      from runs
     cross join lateral (
         values ('overall', 'all'),
                ('class', runs.class),
                ('distance', runs.distance_group),
                ('going', runs.going),
                ('surface', runs.surface),
                ('race_type', runs.race_type),
                ('age', runs.age)
     ) as dimension (dimension, value)
     where dimension.value is not null
),
per_horse as (
    -- first per horse (with its pedigree) and condition: a horse's runs are
    -- then credited to its sire, dam and damsire in a few rows, not per run
    select conditions.horse_id,
           conditions.sire_id,
           conditions.dam_id,
           conditions.damsire_id,
           conditions.dimension,
           conditions.value,
           count(*) as runs,
           count(*) filter (where conditions.is_win) as wins,
           count(*) filter (where conditions.is_second) as seconds,
           count(*) filter (where conditions.is_third) as thirds,
           count(*) filter (where conditions.is_each_way_place) as each_way_places,
           count(conditions.sp_decimal) as priced_runs,
           count(*) filter (where conditions.is_win and conditions.sp_decimal is not null)
               as priced_wins,
           sum(conditions.expected_win) as expected_wins,
           sum(conditions.winning_return) as winning_returns
      from conditions
     group by conditions.horse_id, conditions.sire_id, conditions.dam_id, conditions.damsire_id,
              conditions.dimension, conditions.value
),
population as (
    -- the strike rate of every run under the condition: the IV baseline
    select dimension, value, sum(wins)::numeric / sum(runs) as strike_rate
      from per_horse
     group by dimension, value
),
credited as not materialized (
    -- each horse's figures under each condition, credited to its sire, dam
    -- and damsire
    select role.role,
           role.entity_id,
           per_horse.*
      from per_horse
     cross join lateral (
         values ('sire', per_horse.sire_id),
                ('dam', per_horse.dam_id),
                ('damsire', per_horse.damsire_id)
     ) as role (role, entity_id)
     where role.entity_id is not null
),
mixed_horses as (
    -- horses whose runs carry more than one pedigree (runner-row copies
    -- that disagree, with no master row): the only ones that can appear
    -- twice under one entity and condition
    select distinct_pedigrees.horse_id
      from (select distinct fact.horse_id collate "C" as horse_id, fact.sire_id, fact.dam_id,
                            fact.damsire_id
              from pgbackfill.runner_facts as fact) as distinct_pedigrees
     group by distinct_pedigrees.horse_id
    having count(*) > 1
),
per_entity_horse as (
    -- one row per entity, condition and horse, so distinct runners and
    -- winners are plain counts after: already so but for the mixed horses,
    -- whose rows are merged here (a few, instead of regrouping every row)
    select credited.role, credited.entity_id, credited.dimension, credited.value,
           credited.horse_id, credited.runs, credited.wins, credited.seconds, credited.thirds,
           credited.each_way_places, credited.priced_runs, credited.priced_wins,
           credited.expected_wins, credited.winning_returns
      from credited
     where credited.horse_id not in (select mixed_horses.horse_id from mixed_horses)
    union all
    select credited.role, credited.entity_id, credited.dimension, credited.value,
           credited.horse_id, sum(credited.runs), sum(credited.wins), sum(credited.seconds),
           sum(credited.thirds), sum(credited.each_way_places), sum(credited.priced_runs),
           sum(credited.priced_wins), sum(credited.expected_wins), sum(credited.winning_returns)
      from credited
     where credited.horse_id in (select mixed_horses.horse_id from mixed_horses)
     group by credited.role, credited.entity_id, credited.dimension, credited.value,
              credited.horse_id
),
grouped as (
    select role, entity_id, dimension, value,
           sum(runs)::int as runs,
           count(*)::int as runners,
           sum(wins)::int as wins,
           (count(*) filter (where wins > 0))::int as winners,
           sum(seconds)::int as seconds,
           sum(thirds)::int as thirds,
           sum(each_way_places)::int as each_way_places,
           sum(priced_runs) as priced_runs,
           sum(priced_wins) as priced_wins,
           sum(expected_wins) as expected_wins,
           -- level stakes over priced runs: returns of the winners less one unit a run
           coalesce(sum(winning_returns), 0) - sum(priced_runs) as profit
      from per_entity_horse
     group by role, entity_id, dimension, value
)
select grouped.role,
       grouped.entity_id::varchar collate "default" as entity_id,
       grouped.dimension,
       grouped.value collate "default" as value,
       grouped.runs,
       grouped.runners,
       grouped.wins,
       grouped.winners,
       grouped.seconds,
       grouped.thirds,
       grouped.each_way_places,
       round(grouped.wins * 100.0 / grouped.runs, 2) as win_percent,
       round(grouped.expected_wins, 2) as expected_wins,
       round(grouped.priced_wins / grouped.expected_wins, 2) as ae,
       case when grouped.priced_runs > 0 then round(grouped.profit, 2) end as profit,
       round(grouped.profit * 100.0 / nullif(grouped.priced_runs, 0), 2) as roi_percent,
       round(grouped.wins::numeric / grouped.runs / nullif(population.strike_rate, 0), 2) as iv
  from grouped
  join population using (dimension, value)
with no data;

create unique index pedigree_breakdown_key_idx
    on pgbackfill.pedigree_breakdown (role, entity_id, dimension, value);

do $refill$
begin
    if pg_catalog.current_setting('pgbackfill.breakdown_was_populated', true) = 'true' then
        -- the one refresh (functions are installed before views)
        perform pgbackfill.refresh_pedigree_breakdown();
    end if;
end
$refill$;
