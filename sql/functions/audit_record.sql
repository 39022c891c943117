-- pgbackfill.audit_record(strict): the audit as a run of the run log, for
-- psql and pg_cron (`call pgbackfill.audit_record()`, the weekly job of
-- `pgbackfill schedule`). It computes pgbackfill.audit_gaps(strict) and logs
-- command 'audit' with outcome 'ok' when no fillable gap is left, else
-- 'failed' with the gaps named in its error ('gaps: Dam statistics 12,
-- Trainer locations 3'), raised as a WARNING too; `pgbackfill status` shows
-- it. A gap is no error of the call: the call succeeds and the run log
-- keeps the verdict (an error would roll the log row back with it).
-- strict (default): an entity analysed before its latest runs changed
-- counts as a gap, as `pgbackfill audit --strict`.
create or replace procedure pgbackfill.audit_record(strict boolean default true)
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill, public
as $$
declare
    strict_audit boolean := coalesce(audit_record.strict, true);
    run_id bigint;
    gaps text;
begin
    run_id := pgbackfill.run_start('audit', case when strict_audit then 'gaps (strict)' else 'gaps' end);
    select string_agg(format('%s %s', gap.category, gap.missing), ', ' order by gap.line)
      into gaps
      from pgbackfill.audit_gaps(strict_audit) with ordinality
           as gap (category, total, done, missing, coverage_pct, fillable, line)
     where gap.fillable and gap.missing > 0;
    if gaps is null then
        perform pgbackfill.run_finish(run_id, 'ok');
        raise notice 'audit: All data gaps filled - 100%% coverage';
    else
        perform pgbackfill.run_finish(run_id, 'failed', null, 'gaps: ' || gaps);
        raise warning 'audit: gaps: %', gaps;
    end if;
end;
$$;
