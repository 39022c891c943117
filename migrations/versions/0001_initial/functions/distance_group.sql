-- pgbackfill.distance_group: the name of a distance's whole-furlong group, '7f'.
-- Inlinable: no SET clause (see distance_furlongs).
create or replace function pgbackfill.distance_group(furlongs numeric)
returns text
language sql
immutable
parallel safe
security invoker
as $$
    select pgbackfill.distance_group_f(furlongs) || 'f';
$$;
