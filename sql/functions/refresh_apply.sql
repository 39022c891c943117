-- pgbackfill.refresh_apply: second half of `pgbackfill refresh`: write the next
-- batch of staged figures (the batch_size smallest ids after after_id) into
-- the target table remembered by refresh_stage, stamping each entity with
-- refreshed_at. One call is one transaction. The SET list comes from the
-- catalog (the staged columns but id), so one code path serves every table.
-- Returns the batch's last id (NULL when nothing was left), its size and
-- the rows updated.
create or replace function pgbackfill.refresh_apply(
    refreshed_at timestamp,
    after_id varchar,
    batch_size int
)
returns table (last_id varchar, entities int, written int)
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill
as $$
declare
    plan record;
    figures text;
    staged_figures text;
begin
    if batch_size is null or batch_size < 1 then
        raise exception 'batch size must be at least 1';
    end if;
    select * into strict plan from pg_temp.refresh_plan;

    select string_agg(format('%I', attribute.attname), ', ' order by attribute.attnum),
           string_agg(format('batch.%I', attribute.attname), ', ' order by attribute.attnum)
      into figures, staged_figures
      from pg_catalog.pg_attribute as attribute
     where attribute.attrelid = 'pg_temp.refresh_staged'::regclass
       and attribute.attnum > 0
       and not attribute.attisdropped
       and attribute.attname <> 'id';

    return query execute format($sql$
        with batch as (
            select * from pg_temp.refresh_staged as staged
             where staged.id > $1
             order by staged.id
             limit $2
        ),
        updated as (
            update %s as entity
               set (%s) = row(%s), %I = $3
              from batch
             where entity.id = batch.id
            returning entity.id
        )
        select (select max(batch.id) from batch)::varchar,
               (select count(*) from batch)::int,
               (select count(*) from updated)::int
    $sql$, plan.target, figures, staged_figures, plan.stamp_column)
    using coalesce(after_id, ''), batch_size, refreshed_at;
end;
$$;
