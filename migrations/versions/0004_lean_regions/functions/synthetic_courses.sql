-- pgbackfill.synthetic_courses: the 91 GB and IRE courses of the synthetic
-- data (ra_courses), with their coordinates. Source: shared/reference/
-- courses.csv (course,country,latitude,longitude; the upstream collector's
-- validated list, WGS84 decimal degrees), copied here row for row in its
-- order. Ids: 'crs_' || 1000 + the course's place among the GB rows
-- (crs_1001 Aintree … crs_1062 York), 2000 + its place among the IRE rows
-- (crs_2001 Ballinrobe … crs_2029 Wexford). The ids are this file's from
-- now on: a course added later takes the next free number of its region,
-- so no id ever moves.
-- `turf` and `all_weather`: the surfaces the generator runs races on there:
-- the all-weather tracks are Kempton, Lingfield, Wolverhampton, Southwell,
-- Chelmsford, Newcastle (GB) and Dundalk (IRE); Wolverhampton, Chelmsford
-- and Dundalk race on nothing else.
create or replace function pgbackfill.synthetic_courses()
returns table (
    course_id varchar,
    name varchar,
    region_code varchar,
    region varchar,
    latitude numeric,
    longitude numeric,
    turf boolean,
    all_weather boolean
)
language sql
immutable
parallel safe
security invoker
set search_path = pg_catalog
as $$
    select course.course_id::varchar, course.name::varchar, course.region_code::varchar,
           case course.region_code when 'gb' then 'Great Britain' else 'Ireland' end::varchar,
           course.latitude, course.longitude, course.turf, course.all_weather
      from (values
        ('crs_1001', 'Aintree', 'gb', 53.4766, -2.9463, true, false),
        ('crs_1002', 'Ascot', 'gb', 51.41662, -0.67648, true, false),
        ('crs_1003', 'Ayr', 'gb', 55.4649, -4.60753, true, false),
        ('crs_1004', 'Bangor', 'gb', 52.99593, -2.9275, true, false),
        ('crs_1005', 'Bath', 'gb', 51.41691, -2.40344, true, false),
        ('crs_1006', 'Beverley', 'gb', 53.84534, -0.45242, true, false),
        ('crs_1007', 'Brighton', 'gb', 50.83059, -0.10437, true, false),
        ('crs_1008', 'Carlisle', 'gb', 54.8623, -2.93337, true, false),
        ('crs_1009', 'Cartmel', 'gb', 54.2023, -2.95693, true, false),
        ('crs_1010', 'Catterick', 'gb', 54.3852, -1.64833, true, false),
        ('crs_1011', 'Chelmsford', 'gb', 51.84154, 0.51309, false, true),
        ('crs_1012', 'Cheltenham', 'gb', 51.92054, -2.05666, true, false),
        ('crs_1013', 'Chepstow', 'gb', 51.6556, -2.68863, true, false),
        ('crs_1014', 'Chester', 'gb', 53.18615, -2.89948, true, false),
        ('crs_1015', 'Doncaster', 'gb', 53.52019, -1.09457, true, false),
        ('crs_1016', 'Epsom', 'gb', 51.31006, -0.25317, true, false),
        ('crs_1017', 'Exeter', 'gb', 50.63943, -3.55728, true, false),
        ('crs_1018', 'Fakenham', 'gb', 52.82285, 0.85688, true, false),
        ('crs_1019', 'Ffos Las', 'gb', 51.72912, -4.23166, true, false),
        ('crs_1020', 'Folkestone', 'gb', 51.09177, 1.03035, true, false),
        ('crs_1021', 'Fontwell', 'gb', 50.85255, -0.65625, true, false),
        ('crs_1022', 'Goodwood', 'gb', 50.89653, -0.73877, true, false),
        ('crs_1023', 'Hamilton', 'gb', 55.78749, -4.04807, true, false),
        ('crs_1024', 'Haydock', 'gb', 53.47811, -2.62126, true, false),
        ('crs_1025', 'Hereford', 'gb', 52.07064, -2.72896, true, false),
        ('crs_1026', 'Hexham', 'gb', 54.95325, -2.13192, true, false),
        ('crs_1027', 'Huntingdon', 'gb', 52.33497, -0.23353, true, false),
        ('crs_1028', 'Kelso', 'gb', 55.6139, -2.43049, true, false),
        ('crs_1029', 'Kempton', 'gb', 51.4192, -0.40041, true, true),
        ('crs_1030', 'Larkhill', 'gb', 51.05462, -1.85983, true, false),
        ('crs_1031', 'Leicester', 'gb', 52.59866, -1.09572, true, false),
        ('crs_1032', 'Lingfield', 'gb', 51.1687, -0.01055, true, true),
        ('crs_1033', 'Ludlow', 'gb', 52.39359, -2.74652, true, false),
        ('crs_1034', 'Market Rasen', 'gb', 53.38171, -0.30965, true, false),
        ('crs_1035', 'Musselburgh', 'gb', 55.94703, -3.03781, true, false),
        ('crs_1036', 'Newbury', 'gb', 51.39425, -1.2987, true, false),
        ('crs_1037', 'Newcastle', 'gb', 55.0305, -1.6108, true, true),
        ('crs_1038', 'Newmarket', 'gb', 52.23412, 0.36818, true, false),
        ('crs_1039', 'Newton Abbot', 'gb', 50.53802, -3.59676, true, false),
        ('crs_1040', 'Nottingham', 'gb', 52.9483, -1.10639, true, false),
        ('crs_1041', 'Perth', 'gb', 56.42615, -3.45104, true, false),
        ('crs_1042', 'Plumpton', 'gb', 50.92501, -0.06148, true, false),
        ('crs_1043', 'Pontefract', 'gb', 53.70154, -1.33239, true, false),
        ('crs_1044', 'Redcar', 'gb', 54.60709, -1.06498, true, false),
        ('crs_1045', 'Ripon', 'gb', 54.12088, -1.49691, true, false),
        ('crs_1046', 'Salisbury', 'gb', 51.05412, -1.85675, true, false),
        ('crs_1047', 'Sandown', 'gb', 51.37738, -0.36031, true, false),
        ('crs_1048', 'Sedgefield', 'gb', 54.6463, -1.46742, true, false),
        ('crs_1049', 'Southwell', 'gb', 53.06948, -0.90553, true, true),
        ('crs_1050', 'Stratford', 'gb', 52.18111, -1.72241, true, false),
        ('crs_1051', 'Taunton', 'gb', 50.98901, -3.08301, true, false),
        ('crs_1052', 'Thirsk', 'gb', 54.23214, -1.35743, true, false),
        ('crs_1053', 'Towcester', 'gb', 52.12782, -0.97267, true, false),
        ('crs_1054', 'Uttoxeter', 'gb', 52.89286, -1.84886, true, false),
        ('crs_1055', 'Warwick', 'gb', 52.28106, -1.60011, true, false),
        ('crs_1056', 'Wetherby', 'gb', 53.93347, -1.36409, true, false),
        ('crs_1057', 'Wincanton', 'gb', 51.0676, -2.41996, true, false),
        ('crs_1058', 'Windsor', 'gb', 51.49025, -0.63514, true, false),
        ('crs_1059', 'Wolverhampton', 'gb', 52.60422, -2.14487, false, true),
        ('crs_1060', 'Worcester', 'gb', 52.19933, -2.23258, true, false),
        ('crs_1061', 'Yarmouth', 'gb', 52.63427, 1.73464, true, false),
        ('crs_1062', 'York', 'gb', 53.93754, -1.09778, true, false),
        ('crs_2001', 'Ballinrobe', 'ire', 53.63845, -9.24763, true, false),
        ('crs_2002', 'Bellewstown', 'ire', 53.64492, -6.35153, true, false),
        ('crs_2003', 'Clonmel', 'ire', 52.36765, -7.67934, true, false),
        ('crs_2004', 'Cork', 'ire', 52.1295, -8.69264, true, false),
        ('crs_2005', 'Curragh', 'ire', 53.16542, -6.84485, true, false),
        ('crs_2006', 'Down Royal', 'ire', 54.49165, -6.12816, true, false),
        ('crs_2007', 'Downpatrick', 'ire', 54.31243, -5.72761, true, false),
        ('crs_2008', 'Dundalk', 'ire', 54.02203, -6.37925, false, true),
        ('crs_2009', 'Fairyhouse', 'ire', 53.48043, -6.46162, true, false),
        ('crs_2010', 'Galway', 'ire', 53.29565, -8.99732, true, false),
        ('crs_2011', 'Gowran Park', 'ire', 52.61595, -7.07113, true, false),
        ('crs_2012', 'Kilbeggan', 'ire', 53.38703, -7.49542, true, false),
        ('crs_2013', 'Killarney', 'ire', 52.0469, -9.51733, true, false),
        ('crs_2014', 'Laytown', 'ire', 53.68581, -6.23898, true, false),
        ('crs_2015', 'Leopardstown', 'ire', 53.26608, -6.18927, true, false),
        ('crs_2016', 'Limerick', 'ire', 52.59049, -8.68933, true, false),
        ('crs_2017', 'Listowel', 'ire', 52.44328, -9.49298, true, false),
        ('crs_2018', 'Mallow', 'ire', 52.12936, -8.6901, true, false),
        ('crs_2019', 'Naas', 'ire', 53.2219, -6.64053, true, false),
        ('crs_2020', 'Navan', 'ire', 53.68493, -6.68061, true, false),
        ('crs_2021', 'Phoenix Park', 'ire', 53.37365, -6.33954, true, false),
        ('crs_2022', 'Punchestown', 'ire', 53.18456, -6.62145, true, false),
        ('crs_2023', 'Roscommon', 'ire', 53.64344, -8.22221, true, false),
        ('crs_2024', 'Sligo', 'ire', 54.26307, -8.45673, true, false),
        ('crs_2025', 'Thurles', 'ire', 52.68917, -7.836, true, false),
        ('crs_2026', 'Tipperary', 'ire', 52.50306, -8.20652, true, false),
        ('crs_2027', 'Tralee', 'ire', 52.27797, -9.67373, true, false),
        ('crs_2028', 'Tramore', 'ire', 52.17292, -7.14862, true, false),
        ('crs_2029', 'Wexford', 'ire', 52.33895, -6.49193, true, false)
           ) as course (course_id, name, region_code, latitude, longitude, turf, all_weather)
     order by course.course_id
$$;
