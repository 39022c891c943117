-- pgbackfill_synthetic: what `pgbackfill seed` knows that the racing tables
-- do not say. The generation row marks the racing data as synthetic (seed
-- refuses to touch racing tables without it); trainer_locations is the ground
-- truth of every trainer's yard, from which a local stand-in of the Racing
-- API rebuilds the racecards of any date (ra_races + ra_runners + this).
create schema if not exists pgbackfill_synthetic;

-- One row while the racing tables hold generated data: its scale and seed.
create table if not exists pgbackfill_synthetic.generation (
    singleton bool primary key default true check (singleton),
    scale numeric not null,
    seed int not null,
    generated_at timestamptz not null default now()
);

-- Every trainer's true location, and which source can reveal it:
-- 'located' (ra_mst_trainers.location already holds it), 'stored_in_runners'
-- (some ra_runners.trainer_location rows hold it), 'racecards_only' (ran on
-- or after 2023-01-23, so only the API's racecards hold it), 'no_source'
-- (last ran before 2023-01-23: no source at all).
create table if not exists pgbackfill_synthetic.trainer_locations (
    trainer_id varchar primary key,
    location varchar not null,
    category text not null
        check (category in ('located', 'stored_in_runners', 'racecards_only', 'no_source'))
);
