-- pgbackfill.runner_facts: the runner facts (pgbackfill.runner_facts_source,
-- the one rule) kept as a table: one row per run, read by every statistic.
--
-- A table rather than a materialized view (issue 3 first asked for one):
-- a materialized view can only be recomputed whole, 1.3M runs each time
-- (20-130 s concurrently on this machine), while the daily job adds a few
-- hundred. As a table, pgbackfill.refresh_runner_facts recomputes only the
-- races that changed since its last pass and records whose runs changed
-- (runner_fact_changes), so `refresh --stale` restates only those entities.
-- A full rebuild is still one call, written as row differences in one
-- transaction: readers keep reading the previous facts meanwhile, and no
-- refresh ever takes a lock that blocks them.
--
-- Dependants (feature_facts, pedigree_breakdown, ...) come after this file
-- in the manifest; an older database's materialized view of the same name
-- is replaced by the table here (its dependants are recreated after).
do $upgrade$
begin
    if exists (select from pg_catalog.pg_matviews
                where schemaname = 'pgbackfill' and matviewname = 'runner_facts') then
        drop materialized view pgbackfill.runner_facts cascade;
    end if;
end
$upgrade$;

-- The columns are the view's, in its order: one definition of both.
create table if not exists pgbackfill.runner_facts as
select * from pgbackfill.runner_facts_source
with no data;
-- columns the facts gained since, in the view's order (a table made
-- before them gets them at its end, where the view has them)
alter table pgbackfill.runner_facts add column if not exists travel_km real;

create unique index if not exists runner_facts_runner_id_idx on pgbackfill.runner_facts (runner_id);
-- a race's facts are replaced together (runs_in_race is per race)
create index if not exists runner_facts_race_id_idx on pgbackfill.runner_facts (race_id);
-- Each statistic of a few entities (--stale) reads just their runs. The
-- pedigree figures of all entities read everything they need from one
-- covering index per role in (entity, class, distance group) order: an
-- index-only scan whose rows arrive grouped by entity and class, and by
-- entity for the distance groups (sorted within each entity, a few dozen
-- rows: no 1.3M-run hash or sort). Ids in bytewise order (collate "C"):
-- comparing them is several times cheaper than under the database's
-- C.UTF-8. One index per role, not one per grouping: the second, in
-- (entity, distance group) order, cost 59 MB and a second of the first
-- fill per role, and saved nothing measurable (dams 2.0 s either way).
drop index if exists pgbackfill.runner_facts_sire_id_idx;
drop index if exists pgbackfill.runner_facts_sire_distance_idx;
drop index if exists pgbackfill.runner_facts_dam_id_idx;
drop index if exists pgbackfill.runner_facts_dam_distance_idx;
drop index if exists pgbackfill.runner_facts_damsire_id_idx;
drop index if exists pgbackfill.runner_facts_damsire_distance_idx;
create index if not exists runner_facts_sire_idx on pgbackfill.runner_facts
    (sire_id collate "C", class_number, distance_group_f) include (is_win, is_second, is_third, expected_win);
create index if not exists runner_facts_dam_idx on pgbackfill.runner_facts
    (dam_id collate "C", class_number, distance_group_f) include (is_win, is_second, is_third, expected_win);
create index if not exists runner_facts_damsire_idx on pgbackfill.runner_facts
    (damsire_id collate "C", class_number, distance_group_f) include (is_win, is_second, is_third, expected_win);
-- The jockey, trainer and owner figures of a few entities (--stale) find
-- their runs through these. Plain indexes, deduplicated (9 MB each at 1.3M
-- runs): the covering ones they replace (70 MB each, built in a third more
-- time) saved the heap visits of a few hundred runs per entity, which the
-- figures read anyway for their other columns.
drop index if exists pgbackfill.runner_facts_jockey_id_idx;
drop index if exists pgbackfill.runner_facts_trainer_id_idx;
drop index if exists pgbackfill.runner_facts_owner_id_idx;
create index if not exists runner_facts_jockey_idx on pgbackfill.runner_facts (jockey_id);
create index if not exists runner_facts_trainer_idx on pgbackfill.runner_facts (trainer_id);
create index if not exists runner_facts_owner_idx on pgbackfill.runner_facts (owner_id);

-- Where the facts stand: filled or not, and from when the next incremental
-- pass must look for changed racing rows (the start of the last pass).
create table if not exists pgbackfill.runner_facts_state (
    singleton bool primary key default true check (singleton),
    changes_seen_until timestamp not null,
    last_full_at timestamp,
    last_pass_at timestamp not null
);
-- the rules the facts were computed by (pgbackfill.facts_rules_version):
-- a pass under other rules recomputes every run
alter table pgbackfill.runner_facts_state add column if not exists rules_version text;

-- What the facts were computed from: a fingerprint of the row versions
-- of each race's row and runner rows (pgbackfill.race_fingerprints) and of
-- the master rows the runs read: horses, trainers' locations, courses'
-- coordinates (pgbackfill.master_fingerprints). Any insert, update or
-- delete of one of them, timestamped or not, moves a fingerprint, so a
-- full pass recomputes only the races whose fingerprint or masters moved
-- instead of every run.
create table if not exists pgbackfill.runner_facts_races (
    race_id varchar primary key,
    fingerprint bigint not null
);
create table if not exists pgbackfill.runner_facts_masters (
    kind text not null check (kind in ('horse', 'trainer', 'course')),
    id varchar not null,
    fingerprint bigint not null,
    primary key (kind, id)
);

-- Whose runs changed, pass by pass: for each fact row a refresh added or
-- removed (a new run, a changed one, a run gone: scratched, abandoned,
-- deleted, its horse's pedigree changed), one row per entity it counts for.
-- An entity analysed before a change logged here is stale. Rows older than
-- every statistics table's oldest analysis are pruned.
create table if not exists pgbackfill.runner_fact_changes (
    logged_at timestamp not null,
    role text not null check (role in ('sire', 'dam', 'damsire', 'jockey', 'trainer', 'owner')),
    entity_id varchar not null
);
create index if not exists runner_fact_changes_role_entity_idx
    on pgbackfill.runner_fact_changes (role, entity_id, logged_at);
