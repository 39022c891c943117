-- pgbackfill.trainer_location_provenance: every trainer location pgbackfill
-- wrote into ra_mst_trainers, where it came from and when, so a reset
-- (pgbackfill.reset_trainer_locations) removes only what the tool wrote.
create table if not exists pgbackfill.trainer_location_provenance (
    trainer_id varchar primary key,
    location varchar not null,
    -- 'runners': a stored ra_runners.trainer_location; 'racecards': a
    -- racecard fetched from The Racing API; 'profile': a per-trainer endpoint
    source text not null check (source in ('runners', 'racecards', 'profile')),
    -- the race day of the runner row or racecard the location was read from
    racecard_date date,
    written_at timestamptz not null default now()
);
