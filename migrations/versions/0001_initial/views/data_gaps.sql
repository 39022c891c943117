-- pgbackfill.data_gaps: what `pgbackfill audit` prints, for psql:
--   select * from pgbackfill.data_gaps;
create or replace view pgbackfill.data_gaps
with (security_invoker = true)
as
select category, total, done, missing, coverage_pct, fillable
  from pgbackfill.audit_gaps(false);
