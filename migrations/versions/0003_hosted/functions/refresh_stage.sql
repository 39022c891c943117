-- pgbackfill.refresh_stage: first half of `pgbackfill refresh` for one
-- statistics table. Computes the figures of the entities the scope asks for
-- ('all'; 'missing': never analysed; 'stale': never analysed, or a run of
-- theirs changed since, as pgbackfill.runner_fact_changes logs it) into this
-- session's temporary table refresh_staged, set-based, and remembers the
-- target for refresh_apply. Returns how many entities to write.
-- The figures function returns (id, <statistic columns of the target>) and
-- takes either the minimum sample (int, pedigree) or the as-of day (date);
-- when it has an overload (that argument, only_ids varchar[]) and the scope
-- names a few thousand entities, that one computes just them.
create or replace function pgbackfill.refresh_stage(
    target regclass,
    stamp_column name,
    facts_column name,
    figures regprocedure,
    scope text default 'all',
    min_runs int default 5,
    as_of date default current_date
)
returns bigint
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill, public
-- its "does not exist, skipping" notices say nothing to a psql user
set client_min_messages = warning
as $$
declare
    figures_name text;
    filtered_figures text;
    argument text;
    role text := regexp_replace(facts_column, '_id$', '');
    -- the entities the scope asks for (NULL: every entity)
    wanted varchar[];
    staged bigint;
begin
    if scope is null or scope not in ('all', 'missing', 'stale') then
        raise exception 'unknown refresh scope %', coalesce(scope, 'NULL');
    end if;

    -- the function, from the catalog: schema.name, and its argument as a literal
    select format('%I.%I', namespace.nspname, proc.proname),
           case when proc.proargtypes[0] = 'date'::regtype then as_of::text else min_runs::text end
      into figures_name, argument
      from pg_catalog.pg_proc as proc
      join pg_catalog.pg_namespace as namespace on namespace.oid = proc.pronamespace
     where proc.oid = figures;
    -- its overload for given entities only, (argument, only_ids varchar[]), if any
    select format('%I.%I', namespace.nspname, overload.proname)
      into filtered_figures
      from pg_catalog.pg_proc as proc
      join pg_catalog.pg_proc as overload
        on overload.proname = proc.proname and overload.pronamespace = proc.pronamespace
      join pg_catalog.pg_namespace as namespace on namespace.oid = overload.pronamespace
     where proc.oid = figures
       and overload.pronargs = 2
       and overload.proargtypes[0] = proc.proargtypes[0]
       and overload.proargtypes[1] = 'character varying[]'::regtype;

    if scope = 'missing' then
        -- never analysed
        execute format('select array_agg(entity.id) from %s as entity where entity.%I is null',
                       target, stamp_column)
           into wanted;
    elsif scope = 'stale' then
        -- never analysed, or one of its runs changed after its analysis:
        -- pgbackfill.refresh_runner_facts logs every fact row it adds or
        -- removes (new, changed, scratched, abandoned, deleted, re-parented
        -- runs) under each entity the row counts for
        execute format($sql$
            select array_agg(stale.id)
              from (select entity.id
                      from %1$s as entity
                     where entity.%2$I is null
                    union
                    select entity.id
                      from %1$s as entity
                      join pgbackfill.runner_fact_changes as change
                        on change.role = %3$L and change.entity_id = entity.id
                     where change.logged_at > entity.%2$I) as stale
        $sql$, target, stamp_column, role)
           into wanted;
    end if;
    if scope <> 'all' then
        wanted := coalesce(wanted, '{}');
    end if;

    drop table if exists pg_temp.refresh_staged;
    drop table if exists pg_temp.refresh_plan;
    if wanted is not null and filtered_figures is not null and cardinality(wanted) <= 20000 then
        -- a few entities: compute just them, from just their runs
        execute format('create temporary table refresh_staged as select * from %s(%L, %L::varchar[])',
                       filtered_figures, argument, wanted);
    else
        -- many: one pass over every run is cheaper than one index probe per entity
        execute format('create temporary table refresh_staged as select * from %s(%L)',
                       figures_name, argument);
        if wanted is not null then
            delete from pg_temp.refresh_staged as staged where not (staged.id = any (wanted));
        end if;
    end if;

    -- only entities of the target table are written
    execute format($sql$
        delete from pg_temp.refresh_staged as staged
         where not exists (select from %s as entity where entity.id = staged.id)
    $sql$, target);

    -- the batches walk the ids in order; statistics of the id alone are
    -- enough for that plan (all 42 columns' took longer than the writes)
    create index on pg_temp.refresh_staged (id);
    analyze pg_temp.refresh_staged (id);
    create temporary table refresh_plan as
        select refresh_stage.target as target, refresh_stage.stamp_column as stamp_column;

    select count(*) into staged from pg_temp.refresh_staged;
    return staged;
end;
$$;
