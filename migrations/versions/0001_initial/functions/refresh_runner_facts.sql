-- pgbackfill.refresh_runner_facts: rebuild the runner facts from the racing
-- tables; concurrently (readers keep reading) once the view has data.
create or replace function pgbackfill.refresh_runner_facts()
returns void
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill
-- room for the joins of 1.3M runs to hash in memory rather than sort on disk
set work_mem = '256MB'
as $$
begin
    if (select view.ispopulated
          from pg_catalog.pg_matviews as view
         where view.schemaname = 'pgbackfill' and view.matviewname = 'runner_facts') then
        refresh materialized view concurrently pgbackfill.runner_facts;
    else
        -- the first fill cannot be concurrent
        refresh materialized view pgbackfill.runner_facts;
    end if;
    -- fresh statistics for the planner of the set-based aggregations
    analyze pgbackfill.runner_facts;
end;
$$;
