-- pgbackfill.features_begin: get ready to build the race days from_date ..
-- to_date, in one transaction before the batches:
-- 1. when a day of the range changed since it was built, the days after the
--    range were built from the old runs: forget they were built, so
--    `--stale` builds them again;
-- 2. keep pgbackfill.feature_state when it holds exactly the runs before
--    from_date as they are now, otherwise recompute it from the history.
-- stale_from is pgbackfill.features_stale_from() as the plan found it.
-- Returns true when the totals were recomputed.
drop function if exists pgbackfill.features_begin(date, date);
create or replace function pgbackfill.features_begin(from_date date, to_date date, stale_from date)
returns bool
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill
-- no JIT: compiling costs more than these statements take
set jit = off
as $$
declare
    state_through date := (select state.through from pgbackfill.feature_state_through as state
                            where state.lane = 0);
    -- (from the run half: through the view a min or max reads every run)
    last_day_before date := (select max(facts.race_date)
                               from pgbackfill.run_facts as facts
                              where facts.race_date < from_date);
begin
    if stale_from between from_date and to_date then
        delete from pgbackfill.feature_days as day where day.race_date > to_date;
    end if;
    -- the totals are current when they end the day before the range and no
    -- day up to there changed since it was built
    if state_through is not distinct from last_day_before
       and (stale_from is null or stale_from >= from_date) then
        return false;
    end if;
    perform pgbackfill.features_state_reset(from_date);
    return true;
end;
$$;
