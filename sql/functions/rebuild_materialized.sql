-- pgbackfill.rebuild_materialized(view_name): rebuild one of pgbackfill's
-- materialized views whole (the per-condition breakdown, the regional
-- figures), concurrently once it has data: readers keep the previous rows
-- until the rebuild commits. Returns its rows. The views' refresh functions
-- (their SET clauses fit each view's query) call it. The view by name, not
-- regclass: a caller's body is checked when it is created, maybe before its
-- view exists.
create or replace function pgbackfill.rebuild_materialized(view_name text)
returns bigint
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill
as $$
declare
    target constant regclass := rebuild_materialized.view_name::regclass;
    written bigint;
begin
    if (select materialized.ispopulated
          from pg_catalog.pg_matviews as materialized
         where format('%I.%I', materialized.schemaname, materialized.matviewname)::regclass
               = target) then
        execute format('refresh materialized view concurrently %s', target);
    else
        execute format('refresh materialized view %s', target);
    end if;
    execute format('select count(*) from %s', target) into written;
    return written;
end;
$$;
