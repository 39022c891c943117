-- pgbackfill.features_state_reset: recompute the running totals
-- (pgbackfill.feature_state) from every run before before_date, so
-- pgbackfill.features_build can start at before_date. Without a lane, every
-- lane is emptied and lane 0 (the totals builds continue from) recomputed;
-- with one, only that lane is replaced and the others are left alone (the
-- second connection of a build on two, see pgbackfill.features_lane_open).
-- One set-based pass over the history; returns the day the totals now run
-- up to (NULL: no run before before_date).
drop function if exists pgbackfill.features_state_reset(date);
create or replace function pgbackfill.features_state_reset(before_date date, lane smallint default null)
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
    reset_lane smallint := coalesce(features_state_reset.lane, 0);
begin
    if features_state_reset.lane is null then
        -- all of it: fresh pages and indexes, no dead rows for the lookups
        -- of the next build to step over (lane 1 is never committed, so the
        -- one row of feature_state_through to replace is lane 0's, below)
        truncate pgbackfill.feature_state;
    else
        -- one lane, while another connection may be using another: no
        -- table lock, rows only
        delete from pgbackfill.feature_state as state where state.lane = reset_lane;
    end if;
    insert into pgbackfill.feature_state
           (lane, kind, key, runs, wins, places, sp_wins, expected_wins, last_run_date)
    select reset_lane, contributions.*
      from pgbackfill.feature_contributions('-infinity', before_date - 1) as contributions;
    insert into pgbackfill.feature_state_through as state (lane, through)
    values (reset_lane, last_day)
        on conflict on constraint feature_state_through_pkey do update set through = excluded.through;
    return last_day;
end;
$$;
