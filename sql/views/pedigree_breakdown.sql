-- pgbackfill.pedigree_breakdown: how each sire's, dam's and damsire's runs
-- went, condition by condition: one row per (role, entity, dimension, value)
-- for class, distance group, going, surface, race type and runner age, plus
-- an 'overall' row. Figures: runs, distinct runners, wins, distinct winners,
-- 2nds, 3rds, each-way places, win %, expected wins, A/E, level-stake P/L,
-- ROI % and IV (racing-metrics.md). Trust a row only above a minimum of runs.
-- Refreshed by pgbackfill.refresh_pedigree_breakdown().
drop materialized view if exists pgbackfill.pedigree_breakdown;

create materialized view pgbackfill.pedigree_breakdown as
with conditions as (
    -- each run once per dimension it is read by; unknown values are left out
    select fact.horse_id,
           fact.sire_id,
           fact.dam_id,
           fact.damsire_id,
           fact.is_win,
           fact.is_second,
           fact.is_third,
           coalesce(fact.position
                    between 1 and pgbackfill.each_way_places(fact.runs_in_race, fact.is_handicap),
                    false) as is_each_way_place,
           fact.sp_decimal,
           dimension.dimension,
           dimension.value
      from pgbackfill.runner_facts as fact
     cross join lateral (
         values ('overall', 'all'),
                ('class', coalesce('Class ' || fact.class_number, 'unclassified')),
                ('distance', fact.distance_group),
                ('going', fact.going),
                ('surface', fact.surface),
                ('race_type', fact.race_type),
                ('age', fact.age::text)
     ) as dimension (dimension, value)
     where dimension.value is not null
),
population as (
    -- the strike rate of every run under the condition: the IV baseline
    select dimension, value, count(*) filter (where is_win)::numeric / count(*) as strike_rate
      from conditions
     group by dimension, value
),
per_horse as (
    -- first per horse, so distinct runners and winners are plain counts after
    select role.role,
           role.entity_id,
           conditions.dimension,
           conditions.value,
           conditions.horse_id,
           count(*) as runs,
           count(*) filter (where conditions.is_win) as wins,
           count(*) filter (where conditions.is_second) as seconds,
           count(*) filter (where conditions.is_third) as thirds,
           count(*) filter (where conditions.is_each_way_place) as each_way_places,
           count(conditions.sp_decimal) as priced_runs,
           count(*) filter (where conditions.is_win and conditions.sp_decimal is not null)
               as priced_wins,
           sum(1 / conditions.sp_decimal) as expected_wins,
           sum(conditions.sp_decimal) filter (where conditions.is_win) as winning_returns
      from conditions
     cross join lateral (
         values ('sire', conditions.sire_id),
                ('dam', conditions.dam_id),
                ('damsire', conditions.damsire_id)
     ) as role (role, entity_id)
     where role.entity_id is not null
     group by role.role, role.entity_id, conditions.dimension, conditions.value, conditions.horse_id
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
      from per_horse
     group by role, entity_id, dimension, value
)
select grouped.role,
       grouped.entity_id::varchar as entity_id,
       grouped.dimension,
       grouped.value,
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
