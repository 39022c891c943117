-- pgbackfill.refresh_check: compare the figures refresh_stage computed with
-- the ones stored in the target table, writing nothing: per statistic
-- column, how many staged entities hold a different value.
create or replace function pgbackfill.refresh_check()
returns table (figure name, differing bigint)
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill
as $$
declare
    plan record;
    counts text;
    unpivot text;
begin
    select * into strict plan from pg_temp.refresh_plan;

    -- one filtered count per column, in one scan of the staged rows
    select string_agg(format('count(*) filter (where entity.%I is distinct from staged.%I) as %I',
                             attribute.attname, attribute.attname, attribute.attname),
                      ', ' order by attribute.attnum),
           string_agg(format('(%L::name, counted.%I)', attribute.attname, attribute.attname),
                      ', ' order by attribute.attnum)
      into counts, unpivot
      from pg_catalog.pg_attribute as attribute
     where attribute.attrelid = 'pg_temp.refresh_staged'::regclass
       and attribute.attnum > 0
       and not attribute.attisdropped
       and attribute.attname <> 'id';

    return query execute format($sql$
        select checked.figure, checked.differing
          from (select %s
                  from pg_temp.refresh_staged as staged
                  join %s as entity on entity.id = staged.id) as counted
         cross join lateral (values %s) as checked (figure, differing)
    $sql$, counts, plan.target, unpivot);
end;
$$;
