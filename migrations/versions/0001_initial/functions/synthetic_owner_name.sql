-- pgbackfill.synthetic_owner_name: the name of synthetic owner k. The
-- biggest owners (lowest k) are the well-known operations; the rest are
-- people, partnerships and syndicates. No `set search_path`, so that it
-- inlines (see synthetic_random).
create or replace function pgbackfill.synthetic_owner_name(seed int, k bigint)
returns text
language sql
immutable
parallel safe
security invoker
as $$
    select case
               when k < 20 then (pgbackfill.synthetic_words('owner_company'))[1 + k::int]
               else (array['Mr ', 'Mrs ', 'Mr & Mrs ', '', ''])[
                        1 + pg_catalog.floor(5 * pgbackfill.synthetic_random(seed, 61, k))::int]
                    || pg_catalog.chr(65 + pg_catalog.floor(26 * pgbackfill.synthetic_random(seed, 62, k))::int)
                    || ' ' || (pgbackfill.synthetic_words('surname'))[
                        1 + pg_catalog.floor(104 * pgbackfill.synthetic_random(seed, 63, k))::int]
                    || (array['', '', '', ' & Partner', ' Racing Club', ' Syndicate', ' Partnership'])[
                        1 + pg_catalog.floor(7 * pgbackfill.synthetic_random(seed, 64, k))::int]
           end
$$;
