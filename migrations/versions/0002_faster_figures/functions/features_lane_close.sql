-- pgbackfill.features_lane_close: end the first half of a build on two
-- connections (see pgbackfill.features_lane_open): remove lane 1 of the
-- running totals before the transaction commits. The totals builds continue
-- from are lane 0, which the second connection carried to the last day.
create or replace function pgbackfill.features_lane_close()
returns void
language sql
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    delete from pgbackfill.feature_state as state where state.lane = 1;
    delete from pgbackfill.feature_state_through as state where state.lane = 1;
$$;
