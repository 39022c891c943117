-- pgbackfill.features_state_reset: recompute pgbackfill.feature_state from
-- every run before before_date, so pgbackfill.features_build can start at
-- before_date. One set-based pass over the history; returns the day the
-- totals now run up to (NULL: no run before before_date).
create or replace function pgbackfill.features_state_reset(before_date date)
returns date
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill
-- no JIT: compiling costs more than these statements take
set jit = off
set work_mem = '256MB'
as $$
declare
    last_day date := (select max(facts.race_date)
                        from pgbackfill.runner_facts as facts
                       where facts.race_date < before_date);
begin
    truncate pgbackfill.feature_state;
    insert into pgbackfill.feature_state
           (kind, key, runs, wins, places, sp_wins, expected_wins, last_run_date)
    select *
      from pgbackfill.feature_contributions('-infinity', before_date - 1);
    insert into pgbackfill.feature_state_through as state (one, through)
    values (true, last_day)
        on conflict (one) do update set through = excluded.through;
    return last_day;
end;
$$;
