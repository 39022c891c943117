-- pgbackfill.skip_racecard_date: remember a racecard date the API could not
-- give (outcome '404', '422' or 'undecodable', with one line of detail), so
-- it is skipped now and never asked again.
create or replace function pgbackfill.skip_racecard_date(
    racecard_date date, outcome text, detail text default null
)
returns void
language sql
volatile
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    insert into pgbackfill.racecard_fetches as asked (racecard_date, outcome, detail)
    values (skip_racecard_date.racecard_date, skip_racecard_date.outcome,
            left(skip_racecard_date.detail, 200))
    on conflict (racecard_date) do update
       set outcome = excluded.outcome, detail = excluded.detail,
           racecards = null, runners = null, trainers = null, fetched_at = now();
$$;
