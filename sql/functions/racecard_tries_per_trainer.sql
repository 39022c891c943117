-- pgbackfill.racecard_tries_per_trainer: after this many fetched racecards
-- naming a trainer without giving a location, no more dates are fetched for
-- it (the API writes "" for a yard it does not know, on every card): the
-- trainer is reported as 'racecards give no location' instead.
create or replace function pgbackfill.racecard_tries_per_trainer()
returns integer
language sql
immutable
parallel safe
security invoker
set search_path = pg_catalog
as $$
    select 3;
$$;
