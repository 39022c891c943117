-- pgbackfill.features_state_compact(): rewrite the running totals
-- (pgbackfill.feature_state) when their table has grown to more than twice
-- what its live rows need. Every batch of a build rolls the totals forward in
-- place, and a build on two connections copies them to lane 1 and removes
-- that lane again, so a full build leaves about three quarters of the table
-- dead (109 MB holding 23 MB of rows at scale 1.0). The end of each build
-- (pgbackfill.features_build_end) calls this: the rows are copied out and
-- back into the emptied table, its pages filled to its fillfactor, so the
-- next day's updates stay on their pages. Only builds read the totals, and
-- a build holds the build's lock, so the truncate's exclusive lock (until
-- the build's end commits) keeps no reader waiting. Returns whether it
-- rewrote.
create or replace function pgbackfill.features_state_compact()
returns boolean
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill
-- no JIT: compiling costs more than these statements take
set jit = off
as $$
declare
    needed bigint;
begin
    -- the live rows' bytes (each with its line pointer) at the table's
    -- fillfactor of 60, and a few pages of slack for small tables
    select coalesce(sum(pg_column_size(state.*) + 4), 0) * 100 / 60 + 16 * 8192
      into needed
      from pgbackfill.feature_state as state;
    if pg_relation_size('pgbackfill.feature_state') <= 2 * needed then
        return false;
    end if;
    create temporary table feature_state_kept on commit drop as
    select * from pgbackfill.feature_state;
    truncate pgbackfill.feature_state;
    insert into pgbackfill.feature_state select * from pg_temp.feature_state_kept;
    drop table pg_temp.feature_state_kept;
    return true;
end;
$$;
