-- pgbackfill.synthetic_normal: a standard normal deviate for (seed, stream, i)
-- by the Box-Muller transform of two uniform draws (streams `stream` and
-- `stream + 500`). No `set search_path`, so that it inlines (see
-- synthetic_random); every name is schema-qualified.
create or replace function pgbackfill.synthetic_normal(seed int, stream int, i bigint)
returns double precision
language sql
immutable
parallel safe
security invoker
as $$
    select pg_catalog.sqrt(-2 * pg_catalog.ln(pgbackfill.synthetic_random(seed, stream, i)))
           * pg_catalog.cos(2 * pg_catalog.pi() * pgbackfill.synthetic_random(seed, stream + 500, i))
$$;
