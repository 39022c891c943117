-- pgbackfill.refresh_runner_facts: bring pgbackfill.runner_facts up to date
-- with the racing tables (pgbackfill.runner_facts_of is the rule,
-- pgbackfill.runner_facts_source the whole of it).
--
-- full (the default): every change since the last pass, whatever it did to
-- the timestamps, deleted rows included. Each race's fingerprint (the row
-- versions of its race, runner and horse rows: pgbackfill.race_fingerprints)
-- is compared with the one its facts were computed from
-- (pgbackfill.runner_facts_races), and only the races whose fingerprint
-- moved are recomputed: about a second at 1.3M runs when little changed,
-- instead of recomputing every run. Every run is recomputed and compared
-- instead (thorough) when asked (`refresh --full-facts`, `refresh --check`),
-- when the rules changed since the facts were computed
-- (pgbackfill.facts_rules_version: a migration, replaced racing tables), when
-- the row versions cannot be read (a racing name is a user's own view), or
-- when so many races moved that comparing everything is cheaper. The first
-- fill inserts; later passes write only the rows that differ, in one
-- transaction, so readers keep reading the previous facts and see the new
-- ones at commit. The facts are compared as the rule's rows
-- (pgbackfill.runner_facts, the view) and stored in two halves: the runs'
-- in pgbackfill.run_facts, their races' in pgbackfill.race_facts (a race
-- whose columns changed had every run of it differ, and its row is written
-- again with them).
-- incremental (full => false): recompute only the races touched since the
-- previous pass, found by the racing rows' timestamps (created_at,
-- updated_at, result_updated_at of races and runners, created_at/updated_at
-- of horses, a few minutes of overlap for transactions that committed late),
-- and the runs of the trainers whose location and the courses whose
-- coordinates moved (their fingerprints: the runs' travel): what the daily
-- `refresh --stale` runs. A change that moves no timestamp, and a racing row
-- deleted outright, are seen by the next full pass.
--
-- Either way every fact row removed or added is logged in
-- pgbackfill.runner_fact_changes under each entity it counts for (sire,
-- dam, damsire, jockey, trainer, owner): what `refresh --stale` restates.
-- Returns the fact rows removed plus added.
drop function if exists pgbackfill.refresh_runner_facts();
drop function if exists pgbackfill.refresh_runner_facts(boolean);

create or replace function pgbackfill.refresh_runner_facts(full boolean default true,
                                                           thorough boolean default false)
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
    rules constant text := pgbackfill.facts_rules_version();
    compare_all boolean := refresh_runner_facts.thorough;
begin
    -- one pass at a time: a second one waits for the first to commit
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('pgbackfill:runner facts'));
    select * into state from pgbackfill.runner_facts_state;

    if not exists (select from pgbackfill.run_facts) then
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
         where ix.indrelid = 'pgbackfill.run_facts'::regclass
           and pg_catalog.has_schema_privilege('pgbackfill', 'create');
        for index_row in select * from pg_temp.facts_indexes loop
            execute format('drop index %s', index_row.name);
        end loop;
        -- whatever fingerprints and race rows an earlier fill left (facts
        -- emptied by a migration, by hand) go: emptied at once where the
        -- role may (a delete leaves each row's index entry behind, and every
        -- insert of the same key below checks it: the masters took 0.60 s, not
        -- 0.34-0.49, at scale 1); the advisory lock above keeps other passes out
        if pg_catalog.has_table_privilege('pgbackfill.runner_facts_races', 'truncate')
           and pg_catalog.has_table_privilege('pgbackfill.runner_facts_masters', 'truncate')
           and pg_catalog.has_table_privilege('pgbackfill.race_facts', 'truncate') then
            truncate pgbackfill.runner_facts_races, pgbackfill.runner_facts_masters, pgbackfill.race_facts;
        else
            delete from pgbackfill.runner_facts_races;
            delete from pgbackfill.runner_facts_masters;
            delete from pgbackfill.race_facts;
        end if;
        -- the fingerprints first: a race written between the two statements
        -- then has facts newer than its fingerprint, and is looked at again
        insert into pgbackfill.runner_facts_races (race_id, fingerprint)
        select print.race_id, print.fingerprint from pgbackfill.race_fingerprints() as print;
        insert into pgbackfill.runner_facts_masters (kind, id, fingerprint)
        select print.kind, print.id, print.fingerprint from pgbackfill.master_fingerprints() as print;
        -- the race half once per race, stored, and every run: the rule's
        -- run half (pgbackfill.run_facts_of) joined to it, each race's rules
        -- worked out once (the columns and the travel as runner_facts_of
        -- puts them together)
        with race as materialized (
            select * from pgbackfill.race_facts_of(null)
        ),
        stored as (
            insert into pgbackfill.race_facts
            select race.race_id, race.race_date, race.course_id, race.course_name, race.region,
                   race.race_type, race.surface, race.going, race.class_number, race.furlongs,
                   race.distance_group, race.distance_group_f, race.runs_in_race, race.is_handicap
              from race
        )
        insert into pgbackfill.run_facts
        select run.runner_id, run.changed_at, run.race_date,
               pgbackfill.great_circle_km(run.base_latitude, run.base_longitude,
                                          race.course_latitude, race.course_longitude)::real,
               race.distance_group_f, run.position, run.age, race.class_number, run.race_id,
               run.horse_id, run.jockey_id, run.trainer_id, run.owner_id, run.sire_id, run.dam_id,
               run.damsire_id, run.sp_decimal
          from pgbackfill.run_facts_of(null) as run
          join race on race.race_id = run.race_id;
        get diagnostics added = row_count;
        for index_row in select * from pg_temp.facts_indexes loop
            execute index_row.definition;
        end loop;
        drop table pg_temp.facts_indexes;
        insert into pgbackfill.runner_facts_state (changes_seen_until, last_full_at, last_pass_at, rules_version)
        values (pass_started, logged, logged, rules)
        on conflict (singleton) do update
           set changes_seen_until = excluded.changes_seen_until,
               last_full_at = excluded.last_full_at,
               last_pass_at = excluded.last_pass_at,
               rules_version = excluded.rules_version;
        analyze pgbackfill.run_facts, pgbackfill.race_facts;
        return added;
    end if;

    -- the master rows' fingerprints now, before any fact is computed (one
    -- written meanwhile has facts newer than its fingerprint, and is looked
    -- at again next time), and the ones that moved since the facts were
    -- computed: written, deleted (no fresh fingerprint), new. Full passes
    -- look at every kind; incremental ones at the trainers' locations and
    -- the courses' coordinates (a few thousand rows, no timestamp to tell)
    create temporary table facts_master_prints_moved on commit drop as
    select coalesce(fresh.kind, stored.kind) as kind, coalesce(fresh.id, stored.id) as id,
           fresh.fingerprint
      from pgbackfill.master_fingerprints(with_horses => refresh_runner_facts.full or state.singleton is null)
           as fresh
      full join (select * from pgbackfill.runner_facts_masters as print
                  where refresh_runner_facts.full or state.singleton is null or print.kind <> 'horse') as stored
        on stored.kind = fresh.kind and stored.id = fresh.id
     where fresh.fingerprint is distinct from stored.fingerprint;
    -- their races: a horse's runs, a trainer's, a course's
    create temporary table facts_master_races on commit drop as
    select runner.race_id
      from pg_temp.facts_master_prints_moved as moved
      join public.ra_runners as runner
        on (moved.kind = 'horse' and runner.horse_id = moved.id)
        or (moved.kind = 'trainer' and runner.trainer_id = moved.id)
    union
    select race.id
      from pg_temp.facts_master_prints_moved as moved
      join public.ra_races as race on race.course_id = moved.id
     where moved.kind = 'course';

    if refresh_runner_facts.full or state.singleton is null then
        -- every race's fingerprint, as above
        create temporary table facts_prints_moved on commit drop as
        select coalesce(fresh.race_id, stored.race_id) as race_id, fresh.fingerprint
          from pgbackfill.race_fingerprints() as fresh
          full join pgbackfill.runner_facts_races as stored on stored.race_id = fresh.race_id
         where fresh.fingerprint is distinct from stored.fingerprint;
        compare_all := compare_all
                       or state.rules_version is distinct from rules
                       or pgbackfill.racing_table('ra_races') is null
                       or pgbackfill.racing_table('ra_runners') is null
                       or pgbackfill.racing_table('ra_mst_horses') is null;
        if not compare_all then
            -- the races whose fingerprint moved, and the races of the
            -- masters that moved
            touched := array(
                select moved.race_id from pg_temp.facts_prints_moved as moved
                union
                select moved.race_id from pg_temp.facts_master_races as moved);
            -- past a quarter of many races, comparing every run costs less
            compare_all := cardinality(touched) >= 1000
                           and cardinality(touched) * 4
                               > (select count(*) from pgbackfill.runner_facts_races);
        end if;
    else
        compare_all := false;
    end if;

    if compare_all then
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
    elsif not (refresh_runner_facts.full or state.singleton is null) then
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
            union
            -- a trainer's location or a course's coordinates moved: the runs' travel
            select moved.race_id from pg_temp.facts_master_races as moved
        );
        -- their fingerprints before their facts (as above)
        create temporary table facts_prints on commit drop as
        select print.race_id, print.fingerprint from pgbackfill.race_fingerprints(touched) as print;
    end if;

    if not compare_all then
        -- the races touched (fingerprints or stamps moved), recomputed whole
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

    delete from pgbackfill.run_facts as fact
     using pg_temp.facts_removed as gone
     where fact.runner_id = gone.runner_id;
    get diagnostics removed = row_count;
    insert into pgbackfill.run_facts
    select fact.runner_id, fact.changed_at, fact.race_date, fact.travel_km, fact.distance_group_f,
           fact.position, fact.age, fact.class_number, fact.race_id, fact.horse_id, fact.jockey_id,
           fact.trainer_id, fact.owner_id, fact.sire_id, fact.dam_id, fact.damsire_id,
           fact.sp_decimal
      from pg_temp.facts_added as fact;
    get diagnostics added = row_count;
    -- the race half: the races of the rows added, as computed with them
    -- (every run of a race carries its race's columns, so a race whose
    -- columns changed had every run added again); the races left without a
    -- run go (a thorough pass also drops any other race without a run)
    insert into pgbackfill.race_facts as race
    select distinct on (fact.race_id)
           fact.race_id, fact.race_date, fact.course_id, fact.course_name, fact.region,
           fact.race_type, fact.surface, fact.going, fact.class_number, fact.furlongs,
           fact.distance_group, fact.distance_group_f, fact.runs_in_race, fact.is_handicap
      from pg_temp.facts_added as fact
     order by fact.race_id
        on conflict (race_id) do update
       set (race_date, course_id, course_name, region, race_type, surface, going, class_number,
            furlongs, distance_group, distance_group_f, runs_in_race, is_handicap)
         = (excluded.race_date, excluded.course_id, excluded.course_name, excluded.region,
            excluded.race_type, excluded.surface, excluded.going, excluded.class_number,
            excluded.furlongs, excluded.distance_group, excluded.distance_group_f,
            excluded.runs_in_race, excluded.is_handicap);
    delete from pgbackfill.race_facts as race
     where (compare_all or race.race_id in (select gone.race_id from pg_temp.facts_removed as gone))
       and not exists (select from pgbackfill.run_facts as fact where fact.race_id = race.race_id);

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

    -- what the facts now stand on: the races' fingerprints that moved, on
    -- full passes (those of races gone are dropped), those of the races
    -- recomputed on incremental ones (a horse it recomputed for is looked
    -- at again by the next full pass); the masters' that moved
    if refresh_runner_facts.full or state.singleton is null then
        delete from pgbackfill.runner_facts_races as stored
         using pg_temp.facts_prints_moved as moved
         where moved.race_id = stored.race_id and moved.fingerprint is null;
        insert into pgbackfill.runner_facts_races (race_id, fingerprint)
        select moved.race_id, moved.fingerprint
          from pg_temp.facts_prints_moved as moved
         where moved.fingerprint is not null
        on conflict (race_id) do update set fingerprint = excluded.fingerprint;
        drop table pg_temp.facts_prints_moved;
    else
        delete from pgbackfill.runner_facts_races as stored
         where stored.race_id = any (touched);
        insert into pgbackfill.runner_facts_races (race_id, fingerprint)
        select print.race_id, print.fingerprint from pg_temp.facts_prints as print;
        drop table pg_temp.facts_prints;
    end if;
    delete from pgbackfill.runner_facts_masters as stored
     using pg_temp.facts_master_prints_moved as moved
     where moved.kind = stored.kind and moved.id = stored.id and moved.fingerprint is null;
    insert into pgbackfill.runner_facts_masters (kind, id, fingerprint)
    select moved.kind, moved.id, moved.fingerprint
      from pg_temp.facts_master_prints_moved as moved
     where moved.fingerprint is not null
    on conflict (kind, id) do update set fingerprint = excluded.fingerprint;
    drop table pg_temp.facts_master_prints_moved, pg_temp.facts_master_races;

    insert into pgbackfill.runner_facts_state (changes_seen_until, last_full_at, last_pass_at, rules_version)
    values (pass_started, case when refresh_runner_facts.full then logged end, logged,
            case when refresh_runner_facts.full then rules end)
    on conflict (singleton) do update
       set changes_seen_until = excluded.changes_seen_until,
           last_full_at = coalesce(excluded.last_full_at, runner_facts_state.last_full_at),
           last_pass_at = excluded.last_pass_at,
           rules_version = coalesce(excluded.rules_version, runner_facts_state.rules_version);

    drop table pg_temp.facts_fresh, pg_temp.facts_old, pg_temp.facts_differing, pg_temp.facts_removed,
               pg_temp.facts_added;
    -- fresh planner statistics after a large change
    if removed + added > 10000 then
        analyze pgbackfill.run_facts, pgbackfill.race_facts;
    end if;
    return removed + added;
end;
$$;
