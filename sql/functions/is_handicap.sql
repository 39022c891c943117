-- pgbackfill.is_handicap: whether a race is a handicap, read from its name
-- ('... Handicap', '... H''cap'); the racing tables carry no handicap flag.
create or replace function pgbackfill.is_handicap(race_name text)
returns boolean
language sql
immutable
parallel safe
security invoker
set search_path = pg_catalog
as $$
    select coalesce(race_name ~* '(handicap|h''cap)', false);
$$;
