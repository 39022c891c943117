-- pgbackfill.refresh_pedigree_breakdown: rebuild the per-condition pedigree
-- breakdown from the runner facts; concurrently once it has data (readers
-- keep the previous rows until the rebuild commits). Returns its rows.
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
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill
-- work_mem: the session's (pgbackfill --work-mem), never raised here
as $$
declare
    written bigint;
begin
    if (select view.ispopulated
          from pg_catalog.pg_matviews as view
         where view.schemaname = 'pgbackfill' and view.matviewname = 'pedigree_breakdown') then
        refresh materialized view concurrently pgbackfill.pedigree_breakdown;
    else
        refresh materialized view pgbackfill.pedigree_breakdown;
    end if;
    select count(*) into written from pgbackfill.pedigree_breakdown;
    return written;
end;
$$;
