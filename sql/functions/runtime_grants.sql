-- pgbackfill.runtime_grants: the GRANT statements a runtime role needs to run
-- every pgbackfill command but migrate and seed, and nothing more, built
-- from the catalog (`pgbackfill grants --role NAME` prints them, `--apply`
-- runs them as the owner). One row per statement, in the order to run them,
-- with the reason it is needed:
-- * use of schemas pgbackfill and public, temporary tables (the refresh
--   stages its figures in one);
-- * SELECT on the racing facts and the ra_mst_* tables the tool fills;
-- * UPDATE only on the columns it writes: the output columns of each
--   table's figures function (the list refresh writes and reset clears) and
--   the analysis stamp; ra_mst_trainers.location and updated_at (locations);
-- * on pgbackfill's own tables what its functions do to them;
-- * derived data that only its owner may rebuild: a materialized view
--   before PostgreSQL 17 (from 17 on `grant maintain` suffices), and a
--   derived table whose rebuild drops and recreates its indexes (the runner
--   facts as a table). A NOLOGIN role (maintainer_role) is made owner of
--   those objects and nothing else, with SELECT on what the views read, and
--   is granted to the runtime role: the runtime role can rebuild (or drop)
--   derived data, never touch the racing tables beyond its own grants.
--   CREATE on the schema is lent to it only for the change of owner.
-- Functions stay `security invoker`: they run with the runtime role's rights.
create or replace function pgbackfill.runtime_grants(
    runtime_role name,
    maintainer_role name default 'pgbackfill_maintainer'
)
returns table (step int, statement text, reason text)
language plpgsql
stable
security invoker
-- pg_catalog alone: every relation name printed comes out schema-qualified
set search_path = pg_catalog
as $$
declare
    -- MAINTAIN (refresh, analyze of a materialized view) exists from 17 on
    has_maintain boolean := current_setting('server_version_num')::int >= 170000;
