-- pgbackfill.feature_state: every connection's running totals over all runs
-- up to and including pgbackfill.feature_state_through.through, so a build
-- of the next days starts from them instead of re-reading all history.
-- kind is one of horse, sire, sire_class, sire_distance, dam, damsire,
-- jockey, trainer, owner; key is the connection's id (for the sire
-- breakdowns 'sir_1|class 3' / 'sir_1|7f', see pgbackfill.feature_facts).
-- lane 0 holds the totals every build continues from. lane 1 exists only
-- inside the one transaction of a build's first half when a build runs on
-- two connections (pgbackfill.features_lane_open .. features_lane_close):
-- it is never committed.
-- Unlogged: derived data, recomputed by pgbackfill.features_state_reset;
-- after a crash both tables come back empty and the next build recomputes.
-- Rolled forward in place every batch: room on each page for HOT updates.

-- A database from before the lanes: its totals are derived, drop them (the
-- next build recomputes them).
do $upgrade$
begin
    if to_regclass('pgbackfill.feature_state') is not null
       and not exists (select from pg_catalog.pg_attribute
                        where attrelid = to_regclass('pgbackfill.feature_state')
                          and attname = 'lane' and not attisdropped) then
        drop table pgbackfill.feature_state;
        drop table if exists pgbackfill.feature_state_through;
    end if;
end
$upgrade$;

create unlogged table if not exists pgbackfill.feature_state (
    lane smallint not null default 0,
    kind text not null,
    key text not null,
    runs int not null,
    wins int not null,
    places int not null,
    -- wins of runs with an SP: the numerator of A/E
    sp_wins int not null,
    expected_wins numeric not null,
    last_run_date date not null,
    primary key (lane, kind, key)
) with (fillfactor = 60);

-- Per lane, the one row (written by every build) saying which day the totals
-- above run up to (NULL or no row: no day, the totals are empty). A build
-- trusts the totals only when this is the last race day before the days it
-- builds.
create unlogged table if not exists pgbackfill.feature_state_through (
    lane smallint primary key,
    through date
);
