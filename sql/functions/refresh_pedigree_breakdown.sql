-- pgbackfill.refresh_pedigree_breakdown: rebuild the per-condition pedigree
-- breakdown from the runner facts (pgbackfill.rebuild_materialized:
-- concurrently once it has data). Returns its rows.
-- `pgbackfill refresh --table breakdown` calls it.
do $upgrade$
begin
    -- until 0002 it returned nothing
    if exists (select from pg_catalog.pg_proc as proc
                where proc.oid = to_regprocedure('pgbackfill.refresh_pedigree_breakdown()')
                  and proc.prorettype = 'void'::regtype) then
        drop function pgbackfill.refresh_pedigree_breakdown();
    end if;
end
$upgrade$;

create or replace function pgbackfill.refresh_pedigree_breakdown()
returns bigint
language sql
security invoker
set search_path = pg_catalog, pgbackfill
-- work_mem: the session's (pgbackfill --work-mem), never raised here
as $$
    select pgbackfill.rebuild_materialized('pgbackfill.pedigree_breakdown');
$$;
