-- pgbackfill.pedigree_stats: every sire's, dam's or damsire's statistics in
-- one set-based pass over pgbackfill.runner_facts (role 'sire' | 'dam' |
-- 'damsire'). One row per entity of the role's table, entities without runs
-- included (totals 0, rates NULL). Definitions: racing-metrics.md and issue 3;
-- min_runs is the smallest sample a best class/distance may come from.
create or replace function pgbackfill.pedigree_stats(role text, min_runs int default 5)
returns setof pgbackfill.pedigree_figures
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill, public
-- the grouping sets hash a few hundred thousand groups: keep them in memory
set work_mem = '256MB'
as $$
with entities as (
    -- every entity of the role's table, so those without runs get a row too
    select sire.id from public.ra_mst_sires as sire where pedigree_stats.role = 'sire'
    union all
    select dam.id from public.ra_mst_dams as dam where pedigree_stats.role = 'dam'
    union all
    select damsire.id from public.ra_mst_damsires as damsire where pedigree_stats.role = 'damsire'
),
entity_runs as (
    -- each run credited to the role's entity (a damsire's runs: its daughters' foals')
    select case pedigree_stats.role
               when 'sire' then fact.sire_id
               when 'dam' then fact.dam_id
               when 'damsire' then fact.damsire_id
           end as entity_id,
           fact.class_number,
           fact.distance_group_f,
           fact.is_win,
           fact.is_second,
           fact.is_third,
           fact.sp_decimal
      from pgbackfill.runner_facts as fact
),
grouped as (
    -- one scan, three hash groupings: overall, by class, by distance group
    select entity_id,
           class_number,
           distance_group_f,
           -- 3 = overall, 1 = by class, 2 = by distance (a set bit = column rolled up)
           grouping(class_number, distance_group_f) as grain,
           count(*)::int as runs,
           (count(*) filter (where is_win))::int as wins,
           (count(*) filter (where is_second))::int as seconds,
           (count(*) filter (where is_third))::int as thirds,
           -- A/E counts only runs with an SP, on both sides
           (count(*) filter (where is_win and sp_decimal is not null))::int as priced_wins,
           -- in float8: a numeric sum's state per group made this aggregation
           -- several times larger; read back rounded to 12 decimals (see rated)
           sum(1 / sp_decimal::float8) as expected_wins,
           -- runs with SP, class and distance all known (data quality)
           (count(*) filter (where sp_decimal is not null and class_number is not null
                               and distance_group_f is not null))::int as complete_runs
      from entity_runs
     where entity_id is not null
     group by grouping sets ((entity_id),
                             (entity_id, class_number),
                             (entity_id, distance_group_f))
),
rated as (
    select grouped.entity_id,
           grouped.class_number,
           grouped.distance_group_f,
           grouped.grain,
           grouped.runs,
           grouped.wins,
           grouped.seconds,
           grouped.thirds,
           grouped.complete_runs,
           round(wins * 100.0 / runs, 2) as win_percent,
           -- 12 decimals: the float sum's last-bit noise gone, every real
           -- figure kept (an SP has at most 2 decimals, a run's 1/SP <= 1)
           round(priced_wins / round(expected_wins::numeric, 12), 2) as ae,
           -- a best class/distance needs the sample, a win and a price
           runs >= pedigree_stats.min_runs and wins > 0 and expected_wins is not null as qualifies
      from grouped
),
ranked_classes as (
    -- most runs first; ties: more wins, then the better (lower) class
    select rated.*,
           'Class ' || class_number as name,
           row_number() over (partition by entity_id
                              order by runs desc, wins desc, class_number) as by_runs,
           row_number() over (partition by entity_id
                              order by qualifies desc, ae desc nulls last, wins desc, class_number) as by_ae
      from rated
     where grain = 1 and class_number is not null
),
ranked_distances as (
    -- most runs first; ties: more wins, then the shorter distance
    select rated.*,
           pgbackfill.distance_group(distance_group_f) as name,
           row_number() over (partition by entity_id
                              order by runs desc, wins desc, distance_group_f) as by_runs,
           row_number() over (partition by entity_id
                              order by qualifies desc, ae desc nulls last, wins desc, distance_group_f) as by_ae
      from rated
     where grain = 2 and distance_group_f is not null
),
class_slots as (
    select entity_id,
           max(name) filter (where by_runs = 1) as name_1,
           max(runs) filter (where by_runs = 1) as runs_1,
           max(wins) filter (where by_runs = 1) as wins_1,
           max(win_percent) filter (where by_runs = 1) as win_percent_1,
           max(ae) filter (where by_runs = 1) as ae_1,
           max(name) filter (where by_runs = 2) as name_2,
           max(runs) filter (where by_runs = 2) as runs_2,
           max(wins) filter (where by_runs = 2) as wins_2,
           max(win_percent) filter (where by_runs = 2) as win_percent_2,
           max(ae) filter (where by_runs = 2) as ae_2,
           max(name) filter (where by_runs = 3) as name_3,
           max(runs) filter (where by_runs = 3) as runs_3,
           max(wins) filter (where by_runs = 3) as wins_3,
           max(win_percent) filter (where by_runs = 3) as win_percent_3,
           max(ae) filter (where by_runs = 3) as ae_3,
           max(name) filter (where by_ae = 1 and qualifies) as best,
           max(ae) filter (where by_ae = 1 and qualifies) as best_ae
      from ranked_classes
     where by_runs <= 3 or by_ae = 1
     group by entity_id
),
distance_slots as (
    select entity_id,
           max(name) filter (where by_runs = 1) as name_1,
           max(runs) filter (where by_runs = 1) as runs_1,
           max(wins) filter (where by_runs = 1) as wins_1,
           max(win_percent) filter (where by_runs = 1) as win_percent_1,
           max(ae) filter (where by_runs = 1) as ae_1,
           max(name) filter (where by_runs = 2) as name_2,
           max(runs) filter (where by_runs = 2) as runs_2,
           max(wins) filter (where by_runs = 2) as wins_2,
           max(win_percent) filter (where by_runs = 2) as win_percent_2,
           max(ae) filter (where by_runs = 2) as ae_2,
           max(name) filter (where by_runs = 3) as name_3,
           max(runs) filter (where by_runs = 3) as runs_3,
           max(wins) filter (where by_runs = 3) as wins_3,
           max(win_percent) filter (where by_runs = 3) as win_percent_3,
           max(ae) filter (where by_runs = 3) as ae_3,
           max(name) filter (where by_ae = 1 and qualifies) as best,
           max(ae) filter (where by_ae = 1 and qualifies) as best_ae
      from ranked_distances
     where by_runs <= 3 or by_ae = 1
     group by entity_id
)
select entity.id::varchar,
       coalesce(overall.runs, 0)::int,
       coalesce(overall.wins, 0)::int,
       coalesce(overall.seconds, 0)::int,
       coalesce(overall.thirds, 0)::int,
       overall.win_percent,
       overall.ae,
       class.best::varchar,
       class.best_ae,
       distance.best::varchar,
       distance.best_ae,
       -- share of runs with SP, class and distance all known
       round(coalesce(overall.complete_runs, 0)::numeric / overall.runs, 2),
       class.name_1::varchar, class.runs_1::int, class.wins_1::int, class.win_percent_1, class.ae_1,
       class.name_2::varchar, class.runs_2::int, class.wins_2::int, class.win_percent_2, class.ae_2,
       class.name_3::varchar, class.runs_3::int, class.wins_3::int, class.win_percent_3, class.ae_3,
       distance.name_1::varchar, distance.runs_1::int, distance.wins_1::int,
       distance.win_percent_1, distance.ae_1,
       distance.name_2::varchar, distance.runs_2::int, distance.wins_2::int,
       distance.win_percent_2, distance.ae_2,
       distance.name_3::varchar, distance.runs_3::int, distance.wins_3::int,
       distance.win_percent_3, distance.ae_3
  from entities as entity
  left join rated as overall on overall.entity_id = entity.id and overall.grain = 3
  left join class_slots as class on class.entity_id = entity.id
  left join distance_slots as distance on distance.entity_id = entity.id;
$$;
