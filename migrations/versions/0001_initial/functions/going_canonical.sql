-- pgbackfill.going_canonical: fold the many going spellings to one scale.
-- Turf: firm / good to firm / good / good to soft (and yielding) / soft (and
-- yielding to soft) / heavy (and soft to heavy); all-weather: fast /
-- standard / slow. 'Good (Good To Soft in places)' reads as its first part;
-- unknown spellings give NULL.
-- Inlinable: no SET clause (see distance_furlongs).
create or replace function pgbackfill.going_canonical(going text)
returns text
language sql
immutable
parallel safe
security invoker
as $$
    -- folded: the first part only ('Good, Good To Soft in places'), '_' and '-'
    -- are spaces, '/' means 'to', lower case, single spaces
    select case pg_catalog.btrim(pg_catalog.regexp_replace(
                    pg_catalog.replace(
                        pg_catalog.translate(
                            pg_catalog.lower(pg_catalog.split_part(pg_catalog.split_part(going, '(', 1), ',', 1)),
                            '_-', '  '),
                        '/', ' to '),
                    '\s+', ' ', 'g'))
               when 'hard' then 'firm'
               when 'very firm' then 'firm'
               when 'firm' then 'firm'
               when 'good to firm' then 'good to firm'
               when 'firm to good' then 'good to firm'
               when 'good' then 'good'
               when 'good to soft' then 'good to soft'
               when 'soft to good' then 'good to soft'
               when 'yielding' then 'good to soft'
               when 'good to yielding' then 'good to soft'
               when 'yielding to good' then 'good to soft'
               when 'soft' then 'soft'
               when 'very soft' then 'soft'
               when 'yielding to soft' then 'soft'
               when 'soft to yielding' then 'soft'
               when 'heavy' then 'heavy'
               when 'very heavy' then 'heavy'
               when 'soft to heavy' then 'heavy'
               when 'heavy to soft' then 'heavy'
               -- all-weather: the in-between steps fold outwards, like soft to heavy
               when 'fast' then 'fast'
               when 'standard to fast' then 'fast'
               when 'fast to standard' then 'fast'
               when 'standard' then 'standard'
               when 'standard to slow' then 'slow'
               when 'slow to standard' then 'slow'
               when 'slow' then 'slow'
           end;
$$;
