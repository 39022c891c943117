-- pgbackfill.facts_rules_version: a digest of everything the runner facts'
-- rules are made of: the definitions of pgbackfill's functions and views
-- (pgbackfill.runner_facts_of, pgbackfill.runs and every rule they call) and
-- which relations the contract's racing names stand for, and the gazetteer
-- (pgbackfill.places, counties, county_aliases). Stored with the
-- facts (runner_facts_state.rules_version): a full pass under another
-- version (a migration changed a rule, the racing tables were replaced)
-- recomputes every run rather than trusting the races' fingerprints.
create or replace function pgbackfill.facts_rules_version()
returns text
language sql
stable
security invoker
set search_path = pg_catalog
as $$
    select pg_catalog.md5(pg_catalog.string_agg(part, e'\n' order by part))
      from (select routine.oid::regprocedure::text || ' ' || routine.prosrc as part
              from pg_catalog.pg_proc as routine
             where routine.pronamespace = 'pgbackfill'::regnamespace
            union all
            select view.oid::regclass::text || ' ' || pg_catalog.pg_get_viewdef(view.oid)
              from pg_catalog.pg_class as view
             where view.relnamespace = 'pgbackfill'::regnamespace and view.relkind = 'v'
            union all
            select racing.name || ' ' || coalesce(pg_catalog.to_regclass('public.' || racing.name)::oid::text, '-')
              from (values ('ra_races'), ('ra_runners'), ('ra_mst_horses')) as racing (name)
            union all
            -- the gazetteer the trainers' bases are found in
            select 'places ' || pg_catalog.md5(pg_catalog.string_agg(place::text, ',' order by place.place_id))
              from pgbackfill.places as place
            union all
            select 'counties ' || pg_catalog.md5(pg_catalog.string_agg(county::text, ',' order by county.county))
              from pgbackfill.counties as county
            union all
            select 'aliases ' || pg_catalog.md5(pg_catalog.string_agg(alias::text, ',' order by alias.alias_folded))
              from pgbackfill.county_aliases as alias) as parts;
$$;
