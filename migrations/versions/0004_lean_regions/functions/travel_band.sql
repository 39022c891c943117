-- pgbackfill.travel_band: the travel band of a run's distance from its
-- trainer's base to the course (km), as a range that says which side each
-- edge falls on: [0,50] (≤ 50 km), (50,150], (150,300], (300,) (> 300 km).
-- An edge belongs to the band below it: 50 km is "≤ 50", 150 km "50–150",
-- 300 km "150–300". NULL when the distance is unknown. Ranges sort by their
-- lower bound, so `order by travel_band` lists them nearest first; `where
-- travel_band @> 120::numeric` finds one.
--
-- No `set search_path`, so that it inlines: it names only pg_catalog's.
create or replace function pgbackfill.travel_band(km double precision)
returns numrange
language sql
immutable
parallel safe
security invoker
as $$
    select case
               when travel_band.km is null then null
               when travel_band.km <= 50 then pg_catalog.numrange(0, 50, '[]')
               when travel_band.km <= 150 then pg_catalog.numrange(50, 150, '(]')
               when travel_band.km <= 300 then pg_catalog.numrange(150, 300, '(]')
               else pg_catalog.numrange(300, null, '()')
           end
$$;
