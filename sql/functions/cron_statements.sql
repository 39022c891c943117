-- pgbackfill.cron_statements(daily_at, run_as, remove): the pg_cron calls
-- that install the plan of pgbackfill.cron_plan (`pgbackfill schedule`
-- prints them as a psql script, `--apply` runs them in one transaction), or
-- with remove that drop every pgbackfill-… job of this database. One row
-- per statement, in the order to run them, with the reason.
-- Installing first drops the pgbackfill-… jobs the plan no longer names
-- (another name, or another role), then schedules each job:
-- cron.schedule(name, …) replaces the job of that name and role, so running
-- the script twice leaves one set. A job runs as the role scheduling it;
-- run_as (another role) takes cron.schedule_in_database(…, username), which
-- pg_cron allows a superuser only (pgbackfill.cron_problem says so first).
-- Without pg_cron these are only text: nothing here touches schema cron.
create or replace function pgbackfill.cron_statements(
    daily_at time default '06:15',
    run_as name default null,
    remove boolean default false
)
returns table (step int, job_name text, statement text, reason text)
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
with
plan as (
    select plan.*,
           -- the role itself: pg_cron's plain form, which needs no superuser
           cron_statements.run_as is not null and cron_statements.run_as <> current_user as other_role
      from pgbackfill.cron_plan(cron_statements.daily_at, cron_statements.run_as) as plan
),
ours as (
    -- the jobs of this database that pgbackfill schedules
    select 'job.jobname like ''pgbackfill-%'' and job.database = current_database()' as condition
)
select 1, null::text,
       'select job.jobname, cron.unschedule(job.jobid) from cron.job as job where ' || ours.condition,
       'drop every pgbackfill job of this database'
  from ours
 where cron_statements.remove
union all
select 10, null,
       format('select job.jobname, cron.unschedule(job.jobid) from cron.job as job where %s'
              ' and not (job.username = %s and job.jobname in (%s))',
              ours.condition,
              case when bool_or(plan.other_role) then quote_literal(max(plan.run_as)) else 'current_user' end,
              string_agg(quote_literal(plan.job_name), ', ' order by plan.step)),
       'drop the pgbackfill jobs this plan does not name (renamed, or run as another role)'
  from plan cross join ours
 where not cron_statements.remove
 group by ours.condition
union all
select 10 + plan.step, plan.job_name,
       case when plan.other_role
            then format('select cron.schedule_in_database(%L, %L, %L, %L, %L)', plan.job_name,
                        plan.schedule, plan.command, current_database(), plan.run_as)
            else format('select cron.schedule(%L, %L, %L)', plan.job_name, plan.schedule,
                        plan.command)
       end,
       plan.reason
  from plan
 where not cron_statements.remove
 order by 1;
$$;
