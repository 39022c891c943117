-- pgbackfill.synthetic_races: the races of the synthetic data (ra_races),
-- 2015-01-01 to 2025-10-20, GB and IRE, in the mixed formats of the real
-- tables (distance strings, going spellings, Irish races without class),
-- with some abandoned races and, on the last days, racecards not yet run;
-- and the courses they are run at (ra_courses: pgbackfill.synthetic_courses,
-- with coordinates). Every race's course_id is one of them: Irish races at
-- Irish courses, all-weather races at the all-weather tracks ('Kempton
-- (AW)'), turf races at the turf courses.
-- Leaves pg_temp.synthetic_races: per race, its field size, the range of
-- horses in training it draws from and the numbering of its runner rows.
create or replace function pgbackfill.synthetic_races(scale numeric, seed int)
returns void
language plpgsql
volatile
security invoker
set search_path = pg_catalog, pgbackfill, public
as $function$
declare
    size record;
    days constant int := date '2025-10-20' - date '2015-01-01' + 1;
    flat_horses int;
begin
    select * into size from pgbackfill.synthetic_sizes(scale);
    flat_horses := greatest(1, least(size.horses - 1, round(size.horses * 0.6)::int));

    create temp table synthetic_races on commit drop as
    with drawn as (
        select r,
               -- races are spread evenly over the days, in date order
               (r * days / size.races)::int as day,
               pgbackfill.synthetic_random(seed, 41, r) < 0.27 as irish,
               pgbackfill.synthetic_random(seed, 42, r) as type_draw,
               pgbackfill.synthetic_random(seed, 43, r) as surface_draw,
               pgbackfill.synthetic_random(seed, 44, r) as course_draw,
               pgbackfill.synthetic_random(seed, 45, r) as going_draw,
               pgbackfill.synthetic_random(seed, 46, r) as spelling_draw,
               pgbackfill.synthetic_random(seed, 47, r) as class_draw,
               pgbackfill.synthetic_random(seed, 48, r) as distance_draw,
               pgbackfill.synthetic_random(seed, 49, r) as yards_draw,
               pgbackfill.synthetic_random(seed, 50, r) as format_draw,
               pgbackfill.synthetic_random(seed, 51, r) as kind_draw,
               pgbackfill.synthetic_random(seed, 52, r) as field_draw,
               pgbackfill.synthetic_normal(seed, 53, r) as field_normal,
               pgbackfill.synthetic_random(seed, 54, r) as fate_draw
          -- r is bigint: r * days passes 2^31 from scale ~4 (at 5: 685,000 races
          -- over 3,946 days), which as int was `integer out of range`
          from generate_series(0::bigint, size.races - 1) as r
        offset 0
    ), typed as (
        select drawn.*,
               case when type_draw < 0.58 then 'Flat' when type_draw < 0.83 then 'Hurdle'
                    when type_draw < 0.96 then 'Chase' else 'NH Flat' end as type
          from drawn
    ), placed as (
        select typed.*,
               case when type = 'Flat' then 'flat' else 'jumps' end as pool,
               case when type = 'Flat' and surface_draw < (case when irish then 0.12 else 0.38 end) then 'AW'
                    when type = 'NH Flat' and not irish and surface_draw < 0.03 then 'AW'
                    else 'Turf' end as surface,
               -- furlongs (whole) and extra yards: 0, 110 (half a furlong) or odd yards
               case type
                   when 'Flat' then case when distance_draw < 0.15 then 5 when distance_draw < 0.35 then 6
                                         when distance_draw < 0.53 then 7 when distance_draw < 0.71 then 8
                                         when distance_draw < 0.79 then 9 when distance_draw < 0.88 then 10
                                         when distance_draw < 0.95 then 12 when distance_draw < 0.98 then 14
                                         else 16 end
                   when 'Hurdle' then case when distance_draw < 0.35 then 16 when distance_draw < 0.45 then 17
                                           when distance_draw < 0.55 then 19 when distance_draw < 0.75 then 20
                                           when distance_draw < 0.83 then 21 when distance_draw < 0.95 then 24
                                           else 25 end
                   when 'Chase' then case when distance_draw < 0.25 then 16 when distance_draw < 0.40 then 17
                                          when distance_draw < 0.55 then 20 when distance_draw < 0.70 then 21
                                          when distance_draw < 0.85 then 24 when distance_draw < 0.95 then 26
                                          when distance_draw < 0.99 then 29 else 34 end
                   else case when distance_draw < 0.2 then 13 when distance_draw < 0.7 then 16 else 17 end
               end * 220
               + case when yards_draw < 0.7 then 0 when yards_draw < 0.85 then 110
                      else 10 * (1 + floor((yards_draw - 0.85) / 0.15 * 20))::int end as yards
          from typed
    ), classed as (
        select placed.*,
               case when irish then null
                    when pool = 'flat' then case when class_draw < 0.05 then 1 when class_draw < 0.13 then 2
                                                 when class_draw < 0.23 then 3 when class_draw < 0.43 then 4
                                                 when class_draw < 0.68 then 5 when class_draw < 0.93 then 6
                                                 else 7 end
                    else case when class_draw < 0.05 then 1 when class_draw < 0.15 then 2
                              when class_draw < 0.40 then 3 when class_draw < 0.75 then 4 else 5 end
               end as class_number,
               -- field: typically 8-12, from 2 to 30, a few big handicaps
               least(30, greatest(2, case when field_draw < 0.05
                                          then 14 + floor(field_draw / 0.05 * 17)::int
                                          else round(8.8 + 3.2 * field_normal)::int end)) as declared,
               case when pool = 'flat'
                    then greatest(0, floor((day - 550) * flat_horses::numeric / days))::int
                    else greatest(0, floor((day - 750) * (size.horses - flat_horses)::numeric / days))::int
               end as lo_raw,
               case when pool = 'flat'
                    then least(flat_horses - 1, floor((day + 550) * flat_horses::numeric / days))::int
                    else least(size.horses - flat_horses - 1,
                               floor((day + 750) * (size.horses - flat_horses)::numeric / days))::int
               end as hi_raw
          from placed
    ), windowed as (
        select classed.*,
               least(lo_raw, hi_raw) as lo,
               greatest(1, hi_raw - least(lo_raw, hi_raw) + 1) as width
          from classed
    ), fielded as (
        select windowed.*,
               least(declared, width) as field_size,
               case when r >= size.races - size.unrun_races then 'unrun'
                    when fate_draw < 0.006 then 'abandoned'
                    when fate_draw > 0.996 then 'dead heat'
                    else 'result' end as fate
          from windowed
        offset 0
    )
    select fielded.*,
           'rac_' || (10000000 + r)::text as race_id,
           date '2015-01-01' + day as date,
           -- runners k = 0 .. field_size - 1 are horses lo + (start + k * stride) mod width:
           -- distinct, since stride * 29 < width
           floor(width * pgbackfill.synthetic_random(seed, 55, r))::int as start,
           1 + floor(greatest(1, (width - 1) / 29) * pgbackfill.synthetic_random(seed, 56, r))::int as stride,
           -- runner row ids: field sizes summed in race order
           (sum(field_size) over (order by r) - field_size)::bigint as runner_offset,
           -- the bookmakers' over-round: what makes the population's A/E about 0.9
           1.04 + 0.008 * field_size as overround,
           time '12:00' + make_interval(mins => 5 * floor(105 * pgbackfill.synthetic_random(seed, 57, r))::int)
               as off_time
      from fielded;

    create unique index on pg_temp.synthetic_races (r);

    -- the courses every race is run at, with their coordinates
    insert into public.ra_courses (id, name, region_code, region, latitude, longitude,
                                   created_at, updated_at)
    select known.course_id, known.name, known.region_code, known.region,
           known.latitude, known.longitude, timestamp '2015-01-01', timestamp '2015-01-01'
      from pgbackfill.synthetic_courses() as known;

    insert into public.ra_races (id, course_id, course_name, date, off_time, off_dt, race_name, region,
                                 type, surface, going, race_class, pattern, distance, distance_f,
                                 distance_m, age_band, rating_band, sex_restriction, prize, field_size,
                                 is_abandoned, has_result, created_at, updated_at)
    with course as materialized (
        -- every course, numbered within each list it races in: (region,
        -- surface), turf races at the turf courses, all-weather ones at the
        -- all-weather tracks, named as the real data names them there
        select listed.region_code, listed.surface, listed.course_id,
               listed.name || case when listed.surface = 'AW' then ' (AW)' else '' end as course_name,
               row_number() over (partition by listed.region_code, listed.surface
                                  order by listed.course_id) as course_number,
               count(*) over (partition by listed.region_code, listed.surface) as courses
          from (select known.region_code, known.course_id, known.name, 'Turf' as surface
                  from pgbackfill.synthetic_courses() as known
                 where known.turf
                union all
                select known.region_code, known.course_id, known.name, 'AW'
                  from pgbackfill.synthetic_courses() as known
                 where known.all_weather) as listed
    ), courses as (
        select race.*, course.course_id, course.course_name
          from pg_temp.synthetic_races as race
          join course on course.region_code = case when race.irish then 'ire' else 'gb' end
                     and course.surface = race.surface
                     and course.course_number = 1 + floor(race.course_draw * course.courses)::int
    ), named as (
        select courses.*,
               -- the canonical going, then spelled as one of the sources spells it
               case when surface = 'AW' then
                        case when going_draw < 0.80 then 'Standard' when going_draw < 0.92 then 'Standard To Slow'
                             when going_draw < 0.97 then 'Standard To Fast' else 'Slow' end
                    when irish then
                        case when going_draw < 0.10 then 'Good To Firm' when going_draw < 0.32 then 'Good'
                             when going_draw < 0.47 then 'Yielding' when going_draw < 0.57 then 'Yielding To Soft'
                             when going_draw < 0.70 then 'Good To Soft' when going_draw < 0.87 then 'Soft'
                             when going_draw < 0.97 then 'Heavy' else 'Soft To Heavy' end
                    else
                        case when going_draw < 0.03 then 'Firm' when going_draw < 0.23 then 'Good To Firm'
                             when going_draw < 0.53 then 'Good' when going_draw < 0.75 then 'Good To Soft'
                             when going_draw < 0.90 then 'Soft' when going_draw < 0.97 then 'Heavy'
                             else 'Soft To Heavy' end
               end as going_name,
               (yards / 1760)::text || 'm' as miles_part,
               yards / 1760 as miles, (yards % 1760) / 220 as furlongs_part, yards % 220 as yards_part,
               round(yards / 110.0) / 2 as half_furlongs,
               pool = 'flat' and kind_draw < 0.5 or pool = 'jumps' and kind_draw < 0.55 as handicap,
               off_time as off
          from courses
    ), spelled as (
        select named.*,
               -- '2m4f110y', '1m', '6f210y'
               case when miles > 0 then miles::text || 'm' else '' end
               || case when furlongs_part > 0 then furlongs_part::text || 'f' else '' end
               || case when yards_part > 0 then yards_part::text || 'y' else '' end as mfy,
               -- '7.0', '8.5'
               trim_scale(half_furlongs)::text || case when half_furlongs = floor(half_furlongs) then '.0' else '' end
                   as decimal_furlongs,
               -- '23f', '8.5f'
               trim_scale(half_furlongs)::text || 'f' as furlongs_f
          from named
        offset 0
    )
    select race_id, course_id, course_name,
           date, off, date + off, 
           (pgbackfill.synthetic_words('sponsor'))[1 + floor(20 * pgbackfill.synthetic_random(seed, 58, r))::int]
               || ' ' || case
                   when type = 'Flat' and handicap then (case when kind_draw < 0.05 then 'Nursery Handicap' else 'Handicap' end)
                   when type = 'Flat' then (array['Novice Stakes', 'Maiden Stakes', 'Stakes', 'Conditions Stakes',
                                                  'Fillies'' Novice Stakes'])[1 + floor(kind_draw * 10)::int % 5]
                   when type = 'Hurdle' and handicap then 'Handicap Hurdle'
                   when type = 'Hurdle' then (array['Novices'' Hurdle', 'Maiden Hurdle', 'Mares'' Hurdle', 'Hurdle'])[
                                                 1 + floor(kind_draw * 10)::int % 4]
                   when type = 'Chase' and handicap then 'Handicap Chase'
                   when type = 'Chase' then (array['Novices'' Chase', 'Beginners'' Chase', 'Chase'])[
                                                1 + floor(kind_draw * 10)::int % 3]
                   when irish then 'INH Flat Race'
                   else 'Standard Open NH Flat Race' end,
           case when irish then 'ire' else 'gb' end,
           type, surface,
           case when spelling_draw < 0.80 then going_name
                when spelling_draw < 0.90 then lower(replace(going_name, ' ', '_'))
                when spelling_draw < 0.97 then replace(going_name, ' To ', ' to ')
                when going_name = 'Good' then 'Good (Good To Soft in places)'
                else going_name || ' (Good in places)' end,
           case when class_number is not null then 'Class ' || class_number::text
                when class_draw < 0.6 then '' end,
           case when class_number = 1 and pool = 'flat'
                    then (array['Group 1', 'Group 2', 'Group 3', 'Listed', 'Listed'])[1 + floor(kind_draw * 50)::int % 5]
                when class_number = 1
                    then (array['Grade 1', 'Grade 2', 'Grade 3', 'Listed'])[1 + floor(kind_draw * 50)::int % 4]
                when irish and class_draw > 0.97 then 'Group 3'
                else '' end,
           -- the two distance columns, filled inconsistently
           case when format_draw < 0.75 then mfy when format_draw < 0.90 then decimal_furlongs
                else furlongs_f end,
           case when format_draw < 0.15 then decimal_furlongs when format_draw < 0.25 then mfy
                when format_draw < 0.35 then null else furlongs_f end,
           case when (format_draw * 10)::numeric % 1 < 0.6 then round(yards * 0.9144)::int end,
           case when pool = 'jumps' then (case when kind_draw < 0.3 then '5yo+' else '4yo+' end)
                else (array['2yo', '3yo', '3yo+', '4yo+', '3yo+'])[1 + floor(kind_draw * 100)::int % 5] end,
           case when handicap and class_number is not null then '0-' || (120 - 10 * class_number)::text end,
           case when floor(kind_draw * 1000)::int % 12 = 0 then 'f' end,
           case when irish then round(exp(ln(8000) + 2 * class_draw))
                else round(exp(ln(3000) + (7 - coalesce(class_number, 5)) * 0.75 + 0.5 * class_draw)) end,
           field_size,
           fate = 'abandoned',
           fate in ('result', 'dead heat'),
           (date + off) - interval '2 days',
           case when fate in ('result', 'dead heat') then (date + off) + interval '1 hour'
                else (date + off) - interval '2 days' end
      from spelled;
end;
$function$;
