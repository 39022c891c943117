-- pgbackfill.refresh_regional_figures: rebuild pgbackfill.regional_figures
-- (the regional, centre and travel figures) from the runner facts and the
-- trainers' bases as they stand (pgbackfill.rebuild_materialized:
-- concurrently once it has data). Returns its rows. `pgbackfill refresh
-- --table regions` calls it.
create or replace function pgbackfill.refresh_regional_figures()
returns bigint
language sql
security invoker
set search_path = pg_catalog, pgbackfill
-- JIT: the bases' and centres' lookups are estimated dear and JIT would
-- spend seconds compiling what runs in a fraction of one
set jit = off
-- work_mem: the session's (pgbackfill --work-mem), never raised here
as $$
    select pgbackfill.rebuild_materialized('pgbackfill.regional_figures');
$$;
