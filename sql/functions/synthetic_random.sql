-- pgbackfill.synthetic_random: the synthetic data's random number generator.
-- A uniform draw in (0, 1) that depends only on (seed, stream, i): a hash,
-- not a sequence, so results never depend on execution order or on parallel
-- workers. Each attribute the generator draws has its own stream number.
--
-- Deliberately without `set search_path`: a SET clause stops PostgreSQL from
-- inlining an SQL function, and this one runs tens of millions of times per
-- generation. Every name in the body is schema-qualified instead.
create or replace function pgbackfill.synthetic_random(seed int, stream int, i bigint)
returns double precision
language sql
immutable
parallel safe
security invoker
as $$
    -- the top 53 bits of a 64-bit hash, centred in their bucket: never 0 or 1
    select (((pg_catalog.hashint8extended(i, seed::bigint * 1000 + stream) >> 11)
             & 9007199254740991)::double precision + 0.5) / 9007199254740992.0
$$;
