-- pgbackfill.race_type_canonical: a race's type as 'flat', 'hurdle', 'chase'
-- or 'nh flat' (National Hunt flat, 'bumper'); NULL when unknown.
-- Inlinable: no SET clause (see distance_furlongs).
create or replace function pgbackfill.race_type_canonical(race_type text)
returns text
language sql
immutable
parallel safe
security invoker
as $$
    select case pg_catalog.regexp_replace(pg_catalog.lower(pg_catalog.btrim(race_type)), '[^a-z]+', '', 'g')
               when 'flat' then 'flat'
               when 'hurdle' then 'hurdle'
               when 'chase' then 'chase'
               when 'steeplechase' then 'chase'
               when 'nhflat' then 'nh flat'
               when 'nhf' then 'nh flat'
               when 'nationalhuntflat' then 'nh flat'
               when 'bumper' then 'nh flat'
           end;
$$;
