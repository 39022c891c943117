-- pgbackfill.refresh_regional_figures: rebuild pgbackfill.regional_figures
-- (the regional, centre and travel figures) from the runner facts and the
-- trainers' bases as they stand; concurrently once it has data (readers
-- keep the previous rows until the rebuild commits). Returns its rows.
-- `pgbackfill refresh --table regions` (and `--table all`) calls it.
create or replace function pgbackfill.refresh_regional_figures()
returns bigint
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill
-- JIT: the bases' and centres' lookups are estimated dear and JIT would
-- spend seconds compiling what runs in a fraction of one
set jit = off
-- work_mem: the session's (pgbackfill --work-mem), never raised here
as $$
declare
    written bigint;
begin
    if (select view.ispopulated
          from pg_catalog.pg_matviews as view
         where view.schemaname = 'pgbackfill' and view.matviewname = 'regional_figures') then
        refresh materialized view concurrently pgbackfill.regional_figures;
    else
        refresh materialized view pgbackfill.regional_figures;
    end if;
    select count(*) into written from pgbackfill.regional_figures;
    return written;
end;
$$;
