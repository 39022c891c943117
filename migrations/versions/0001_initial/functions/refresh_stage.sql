-- pgbackfill.refresh_stage: first half of `pgbackfill refresh` for one
-- statistics table. Computes every entity's figures in one set-based call of
-- the table's figures function into this session's temporary table
-- refresh_staged, keeps the entities the scope asks for ('all', 'missing':
-- never analysed, 'stale': never analysed or a run changed since), and
-- remembers the target for refresh_apply. Returns how many entities to write.
-- The figures function returns (id, <statistic columns of the target>) and
-- takes either the minimum sample (int, pedigree) or the as-of day (date).
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
as $$
declare
    figures_call text;
    staged bigint;
begin
    if scope is null or scope not in ('all', 'missing', 'stale') then
        raise exception 'unknown refresh scope %', coalesce(scope, 'NULL');
    end if;

    -- the call, from the catalog: schema.name(argument) with a quoted literal
    select format('%I.%I(%L)', namespace.nspname, proc.proname,
                  case when proc.proargtypes[0] = 'date'::regtype then as_of::text
                       else min_runs::text end)
      into figures_call
      from pg_catalog.pg_proc as proc
      join pg_catalog.pg_namespace as namespace on namespace.oid = proc.pronamespace
     where proc.oid = figures;

    drop table if exists pg_temp.refresh_staged;
    drop table if exists pg_temp.refresh_plan;
    execute format('create temporary table refresh_staged as select * from %s', figures_call);

    -- only entities of the target table are written
    execute format($sql$
        delete from pg_temp.refresh_staged as staged
         where not exists (select from %s as entity where entity.id = staged.id)
    $sql$, target);

    if scope = 'missing' then
        execute format($sql$
            delete from pg_temp.refresh_staged as staged
             using %s as entity
             where entity.id = staged.id and entity.%I is not null
        $sql$, target, stamp_column);
    elsif scope = 'stale' then
        -- analysed entities stay only when one of their runs changed since
        execute format($sql$
            with last_change as (
                select fact.%1$I as id, max(fact.changed_at) as changed_at
                  from pgbackfill.runner_facts as fact
                 group by fact.%1$I
            )
            delete from pg_temp.refresh_staged as staged
             using %2$s as entity
              left join last_change on last_change.id = entity.id
             where entity.id = staged.id
               and entity.%3$I is not null
               and (last_change.changed_at is null or last_change.changed_at <= entity.%3$I)
        $sql$, facts_column, target, stamp_column);
    end if;

    create index on pg_temp.refresh_staged (id);
    analyze pg_temp.refresh_staged;
    create temporary table refresh_plan as
        select refresh_stage.target as target, refresh_stage.stamp_column as stamp_column;

    select count(*) into staged from pg_temp.refresh_staged;
    return staged;
end;
$$;
