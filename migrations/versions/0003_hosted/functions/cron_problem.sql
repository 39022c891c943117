-- pgbackfill.cron_problem(run_as): why pgbackfill cannot schedule its jobs
-- with pg_cron from this database, in one line saying how to fix it, or
-- null when it can. pg_cron must be preloaded by the server
-- (shared_preload_libraries, cron.database_name: the one database it
-- schedules from) and created there; Supabase preloads it, and its
-- dashboard enables it (Database → Extensions → pg_cron). Named jobs need
-- pg_cron 1.3; the role asking needs USAGE on schema cron. With run_as,
-- another role the jobs run as: it must exist and log in (a job connects as
-- its role), and pg_cron (1.4 and later) lets only a superuser schedule for
-- another role.
create or replace function pgbackfill.cron_problem(run_as name default null)
returns text
language plpgsql
stable
security invoker
set search_path = pg_catalog
as $$
declare
    supabase constant text := 'on Supabase: Dashboard → Database → Extensions → pg_cron';
    -- null where pg_cron is not preloaded, or the role may not read it
    cron_database text := (select setting from pg_catalog.pg_settings where name = 'cron.database_name');
    package text := format('postgresql-%s-cron', current_setting('server_version_num')::int / 10000);
    version text;
    can_login boolean;
begin
    select extension.extversion into version
      from pg_catalog.pg_extension as extension
     where extension.extname = 'pg_cron';
    if version is null then
        if cron_database is null then
            return format('pg_cron is not enabled: %s; elsewhere set shared_preload_libraries = ''pg_cron'''
                          ' and cron.database_name = %L in postgresql.conf, restart, then run'
                          ' `create extension pg_cron` in database %I%s',
                          supabase, current_database(), current_database(),
                          case when not exists (select from pg_catalog.pg_available_extensions
                                                 where name = 'pg_cron')
                               then format(' (install it first: Debian''s package %s)', package)
                               else '' end);
        elsif cron_database = current_database() then
            return format('pg_cron is not enabled in database %I: run `create extension pg_cron` (%s)',
                          current_database(), supabase);
        else
            return format('pg_cron schedules from database %I (cron.database_name), not %I: set'
                          ' cron.database_name = %L in postgresql.conf, restart, then run'
                          ' `create extension pg_cron` here',
                          cron_database, current_database(), current_database());
        end if;
    end if;
    if string_to_array(split_part(version, '-', 1), '.')::int[] < array[1, 3] then
        return format('pg_cron %s has no named jobs: run `alter extension pg_cron update`', version);
    end if;
    if not has_schema_privilege('cron', 'usage') then
        return format('role %I may not use pg_cron: as the owner of schema cron, run'
                      ' `grant usage on schema cron to %I`', current_user, current_user);
    end if;
    if cron_problem.run_as is null or cron_problem.run_as = current_user then
        return null;
    end if;
    select role.rolcanlogin into can_login
      from pg_catalog.pg_roles as role
     where role.rolname = cron_problem.run_as;
    if can_login is null then
        return format('role %I does not exist: create it (create role %I login password ''…''),'
                      ' then `pgbackfill grants --role %s --apply`',
                      cron_problem.run_as, cron_problem.run_as, cron_problem.run_as);
    elsif not can_login then
        return format('role %I cannot log in, and a pg_cron job logs in as its role: alter role %I login',
                      cron_problem.run_as, cron_problem.run_as);
    elsif not (select role.rolsuper from pg_catalog.pg_roles as role where role.rolname = current_user) then
        return format('pg_cron lets only a superuser schedule jobs as another role, and %I is not one:'
                      ' leave out --role (the jobs then run as %I), or schedule as a superuser',
                      current_user, current_user);
    elsif string_to_array(split_part(version, '-', 1), '.')::int[] < array[1, 4] then
        return format('pg_cron %s cannot schedule jobs as another role (1.4 can): run'
                      ' `alter extension pg_cron update`', version);
    end if;
    return null;
end;
$$;
