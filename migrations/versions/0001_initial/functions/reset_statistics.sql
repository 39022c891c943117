-- pgbackfill.reset_statistics: the seed's rollback for one statistics table:
-- set every figure the tool writes back to null, and the analysis stamp with
-- them, so the entities read as never analysed. The figure columns are the
-- output columns of the table's figures function (the same list refresh
-- writes), read from the catalog. Returns the number of entities reset.
create or replace function pgbackfill.reset_statistics(
    target regclass,
    stamp_column name,
    figures regprocedure
)
returns bigint
language plpgsql
volatile
security invoker
set search_path = pg_catalog, pgbackfill
as $$
declare
    assignments text;
    reset_count bigint;
begin
    -- 'name = null' for each result column of the figures function but id:
    -- its OUT/TABLE arguments, or the attributes of the composite it returns
    with result_columns as (
        select argument.name, argument.position
          from pg_catalog.pg_proc as proc
         cross join lateral unnest(proc.proargnames, proc.proargmodes)
               with ordinality as argument(name, mode, position)
         where proc.oid = figures and argument.mode in ('o', 't', 'b')
        union all
        select attribute.attname, attribute.attnum
          from pg_catalog.pg_proc as proc
          join pg_catalog.pg_type as type on type.oid = proc.prorettype
          join pg_catalog.pg_attribute as attribute on attribute.attrelid = type.typrelid
         where proc.oid = figures and attribute.attnum > 0 and not attribute.attisdropped
    )
    select string_agg(format('%I = null', name), ', ' order by position)
      into assignments
      from result_columns
     where name <> 'id';

    if assignments is null then
        raise exception 'function % names no figure columns', figures;
    end if;

    execute format('update %s set %s, %I = null', target, assignments, stamp_column);
    get diagnostics reset_count = row_count;
    return reset_count;
end;
$$;
