-- The runner facts' bookkeeping (the facts themselves: tables/race_facts.sql,
-- tables/run_facts.sql, read through views/runner_facts.sql): where the
-- facts stand, what they were computed from, and whose runs changed.

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
