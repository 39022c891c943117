-- pgbackfill.clean_location: a trainer location as stored, trimmed, or null
-- when it says nothing ('' or blanks, and the '-' / en dash the API uses for
-- "unknown"). The one definition of "has a location".
-- No `set search_path` here, on purpose: a SET clause stops PostgreSQL from
-- inlining the function, and it runs on every runner row of the scans; the
-- body only calls pg_catalog.btrim, schema-qualified.
create or replace function pgbackfill.clean_location(location text)
returns text
language sql
immutable
parallel safe
security invoker
as $$
    select case
               when pg_catalog.btrim(location) in ('', '-', '–') then null
               else pg_catalog.btrim(location)
           end;
$$;
