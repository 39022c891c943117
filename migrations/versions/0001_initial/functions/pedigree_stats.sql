-- pgbackfill.pedigree_stats: every sire's, dam's or damsire's statistics in
-- one set-based pass over pgbackfill.runner_facts (role 'sire' | 'dam' |
-- 'damsire'). One row per entity of the role's table, entities without runs
-- included (totals 0, rates NULL). Definitions: racing-metrics.md and issue 3;
-- min_runs is the smallest sample a best class/distance may come from;
-- only_ids (NULL: all) narrows the work to those entities' runs, through the
-- runner facts' index on the role's column (`refresh --stale`).
--
-- How it stays fast (48,372 dams over 1.3M runs in a few seconds):
-- - the runs are read from the facts' covering indexes on the role's column
--   (index-only, in (entity, class) and (entity, distance group) order, ids
--   compared bytewise: collate "C"), so both groupings stream and every
--   later step sorts only within an entity;
-- - the overall figures are window sums over the class groups (every run is
--   in exactly one, unclassified included), not a third pass;
-- - A/E sums the facts' float8 1 / SP (expected_win) rather than dividing
--   numerics per run, read back rounded to 12 decimals (the float's
--   last-bit noise gone, every real figure kept: an SP has 2 decimals);
-- - each entity's first ranked row carries the next two (lead): the three
--   slots need no pivot; A/E is rounded only for the slots and for the rows
--   that qualify for "best".
-- PL/pgSQL so that each call is planned with its role and ids as constants
-- (the role folds to one column, only_ids to an index condition or nothing).
drop function if exists pgbackfill.pedigree_stats(text, int);

