-- pgbackfill.trainer_profile_fetches: trainers asked of a per-trainer
-- profile endpoint (`pgbackfill locations --source profile`) and the
-- outcome, so a rerun never asks a trainer twice.
create table if not exists pgbackfill.trainer_profile_fetches (
    trainer_id varchar primary key,
    outcome text not null check (outcome in ('ok', 'no location', '404', '422', 'undecodable')),
    fetched_at timestamptz not null default now()
);
