-- pgbackfill.refresh_runner_facts: bring pgbackfill.runner_facts up to date
-- with the racing tables (pgbackfill.runner_facts_of is the rule,
-- pgbackfill.runner_facts_source the whole of it).
--
-- full (the default): recompute every run. The first fill inserts; later
-- ones write only the rows that differ, in one transaction, so readers keep
-- reading the previous facts and see the new ones at commit.
-- incremental (full => false): recompute only the races touched since the
-- previous pass, found by the racing rows' timestamps (created_at,
-- updated_at, result_updated_at of races and runners, created_at/updated_at
-- of horses, a few minutes of overlap for transactions that committed late)
-- A change that moves no timestamp, and a racing row deleted outright, are
-- seen by the next full pass only (`refresh --full-facts`, `refresh --check`):
-- finding deleted rows means reading every run (about a second), which the
-- daily pass cannot afford.
--
-- Either way every fact row removed or added is logged in
-- pgbackfill.runner_fact_changes under each entity it counts for (sire,
-- dam, damsire, jockey, trainer, owner): what `refresh --stale` restates.
-- Returns the fact rows removed plus added.
drop function if exists pgbackfill.refresh_runner_facts();

create or replace function pgbackfill.refresh_runner_facts(full boolean default true)
returns bigint
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill, public
-- work_mem: the session's (pgbackfill --work-mem), never raised here
-- compiling these queries costs more than it saves
set jit = off
-- parallel workers would each recompute every race's rules: slower here
set max_parallel_workers_per_gather = 0
-- plan each pass with its races as constants (the rule inlines around them)
set plan_cache_mode = force_custom_plan
-- index builds of the first fill
set maintenance_work_mem = '256MB'
as $$
declare
    state pgbackfill.runner_facts_state;
    -- the next pass looks from here: the start of this transaction, so a row
    -- stamped while this pass runs is looked at again next time
    pass_started constant timestamp := localtimestamp;
    logged constant timestamp := clock_timestamp()::timestamp;
    overlap constant interval := interval '10 minutes';
    since timestamp;
    touched varchar[];
    differing_runs bigint;
    removed bigint := 0;
    added bigint := 0;
    index_row record;
