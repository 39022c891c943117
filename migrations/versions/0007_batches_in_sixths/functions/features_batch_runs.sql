-- pgbackfill.features_batch_runs: the runs of a batch (about) when a
-- features build over the race days first_day .. last_day is not told how
-- many: a sixth of the runs to build, and never fewer than 200,000 runs.
-- Every batch looks up, and then rolls forward, the running totals of every
-- connection seen before it (pgbackfill.feature_state: horses, dams,
-- owners, ...), whose number grows with the data. Batches of a fixed size
-- pay that more often as the data grows: a full build took 7.1x as long at
-- 5x the data in batches of 200,000 runs, 5.8x in sixths (scale 1.0 and
-- 5.0, PostgreSQL 15, two connections, one run each). A batch's memory
-- does not grow with its runs (its hash joins and sorts spill within
-- work_mem): 215 MB a server process at 200,000 runs, 275 MB at a million.
create or replace function pgbackfill.features_batch_runs(first_day date, last_day date)
returns integer
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    -- (from the run half's race-day index: the view would read every run)
    select greatest(200000, ceil(count(*) / 6.0))::integer
      from pgbackfill.run_facts as facts
     where facts.race_date between first_day and last_day;
$$;
