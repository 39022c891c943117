-- pgbackfill.distance_group_f: the whole-furlong group of a distance: furlongs
-- rounded to the nearest whole furlong, halves rounding up (6.95 -> 7, 7.5 -> 8).
-- Inlinable: no SET clause (see distance_furlongs).
create or replace function pgbackfill.distance_group_f(furlongs numeric)
returns int
language sql
immutable
parallel safe
security invoker
as $$
    -- floor(x + 0.5): halves go up, for every positive distance
    select pg_catalog.floor(furlongs + 0.5)::int;
$$;
