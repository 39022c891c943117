-- pgbackfill.training_centre_members: which trainers form a training centre,
-- computed on read from their bases (pgbackfill.trainer_bases), so a
-- location that changes or is reset moves its trainer at once.
--
-- The rule (issue 14), with its two parameters in `rule` below:
--   * only bases resolved to a place count: a trainer resolved to its
--     county's centre ("Middleham Moor, N Yorks") has no known yard, and
--     county centres never form a pseudo-centre (nor join a real one);
--   * a centre's main place is a base place with more trainers than every
--     other base place within radius_km (8 km) of it (ties: the place
--     first by name, then county); each place-resolved trainer joins the
--     nearest main place within radius_km (its own place when that is one);
--   * a main place with at least min_trainers (2) trainers is a centre,
--     named after that place (Newmarket, Lambourn, Malton, Middleham,
--     Curragh, ...). A trainer whose place has no main place within
--     radius_km (a place outnumbered by a neighbour that is itself
--     outnumbered further on) belongs to no centre.
-- 8 km holds a village and its satellites (Newmarket and Exning, 3.2 km;
-- Malton and Great Habton, 5.4 km; Middleham and Leyburn, 3.2 km) and keeps
-- the next centre apart (Lambourn and West Ilsley, 10.8 km).
create or replace view pgbackfill.training_centre_members
with (security_invoker = true)
as
with
rule (radius_km, min_trainers) as (
    values (8.0::double precision, 2)
),
bases as (
    select base.trainer_id, base.place, base.county, base.region, base.latitude, base.longitude
      from pgbackfill.trainer_bases as base
     where base.resolved_by = 'place'
),
base_places as (
    select bases.place, bases.county, bases.region, bases.latitude, bases.longitude,
           count(*) as trainers
      from bases
     group by bases.place, bases.county, bases.region, bases.latitude, bases.longitude
),
main_places as (
    -- places no bigger base place within the radius outnumbers
    select candidate.*
      from base_places as candidate
     cross join rule
     where not exists (
         select
           from base_places as rival
          where (rival.place, rival.county) <> (candidate.place, candidate.county)
            and pgbackfill.great_circle_km(candidate.latitude, candidate.longitude,
                                           rival.latitude, rival.longitude) <= rule.radius_km
            and (rival.trainers > candidate.trainers
                 or (rival.trainers = candidate.trainers
                     and (rival.place, rival.county) < (candidate.place, candidate.county))))
),
joined as (
    -- each place-resolved trainer and the nearest main place within the radius
    select bases.trainer_id, bases.place, bases.county, main.place as centre,
           main.county as centre_county, main.region as centre_region,
           main.latitude as centre_latitude, main.longitude as centre_longitude, main.km
      from bases
     cross join rule
     cross join lateral (
         select main_places.place, main_places.county, main_places.region,
                main_places.latitude, main_places.longitude,
                pgbackfill.great_circle_km(bases.latitude, bases.longitude,
                                           main_places.latitude, main_places.longitude) as km
           from main_places
          where pgbackfill.great_circle_km(bases.latitude, bases.longitude,
                                           main_places.latitude, main_places.longitude) <= rule.radius_km
          order by 6, main_places.place, main_places.county
          limit 1
     ) as main
),
centres as (
    select joined.centre, joined.centre_county
      from joined
     cross join rule
     group by joined.centre, joined.centre_county, rule.min_trainers
    having count(*) >= rule.min_trainers
)
select joined.trainer_id,
       joined.centre,
       joined.centre_county,
       joined.centre_region,
       joined.centre_latitude,
       joined.centre_longitude,
       joined.place,
       joined.county,
       round(joined.km::numeric, 1) as km_from_centre
  from joined
  join centres using (centre, centre_county);
