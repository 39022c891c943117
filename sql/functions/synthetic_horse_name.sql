-- pgbackfill.synthetic_horse_name: a horse-like name for draw i of a stream
-- ('Midnight Falcon'). Names repeat across a large population, as real
-- names do across countries and years. No `set search_path`, so that it
-- inlines (see synthetic_random).
create or replace function pgbackfill.synthetic_horse_name(seed int, stream int, i bigint)
returns text
language sql
immutable
parallel safe
security invoker
as $$
    select (pgbackfill.synthetic_words('horse_first'))[
               1 + pg_catalog.floor(60 * pgbackfill.synthetic_random(seed, stream, i))::int]
           || ' ' || (pgbackfill.synthetic_words('horse_second'))[
               1 + pg_catalog.floor(60 * pgbackfill.synthetic_random(seed, stream + 1, i))::int]
$$;
