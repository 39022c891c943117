-- pgbackfill.race_furlongs: a race's distance in furlongs. distance_f when it
-- parses, else distance, else the metres (distance_m / 201.168, 3 decimals);
-- NULL when none is known. Inlinable: no SET clause (see distance_furlongs).
create or replace function pgbackfill.race_furlongs(distance_f text, distance text, distance_m int)
returns numeric
language sql
immutable
parallel safe
security invoker
as $$
    select coalesce(pgbackfill.distance_furlongs(distance_f),
                    pgbackfill.distance_furlongs(distance),
                    -- 201.168 metres to the furlong; no or zero metres is unknown
                    pg_catalog.round(nullif(distance_m, 0) / 201.168, 3));
$$;
