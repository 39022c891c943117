-- pgbackfill.features_build_begin(stale, from_date, to_date): the start of a
-- features build, shared by the procedure pgbackfill.features_build and
-- the CLI's build on two connections: one error and nothing written when
-- there are no runs to build from (SQLSTATE PB002); the build's advisory
-- lock for this session (another build stops at once: PB075); the run in
-- the run log; the runner facts filled when they never were; the days to
-- build; the running totals made ready (pgbackfill.features_begin). Returns
-- the run and the days (no days: nothing to build, the run is closed and
-- the lock released).
create or replace function pgbackfill.features_build_begin(
    stale boolean,
    from_date date,
    to_date date
)
returns table (run_id bigint, first_day date, last_day date, state_recomputed boolean)
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill
as $$
declare
    facts_filled boolean := exists (select from pgbackfill.runner_facts_state);
    problem text;
    plan record;
begin
    if stale and (from_date is not null or to_date is not null) then
        raise exception 'stale builds from the first changed day to the last: give no from/to day'
            using errcode = '22023';
    end if;
    if from_date > to_date then
        raise exception 'from % is after to %', from_date, to_date using errcode = '22023';
    end if;
    if not facts_filled then
        problem := pgbackfill.racing_facts_problem();
        if problem is not null then
            raise exception '%', problem using errcode = 'PB002';
        end if;
    end if;
    -- an earlier call of this session that ended in an error left its run open
    perform pgbackfill.run_abandon('failed', 'ended in an error before finishing');
    if not pg_try_advisory_lock(hashtext('pgbackfill:runner_features')) then
        raise exception 'another pgbackfill is already writing runner_features; wait for it to finish'
            using errcode = 'PB075';
    end if;
    run_id := pgbackfill.run_start('features build', case when stale then 'stale' end);
    if not facts_filled then
        perform pgbackfill.refresh_runner_facts();
    end if;
    select * into plan from pgbackfill.features_plan(from_date, to_date, stale);
    if plan.first_day is null then
        perform pgbackfill.features_build_end(run_id, 0);
        return next;
        return;
    end if;
    first_day := plan.first_day;
    last_day := plan.last_day;
    state_recomputed := pgbackfill.features_begin(plan.first_day, plan.last_day, plan.stale_from);
    return next;
end
$$;
