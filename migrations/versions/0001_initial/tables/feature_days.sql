-- pgbackfill.feature_days: which race days pgbackfill.runner_features holds
-- and what their runs looked like when they were built (how many, the
-- latest changed_at). `features build --stale` compares that with
-- pgbackfill.runner_facts: a day is stale when it is new, gone, has another
-- number of runs, or its latest change is not the one it was built from.
create table if not exists pgbackfill.feature_days (
    race_date date primary key,
    runs int not null,
    last_changed_at timestamp,
    built_at timestamptz not null
);
