-- pgbackfill.run_history: the run log as `pgbackfill status` shows it, newest
-- first. A run still marked 'running' whose server process is gone was
-- killed (kill -9, lost connection) and shows as 'killed'.
create or replace view pgbackfill.run_history
with (security_invoker = true)
as
select run.id,
       run.command,
       run.phase,
       run.started_at,
       run.finished_at,
       run.rows_written,
       case
           when run.outcome = 'running'
                and not exists (select from pg_catalog.pg_stat_activity activity
                                 where activity.pid = run.backend_pid
                                   and activity.backend_start <= run.started_at)
           then 'killed'
           else run.outcome
       end as outcome,
       run.error,
       coalesce(run.finished_at, pg_catalog.now()) - run.started_at as duration
  from pgbackfill.run_log as run
 order by run.id desc;
