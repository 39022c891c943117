-- pgbackfill.racecard_fetches: each racecard date asked of The Racing API and
-- how it went, so a rerun never asks a date twice. Outcomes: 'ok', '404',
-- '422' (the API's validation error) and 'undecodable' (not the documented
-- JSON); all of them are final.
create table if not exists pgbackfill.racecard_fetches (
    racecard_date date primary key,
    outcome text not null check (outcome in ('ok', '404', '422', 'undecodable')),
    -- one line about a failed outcome (never a credential)
    detail text,
    racecards int,
    runners int,
    trainers int,
    fetched_at timestamptz not null default now()
);
