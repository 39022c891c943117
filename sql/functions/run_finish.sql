-- pgbackfill.run_finish: record in the run log how a run ended.
create or replace function pgbackfill.run_finish(
    run_id bigint, outcome text, rows_written bigint default null, error text default null
)
returns void
language sql
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    update pgbackfill.run_log
       set finished_at = clock_timestamp(),
           outcome = run_finish.outcome,
           rows_written = run_finish.rows_written,
           error = run_finish.error
     where id = run_finish.run_id;
$$;
