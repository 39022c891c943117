-- pgbackfill.features_build(stale, from_day, to_day, batch_runs):
-- `pgbackfill features build` as a procedure, for psql and pg_cron
-- (`call pgbackfill.features_build(stale => true)`), on one connection: the
-- start and end the CLI uses too (features_build_begin / _end: lock, run
-- log, facts, plan), and between them the days in batches of about
-- batch_runs runs (pgbackfill.features_batches; NULL, the default: as many
-- as pgbackfill.features_batch_runs says for the days), each built by
-- pgbackfill.features_build(from, to) and COMMITted on its own, so a killed
-- call keeps its finished days and `stale => true` redoes the rest.
-- (from_day / to_day, not from_date / to_date: those name the per-batch
-- function's arguments, and a call naming them would match both.)
-- Progress comes as NOTICEs (DETAIL: one JSON object). The CLI builds
-- large ranges on two connections from the same functions. No SET clause:
-- a procedure with one may not COMMIT.
create or replace procedure pgbackfill.features_build(
    stale boolean default false,
    from_day date default null,
    to_day date default null,
    batch_runs integer default null
)
language plpgsql
security invoker
as $$
declare
    started record;
    batch record;
    total bigint;
    built bigint := 0;
    written bigint := 0;
    batch_rows bigint;
begin
    if batch_runs < 1 then
        raise exception 'batch_runs must be at least 1 (got %)', batch_runs
            using errcode = '22023';
    end if;
    select * into started
      from pgbackfill.features_build_begin(features_build.stale, features_build.from_day,
                                           features_build.to_day);
    commit;
    if started.first_day is null then
        raise notice 'features: nothing to build';
        return;
    end if;
    batch_runs := coalesce(batch_runs, pgbackfill.features_batch_runs(started.first_day, started.last_day));
    select sum(batches.runs) into total
      from pgbackfill.features_batches(started.first_day, started.last_day, batch_runs) as batches;
    raise notice using message = format('features: %s runs, %s to %s', total, started.first_day, started.last_day),
                       detail = jsonb_build_object('event', 'start', 'runs', total,
                                                   'first_day', started.first_day,
                                                   'last_day', started.last_day)::text;
    for batch in
        select * from pgbackfill.features_batches(started.first_day, started.last_day, batch_runs)
    loop
        batch_rows := pgbackfill.features_build(batch.from_date, batch.to_date);
        built := built + batch.runs;
        written := written + batch_rows;
        update pgbackfill.run_log set rows_written = written where id = started.run_id;
        commit;
        raise notice using message = format('features: %s of %s runs, up to %s', built, total, batch.to_date),
                           detail = jsonb_build_object('event', 'batch', 'runs', batch.runs,
                                                       'to_date', batch.to_date,
                                                       'rows_written', batch_rows)::text;
    end loop;
    perform pgbackfill.features_build_end(started.run_id, written);
end
$$;
