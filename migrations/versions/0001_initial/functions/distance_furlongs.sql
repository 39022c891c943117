-- pgbackfill.distance_furlongs: a race distance string in furlongs, from every
-- stored format: '7.0', '8.5f', '23f', '6f210y', '2m4f', '2m4f110y', '1m',
-- '1m7f' (8 furlongs a mile, 220 yards a furlong), to 3 decimals. NULL when
-- the text does not parse or gives no positive distance.
--
-- No `set search_path` here, unlike the house rule, on purpose: a SET clause
-- (or a FROM clause) stops PostgreSQL inlining a SQL function, and the
-- non-inlined call cost 0.3 ms a race. Every function inside is
-- pg_catalog-qualified instead. The same holds for the other one-rule
-- functions (class_number, going_canonical, ...).
create or replace function pgbackfill.distance_furlongs(distance text)
returns numeric
language sql
immutable
parallel safe
security invoker
as $$
    select case
               -- a bare number is already furlongs: '7.0', '12'
               when distance ~ '^\s*[0-9]+(\.[0-9]+)?\s*$'
                   then nullif(pg_catalog.btrim(distance)::numeric, 0)
               -- miles, furlongs and yards, each optional, at least one present
               when distance ~* '^\s*(?=[0-9])([0-9]+\s*m)?\s*([0-9]+(\.[0-9]+)?\s*f)?\s*([0-9]+\s*y)?\s*$'
                   then nullif(pg_catalog.round(
                            coalesce(pg_catalog.substring(distance, '(?i)([0-9]+)\s*m')::numeric, 0) * 8
                            + coalesce(pg_catalog.substring(distance, '(?i)([0-9]+(?:\.[0-9]+)?)\s*f')::numeric, 0)
                            + coalesce(pg_catalog.substring(distance, '(?i)([0-9]+)\s*y')::numeric, 0) / 220,
                            3), 0)
           end;
$$;
