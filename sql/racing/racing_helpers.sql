-- Session-local helpers (schema pg_temp: they die with the migrating
-- session and leave nothing in the database) for bringing the racing tables
-- to the contract without holding a lock on them for longer than a moment.

-- The table behind a contract name: itself, or, on the upstream's renamed
-- layout, the ra_mst_* table that a view under the contract name shows
-- (see layout.sql).
create or replace function pg_temp.racing_base(racing_table text)
returns regclass
language sql
stable
as $$
    select case
               when relation.relkind = 'v'
                   then to_regclass('public.' || regexp_replace(racing_table, '^ra_', 'ra_mst_'))
               else relation.oid::regclass
           end
      from pg_class as relation
     where relation.oid = to_regclass('public.' || racing_table)
$$;

-- Add the columns of `columns` ('name type' each) that the table lacks, in
-- one ALTER, and only when one is missing: an ALTER takes the table's
-- strongest lock even when every column exists, and the users' collector
-- writes these tables day and night. A view adopting a renamed table is
-- redefined so that it shows the new columns too.
create or replace function pg_temp.racing_columns(racing_table text, columns text[])
returns void
language plpgsql
as $$
declare
    base regclass := pg_temp.racing_base(racing_table);
    missing text;
begin
    select string_agg(format('add column if not exists %I %s',
                             split_part(wanted.definition, ' ', 1),
                             substr(wanted.definition, strpos(wanted.definition, ' ') + 1)),
                      ', ' order by wanted.position)
      into missing
      from unnest(columns) with ordinality as wanted (definition, position)
     where not exists (
               select
                 from pg_attribute as existing
                where existing.attrelid = base
                  and existing.attname = split_part(wanted.definition, ' ', 1)
                  and not existing.attisdropped);
    if missing is null then
        return;
    end if;
    execute format('alter table %s %s', base, missing);
    if base <> to_regclass('public.' || racing_table) then
        execute format('create or replace view public.%I as select * from %s', racing_table, base);
    end if;
end
$$;

-- The indexes the statistics need on the racing tables: name, contract
-- table, and the access method and key as pg_get_indexdef prints them.
create table if not exists pg_temp.racing_wanted_indexes (
    name text primary key,
    racing_table text not null,
    definition text not null
);

create or replace function pg_temp.racing_index(name text, racing_table text, definition text)
returns void
language sql
as $$
    insert into pg_temp.racing_wanted_indexes values (name, racing_table, definition)
        on conflict do nothing
$$;

-- The statements still to run, one each (CREATE INDEX CONCURRENTLY runs
-- alone, outside any transaction): drop an index of ours that a killed
-- concurrent build left invalid, then build each index that neither
-- exists under its name nor under another name with the same definition
-- (an upstream index, or ours carried along by a table rename).
create or replace function pg_temp.racing_index_statements()
returns table (statement text)
language sql
stable
as $$
    with wanted as (
        select wanted.name, wanted.definition, pg_temp.racing_base(wanted.racing_table) as base
          from pg_temp.racing_wanted_indexes as wanted
    ),
    invalid as (
        select wanted.name
          from wanted
          join pg_index as ix on ix.indexrelid = to_regclass('public.' || wanted.name)
         where not ix.indisvalid
    ),
    missing as (
        select wanted.name, wanted.definition, wanted.base
          from wanted
         where not exists (
                   select
                     from pg_index as ix
                    where ix.indrelid = wanted.base
                      and ix.indisvalid
                      and (ix.indexrelid = to_regclass('public.' || wanted.name)
                           or split_part(pg_get_indexdef(ix.indexrelid), ' USING ', 2)
                              = wanted.definition))
    )
    select format('drop index concurrently if exists public.%I', name) from invalid
    union all
    select format('create index concurrently if not exists %I on %s using %s',
                  name, base, definition)
      from missing
$$;
