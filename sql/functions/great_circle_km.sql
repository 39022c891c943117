-- pgbackfill.great_circle_km: the great-circle distance in kilometres between
-- two points (degrees of latitude and longitude), by the haversine formula on
-- the Earth's mean radius, 6371.0088 km (IUGG). NULL when any argument is.
-- atan2(√h, √|1 − h|) rather than asin(√h): rounding cannot push it out of
-- its domain for antipodal points, and every function in it is strict, so
-- PostgreSQL still inlines it into a query.
-- No `set search_path`: it names only pg_catalog's functions and operators.
create or replace function pgbackfill.great_circle_km(
    lat1 double precision,
    lon1 double precision,
    lat2 double precision,
    lon2 double precision
)
returns double precision
language sql
immutable
strict
parallel safe
security invoker
as $$
    -- h, the haversine of the central angle, written out twice: a scalar SQL
    -- function is inlined only when its body is one expression without FROM
    select 2 * 6371.0088 * pg_catalog.atan2(
               pg_catalog.sqrt(pg_catalog.power(pg_catalog.sin(pg_catalog.radians(lat2 - lat1) / 2), 2)
                 + pg_catalog.cos(pg_catalog.radians(lat1)) * pg_catalog.cos(pg_catalog.radians(lat2))
                   * pg_catalog.power(pg_catalog.sin(pg_catalog.radians(lon2 - lon1) / 2), 2)),
               pg_catalog.sqrt(pg_catalog.abs(1 - (pg_catalog.power(pg_catalog.sin(pg_catalog.radians(lat2 - lat1) / 2), 2)
                 + pg_catalog.cos(pg_catalog.radians(lat1)) * pg_catalog.cos(pg_catalog.radians(lat2))
                   * pg_catalog.power(pg_catalog.sin(pg_catalog.radians(lon2 - lon1) / 2), 2)))))
$$;
