-- pgbackfill.distance_group: the name of a distance's whole-furlong group, '7f'.
-- Inlinable: no SET clause (see distance_furlongs).
create or replace function pgbackfill.distance_group(furlongs numeric)
returns text
language sql
immutable
parallel safe
security invoker
as $$
    -- int::text || text: immutable operators only (int || 'f' would be the
    -- stable anynonarray || text, and a stable call stops the inlining)
    select pgbackfill.distance_group_f(furlongs)::text || 'f';
$$;