begin
    if runtime_role is null or not exists (select from pg_catalog.pg_roles where rolname = runtime_role) then
        raise exception 'role % does not exist', coalesce(runtime_role::text, 'NULL')
            using errcode = 'undefined_object',
                  hint = 'create it first: create role NAME login password ''…''';
    end if;

    return query
    with recursive
    -- the statistics tables: (table, stamp column, figures function), as the
    -- refresh_stage_* and reset_* queries of queries.sql name them
    targets (table_name, stamp_column, figures) as (
        values ('ra_mst_sires', 'analysis_last_updated', 'pgbackfill.sire_stats(integer)'),
               ('ra_mst_dams', 'analysis_last_updated', 'pgbackfill.dam_stats(integer)'),
               ('ra_mst_damsires', 'analysis_last_updated', 'pgbackfill.damsire_stats(integer)'),
               ('ra_mst_jockeys', 'stats_updated_at', 'pgbackfill.jockey_stats(date)'),
               ('ra_mst_trainers', 'stats_updated_at', 'pgbackfill.trainer_stats(date)'),
               ('ra_mst_owners', 'stats_updated_at', 'pgbackfill.owner_stats(date)')
    ),
    -- the racing facts the statistics, locations and audit read
    facts (table_name) as (
        values ('ra_races'), ('ra_runners'), ('ra_mst_horses'), ('ra_horse_pedigree'),
               ('ra_courses')
    ),
    present_targets as (
        select target.*, to_regclass('public.' || target.table_name) as relation,
               to_regprocedure(target.figures) as figures_function
          from targets as target
         where to_regclass('public.' || target.table_name) is not null
    ),
    -- each figures function's result columns but id: OUT/TABLE arguments or
    -- the attributes of the composite type it returns
    figure_columns as (
        select target.relation, argument.name as column_name
          from present_targets as target
          join pg_catalog.pg_proc as proc on proc.oid = target.figures_function
         cross join lateral unnest(proc.proargnames, proc.proargmodes) as argument (name, mode)
         where argument.mode in ('o', 't', 'b')
        union
        select target.relation, attribute.attname
          from present_targets as target
          join pg_catalog.pg_proc as proc on proc.oid = target.figures_function
          join pg_catalog.pg_type as type on type.oid = proc.prorettype
          join pg_catalog.pg_attribute as attribute on attribute.attrelid = type.typrelid
         where attribute.attnum > 0 and not attribute.attisdropped
        union
        select target.relation, target.stamp_column from present_targets as target
        union
        -- pgbackfill locations writes the yard and touches updated_at
        select relation, column_name
          from present_targets
         cross join (values ('location'), ('updated_at')) as written (column_name)
         where table_name = 'ra_mst_trainers'
    ),
    -- only columns the table really has (a figure it lacks is never written)
    updatable as (
        select written.relation,
               string_agg(format('%I', attribute.attname), ', ' order by attribute.attnum) as columns
          from figure_columns as written
          join pg_catalog.pg_attribute as attribute
            on attribute.attrelid = written.relation and attribute.attname = written.column_name
         where written.column_name <> 'id' and attribute.attnum > 0 and not attribute.attisdropped
         group by written.relation
    ),
    -- pgbackfill's own tables: what its functions do to each (any other
    -- table of the schema is read only)
    own_needs (table_name, privileges, why) as (
        values ('run_log', 'select, insert, update', 'the run log: every command records its start and end'),
               ('trainer_location_provenance', 'select, insert, update, delete',
                'which locations the tool wrote (reset --table locations forgets them)'),
               ('racecard_fetches', 'select, insert, update', 'racecard dates asked, never asked twice'),
               ('racecard_trainers', 'select, insert, update', 'trainers the fetched racecards mention'),
               ('trainer_profile_fetches', 'select, insert, update', 'trainer profiles asked'),
               ('run_features', 'select, insert, update, delete', 'features build writes them'),
               ('feature_days', 'select, insert, delete', 'features build remembers the days built'),
               ('feature_state', 'select, insert, update, delete, truncate',
                'features build: running totals (a two-connection build replaces a lane of them)'),
               ('feature_state_through', 'select, insert, update, delete',
                'features build: totals up to, per lane'),
               ('runner_facts_state', 'select, insert, update', 'where the runner facts stand'),
               ('runner_facts_races', 'select, insert, update, delete',
                'fingerprints of the racing rows the facts were computed from'),
               ('runner_facts_masters', 'select, insert, update, delete',
                'fingerprints of the master rows the facts were computed from'),
               ('runner_fact_changes', 'select, insert, delete', 'whose runs changed (--stale)')
    ),
    -- derived tables rebuilt with DDL (indexes dropped and rebuilt, analyze):
    -- owner rights, so the maintainer owns them
    owner_tables (table_name) as (
        values ('run_facts'), ('race_facts')
    ),
    own_tables as (
        select relation.oid::regclass as relation, relation.relname,
               coalesce(need.privileges, 'select') as privileges,
               coalesce(need.why, 'read by pgbackfill') as why
          from pg_catalog.pg_class as relation
          left join own_needs as need on need.table_name = relation.relname
         where relation.relnamespace = 'pgbackfill'::regnamespace
           and relation.relkind in ('r', 'p', 'v')
           and relation.relname not in (select table_name from owner_tables)
    ),
    materialized as (
        select relation.oid::regclass as relation, relation.relowner
          from pg_catalog.pg_class as relation
         where relation.relnamespace = 'pgbackfill'::regnamespace and relation.relkind = 'm'
    ),
    -- what the maintainer owns: the materialized views before 17, the
    -- derived tables that need their owner always
    maintained as (
        select materialized.relation, 'materialized view' as kind
          from materialized
         where not has_maintain
        union all
        select relation.oid::regclass, 'table'
          from pg_catalog.pg_class as relation
          join owner_tables on owner_tables.table_name = relation.relname
         where relation.relnamespace = 'pgbackfill'::regnamespace and relation.relkind = 'r'
    ),
    -- what the materialized views' queries read directly (their owner needs SELECT)
    -- what the materialized views' queries read: directly, and through the
    -- security-invoker views they read (the regional figures read the
    -- trainers' bases, the course regions and the centres), which run with
    -- the same owner's rights
    matview_reads (relation) as (
        select dependency.refobjid
          from materialized
          join pg_catalog.pg_rewrite as rule on rule.ev_class = materialized.relation
          join pg_catalog.pg_depend as dependency
            on dependency.classid = 'pg_catalog.pg_rewrite'::regclass
           and dependency.objid = rule.oid
           and dependency.refclassid = 'pg_catalog.pg_class'::regclass
        union
        select dependency.refobjid
          from matview_reads as read
          join pg_catalog.pg_class as view on view.oid = read.relation and view.relkind = 'v'
          join pg_catalog.pg_rewrite as rule on rule.ev_class = view.oid
          join pg_catalog.pg_depend as dependency
            on dependency.classid = 'pg_catalog.pg_rewrite'::regclass
           and dependency.objid = rule.oid
           and dependency.refclassid = 'pg_catalog.pg_class'::regclass
    ),
    matview_sources as (
        select distinct source.oid::regclass as relation
          from matview_reads
          join pg_catalog.pg_class as source on source.oid = matview_reads.relation
         where source.relkind in ('r', 'p', 'v', 'm')
           and source.oid not in (select relation from materialized)
        union
        -- the gazetteer, read by pgbackfill.trainer_base inside those views
        -- (a function's reads leave no dependency to follow)
        select relation.oid::regclass
          from pg_catalog.pg_class as relation
         where relation.relnamespace = 'pgbackfill'::regnamespace
           and relation.relname in ('places', 'counties', 'county_aliases', 'regions')
           and exists (select from matview_reads
                        where matview_reads.relation = to_regclass('pgbackfill.trainer_bases'))
    ),
    statements (step, statement, reason) as (
        select 10, format('grant usage on schema pgbackfill to %I', runtime_role),
               'pgbackfill''s functions, views and tables live there'
        union all
        select 11, format('grant usage on schema public to %I', runtime_role),
               'the racing tables live there'
        union all
        select 12, format('grant temporary on database %I to %I', current_database(), runtime_role),
               'refresh stages its figures in a temporary table'
        union all
        select 13, format('grant execute on all routines in schema pgbackfill to %I', runtime_role),
               'every function and procedure is security invoker: it runs with the role''s own rights'
        union all
        select 14, format('grant select on %s to %I', version_table.relation, runtime_role),
               'every command checks the database is migrated'
          from (select to_regclass('public.pgbackfill_alembic_version') as relation) as version_table
         where version_table.relation is not null
        union all
        select 20, format('grant select on %s to %I', fact.relation, runtime_role),
               'racing facts the statistics are computed from'
          from (select to_regclass('public.' || table_name) as relation from facts) as fact
         where fact.relation is not null
        union all
        select 21, format('grant select on %s to %I', target.relation, runtime_role),
               'statistics table: read to stage, check and report'
          from present_targets as target
        union all
        select 22, format('grant update (%s) on %s to %I', updatable.columns, updatable.relation,
                          runtime_role),
               'only the statistic (and location) columns pgbackfill fills'
          from updatable
        union all
        select 30, format('grant %s on %s to %I', own.privileges, own.relation, runtime_role), own.why
          from own_tables as own
        union all
        select 40, format('grant select on %s to %I', materialized.relation, runtime_role),
               'derived data the statistics and features read'
          from materialized
        union all
        -- PostgreSQL 17 and later: MAINTAIN is the right to refresh and analyze
        select 41, format('grant maintain on %s to %I', materialized.relation, runtime_role),
               'refresh materialized view (PostgreSQL 17+: no ownership needed)'
          from materialized
         where has_maintain
        union all
        -- a NOLOGIN owner of the derived objects that need their owner, only
        select 50, format('create role %I nologin', maintainer_role),
               'owns only the derived objects whose rebuild needs their owner'
         where exists (select from maintained)
           and not exists (select from pg_catalog.pg_roles where rolname = maintainer_role)
        union all
        select 51, format('grant %I to current_user', maintainer_role),
               'the owner hands them over (and can drop them in a later migration)'
         where exists (select from maintained)
        union all
        select 52, format('grant usage on schema pgbackfill, public to %I', maintainer_role),
               'the views'' queries read both schemas'
         where exists (select from maintained)
        union all
        select 53, format('grant select on %s to %I', source.relation, maintainer_role),
               'a materialized view''s query runs with its owner''s rights'
          from matview_sources as source
         where exists (select from maintained where kind = 'materialized view')
        union all
        select 54, format('grant create on schema pgbackfill to %I', maintainer_role),
               'lent for the change of owner only (taken back below)'
         where exists (select from maintained)
        union all
        select 55, format('alter %s %s owner to %I', maintained.kind, maintained.relation,
                          maintainer_role),
               case maintained.kind
                    when 'table' then 'rebuilt with its indexes dropped and recreated: owner only'
                    else 'refresh materialized view needs the owner before PostgreSQL 17' end
          from maintained
        union all
        select 56, format('revoke create on schema pgbackfill from %I', maintainer_role),
               'the maintainer creates nothing'
         where exists (select from maintained)
        union all
        select 57, format('grant %I to %I', maintainer_role, runtime_role),
               'the runtime role rebuilds those objects as their owner'
         where exists (select from maintained)
    )
    select statements.step, statements.statement, statements.reason
      from statements
     order by statements.step, statements.statement;
end;
$$;
