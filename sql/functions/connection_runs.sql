-- pgbackfill.connection_runs: the runs of one kind of connection (jockey,
-- trainer or owner) on or before an as-of date, each carrying the id of the
-- connection it counts for. The one place that says which runner column a
-- role reads and that nothing after the as-of date counts.
--
-- No `set search_path` here, on purpose: a SQL function with a SET clause is
-- never inlined, and inlining is what lets the callers' planner fold the role
-- into a plain column and push the date filter into the scan of runner_facts
-- (otherwise ~1M rows would be materialised per call). The casts pin the
-- declared types whatever runner_facts computes. Every name inside is
-- schema-qualified, and pg_catalog is always searched first, so a caller's
-- search_path cannot change what this function means.
create or replace function pgbackfill.connection_runs(role text, as_of date)
returns table (
    entity_id varchar,
    runner_id bigint,
    race_id varchar,
    race_date date,
    course_id varchar,
    course_name varchar,
    horse_id varchar,
    jockey_id varchar,
    trainer_id varchar,
    is_win boolean,
    is_second boolean,
    is_third boolean,
    is_place boolean,
    sp_decimal numeric
)
language sql
stable
-- parallel safe: once inlined, lets the callers' scans and aggregates run in
-- parallel workers (an unmarked function keeps the whole query serial)
parallel safe
security invoker
as $$
    select case connection_runs.role
               when 'jockey' then fact.jockey_id
               when 'trainer' then fact.trainer_id
               when 'owner' then fact.owner_id
           end::varchar as entity_id,
           fact.runner_id::bigint,
           fact.race_id::varchar,
           fact.race_date::date,
           fact.course_id::varchar,
           fact.course_name::varchar,
           fact.horse_id::varchar,
           fact.jockey_id::varchar,
           fact.trainer_id::varchar,
           fact.is_win::boolean,
           fact.is_second::boolean,
           fact.is_third::boolean,
           fact.is_place::boolean,
           -- NULL when there is no usable SP (runner_facts decides)
           fact.sp_decimal::numeric
      from pgbackfill.runner_facts as fact
     -- only what was known on the as-of date counts
     where fact.race_date <= connection_runs.as_of
$$;
