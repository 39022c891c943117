-- pgbackfill.surface_canonical: a race's surface as 'turf', 'aw' (all-weather:
-- Polytrack, Tapeta, Fibresand) or 'dirt'; NULL when unknown.
-- Inlinable: no SET clause (see distance_furlongs).
create or replace function pgbackfill.surface_canonical(surface text)
returns text
language sql
immutable
parallel safe
security invoker
as $$
    select case pg_catalog.regexp_replace(pg_catalog.lower(pg_catalog.btrim(surface)), '[^a-z]+', '', 'g')
               when 'turf' then 'turf'
               when 'grass' then 'turf'
               when 'aw' then 'aw'
               when 'allweather' then 'aw'
               when 'polytrack' then 'aw'
               when 'tapeta' then 'aw'
               when 'fibresand' then 'aw'
               when 'dirt' then 'dirt'
           end;
$$;
