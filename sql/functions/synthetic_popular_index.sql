-- pgbackfill.synthetic_popular_index: turn a uniform draw u into an index in
-- [0, n) with a heavy tail: index 0 is `spread + 1` times as likely as index
-- n - 1 and the likelihood falls as 1 / (1 + spread * index / n) (a
-- log-uniform, Zipf-like law). Used for sire popularity, yard sizes, big
-- owners. No `set search_path`, so that it inlines (see synthetic_random).
create or replace function pgbackfill.synthetic_popular_index(
    u double precision, n bigint, spread double precision
)
returns bigint
language sql
immutable
parallel safe
security invoker
as $$
    select least(n - 1, pg_catalog.floor(
               n * (pg_catalog.exp(u * pg_catalog.ln(1 + spread)) - 1) / spread)::bigint)
$$;
