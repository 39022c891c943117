-- pgbackfill.synthetic_generate: (re)build the whole synthetic racing
-- database for a scale and a seed, inside PostgreSQL, in the caller's
-- transaction (so a failure leaves the previous data as it was). Refuses
-- racing tables that hold rows it did not make. Returns the rows per table.
--
-- Loading is done with the racing tables' secondary indexes dropped and
-- rebuilt afterwards from their own definitions (whatever indexes exist,
-- including ones other migrations add): building an index once is much
-- faster than maintaining it through 1.3M inserts.
create or replace function pgbackfill.synthetic_generate(scale numeric, seed int)
returns table (table_name text, row_count bigint)
language plpgsql
volatile
security invoker
set search_path = pg_catalog, pgbackfill, public
as $function$
declare
    state record;
    racing_tables constant regclass[] := array[
        'public.ra_races', 'public.ra_courses', 'public.ra_runners', 'public.ra_mst_horses',
        'public.ra_horse_pedigree',
        'public.ra_mst_jockeys', 'public.ra_mst_trainers', 'public.ra_mst_owners',
        'public.ra_mst_sires', 'public.ra_mst_dams', 'public.ra_mst_damsires']::regclass[];
    racing_table regclass;
    index_row record;
begin
    if scale is null or scale < 0.001 or scale > 5 then
        raise exception 'scale must be between 0.001 and 5 (1.0 = the seed''s database), got %', scale
            using errcode = '22023';
    end if;
    select * into state from pgbackfill.synthetic_state();
    if state.scale is null and state.racing_rows then
        raise exception 'the racing tables hold data that pgbackfill seed did not generate; refusing to replace it'
            using errcode = '55000';
    end if;

    -- index builds in memory (sorts and hashes get the session's work_mem,
    -- pgbackfill --work-mem, never raised here); the commit need not wait
    -- for the disk
    perform set_config('maintenance_work_mem', '512MB', true);
    perform set_config('synchronous_commit', 'off', true);
    -- compiling these one-off queries costs more than it saves
    perform set_config('jit', 'off', true);

    -- start from empty tables, without their secondary indexes
    truncate public.ra_races, public.ra_courses, public.ra_runners, public.ra_mst_horses,
             public.ra_horse_pedigree,
             public.ra_mst_jockeys, public.ra_mst_trainers, public.ra_mst_owners,
             public.ra_mst_sires, public.ra_mst_dams, public.ra_mst_damsires,
             pgbackfill_synthetic.trainer_locations, pgbackfill_synthetic.generation;
    create temp table synthetic_dropped_indexes on commit drop as
    select index_class.oid::regclass::text as name, pg_get_indexdef(index_class.oid) as definition
      from pg_index as ix
      join pg_class as index_class on index_class.oid = ix.indexrelid
     where ix.indrelid = any (racing_tables)
       and not exists (select from pg_constraint where pg_constraint.conindid = ix.indexrelid);
    for index_row in select * from pg_temp.synthetic_dropped_indexes loop
        execute format('drop index %s', index_row.name);
    end loop;

    -- the stages, in dependency order
    perform pgbackfill.synthetic_pedigree(scale, seed);
    perform pgbackfill.synthetic_horses(scale, seed);
    perform pgbackfill.synthetic_races(scale, seed);
    perform pgbackfill.synthetic_runners(scale, seed);
    analyze public.ra_races, public.ra_runners;
    perform pgbackfill.synthetic_people(scale, seed);

    for index_row in select * from pg_temp.synthetic_dropped_indexes loop
        execute index_row.definition;
    end loop;
    -- planner statistics for the new rows (ra_races and ra_runners had theirs
    -- before synthetic_people read them)
    foreach racing_table in array racing_tables loop
        if racing_table not in ('public.ra_races'::regclass, 'public.ra_runners'::regclass) then
            execute format('analyze %s', racing_table);
        end if;
    end loop;

    insert into pgbackfill_synthetic.generation (scale, seed) values (scale, seed);
    return query select * from pgbackfill.synthetic_counts();
end;
$function$;
