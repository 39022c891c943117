-- pgbackfill.refresh_pedigree_breakdown: rebuild the per-condition pedigree
-- breakdown from the runner facts; concurrently once it has data.
create or replace function pgbackfill.refresh_pedigree_breakdown()
returns void
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill
-- the per-horse grouping is large: let it hash in memory
set work_mem = '256MB'
as $$
begin
    if (select view.ispopulated
          from pg_catalog.pg_matviews as view
         where view.schemaname = 'pgbackfill' and view.matviewname = 'pedigree_breakdown') then
        refresh materialized view concurrently pgbackfill.pedigree_breakdown;
    else
        refresh materialized view pgbackfill.pedigree_breakdown;
    end if;
end;
$$;
