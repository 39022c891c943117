-- pgbackfill.is_handicap: whether a race is a handicap, read from its name
-- ('... Handicap', '... H''cap'); the racing tables carry no handicap flag.
-- Inlinable: no SET clause (see distance_furlongs).
create or replace function pgbackfill.is_handicap(race_name text)
returns boolean
language sql
immutable
parallel safe
security invoker
as $$
    select coalesce(race_name ~* '(handicap|h''cap)', false);
$$;
