-- pgbackfill.refresh(target, …): `pgbackfill refresh` as a procedure, so
-- that psql and pg_cron keep the statistics filled with no host around the
-- database, and the CLI calls this very procedure (it turns the NOTICEs
-- into its progress bar and summary). One call:
--   1. checks its arguments (one error naming the allowed values);
--   2. takes the advisory lock of every table it writes, all before any
--      work (a second writer, CLI or procedure, stops at once: SQLSTATE
--      PB075), none with check_only, which writes nothing;
--   3. brings pgbackfill.runner_facts up to date (every change, or with
--      stale the races stamped since the last pass; full_facts: every
--      change; check_only: every run recomputed and compared);
--   4. per table: logs a run (pgbackfill.run_log, as `pgbackfill status`
--      shows it), stages the figures (pgbackfill.refresh_stage) and writes
--      them in batches of batch_size entities, COMMITting after each, so a
--      killed call keeps its finished batches and the next call redoes the
--      rest; a view (the per-condition view, the regional figures) is
--      rebuilt whole instead, by its rebuild function;
--   5. releases its locks.
-- facts_only stops after step 3 (the CLI vacuums freshly filled facts
-- between two calls: VACUUM cannot run in a procedure); refresh_facts =>
-- false skips step 3.
-- Progress comes as NOTICEs whose DETAIL is one JSON object (event, …),
-- for programs. An error ends the call where it is: a procedure that
-- commits cannot catch it, so its locks stay with the session until it
-- ends (a pooled or cron session ends with the call) or until the next
-- call in the same session, which first closes the runs this session left
-- open. No SET clause: a procedure with one may not COMMIT, so every name
-- is schema-qualified.
-- (`check` is a reserved word in SQL: `check => true` cannot be written, so
-- the comparison-only mode is check_only.)
create or replace procedure pgbackfill.refresh(
    target text,
    stale boolean default false,
    check_only boolean default false,
    only_missing boolean default false,
    full_facts boolean default false,
    batch_size integer default 5000,
    as_of date default null,
    min_runs integer default 5,
    refresh_facts boolean default true,
    facts_only boolean default false
)
language plpgsql
security invoker
as $$
declare
    chosen record;
    targets jsonb := '[]';
    item jsonb;
    scope text;
    phase text;
    taken text[] := '{}';
    lock_name text;
    problem text;
    run_id bigint;
    refreshed_at timestamp;
    started timestamptz;
    stage_seconds numeric;
    staged bigint;
    after_id varchar;
    batch record;
    batches integer;
    written bigint;
    differing jsonb;
