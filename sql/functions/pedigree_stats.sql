-- pgbackfill.pedigree_stats: every sire's, dam's or damsire's statistics in
-- one set-based pass over pgbackfill.runner_facts (role 'sire' | 'dam' |
-- 'damsire'). One row per entity of the role's table, entities without runs
-- included (totals 0, rates NULL). Definitions: racing-metrics.md and issue 3;
-- min_runs is the smallest sample a best class/distance may come from;
-- only_ids (NULL: all) narrows the work to those entities' runs (`refresh
-- --stale`; the dams' through the runner facts' index on dam_id).
--
-- How it stays fast (48,372 dams over 1.24M runs in about 3.5 s, memory
-- bounded by work_mem):
-- - the runs are read through pgbackfill.runner_facts, whose join to the
--   race half drops out (no race column is read), ids compared bytewise (the columns are collate "C"), and
--   grouped by (entity, class) and by (entity, distance group) in two
--   sorts that stream to disk past work_mem (no hash aggregate, whose memory
--   grows with the entities); every later step sorts only within an
--   entity. Until 0006 a covering index per role in (entity, class,
--   distance group) order served them without a sort (2.3 s for the dams),
--   at 59 MB a role and 1.5 s of the facts' first fill each: the footprint
--   (issue 15) is worth more than that second;
-- - each entity's groups are numbered once (row_number, most runs first) and
--   folded into one row by a single streaming aggregate: the overall
--   figures are sums over the class groups (every run is in exactly one,
--   unclassified included), the three slots are the groups numbered 1-3,
--   and the best class/distance is the greatest [A/E, wins, -key] array
--   among the groups that qualify (ties: more wins, then the lower key) --
--   no window of leads, no second ranking, no join back per slot;
-- - A/E sums the facts' float8 1 / SP (expected_win) rather than dividing
--   numerics per run, read back rounded to 12 decimals (the float's
--   last-bit noise gone, every real figure kept: an SP has 2 decimals);
--   rates and A/E are rounded once per entity for the columns, and per
--   group only for the groups that qualify for best.
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
-- work_mem: the session's (pgbackfill --work-mem), never raised here
-- compiling costs more than it saves here
set jit = off
-- always plan with this call's role and ids (never a generic plan)
set plan_cache_mode = force_custom_plan
-- group by sorting (streams to disk past work_mem) rather than hashing every
-- group; restored when the call ends, whatever the body sets (below)
set enable_hashagg = off
as $$
begin
    if role is null or role not in ('sire', 'dam', 'damsire') then
        raise exception 'unknown pedigree role %: expected sire, dam or damsire', coalesce(role, 'NULL')
            using errcode = 'invalid_parameter_value';
    end if;

    -- A few entities' runs (only_ids: `refresh --stale`, a few hundred of
    -- them a race day) are grouped by hashing, in memory: the sires' and
    -- damsires' of a day, about a sixth of all runs, in 0.26 s against
    -- 0.40 s sorted.
    if only_ids is not null then
        perform pg_catalog.set_config('enable_hashagg', 'on', true);
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
        -- daughters' foals'); the role folds to one column
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
               run.class_number as key,
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
    numbered_classes as (
        -- classes by most runs; ties: more wins, then the better (lower)
        -- class; unclassified last (never a slot, only counted overall)
        select grouped.*,
               row_number() over (partition by grouped.entity_id
                                  order by grouped.key is null, grouped.runs desc,
                                           grouped.wins desc, grouped.key) as slot
          from by_class as grouped
    ),
    classes as (
        select numbered.entity_id,
               sum(numbered.runs) as runs,
               sum(numbered.wins) as wins,
               sum(numbered.seconds) as seconds,
               sum(numbered.thirds) as thirds,
               sum(numbered.priced_wins) as priced_wins,
               sum(numbered.expected_wins) as expected_wins,
               sum(numbered.complete_runs) as complete_runs,
               min(numbered.key) filter (where numbered.slot = 1) as key_1,
               min(numbered.runs) filter (where numbered.slot = 1 and numbered.key is not null) as runs_1,
               min(numbered.wins) filter (where numbered.slot = 1 and numbered.key is not null) as wins_1,
               min(numbered.priced_wins) filter (where numbered.slot = 1 and numbered.key is not null) as priced_wins_1,
               min(numbered.expected_wins) filter (where numbered.slot = 1 and numbered.key is not null) as expected_wins_1,
               min(numbered.key) filter (where numbered.slot = 2) as key_2,
               min(numbered.runs) filter (where numbered.slot = 2 and numbered.key is not null) as runs_2,
               min(numbered.wins) filter (where numbered.slot = 2 and numbered.key is not null) as wins_2,
               min(numbered.priced_wins) filter (where numbered.slot = 2 and numbered.key is not null) as priced_wins_2,
               min(numbered.expected_wins) filter (where numbered.slot = 2 and numbered.key is not null) as expected_wins_2,
               min(numbered.key) filter (where numbered.slot = 3) as key_3,
               min(numbered.runs) filter (where numbered.slot = 3 and numbered.key is not null) as runs_3,
               min(numbered.wins) filter (where numbered.slot = 3 and numbered.key is not null) as wins_3,
               min(numbered.priced_wins) filter (where numbered.slot = 3 and numbered.key is not null) as priced_wins_3,
               min(numbered.expected_wins) filter (where numbered.slot = 3 and numbered.key is not null) as expected_wins_3,
               -- best: the sample, a win and a price; the highest A/E, ties:
               -- more wins, then the better class (the greatest -key)
               max(array[round(numbered.priced_wins / round(numbered.expected_wins::numeric, 12), 2),
                         numbered.wins, -numbered.key])
                   filter (where numbered.key is not null and numbered.runs >= pedigree_stats.min_runs
                             and numbered.wins > 0 and numbered.expected_wins is not null) as best
          from numbered_classes as numbered
         group by numbered.entity_id
    ),
    by_distance as (
        select run.entity_id,
               run.distance_group_f as key,
               count(*) as runs,
               count(*) filter (where run.is_win) as wins,
               count(*) filter (where run.is_win and run.expected_win is not null) as priced_wins,
               sum(run.expected_win) as expected_wins
          from entity_runs as run
         where run.distance_group_f is not null
         group by run.entity_id, run.distance_group_f
    ),
    numbered_distances as (
        -- distance groups by most runs; ties: more wins, then the shorter
        select grouped.*,
               row_number() over (partition by grouped.entity_id
                                  order by grouped.runs desc, grouped.wins desc, grouped.key) as slot
          from by_distance as grouped
    ),
    distances as (
        select numbered.entity_id,
               min(numbered.key) filter (where numbered.slot = 1) as key_1,
               min(numbered.runs) filter (where numbered.slot = 1) as runs_1,
               min(numbered.wins) filter (where numbered.slot = 1) as wins_1,
               min(numbered.priced_wins) filter (where numbered.slot = 1) as priced_wins_1,
               min(numbered.expected_wins) filter (where numbered.slot = 1) as expected_wins_1,
               min(numbered.key) filter (where numbered.slot = 2) as key_2,
               min(numbered.runs) filter (where numbered.slot = 2) as runs_2,
               min(numbered.wins) filter (where numbered.slot = 2) as wins_2,
               min(numbered.priced_wins) filter (where numbered.slot = 2) as priced_wins_2,
               min(numbered.expected_wins) filter (where numbered.slot = 2) as expected_wins_2,
               min(numbered.key) filter (where numbered.slot = 3) as key_3,
               min(numbered.runs) filter (where numbered.slot = 3) as runs_3,
               min(numbered.wins) filter (where numbered.slot = 3) as wins_3,
               min(numbered.priced_wins) filter (where numbered.slot = 3) as priced_wins_3,
               min(numbered.expected_wins) filter (where numbered.slot = 3) as expected_wins_3,
               -- ties: more wins, then the shorter distance
               max(array[round(numbered.priced_wins / round(numbered.expected_wins::numeric, 12), 2),
                         numbered.wins, -numbered.key])
                   filter (where numbered.runs >= pedigree_stats.min_runs and numbered.wins > 0
                             and numbered.expected_wins is not null) as best
          from numbered_distances as numbered
         group by numbered.entity_id
    )
    select entity.id::varchar,
           coalesce(class.runs, 0)::int,
           coalesce(class.wins, 0)::int,
           coalesce(class.seconds, 0)::int,
           coalesce(class.thirds, 0)::int,
           round(class.wins * 100.0 / class.runs, 2),
           round(class.priced_wins / round(class.expected_wins::numeric, 12), 2),
           ('Class ' || -class.best[3])::varchar,
           class.best[1],
           pgbackfill.distance_group((-distance.best[3])::int)::varchar,
           distance.best[1],
           -- share of runs with SP, class and distance all known
           round(coalesce(class.complete_runs, 0)::numeric / class.runs, 2),
           ('Class ' || class.key_1)::varchar,
           class.runs_1::int,
           class.wins_1::int,
           round(class.wins_1 * 100.0 / class.runs_1, 2),
           round(class.priced_wins_1 / round(class.expected_wins_1::numeric, 12), 2),
           ('Class ' || class.key_2)::varchar,
           class.runs_2::int,
           class.wins_2::int,
           round(class.wins_2 * 100.0 / class.runs_2, 2),
           round(class.priced_wins_2 / round(class.expected_wins_2::numeric, 12), 2),
           ('Class ' || class.key_3)::varchar,
           class.runs_3::int,
           class.wins_3::int,
           round(class.wins_3 * 100.0 / class.runs_3, 2),
           round(class.priced_wins_3 / round(class.expected_wins_3::numeric, 12), 2),
           pgbackfill.distance_group(distance.key_1)::varchar,
           distance.runs_1::int,
           distance.wins_1::int,
           round(distance.wins_1 * 100.0 / distance.runs_1, 2),
           round(distance.priced_wins_1 / round(distance.expected_wins_1::numeric, 12), 2),
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
      left join classes as class on class.entity_id = entity.id
      left join distances as distance on distance.entity_id = entity.id;
end;
$$;
