-- pgbackfill.disk_use(): what pgbackfill keeps on disk beside the users'
-- racing data, for `pgbackfill status`: each table and materialized view of
-- schema pgbackfill with its indexes and TOAST (pg_total_relation_size),
-- largest first; then the schema in all, the racing tables in all (the
-- ra_* tables of schema public), and the tool's size as a multiple of
-- theirs, the figure a hosted plan bills (issue 15: at most 1.5x).
create or replace function pgbackfill.disk_use()
returns table (object text, kind text, bytes bigint, share_of_racing numeric)
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    with tool as (
        select format('pgbackfill.%I', relation.relname) as object,
               case relation.relkind when 'm' then 'materialized view' else 'table' end as kind,
               pg_total_relation_size(relation.oid) as bytes
          from pg_class as relation
         where relation.relnamespace = 'pgbackfill'::regnamespace
           and relation.relkind in ('r', 'm')
    ),
    racing as (
        select coalesce(sum(pg_total_relation_size(relation.oid)), 0)::bigint as bytes
          from pg_class as relation
         where relation.relnamespace = 'public'::regnamespace
           and relation.relkind in ('r', 'p')
           and relation.relname like 'ra\_%'
    ),
    totals as (
        select 'schema pgbackfill' as object, 'total' as kind,
               coalesce(sum(tool.bytes), 0)::bigint as bytes
          from tool
        union all
        select 'racing tables (public.ra_*)', 'total', racing.bytes from racing
    )
    select listed.object, listed.kind, listed.bytes,
           round(listed.bytes::numeric / nullif(racing.bytes, 0), 2)
      from (select object, kind, bytes, 1 as part from tool
            union all
            select object, kind, bytes, 2 from totals) as listed
     cross join racing
     order by listed.part, listed.bytes desc, listed.object
$$;