begin
    -- 1. arguments
    if refresh.only_missing and refresh.stale then
        raise exception 'only_missing and stale are alternatives: pass one' using errcode = '22023';
    end if;
    if refresh.batch_size is null or refresh.batch_size < 1 then
        raise exception 'batch_size must be at least 1 (got %)', coalesce(refresh.batch_size::text, 'NULL')
            using errcode = '22023';
    end if;
    if refresh.min_runs is null or refresh.min_runs < 1 then
        raise exception 'min_runs must be at least 1 (got %)', coalesce(refresh.min_runs::text, 'NULL')
            using errcode = '22023';
    end if;
    scope := case when refresh.only_missing then 'missing' when refresh.stale then 'stale' else 'all' end;
    for chosen in select * from pgbackfill.refresh_targets(refresh.target) loop
        -- a view is rebuilt whole (and belongs to no group): a scope or a check does not apply
        if chosen.is_view and (scope <> 'all' or refresh.check_only) then
            raise exception '% is rebuilt whole: only_missing, stale and check_only do not apply to it',
                chosen.name using errcode = '22023';
        end if;
        targets := targets || jsonb_build_object(
            'name', chosen.name, 'target', chosen.target::text, 'stamp_column', chosen.stamp_column,
            'facts_column', chosen.facts_column, 'figures', chosen.figures::text,
            'lock_name', chosen.lock_name, 'is_view', chosen.is_view);
    end loop;
    -- no runs while the master tables list entities: zeros would pass for a finished job
    problem := pgbackfill.racing_facts_problem();
    if problem is not null then
        raise exception '%', problem using errcode = 'PB002';
    end if;
    -- an earlier call of this session that ended in an error left its runs open
    perform pgbackfill.run_abandon('failed', 'ended in an error before finishing');

    -- 2. every lock first (a lock this session still holds from such a call is taken again)
    if not refresh.check_only then
        for item in select * from jsonb_array_elements(targets) loop
            lock_name := item ->> 'lock_name';
            if not pg_catalog.pg_try_advisory_lock(pg_catalog.hashtext('pgbackfill:' || lock_name)) then
                perform pgbackfill.refresh_release(taken);
                raise exception 'another pgbackfill is already writing %; wait for it to finish', lock_name
                    using errcode = 'PB075';
            end if;
            taken := taken || lock_name;
        end loop;
    end if;

    -- 3. the runner facts
    if refresh.refresh_facts then
        raise notice using message = 'runner facts: bringing them up to date',
                           detail = jsonb_build_object('event', 'phase', 'description', 'runner facts')::text;
        started := clock_timestamp();
        -- check_only compares every run afresh; other full passes recompute
        -- the races whose racing rows moved (refresh_runner_facts)
        perform pgbackfill.refresh_runner_facts(full => refresh.full_facts or refresh.check_only or scope <> 'stale',
                                                thorough => refresh.check_only);
        commit;
        raise notice using message = format('runner facts: %s s', round(extract(epoch from clock_timestamp() - started), 1)),
                           detail = jsonb_build_object('event', 'facts',
                                                       'seconds', extract(epoch from clock_timestamp() - started))::text;
    end if;
    if refresh.facts_only then
        perform pgbackfill.refresh_release(taken);
        return;
    end if;
    -- the stamp follows the facts: every change the facts pass logged is in
    -- these figures; one logged by a later pass makes the entity stale
    refreshed_at := localtimestamp;
    raise notice using message = format('stamping %s', refreshed_at),
                       detail = jsonb_build_object('event', 'clock', 'refreshed_at', refreshed_at)::text;

    -- 4. each table
    for item in select * from jsonb_array_elements(targets) loop
        phase := case when item ->> 'is_view' = 'true' then 'all'
                      when refresh.check_only then 'check' else scope end;
        run_id := pgbackfill.run_start('refresh', format('%s (%s)', item ->> 'name', phase));
        commit;
        raise notice using message = format('%s: computing', item ->> 'name'),
                           detail = jsonb_build_object('event', 'phase',
                                                       'description', (item ->> 'name') || ': computing',
                                                       'run_id', run_id,
                                                       'run', format('refresh %s (%s)', item ->> 'name', phase))::text;
        started := clock_timestamp();
        batches := 0;
        written := 0;
        differing := '{}';
        if item ->> 'is_view' = 'true' then
            -- the view's rebuild function (the registry's figures column)
            execute format('select %s()', (item ->> 'figures')::regprocedure::regproc) into staged;
            written := staged;
            batches := 1;
            stage_seconds := extract(epoch from clock_timestamp() - started);
        else
            staged := pgbackfill.refresh_stage((item ->> 'target')::regclass, (item ->> 'stamp_column')::name,
                                               (item ->> 'facts_column')::name, (item ->> 'figures')::regprocedure,
                                               scope, refresh.min_runs, coalesce(refresh.as_of, current_date));
            commit;
            stage_seconds := extract(epoch from clock_timestamp() - started);
            if refresh.check_only then
                select coalesce(jsonb_object_agg(checked.figure, checked.differing)
                                    filter (where checked.differing > 0), '{}')
                  into differing
                  from pgbackfill.refresh_check() as checked;
            else
                raise notice using message = format('%s: writing %s entities', item ->> 'name', staged),
                                   detail = jsonb_build_object('event', 'start', 'name', item ->> 'name',
                                                               'total', staged)::text;
                started := clock_timestamp();
                after_id := '';
                loop
                    select * into batch
                      from pgbackfill.refresh_apply(refreshed_at, after_id, refresh.batch_size);
                    exit when coalesce(batch.entities, 0) = 0;
                    -- the batch's run log line moves with it, in its transaction
                    batches := batches + 1;
                    written := written + batch.written;
                    update pgbackfill.run_log set rows_written = written where id = run_id;
                    commit;
                    raise notice using message = format('%s: %s of %s written', item ->> 'name', written, staged),
                                       detail = jsonb_build_object('event', 'batch', 'entities', batch.entities,
                                                                   'written', batch.written)::text;
                    after_id := batch.last_id;
                end loop;
            end if;
            drop table if exists pg_temp.refresh_staged, pg_temp.refresh_plan;
        end if;
        perform pgbackfill.run_finish(run_id, 'ok', written, null);
        commit;
        raise notice using message = case when item ->> 'is_view' = 'true'
                                          then format('%s: rebuilt, %s rows', item ->> 'name', written)
                                          when refresh.check_only and differing = '{}'
                                          then format('%s: %s entities checked, every stored figure matches',
                                                      item ->> 'name', staged)
                                          when refresh.check_only
                                          then format('%s: %s entities checked, differing figures: %s',
                                                      item ->> 'name', staged, differing)
                                          else format('%s: %s of %s written in %s batches', item ->> 'name',
                                                      written, staged, batches) end,
                           detail = jsonb_build_object(
                               'event', 'table', 'target', item ->> 'name', 'run_id', run_id,
                               'run', format('refresh %s (%s)', item ->> 'name', phase),
                               'table', regexp_replace(item ->> 'target', '^public\.', ''),
                               'entities', staged, 'written', written, 'batches', batches,
                               'stage_seconds', stage_seconds,
                               'write_seconds', case when item ->> 'is_view' = 'true' or refresh.check_only then 0
                                                     else extract(epoch from clock_timestamp() - started) end,
                               'differing', differing)::text;
    end loop;

    -- 5. the locks (each as often as this session took it)
    perform pgbackfill.refresh_release(taken);
end
$$;