begin
    -- one pass at a time: a second one waits for the first to commit
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('pgbackfill:runner facts'));
    select * into state from pgbackfill.runner_facts_state;

    if not exists (select from pgbackfill.runner_facts) then
        -- the first fill: nothing to compare with, nothing to log (every
        -- entity is analysed after it, or was analysed from other facts)
        -- building each index once after the load is several times faster
        -- than maintaining it through 1.3M inserts; the table is empty, so
        -- the drop's lock (until commit) keeps readers from nothing but an
        -- empty table. Creating an index needs CREATE on the schema: a role
        -- without it fills the table with its indexes in place (slower).
        create temporary table facts_indexes on commit drop as
        select index_class.oid::regclass::text as name, pg_get_indexdef(index_class.oid) as definition
          from pg_index as ix
          join pg_class as index_class on index_class.oid = ix.indexrelid
         where ix.indrelid = 'pgbackfill.runner_facts'::regclass
           and pg_catalog.has_schema_privilege('pgbackfill', 'create');
        for index_row in select * from pg_temp.facts_indexes loop
            execute format('drop index %s', index_row.name);
        end loop;
        insert into pgbackfill.runner_facts select * from pgbackfill.runner_facts_source;
        get diagnostics added = row_count;
        for index_row in select * from pg_temp.facts_indexes loop
            execute index_row.definition;
        end loop;
        drop table pg_temp.facts_indexes;
        insert into pgbackfill.runner_facts_state (changes_seen_until, last_full_at, last_pass_at)
        values (pass_started, logged, logged)
        on conflict (singleton) do update
           set changes_seen_until = excluded.changes_seen_until,
               last_full_at = excluded.last_full_at,
               last_pass_at = excluded.last_pass_at;
        analyze pgbackfill.runner_facts;
        return added;
    end if;

    if refresh_runner_facts.full or state.singleton is null then
        -- every run, computed afresh and compared with its stored row as it
        -- streams by (no copy of either side): only the differing runs are kept
        create temporary table facts_differing on commit drop as
        select coalesce(fresh.runner_id, old.runner_id) as runner_id,
               old.runner_id is not null as in_old,
               fresh.runner_id is not null as in_fresh,
               fresh.race_id as fresh_race_id
          from pgbackfill.runner_facts_source as fresh
          full join pgbackfill.runner_facts as old on old.runner_id = fresh.runner_id
         where row(fresh.*) is distinct from row(old.*);
        -- their fresh rows: the races they are in, computed again (a few as
        -- a rule; with every race named, as after a rule change, this costs
        -- what computing all of them costs)
        select count(*) into differing_runs from pg_temp.facts_differing;
        touched := array(select distinct differing.fresh_race_id
                           from pg_temp.facts_differing as differing
                          where differing.in_fresh);
        create temporary table facts_fresh on commit drop as
        select * from pgbackfill.runner_facts_of(touched) as fresh
         where differing_runs > 0
           and fresh.runner_id in (select differing.runner_id from pg_temp.facts_differing as differing
                                    where differing.in_fresh);
        create temporary table facts_old on commit drop as
        select * from pgbackfill.runner_facts as fact
         where fact.runner_id in (select differing.runner_id from pg_temp.facts_differing as differing
                                   where differing.in_old);
    else
        -- Rows stamped after the last pass began are new to us. Rows stamped
        -- a little before (the overlap) may have committed after it read
        -- them: those are looked at again unless their facts already carry
        -- their stamp (so passes in quick succession redo nothing).
        since := state.changes_seen_until;
        touched := array(
            select race.id
              from public.ra_races as race
             where greatest(race.created_at, race.updated_at) > since - overlap
               and (greatest(race.created_at, race.updated_at) > since
                    or not exists (select from pgbackfill.runner_facts as fact
                                    where fact.race_id = race.id
                                      and fact.changed_at >= greatest(race.created_at, race.updated_at)))
            union
            -- a runner row changed: its race now, and the race it was in
            select changed.race_id
              from public.ra_runners as runner
             cross join lateral (
                 select runner.race_id
                 union all
                 select fact.race_id from pgbackfill.runner_facts as fact where fact.runner_id = runner.id
             ) as changed
             where greatest(runner.created_at, runner.updated_at, runner.result_updated_at) > since - overlap
               and (greatest(runner.created_at, runner.updated_at, runner.result_updated_at) > since
                    or not exists (select from pgbackfill.runner_facts as fact
                                    where fact.runner_id = runner.id
                                      and fact.changed_at
                                          >= greatest(runner.created_at, runner.updated_at,
                                                      runner.result_updated_at)))
            union
            -- a horse's master row changed: its pedigree may credit other entities
            select runner.race_id
              from public.ra_mst_horses as horse
              join public.ra_runners as runner on runner.horse_id = horse.id
             where greatest(horse.created_at, horse.updated_at) > since - overlap
               and (greatest(horse.created_at, horse.updated_at) > since
                    or not exists (select from pgbackfill.runner_facts as fact
                                    where fact.runner_id = runner.id
                                      and fact.changed_at >= greatest(horse.created_at, horse.updated_at)))
        );
        create temporary table facts_fresh on commit drop as
        select * from pgbackfill.runner_facts_of(touched);
        create temporary table facts_old on commit drop as
        select * from pgbackfill.runner_facts as fact
         where fact.race_id = any (touched);
        -- the differences: rows to remove, rows to add (a changed run is both),
        -- found in one join of the old and the fresh rows on the run
        create temporary table facts_differing on commit drop as
        select coalesce(fresh.runner_id, old.runner_id) as runner_id,
               old.runner_id is not null as in_old,
               fresh.runner_id is not null as in_fresh,
               fresh.race_id as fresh_race_id
          from pg_temp.facts_fresh as fresh
          full join pg_temp.facts_old as old on old.runner_id = fresh.runner_id
         where row(fresh.*) is distinct from row(old.*);
    end if;

    create temporary table facts_removed on commit drop as
    select old.*
      from pg_temp.facts_old as old
      join pg_temp.facts_differing as differing on differing.runner_id = old.runner_id
     where differing.in_old;
    create temporary table facts_added on commit drop as
    select fresh.*
      from pg_temp.facts_fresh as fresh
      join pg_temp.facts_differing as differing on differing.runner_id = fresh.runner_id
     where differing.in_fresh;

    delete from pgbackfill.runner_facts as fact
     using pg_temp.facts_removed as gone
     where fact.runner_id = gone.runner_id;
    get diagnostics removed = row_count;
    insert into pgbackfill.runner_facts select * from pg_temp.facts_added;
    get diagnostics added = row_count;

    -- whose runs changed: every entity of every row removed or added
    insert into pgbackfill.runner_fact_changes (logged_at, role, entity_id)
    select distinct logged, entity.role, entity.id
      from (select * from pg_temp.facts_removed union all select * from pg_temp.facts_added) as fact
     cross join lateral (values ('sire', fact.sire_id), ('dam', fact.dam_id),
                                ('damsire', fact.damsire_id), ('jockey', fact.jockey_id),
                                ('trainer', fact.trainer_id), ('owner', fact.owner_id))
           as entity (role, id)
     where entity.id is not null;

    -- forget changes older than every analysis: no entity can be stale by
    -- them (on full passes, or once the log grows large: a daily pass logs
    -- a few thousand rows, and reading six tables' stamps costs it time)
    if refresh_runner_facts.full
       or (select class.reltuples from pg_catalog.pg_class as class
            where class.oid = 'pgbackfill.runner_fact_changes'::regclass) > 200000 then
        delete from pgbackfill.runner_fact_changes as change
         where change.logged_at < least(
                   (select min(sire.analysis_last_updated) from public.ra_mst_sires as sire),
                   (select min(dam.analysis_last_updated) from public.ra_mst_dams as dam),
                   (select min(damsire.analysis_last_updated) from public.ra_mst_damsires as damsire),
                   (select min(jockey.stats_updated_at) from public.ra_mst_jockeys as jockey),
                   (select min(trainer.stats_updated_at) from public.ra_mst_trainers as trainer),
                   (select min(owner.stats_updated_at) from public.ra_mst_owners as owner));
    end if;

    insert into pgbackfill.runner_facts_state (changes_seen_until, last_full_at, last_pass_at)
    values (pass_started, case when refresh_runner_facts.full then logged end, logged)
    on conflict (singleton) do update
       set changes_seen_until = excluded.changes_seen_until,
           last_full_at = coalesce(excluded.last_full_at, runner_facts_state.last_full_at),
           last_pass_at = excluded.last_pass_at;

    drop table pg_temp.facts_fresh, pg_temp.facts_old, pg_temp.facts_differing, pg_temp.facts_removed,
               pg_temp.facts_added;
    -- fresh planner statistics after a large change
    if removed + added > 10000 then
        analyze pgbackfill.runner_facts;
    end if;
    return removed + added;
end;
$$;
