-- pgbackfill.cron_plan(daily_at, run_as): the seed's maintenance plan as
-- pg_cron jobs, one row per job: its name (pgbackfill-…, so that it is found
-- and replaced, never duplicated), its cron schedule (pg_cron's clock: GMT),
-- the psql call it runs, the role it runs as (default: the role asking) and
-- why. The daily refresh starts at daily_at; the others follow it so that
-- they never start together: the breakdown 30 minutes later (pg_cron cannot
-- chain jobs, and a procedure that commits cannot share one job's command
-- with another statement), the regional figures 40, the weekly audit
-- (Mondays) 45, the monthly accuracy check (the 1st) 60. pgbackfill.cron_statements makes the
-- cron.schedule calls of it; trainer locations need HTTP and stay a CLI job.
create or replace function pgbackfill.cron_plan(
    daily_at time default '06:15',
    run_as name default null
)
returns table (step int, job_name text, schedule text, command text, run_as name, reason text)
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
select job.step,
       job.job_name,
       format('%s %s %s', extract(minute from starts.at)::int, extract(hour from starts.at)::int,
              job.days),
       job.command,
       coalesce(cron_plan.run_as, current_user),
       job.reason
  from (values (1, 'pgbackfill-daily-refresh', interval '0 minutes', '* * *',
                'call pgbackfill.refresh(''all'', stale => true)',
                'daily: the statistics of new entities and of those whose runs changed'),
               (2, 'pgbackfill-daily-breakdown', interval '30 minutes', '* * *',
                'call pgbackfill.refresh(''breakdown'')',
                'daily, after the refresh: the per-condition pedigree view, rebuilt'),
               (3, 'pgbackfill-daily-regions', interval '40 minutes', '* * *',
                'call pgbackfill.refresh(''regions'')',
                'daily, after the refresh: the regional and training-centre figures, rebuilt'),
               (4, 'pgbackfill-weekly-audit', interval '45 minutes', '* * 1',
                'call pgbackfill.audit_record()',
                'weekly (Mondays): no new gaps? the verdict in the run log, the gaps named'),
               (5, 'pgbackfill-monthly-check', interval '60 minutes', '1 * *',
                'call pgbackfill.refresh(''all'', check_only => true)',
                'monthly (the 1st): full recalculation as an accuracy check, writes no figure'))
       as job (step, job_name, after_daily, days, command, reason)
 cross join lateral (select coalesce(cron_plan.daily_at, time '06:15') + job.after_daily as at)
       as starts
 order by job.step;
$$;
