-- pgbackfill.features_state_reset: recompute the running totals
-- (pgbackfill.feature_state, lane 0: the totals builds continue from) from
-- every run before before_date, so pgbackfill.features_build can start at
-- before_date. One set-based pass over the history; returns the day the
-- totals now run up to (NULL: no run before before_date).
drop function if exists pgbackfill.features_state_reset(date, smallint);
create or replace function pgbackfill.features_state_reset(before_date date)
returns date
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill
-- no JIT: compiling costs more than these statements take
set jit = off
as $$
declare
    -- (from the run half: through the view a min or max reads every run)
    last_day date := (select max(facts.race_date)
                        from pgbackfill.run_facts as facts
                       where facts.race_date < before_date);
begin
    -- fresh pages and indexes, no dead rows for the next build's lookups
    -- (lane 1 is never committed: there is no other lane to keep)
    truncate pgbackfill.feature_state;
    insert into pgbackfill.feature_state
           (lane, kind, key, runs, wins, places, sp_wins, expected_wins, last_run_date)
    select 0, contributions.*
      from pgbackfill.feature_contributions('-infinity', before_date - 1) as contributions;
    insert into pgbackfill.feature_state_through as state (lane, through)
    values (0, last_day)
        on conflict (lane) do update set through = excluded.through;
    return last_day;
end;
$$;
