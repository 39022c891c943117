-- pgbackfill: the tool's own schema (functions, views, run log, provenance).
-- The racing tables stay in public under their existing names.
create schema if not exists pgbackfill;

-- One row per command run, written by every command: what `pgbackfill
-- status` shows instead of tail -f.
create table if not exists pgbackfill.run_log (
    id bigint generated always as identity primary key,
    command text not null,
    phase text,
    started_at timestamptz not null default now(),
    finished_at timestamptz,
    rows_written bigint,
    outcome text not null default 'running',
    error text,
    -- the server process of the run; status tells a killed run from a live one
    backend_pid int default pg_backend_pid()
);
