-- pgbackfill.run_features: what `pgbackfill features build`
-- (pgbackfill.features_build) stores of each run's point-in-time features,
-- one row per run: the counts and the market figures of its connections
-- over earlier race days, and its travel. The view pgbackfill.runner_features
-- shows them with everything that can be worked out as they are read: the
-- run's ids (its row of pgbackfill.run_facts) and the win percentages (from
-- the runs and wins beside them). The rules of every column are in
-- views/runner_features.sql.
--
-- Lean, because a small hosted instance pays for every byte (issue 15): a
-- row is about half of what it was when every column was stored (0005: 487
-- bytes a run, 1.15x the racing tables at scale 1.0). Fixed-width columns
-- first, widest first, so no byte is lost to alignment; smallint where a
-- count is bounded by the calendar (a horse's own record, the runs of 14 and
-- 30 days; an overflow is an error, never a wrong figure); the expected wins
-- and A/E as the rounded numerics the view shows (about 6 bytes each: they
-- cannot be worked out again from the counts).
create table if not exists pgbackfill.run_features (
    runner_id bigint not null,
    built_at timestamptz not null default now(),
    race_date date not null,
    sire_runs int,
    sire_wins int,
    sire_places int,
    sire_class_runs int,
    sire_class_wins int,
    sire_class_places int,
    sire_distance_runs int,
    sire_distance_wins int,
    sire_distance_places int,
    dam_runs int,
    dam_wins int,
    dam_places int,
    damsire_runs int,
    damsire_wins int,
    damsire_places int,
    jockey_runs int,
    jockey_wins int,
    jockey_places int,
    trainer_runs int,
    trainer_wins int,
    trainer_places int,
    owner_runs int,
    owner_wins int,
    owner_places int,
    horse_runs smallint,
    horse_wins smallint,
    horse_days_since_last_run smallint,
    jockey_14d_runs smallint,
    jockey_14d_wins smallint,
    jockey_30d_runs smallint,
    jockey_30d_wins smallint,
    trainer_14d_runs smallint,
    trainer_14d_wins smallint,
    trainer_30d_runs smallint,
    trainer_30d_wins smallint,
    sire_expected_wins numeric,
    sire_ae numeric,
    sire_class_expected_wins numeric,
    sire_class_ae numeric,
    sire_distance_expected_wins numeric,
    sire_distance_ae numeric,
    dam_expected_wins numeric,
    dam_ae numeric,
    damsire_expected_wins numeric,
    damsire_ae numeric,
    jockey_expected_wins numeric,
    jockey_ae numeric,
    trainer_expected_wins numeric,
    trainer_ae numeric,
    owner_expected_wins numeric,
    owner_ae numeric,
    trainer_travel_km numeric,
    trainer_region text,
    trainer_location_source text,
    constraint run_features_pkey primary key (runner_id)
);

-- Until 0006 the features were one table, pgbackfill.runner_features, with
-- every column stored; its rows move here (nothing to build again) and the
-- view of that name (views/runner_features.sql) takes its place.
do $upgrade$
begin
    if exists (select from pg_catalog.pg_class
                where oid = pg_catalog.to_regclass('pgbackfill.runner_features') and relkind = 'r') then
        insert into pgbackfill.run_features (
            runner_id, built_at, race_date,
            sire_runs, sire_wins, sire_places, sire_class_runs, sire_class_wins, sire_class_places,
            sire_distance_runs, sire_distance_wins, sire_distance_places,
            dam_runs, dam_wins, dam_places, damsire_runs, damsire_wins, damsire_places,
            jockey_runs, jockey_wins, jockey_places, trainer_runs, trainer_wins, trainer_places,
            owner_runs, owner_wins, owner_places,
            horse_runs, horse_wins, horse_days_since_last_run,
            jockey_14d_runs, jockey_14d_wins, jockey_30d_runs, jockey_30d_wins,
            trainer_14d_runs, trainer_14d_wins, trainer_30d_runs, trainer_30d_wins,
            sire_expected_wins, sire_ae, sire_class_expected_wins, sire_class_ae,
            sire_distance_expected_wins, sire_distance_ae, dam_expected_wins, dam_ae,
            damsire_expected_wins, damsire_ae, jockey_expected_wins, jockey_ae,
            trainer_expected_wins, trainer_ae, owner_expected_wins, owner_ae,
            trainer_travel_km, trainer_region, trainer_location_source)
        select old.runner_id, old.built_at, old.race_date,
               old.sire_runs, old.sire_wins, old.sire_places,
               old.sire_class_runs, old.sire_class_wins, old.sire_class_places,
               old.sire_distance_runs, old.sire_distance_wins, old.sire_distance_places,
               old.dam_runs, old.dam_wins, old.dam_places,
               old.damsire_runs, old.damsire_wins, old.damsire_places,
               old.jockey_runs, old.jockey_wins, old.jockey_places,
               old.trainer_runs, old.trainer_wins, old.trainer_places,
               old.owner_runs, old.owner_wins, old.owner_places,
               old.horse_runs, old.horse_wins, old.horse_days_since_last_run,
               old.jockey_14d_runs, old.jockey_14d_wins, old.jockey_30d_runs, old.jockey_30d_wins,
               old.trainer_14d_runs, old.trainer_14d_wins, old.trainer_30d_runs, old.trainer_30d_wins,
               old.sire_expected_wins, old.sire_ae, old.sire_class_expected_wins, old.sire_class_ae,
               old.sire_distance_expected_wins, old.sire_distance_ae,
               old.dam_expected_wins, old.dam_ae, old.damsire_expected_wins, old.damsire_ae,
               old.jockey_expected_wins, old.jockey_ae, old.trainer_expected_wins, old.trainer_ae,
               old.owner_expected_wins, old.owner_ae,
               old.trainer_travel_km, old.trainer_region, old.trainer_location_source
          from pgbackfill.runner_features as old
            on conflict (runner_id) do nothing;
        drop table pgbackfill.runner_features;
    end if;
end
$upgrade$;

-- Batches replace whole date ranges; exports select date ranges.
create index if not exists run_features_race_date_idx
    on pgbackfill.run_features (race_date);
