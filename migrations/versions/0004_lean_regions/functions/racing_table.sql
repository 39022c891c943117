-- pgbackfill.racing_table: the table that holds the rows of a racing
-- relation of the contract (public.ra_races, ...): the relation itself when
-- it is a table, the renamed upstream table when it is the view pgbackfill's
-- layout step made over it (its comment says so). NULL for anything else (a
-- user's own view): what reads row versions (xmin) must then not rely on them.
create or replace function pgbackfill.racing_table(contract_name text)
returns regclass
language sql
stable
security invoker
set search_path = pg_catalog
as $$
    select case
               when relation.relkind in ('r', 'p') then relation.oid::regclass
               when relation.relkind = 'v'
                    and pg_catalog.obj_description(relation.oid, 'pg_class') like 'pgbackfill:%'
               then (select pg_catalog.min(dependency.refobjid)::regclass
                       from pg_catalog.pg_rewrite as rule
                       join pg_catalog.pg_depend as dependency
                         on dependency.classid = 'pg_catalog.pg_rewrite'::regclass
                        and dependency.objid = rule.oid
                        and dependency.refclassid = 'pg_catalog.pg_class'::regclass
                      where rule.ev_class = relation.oid
                        and dependency.refobjid <> relation.oid
                     -- a simple view over one table
                     having pg_catalog.count(distinct dependency.refobjid) = 1
                        and (select base.relkind from pg_catalog.pg_class as base
                              where base.oid = pg_catalog.min(dependency.refobjid)) in ('r', 'p'))
           end
      from pg_catalog.pg_class as relation
     where relation.oid = pg_catalog.to_regclass('public.' || pg_catalog.quote_ident(contract_name));
$$;
