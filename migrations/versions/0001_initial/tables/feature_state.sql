-- pgbackfill.feature_state: every connection's running totals over all runs
-- up to and including pgbackfill.feature_state_through.through, so a build
-- of the next days starts from them instead of re-reading all history.
-- kind is one of horse, sire, sire_class, sire_distance, dam, damsire,
-- jockey, trainer, owner; key is the connection's id (for the sire
-- breakdowns 'sir_1|class 3' / 'sir_1|7f', see pgbackfill.feature_facts).
-- Unlogged: derived data, recomputed by pgbackfill.features_state_reset;
-- after a crash both tables come back empty and the next build recomputes.
-- Rolled forward in place every batch: room on each page for HOT updates.
create unlogged table if not exists pgbackfill.feature_state (
    kind text not null,
    key text not null,
    runs int not null,
    wins int not null,
    places int not null,
    -- wins of runs with an SP: the numerator of A/E
    sp_wins int not null,
    expected_wins numeric not null,
    last_run_date date not null,
    primary key (kind, key)
) with (fillfactor = 60);

-- The one row (written by every build) saying which day the totals above
-- run up to (NULL or no row: no day, the totals are empty). A build trusts
-- the totals only when this is the last race day before the days it builds.
create unlogged table if not exists pgbackfill.feature_state_through (
    one bool primary key default true check (one),
    through date
);
