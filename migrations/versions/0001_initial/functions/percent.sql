-- pgbackfill.percent: part as a percentage of whole, two decimals, NULL when
-- whole is zero (win % = wins / runs x 100; place % = places / runs x 100).
--
-- No `set search_path`: a SQL function with a SET clause is never inlined,
-- and this one is called once per entity and window. It names nothing but
-- pg_catalog's operators and round(), and pg_catalog is always searched first.
create or replace function pgbackfill.percent(part numeric, whole numeric)
returns numeric
language sql
immutable
parallel safe
security invoker
as $$
    select round(100.0 * percent.part / nullif(percent.whole, 0), 2)
$$;
