-- pgbackfill.distance_group: the name of a distance's whole-furlong group, '7f'.
create or replace function pgbackfill.distance_group(furlongs numeric)
returns text
language sql
immutable
parallel safe
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    select pgbackfill.distance_group_f(furlongs) || 'f';
$$;
