-- Every query the Python side runs, each headed `-- name --` and a one-line
-- description; most are a single call of a function in schema pgbackfill.
-- pgbackfill.sqlfiles.query(name) returns one by name.

-- lock_try --
-- Take the advisory lock named %(name)s for this session, without waiting.
select pg_try_advisory_lock(hashtext('pgbackfill:' || %(name)s)) as locked;

-- lock_release --
-- Release the advisory lock named %(name)s.
select pg_advisory_unlock(hashtext('pgbackfill:' || %(name)s));

-- run_start --
-- Record that a command (and phase) started; returns the run id.
select pgbackfill.run_start(%(command)s, %(phase)s) as run_id;

-- run_finish --
-- Record how a run ended: outcome ok|failed|interrupted, rows written, error line.
select pgbackfill.run_finish(%(run_id)s, %(outcome)s, %(rows_written)s, %(error)s);

-- status_recent_runs --
-- The newest runs of the run log, with killed runs told apart.
select id, command, phase, started_at, finished_at, rows_written, outcome, error, duration
  from pgbackfill.run_history
 limit %(limit)s;

-- audit_gaps --
-- The "Current State" table: per category total, done, missing, coverage %.
select category, total, done, missing, coverage_pct, fillable
  from pgbackfill.audit_gaps(%(strict)s);
