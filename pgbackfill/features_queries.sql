-- The queries of a features build on two connections (pgbackfill/features.py),
-- in the format of queries.sql: each headed `-- name --` and a description.
-- (They belong in queries.sql; kept here while another change owns that file.)

-- features_two_connections_allowed --
-- Whether this role may remove lane 1 of the running totals (DELETE on pgbackfill.feature_state / _through).
select has_table_privilege('pgbackfill.feature_state', 'delete')
       and has_table_privilege('pgbackfill.feature_state_through', 'delete') as allowed;

-- features_lane_open --
-- First half of a build on two connections, first in its REPEATABLE READ transaction: lane 1 of the totals, and the snapshot to share.
select pgbackfill.features_lane_open() as snapshot;

-- features_lane_close --
-- Remove lane 1 of the totals before the first half's transaction commits.
select pgbackfill.features_lane_close();

-- features_lane_import --
-- First statement of the second connection's REPEATABLE READ transaction: see exactly what the first half sees ({snapshot}: the quoted id).
set transaction snapshot {snapshot}

-- features_lane_advance --
-- Second connection, in the imported snapshot: roll the totals builds continue from (lane 0) over the first half's days.
select pgbackfill.features_state_advance(%(from_date)s::date, %(to_date)s::date, 0::smallint) as through;
