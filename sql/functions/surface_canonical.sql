-- pgbackfill.surface_canonical: a race's surface as 'turf', 'aw' (all-weather:
-- Polytrack, Tapeta, Fibresand) or 'dirt'; NULL when unknown.
create or replace function pgbackfill.surface_canonical(surface text)
returns text
language sql
immutable
parallel safe
security invoker
set search_path = pg_catalog
as $$
    select case regexp_replace(lower(btrim(surface)), '[^a-z]+', '', 'g')
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
