-- pgbackfill.features_lane_open: start the first half of a build on two
-- connections. Called first in that half's one REPEATABLE READ transaction:
-- copies the running totals (lane 0 of pgbackfill.feature_state, which end
-- the day before the build's first day) to lane 1, which
-- pgbackfill.features_build then continues in this transaction only, and
-- returns this transaction's snapshot (pg_export_snapshot) for the second
-- connection. That connection imports it (SET TRANSACTION SNAPSHOT) and
-- rolls lane 0 over exactly the runs this transaction builds
-- (pgbackfill.features_state_advance), then builds the second half batch by
-- batch on it. pgbackfill.features_lane_close removes lane 1 before this
-- transaction commits, so lane 1 is never seen outside it.
create or replace function pgbackfill.features_lane_open()
returns text
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill
set jit = off
as $$
declare
    snapshot text := pg_catalog.pg_export_snapshot();
begin
    if pg_catalog.current_setting('transaction_isolation') <> 'repeatable read' then
        raise exception 'pgbackfill.features_lane_open needs a repeatable read transaction';
    end if;
    insert into pgbackfill.feature_state
           (lane, kind, key, runs, wins, places, sp_wins, expected_wins, last_run_date)
    select 1, state.kind, state.key, state.runs, state.wins, state.places, state.sp_wins,
           state.expected_wins, state.last_run_date
      from pgbackfill.feature_state as state
     where state.lane = 0;
    insert into pgbackfill.feature_state_through as lane_end (lane, through)
    select 1, (select state.through from pgbackfill.feature_state_through as state
                where state.lane = 0)
        on conflict (lane) do update set through = excluded.through;
    return snapshot;
end;
$$;
