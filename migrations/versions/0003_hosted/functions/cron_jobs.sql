-- pgbackfill.cron_jobs(): the pgbackfill-… pg_cron jobs of this database as
-- `pgbackfill status` shows them: schedule, command, the role they run as,
-- whether active, and their last run: when and how it ended for pg_cron
-- (cron.job_run_details) and for the run log (the runs the job's server
-- process logged while it ran: the worst outcome, rows written, errors).
-- pg_cron shows a role only its own jobs (a superuser all). No row when
-- pg_cron is absent or not usable (pgbackfill.cron_problem says why).
create or replace function pgbackfill.cron_jobs()
returns table (
    job_name text,
    schedule text,
    command text,
    run_as text,
    active boolean,
    last_started_at timestamptz,
    last_finished_at timestamptz,
    last_status text,
    last_message text,
    logged_outcome text,
    logged_rows bigint,
    logged_error text
)
language plpgsql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
begin
    if pgbackfill.cron_problem() is not null then
        return;
    end if;
    return query
    select job.jobname::text,
           job.schedule,
           job.command,
           job.username::text,
           job.active,
           last_run.start_time,
           last_run.end_time,
           last_run.status,
           last_run.return_message,
           logged.outcome,
           logged.rows_written,
           logged.error
      from cron.job as job
      left join lateral (
          select detail.job_pid, detail.status, detail.return_message, detail.start_time,
                 detail.end_time
            from cron.job_run_details as detail
           where detail.jobid = job.jobid
           order by detail.runid desc
           limit 1
      ) as last_run on true
      left join lateral (
          -- the runs that job's server process logged while it ran
          select case when count(*) = 0 then null
                      when bool_or(history.outcome = 'failed') then 'failed'
                      when bool_or(history.outcome = 'killed') then 'killed'
                      when bool_or(history.outcome = 'interrupted') then 'interrupted'
                      when bool_or(history.outcome = 'running') then 'running'
                      else 'ok' end as outcome,
                 sum(history.rows_written)::bigint as rows_written,
                 string_agg(concat_ws(': ', history.phase, history.error), '; ' order by history.id)
                     filter (where history.error is not null) as error
            from pgbackfill.run_log as log
            join pgbackfill.run_history as history on history.id = log.id
           where log.backend_pid = last_run.job_pid
             -- pg_cron stamps the start about when the job's transaction starts
             and log.started_at >= last_run.start_time - interval '1 second'
             and (last_run.end_time is null or log.started_at <= last_run.end_time)
      ) as logged on true
     where job.jobname like 'pgbackfill-%'
       and job.database = current_database()
     order by job.jobname;
end;
$$;
