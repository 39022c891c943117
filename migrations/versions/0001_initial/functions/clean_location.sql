-- pgbackfill.clean_location: a trainer location as stored, trimmed, or null
-- when it says nothing ('' or blanks, and the '-' / en dash the API uses for
-- "unknown"). The one definition of "has a location".
create or replace function pgbackfill.clean_location(location text)
returns text
language sql
immutable
parallel safe
security invoker
set search_path = pg_catalog
as $$
    select case
               when btrim(location) in ('', '-', '–') then null
               else btrim(location)
           end;
$$;
