-- pgbackfill.run_abandon(outcome, error): close the runs this server session
-- left open ('running') when a call ended in an error: a procedure that
-- commits between batches cannot catch its own errors, so the caller does
-- (the CLI, with 'failed' or 'interrupted'), or the next call in the same
-- session (psql) does before it starts. Returns how many runs it closed.
create or replace function pgbackfill.run_abandon(outcome text, error text)
returns bigint
language sql
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    with closed as (
        update pgbackfill.run_log as run
           set finished_at = clock_timestamp(),
               outcome = run_abandon.outcome,
               error = run_abandon.error
         where run.outcome = 'running'
           and run.backend_pid = pg_backend_pid()
        returning run.id
    )
    select count(*) from closed;
$$;
