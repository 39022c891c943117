-- pgbackfill.synthetic_person_name: the name of synthetic person k (a jockey
-- or a trainer): 'First I Surname'. A bijection of k onto the name
-- combinations, so names are unique within a kind (up to ~160,000 people).
-- No `set search_path`, so that it inlines (see synthetic_random).
create or replace function pgbackfill.synthetic_person_name(seed int, kind int, k bigint)
returns text
language sql
immutable
parallel safe
security invoker
as $$
    select (pgbackfill.synthetic_words('first_name'))[1 + ((k * 1000003 + seed * 31 + kind) % 60)::int]
           || ' ' || pg_catalog.chr(65 + (((k * 1000003 + seed * 31 + kind) / 60) % 26)::int)
           || ' ' || (pgbackfill.synthetic_words('surname'))[
                  1 + (((k * 1000003 + seed * 31 + kind) / 1560) % 104)::int]
$$;
