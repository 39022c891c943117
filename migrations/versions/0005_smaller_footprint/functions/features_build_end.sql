-- pgbackfill.features_build_end(run_id, rows_written): the end of a features
-- build that went through (pgbackfill.features_build_begin started it):
-- the run closed as 'ok' with its rows, the running totals compacted when
-- the build left most of their table dead (pgbackfill.features_state_compact),
-- the build's lock released.
create or replace function pgbackfill.features_build_end(run_id bigint, rows_written bigint)
returns void
language sql
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    select pgbackfill.run_finish(run_id, 'ok', rows_written, null);
    select pgbackfill.features_state_compact();
    select pgbackfill.refresh_release(array['runner_features']);
$$;