create or replace function pgbackfill.pedigree_stats(
    role text,
    min_runs int default 5,
    only_ids varchar[] default null
)
returns setof pgbackfill.pedigree_figures
language plpgsql
stable
security invoker
set search_path = pg_catalog, pgbackfill, public
-- the groupings hash about a million groups: keep them in memory
set work_mem = '256MB'
-- compiling costs more than it saves here
set jit = off
-- always plan with this call's role and ids (never a generic plan)
set plan_cache_mode = force_custom_plan
-- group the index-ordered runs as they come rather than hash them again
set enable_hashagg = off
as $$
begin
    if role is null or role not in ('sire', 'dam', 'damsire') then
        raise exception 'unknown pedigree role %: expected sire, dam or damsire', coalesce(role, 'NULL')
            using errcode = 'invalid_parameter_value';
    end if;

    return query
    with entities as (
        -- every entity of the role's table, so those without runs get a row too
        select sire.id from public.ra_mst_sires as sire
         where pedigree_stats.role = 'sire'
           and (pedigree_stats.only_ids is null or sire.id = any (pedigree_stats.only_ids))
        union all
        select dam.id from public.ra_mst_dams as dam
         where pedigree_stats.role = 'dam'
           and (pedigree_stats.only_ids is null or dam.id = any (pedigree_stats.only_ids))
        union all
        select damsire.id from public.ra_mst_damsires as damsire
         where pedigree_stats.role = 'damsire'
           and (pedigree_stats.only_ids is null or damsire.id = any (pedigree_stats.only_ids))
    ),
    entity_runs as not materialized (
        -- each run credited to the role's entity (a damsire's runs: its
        -- daughters' foals'); the role folds to one column of the index
        select run.entity_id, run.class_number, run.distance_group_f, run.is_win, run.is_second,
               run.is_third, run.expected_win
          from (select (case pedigree_stats.role
                            when 'sire' then fact.sire_id
                            when 'dam' then fact.dam_id
                            when 'damsire' then fact.damsire_id
                        end) collate "C" as entity_id,
                       fact.class_number,
                       fact.distance_group_f,
                       fact.is_win,
                       fact.is_second,
                       fact.is_third,
                       fact.expected_win
                  from pgbackfill.runner_facts as fact) as run
         where run.entity_id is not null
           and (pedigree_stats.only_ids is null or run.entity_id = any (pedigree_stats.only_ids))
    ),
    by_class as (
        -- per entity and class (unclassified too: the overall figures add these up)
        select run.entity_id,
               run.class_number,
               count(*) as runs,
               count(*) filter (where run.is_win) as wins,
               count(*) filter (where run.is_second) as seconds,
               count(*) filter (where run.is_third) as thirds,
               -- A/E counts only runs with an SP, on both sides
               count(*) filter (where run.is_win and run.expected_win is not null) as priced_wins,
               sum(run.expected_win) as expected_wins,
               -- runs with SP, class and distance all known (data quality)
               count(*) filter (where run.expected_win is not null and run.class_number is not null
                                  and run.distance_group_f is not null) as complete_runs
          from entity_runs as run
         group by run.entity_id, run.class_number
    ),
    by_distance as (
        select run.entity_id,
               run.distance_group_f,
               count(*) as runs,
               count(*) filter (where run.is_win) as wins,
               count(*) filter (where run.is_win and run.expected_win is not null) as priced_wins,
               sum(run.expected_win) as expected_wins
          from entity_runs as run
         where run.distance_group_f is not null
         group by run.entity_id, run.distance_group_f
    ),
    ranked_classes as materialized (
        -- classes by most runs; ties: more wins, then the better (lower)
        -- class; unclassified last (never ranked, only counted overall)
        select grouped.entity_id, grouped.class_number as key, grouped.runs, grouped.wins,
               grouped.priced_wins, grouped.expected_wins,
               row_number() over by_runs as slot,
               lead(grouped.class_number, 1) over by_runs as key_2,
               lead(grouped.runs, 1) over by_runs as runs_2,
               lead(grouped.wins, 1) over by_runs as wins_2,
               lead(grouped.priced_wins, 1) over by_runs as priced_wins_2,
               lead(grouped.expected_wins, 1) over by_runs as expected_wins_2,
               lead(grouped.class_number, 2) over by_runs as key_3,
               lead(grouped.runs, 2) over by_runs as runs_3,
               lead(grouped.wins, 2) over by_runs as wins_3,
               lead(grouped.priced_wins, 2) over by_runs as priced_wins_3,
               lead(grouped.expected_wins, 2) over by_runs as expected_wins_3,
               -- the overall figures: every class group of the entity
               sum(grouped.runs) over entity as total_runs,
               sum(grouped.wins) over entity as total_wins,
               sum(grouped.seconds) over entity as total_seconds,
               sum(grouped.thirds) over entity as total_thirds,
               sum(grouped.priced_wins) over entity as total_priced_wins,
               sum(grouped.expected_wins) over entity as total_expected_wins,
               sum(grouped.complete_runs) over entity as total_complete_runs
          from by_class as grouped
        window entity as (partition by grouped.entity_id),
               by_runs as (entity order by grouped.class_number is null, grouped.runs desc,
                           grouped.wins desc, grouped.class_number)
    ),
    ranked_distances as materialized (
        -- distance groups by most runs; ties: more wins, then the shorter
        select grouped.entity_id, grouped.distance_group_f as key, grouped.runs, grouped.wins,
               grouped.priced_wins, grouped.expected_wins,
               row_number() over by_runs as slot,
               lead(grouped.distance_group_f, 1) over by_runs as key_2,
               lead(grouped.runs, 1) over by_runs as runs_2,
               lead(grouped.wins, 1) over by_runs as wins_2,
               lead(grouped.priced_wins, 1) over by_runs as priced_wins_2,
               lead(grouped.expected_wins, 1) over by_runs as expected_wins_2,
               lead(grouped.distance_group_f, 2) over by_runs as key_3,
               lead(grouped.runs, 2) over by_runs as runs_3,
               lead(grouped.wins, 2) over by_runs as wins_3,
               lead(grouped.priced_wins, 2) over by_runs as priced_wins_3,
               lead(grouped.expected_wins, 2) over by_runs as expected_wins_3
          from by_distance as grouped
        window by_runs as (partition by grouped.entity_id
                           order by grouped.runs desc, grouped.wins desc, grouped.distance_group_f)
    ),
    best_class as (
        -- a best class needs the sample, a win and a price; the highest A/E,
        -- ties: more wins, then the better class
        select distinct on (qualified.entity_id)
               qualified.entity_id, 'Class ' || qualified.key as name, qualified.ae
          from (select ranked.entity_id, ranked.key, ranked.wins,
                       round(ranked.priced_wins / round(ranked.expected_wins::numeric, 12), 2) as ae
                  from ranked_classes as ranked
                 where ranked.key is not null
                   and ranked.runs >= pedigree_stats.min_runs and ranked.wins > 0
                   and ranked.expected_wins is not null) as qualified
         order by qualified.entity_id, qualified.ae desc nulls last, qualified.wins desc, qualified.key
    ),
    best_distance as (
        -- ties: more wins, then the shorter distance
        select distinct on (qualified.entity_id)
               qualified.entity_id, pgbackfill.distance_group(qualified.key) as name, qualified.ae
          from (select ranked.entity_id, ranked.key, ranked.wins,
                       round(ranked.priced_wins / round(ranked.expected_wins::numeric, 12), 2) as ae
                  from ranked_distances as ranked
                 where ranked.runs >= pedigree_stats.min_runs and ranked.wins > 0
                   and ranked.expected_wins is not null) as qualified
         order by qualified.entity_id, qualified.ae desc nulls last, qualified.wins desc, qualified.key
    )
    select entity.id::varchar,
           coalesce(class.total_runs, 0)::int,
           coalesce(class.total_wins, 0)::int,
           coalesce(class.total_seconds, 0)::int,
           coalesce(class.total_thirds, 0)::int,
           round(class.total_wins * 100.0 / class.total_runs, 2),
           round(class.total_priced_wins / round(class.total_expected_wins::numeric, 12), 2),
           best_class.name::varchar,
           best_class.ae,
           best_distance.name::varchar,
           best_distance.ae,
           -- share of runs with SP, class and distance all known
           round(coalesce(class.total_complete_runs, 0)::numeric / class.total_runs, 2),
           -- the three classes (the unclassified group, ranked last, is none of them)
           ('Class ' || class.key)::varchar,
           (case when class.key is not null then class.runs end)::int,
           (case when class.key is not null then class.wins end)::int,
           case when class.key is not null then round(class.wins * 100.0 / class.runs, 2) end,
           case when class.key is not null
                then round(class.priced_wins / round(class.expected_wins::numeric, 12), 2) end,
           ('Class ' || class.key_2)::varchar,
           (case when class.key_2 is not null then class.runs_2 end)::int,
           (case when class.key_2 is not null then class.wins_2 end)::int,
           case when class.key_2 is not null then round(class.wins_2 * 100.0 / class.runs_2, 2) end,
           case when class.key_2 is not null
                then round(class.priced_wins_2 / round(class.expected_wins_2::numeric, 12), 2) end,
           ('Class ' || class.key_3)::varchar,
           (case when class.key_3 is not null then class.runs_3 end)::int,
           (case when class.key_3 is not null then class.wins_3 end)::int,
           case when class.key_3 is not null then round(class.wins_3 * 100.0 / class.runs_3, 2) end,
           case when class.key_3 is not null
                then round(class.priced_wins_3 / round(class.expected_wins_3::numeric, 12), 2) end,
           pgbackfill.distance_group(distance.key)::varchar,
           distance.runs::int,
           distance.wins::int,
           round(distance.wins * 100.0 / distance.runs, 2),
           round(distance.priced_wins / round(distance.expected_wins::numeric, 12), 2),
           pgbackfill.distance_group(distance.key_2)::varchar,
           distance.runs_2::int,
           distance.wins_2::int,
           round(distance.wins_2 * 100.0 / distance.runs_2, 2),
           round(distance.priced_wins_2 / round(distance.expected_wins_2::numeric, 12), 2),
           pgbackfill.distance_group(distance.key_3)::varchar,
           distance.runs_3::int,
           distance.wins_3::int,
           round(distance.wins_3 * 100.0 / distance.runs_3, 2),
           round(distance.priced_wins_3 / round(distance.expected_wins_3::numeric, 12), 2)
      from entities as entity
      left join ranked_classes as class on class.entity_id = entity.id and class.slot = 1
      left join ranked_distances as distance on distance.entity_id = entity.id and distance.slot = 1
      left join best_class on best_class.entity_id = entity.id
      left join best_distance on best_distance.entity_id = entity.id;
end;
$$;
