-- pgbackfill.course_regions: every course of ra_courses and its region (the
-- same sixteen as the trainers' bases: England's nine, Wales, Scotland,
-- Northern Ireland, Ireland's four provinces), for the regional figures.
-- The region is the region of the gazetteer place nearest to the course's
-- coordinates (pgbackfill.places holds the racecourses no town is named
-- after, so a course usually finds itself or its own town within a few km;
-- `place` and `km_from_place` show which place decided). A name would
-- mislead: "Bangor" is Bangor-on-Dee in Wales, not Bangor in Co Down. A
-- course without coordinates gets no region: counted, never guessed.
--   select * from pgbackfill.course_regions where region is null;
create or replace view pgbackfill.course_regions
with (security_invoker = true)
as
select course.id as course_id,
       course.name as course_name,
       nearest.region,
       nearest.name as place,
       round(pgbackfill.great_circle_km(course.latitude, course.longitude,
                                        nearest.latitude, nearest.longitude)::numeric, 1)
           as km_from_place,
       course.latitude,
       course.longitude
  from (select course.id, course.name,
               course.latitude::float8 as latitude,
               course.longitude::float8 as longitude,
               pg_catalog.cos(pg_catalog.radians(course.latitude::float8)) as longitude_scale
          from public.ra_courses as course
        -- offset 0: each course's coordinates converted once, not per place
        offset 0) as course
  left join lateral (
      select place.name, place.region, place.latitude, place.longitude
        from pgbackfill.places as place
       where course.latitude is not null and course.longitude is not null
       -- nearest first by the flat-earth distance (within a few km, the
       -- great circle's order, for a fraction of its cost)
       order by pg_catalog.power(place.latitude - course.latitude, 2)
                + pg_catalog.power((place.longitude - course.longitude) * course.longitude_scale, 2),
                place.place_id
       limit 1
  ) as nearest on true;
