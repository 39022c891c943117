-- pgbackfill.trainer_base: where a trainer's yard is, from the location the
-- racing press writes ("Malton, N Yorks", "Curragh, Co Kildare"), offline,
-- from the gazetteer (pgbackfill.places, counties, county_aliases). One row:
-- the place, its county and region, latitude and longitude, resolved_by
-- 'place' or 'county' (the county's centre), or NULL with the reason.
--
-- The county is what follows the last comma, folded through its aliases
-- ("N Yorks", "Berks", "Co Kildare"); the place is what comes before it,
-- looked up by folded name within the admin2 areas of that county (so
-- "Lambourn, Berks" finds Lambourn in West Berkshire). In order:
--   1. the place in the named county;
--   2. the place without a leading Upper/Lower/Great/Little/East/West/
--      North/South/Nether/Over/Old ("Upper Lambourn" → Lambourn), in it;
--   3. the named county's centre ("Middleham Moor, N Yorks");
--   4. no county written: the place by name alone; ties go to England, then
--      Ireland, Scotland, Wales, Northern Ireland, then the lowest place_id
--      (ordered by country, county, name);
--   5. no county written: the whole string as a county ("Co Kildare").
-- A county part that names no county resolves nothing: reason 'county not
-- recognised: …' (or 'outside GB and Ireland: …' for a country abroad).
-- No `set search_path`: everything is schema-qualified, and a SET clause
-- would stop PostgreSQL from inlining the function into a caller's query.
create or replace function pgbackfill.trainer_base(location text)
returns table (
    place text,
    county text,
    region text,
    latitude double precision,
    longitude double precision,
    resolved_by text,
    reason text
)
language sql
stable
parallel safe
security invoker
as $$
    with
    given as (
        select pgbackfill.clean_location(trainer_base.location) as location
    ),
    parts as (
        -- the county follows the last comma; with no comma (or nothing after
        -- it) the whole string is a place or a county
        select given.location,
               pg_catalog.btrim(pg_catalog.substring(given.location, ',([^,]*)$')) as county_written,
               pgbackfill.fold_place_name(pg_catalog.substring(given.location, ',([^,]*)$'))
                   as county_key,
               pgbackfill.fold_place_name(coalesce(pg_catalog.substring(given.location, '^(.*),'),
                                                   given.location)) as place_key
          from given
    ),
    named as (
        select county.*
          from parts
          join pgbackfill.county_aliases as alias on alias.alias_folded = parts.county_key
          join pgbackfill.counties as county on county.county = alias.county
    ),
    candidates as (
        select 1 as step, place.name, place.county, place.region, place.latitude, place.longitude,
               'place' as resolved_by, place.country, place.place_id
          from parts
          cross join named
          join pgbackfill.places as place
            on place.name_folded = parts.place_key and place.admin2 = any (named.admin2)
        union all
        select 2, place.name, place.county, place.region, place.latitude, place.longitude,
               'place', place.country, place.place_id
          from parts
          cross join named
          join pgbackfill.places as place
            on place.name_folded = pg_catalog.regexp_replace(
                   parts.place_key,
                   '^(upper|lower|great|little|east|west|north|south|nether|over|old) ', '')
           and place.admin2 = any (named.admin2)
         where parts.place_key ~ '^(upper|lower|great|little|east|west|north|south|nether|over|old) '
        union all
        select 3, null, named.county, named.region, named.latitude, named.longitude,
               'county', named.country, null
          from named
        union all
        select 4, place.name, place.county, place.region, place.latitude, place.longitude,
               'place', place.country, place.place_id
          from parts
          join pgbackfill.places as place on place.name_folded = parts.place_key
         where parts.county_key is null
        union all
        select 5, null, county.county, county.region, county.latitude, county.longitude,
               'county', county.country, null
          from parts
          join pgbackfill.county_aliases as alias on alias.alias_folded = parts.place_key
          join pgbackfill.counties as county on county.county = alias.county
         where parts.county_key is null
    )
    select best.name, best.county, best.region, best.latitude, best.longitude, best.resolved_by,
           case
               when best.resolved_by is not null then null
               when parts.location is null then 'no location'
               when coalesce(parts.county_key, parts.place_key) = any (array[
                        'france', 'germany', 'italy', 'spain', 'belgium', 'netherlands',
                        'switzerland', 'czech republic', 'slovakia', 'hungary', 'poland', 'norway',
                        'sweden', 'denmark', 'usa', 'united states', 'canada', 'australia',
                        'new zealand', 'hong kong', 'japan', 'singapore', 'macau', 'india',
                        'south africa', 'uae', 'united arab emirates', 'dubai', 'saudi arabia',
                        'qatar', 'bahrain', 'turkey', 'argentina', 'brazil', 'chile', 'peru',
                        'jersey', 'guernsey', 'isle of man'])
                   then 'outside GB and Ireland: ' || coalesce(parts.county_written, parts.location)
               when parts.county_key is not null
                   then 'county not recognised: ' || parts.county_written
               else 'place not found and no county'
           end
      from parts
      left join lateral (
          select candidates.*
            from candidates
           order by candidates.step,
                    case candidates.country when 'England' then 1 when 'Ireland' then 2
                                            when 'Scotland' then 3 when 'Wales' then 4 else 5 end,
                    candidates.place_id
           limit 1
      ) as best on true
$$;
