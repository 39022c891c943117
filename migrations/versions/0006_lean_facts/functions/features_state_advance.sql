-- pgbackfill.features_state_advance: roll a lane of the running totals
-- (pgbackfill.feature_state) forward over the runs of race days from_date ..
-- to_date, which must be the days right after the ones they hold; returns
-- the day they now run up to. pgbackfill.features_build rolls its lane over
-- each batch it built; the second connection of a build on two (see
-- pgbackfill.features_lane_open) rolls lane 0 over the first half's days.
create or replace function pgbackfill.features_state_advance(from_date date, to_date date, lane smallint)
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
                       where facts.race_date between from_date and to_date);
begin
    insert into pgbackfill.feature_state as state
           (lane, kind, key, runs, wins, places, sp_wins, expected_wins, last_run_date)
    select features_state_advance.lane, contributions.*
      from pgbackfill.feature_contributions(from_date, to_date) as contributions
        on conflict on constraint feature_state_pkey do update
       set runs = state.runs + excluded.runs,
           wins = state.wins + excluded.wins,
           places = state.places + excluded.places,
           sp_wins = state.sp_wins + excluded.sp_wins,
           expected_wins = state.expected_wins + excluded.expected_wins,
           last_run_date = greatest(state.last_run_date, excluded.last_run_date);
    -- no run in the days: the totals still run up to where they did
    insert into pgbackfill.feature_state_through as state (lane, through)
    values (features_state_advance.lane, last_day)
        on conflict on constraint feature_state_through_pkey do update
       set through = coalesce(excluded.through, state.through);
    return (select state.through from pgbackfill.feature_state_through as state
             where state.lane = features_state_advance.lane);
end;
$$;
