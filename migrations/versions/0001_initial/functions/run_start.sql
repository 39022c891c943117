-- pgbackfill.run_start: record in the run log that a command started.
create or replace function pgbackfill.run_start(command text, phase text default null)
returns bigint
language sql
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    insert into pgbackfill.run_log (command, phase)
    values (run_start.command, run_start.phase)
    returning id;
$$;
