-- pgbackfill.racecards_first_date: the first day The Racing API keeps
-- racecards for (it began keeping them on 2023-01-23); a trainer with no
-- runner since then cannot get a location from the API.
create or replace function pgbackfill.racecards_first_date()
returns date
language sql
immutable
parallel safe
security invoker
set search_path = pg_catalog
as $$
    select date '2023-01-23';
$$;
