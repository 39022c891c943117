-- Every query the Python side runs, each headed `-- name --` and a one-line
-- description; most are a single call of a function in schema pgbackfill.
-- pgbackfill.sqlfiles.query(name) returns one by name.

-- session_settings --
-- The tool's settings for this session, applied once connected (poolers refuse them as startup options).
select set_config('statement_timeout', %(statement_timeout)s, false),
       set_config('lock_timeout', %(lock_timeout)s, false),
       set_config('work_mem', %(work_mem)s, false);

-- session_backend --
-- The backend pid of the server session this statement runs on.
select pg_backend_pid() as backend;

-- racing_lock_wait --
-- How long migrate's steps on the racing tables may wait for a lock (each is retried).
select set_config('lock_timeout', %(lock_wait)s, false);

-- racing_index_statements --
-- The concurrent index builds (and drops of invalid ones) still to run on the racing tables.
select statement from pg_temp.racing_index_statements();

-- lock_try --
-- Take the advisory lock named %(name)s for this session, without waiting.
select pg_try_advisory_lock(hashtext('pgbackfill:' || %(name)s)) as locked;

-- lock_release --
-- Release the advisory lock named %(name)s.
select pg_advisory_unlock(hashtext('pgbackfill:' || %(name)s));

-- racing_facts_problem --
-- Why the racing facts cannot be computed from (no runs while the master tables list entities), or null.
select pgbackfill.racing_facts_problem() as problem;

-- run_start --
-- Record that a command (and phase) started; returns the run id.
select pgbackfill.run_start(%(command)s, %(phase)s) as run_id;

-- run_finish --
-- Record how a run ended: outcome ok|failed|interrupted, rows written, error line.
select pgbackfill.run_finish(%(run_id)s, %(outcome)s, %(rows_written)s, %(error)s);

-- status_recent_runs --
-- The newest runs of the run log, with killed runs told apart.
select id, command, phase, started_at, finished_at, rows_written, outcome, error, duration
  from pgbackfill.run_history
 limit %(limit)s;

-- audit_gaps --
-- The "Current State" table: per category total, done, missing, coverage %.
select category, total, done, missing, coverage_pct, fillable
  from pgbackfill.audit_gaps(%(strict)s);

-- ---------------------------------------------------------------------------
-- trainer locations (pgbackfill locations, issue 5)
-- ---------------------------------------------------------------------------

-- locations_coverage --
-- Trainers in total, with a location, and the coverage in percent.
select count(*) as total,
       count(*) filter (where pgbackfill.clean_location(location) is not null) as with_location,
       round(100.0 * count(*) filter (where pgbackfill.clean_location(location) is not null)
             / nullif(count(*), 0), 2) as coverage_pct
  from public.ra_mst_trainers;

-- locations_test_trainers --
-- The --test sample: the first %(limit)s trainers without a location that some source can fill.
select coalesce(array_agg(trainer_id order by trainer_id), '{}') as trainer_ids
  from (select trainer_id from pgbackfill.trainer_location_gaps
         where has_source order by trainer_id limit %(limit)s) sample;

-- locations_runner_candidates --
-- How many trainers the runner-row pass would fill (dry run).
select count(*) as trainers from pgbackfill.runner_location_candidates(%(only)s::varchar[]);

-- locations_from_runners --
-- The runner-row pass: fill missing locations from ra_runners.trainer_location.
select pgbackfill.locations_from_runners(%(only)s::varchar[]) as filled;

-- locations_fetched_candidates --
-- How many trainers the racecards already fetched would fill (dry run).
select count(distinct seen.trainer_id) as trainers
  from pgbackfill.racecard_trainers seen
  join public.ra_mst_trainers trainer on trainer.id = seen.trainer_id
 where seen.location is not null and pgbackfill.clean_location(trainer.location) is null
   and (%(only)s::varchar[] is null or trainer.id = any (%(only)s::varchar[]))
   and not exists (select from pgbackfill.runner_location_candidates(%(only)s::varchar[]) runner
                    where runner.trainer_id = seen.trainer_id);

-- locations_from_racecards --
-- Fill missing locations from the racecards already fetched (no call).
select pgbackfill.locations_from_racecards(%(only)s::varchar[]) as filled;

-- locations_plan --
-- The greedy racecard plan: one row per date, in fetch order.
select step, racecard_date, trainers_covered, trainers_left
  from pgbackfill.plan_racecard_dates(%(only)s::varchar[]);

-- locations_next_date --
-- The next racecard date to fetch (most still-missing trainers), or no row.
select racecard_date, trainers from pgbackfill.next_racecard_date(%(only)s::varchar[]);

-- locations_apply_racecards --
-- Keep one date's racecards and fill every missing trainer they mention.
select pgbackfill.apply_racecards(%(racecard_date)s, %(racecards)s, %(only)s::varchar[]) as filled;

-- locations_skip_date --
-- Remember a racecard date the API could not give (404, 422, undecodable).
select pgbackfill.skip_racecard_date(%(racecard_date)s, %(outcome)s, %(detail)s);

-- locations_profile_targets --
-- Trainers a per-trainer profile endpoint may still be asked about.
select gaps.trainer_id
  from pgbackfill.trainer_location_gaps gaps
 where (%(only)s::varchar[] is null or gaps.trainer_id = any (%(only)s::varchar[]))
   and not exists (select from pgbackfill.trainer_profile_fetches asked
                    where asked.trainer_id = gaps.trainer_id)
 order by gaps.trainer_id;

-- locations_apply_profile --
-- Take in one profile answer: remember the trainer as asked, fill its location.
select pgbackfill.apply_trainer_profile(%(trainer_id)s, %(outcome)s, %(location)s) as filled;

-- locations_gaps --
-- Trainers still without a location, counted by reason (has_source false: no source can fill them).
select reason, has_source, count(*) as trainers
  from pgbackfill.trainer_location_gaps
 where %(only)s::varchar[] is null or trainer_id = any (%(only)s::varchar[])
 group by reason, has_source
 order by has_source desc, count(*) desc, reason;

-- standin_truth_view --
-- The local stand-in's source of trainer locations: the synthetic ground truth when there is one.
create temporary view racecard_truth as
select trainer_id::varchar as trainer_id, location::varchar as location
  from pgbackfill_synthetic.trainer_locations;

-- standin_no_truth_view --
-- The stand-in without ground truth: every trainer_location is served as "".
create temporary view racecard_truth as
select null::varchar as trainer_id, null::varchar as location where false;

-- standin_racecards --
-- One page of a day's racecards in the API's shape (every value a string), and the day's total.
with
cards as (
    select race.*
      from public.ra_races race
     where race.date = %(racecard_date)s
     order by race.off_dt nulls last, race.off_time nulls last, race.id
),
page as (
    select * from cards limit %(limit)s offset %(skip)s
)
select (select count(*) from cards) as total,
       coalesce(jsonb_agg(jsonb_build_object(
           'race_id', page.id,
           'course', coalesce(page.course_name, ''),
           'course_id', coalesce(page.course_id, ''),
           'date', page.date::text,
           'off_time', coalesce(to_char(page.off_time, 'HH24:MI'), ''),
           'race_name', coalesce(page.race_name, ''),
           'distance', coalesce(page.distance, ''),
           'distance_f', coalesce(page.distance_f, ''),
           'region', coalesce(upper(page.region), ''),
           'race_class', coalesce(page.race_class, ''),
           'type', coalesce(page.type, ''),
           'going', coalesce(page.going, ''),
           'surface', coalesce(page.surface, ''),
           'field_size', coalesce(page.field_size::text, ''),
           'is_abandoned', case when page.is_abandoned then 'true' else 'false' end,
           'runners', coalesce((
               select jsonb_agg(jsonb_build_object(
                          'horse_id', coalesce(runner.horse_id, ''),
                          'horse', coalesce(runner.horse_name, ''),
                          'sire_id', coalesce(runner.sire_id, ''),
                          'dam_id', coalesce(runner.dam_id, ''),
                          'damsire_id', coalesce(runner.damsire_id, ''),
                          'trainer', coalesce(runner.trainer_name, ''),
                          'trainer_id', coalesce(runner.trainer_id, ''),
                          'trainer_location', coalesce(truth.location, ''),
                          'owner', coalesce(runner.owner_name, ''),
                          'owner_id', coalesce(runner.owner_id, ''),
                          'jockey', coalesce(runner.jockey_name, ''),
                          'jockey_id', coalesce(runner.jockey_id, ''),
                          'number', coalesce(runner.number, ''),
                          'draw', coalesce(runner.draw, ''),
                          'lbs', coalesce(runner.weight_lbs::text, ''),
                          'ofr', coalesce(runner.ofr::text, '-'),
                          'rpr', coalesce(runner.rpr::text, '–'))
                        order by runner.id)
                 from public.ra_runners runner
                 left join pg_temp.racecard_truth truth on truth.trainer_id = runner.trainer_id
                where runner.race_id = page.id), '[]'::jsonb))
         order by page.off_dt nulls last, page.off_time nulls last, page.id), '[]'::jsonb) as racecards
  from page;

-- ---------------------------------------------------------------------------
-- point-in-time features (pgbackfill features, issue 8)
-- ---------------------------------------------------------------------------

-- features_facts_populated --
-- Whether pgbackfill.runner_facts has ever been filled (the features read it).
select exists (select from pgbackfill.runner_facts_state) as populated;

-- features_build_begin --
-- Start a build: lock, run log, facts, plan, totals; returns the run and the days (none: nothing to build).
select run_id, first_day, last_day, state_recomputed
  from pgbackfill.features_build_begin(%(stale)s, %(from_date)s::date, %(to_date)s::date);

-- features_build_end --
-- A build that went through: its run closed with its rows, its lock released.
select pgbackfill.features_build_end(%(run_id)s, %(rows)s);

-- features_batches --
-- The range cut into date ranges of about %(batch_runs)s runs, in date order.
select from_date, to_date, runs
  from pgbackfill.features_batches(%(first_day)s::date, %(last_day)s::date, %(batch_runs)s);

-- features_batch_runs --
-- How many runs a batch of a build over these days holds when not told (the rule in SQL).
select pgbackfill.features_batch_runs(%(first_day)s::date, %(last_day)s::date) as batch_runs;

-- features_build --
-- Build one batch (date range); returns the feature rows written.
select pgbackfill.features_build(%(from_date)s::date, %(to_date)s::date) as rows_written;

-- features_two_connections_allowed --
-- Whether this role may remove lane 1 of the running totals (DELETE on pgbackfill.feature_state / _through).
select has_table_privilege('pgbackfill.feature_state', 'delete')
       and has_table_privilege('pgbackfill.feature_state_through', 'delete') as allowed;

-- features_lane_open --
-- First half of a build on two connections, first in its REPEATABLE READ transaction: lane 1 of the totals, and the snapshot to share.
select pgbackfill.features_lane_open() as snapshot;

-- features_lane_close --
-- Remove lane 1 of the totals before the first half's transaction commits.
select pgbackfill.features_lane_close();

-- features_lane_import --
-- First statement of the second connection's REPEATABLE READ transaction: see exactly what the first half sees ({snapshot}: the quoted id).
set transaction snapshot {snapshot}

-- features_lane_advance --
-- Second connection, in the imported snapshot: roll the totals builds continue from (lane 0) over the first half's days.
select pgbackfill.features_state_advance(%(from_date)s::date, %(to_date)s::date, 0::smallint) as through;

-- features_export --
-- COPY the features of a date range (NULL bounds: all), with each run's result
-- (result_* columns: what a model predicts, never a feature), as CSV.
copy (
    select features.*,
           facts.position as result_position,
           facts.is_win as result_is_win,
           facts.is_place as result_is_place,
           facts.sp_decimal as result_sp_decimal
      from pgbackfill.runner_features as features
      left join pgbackfill.runner_facts as facts on facts.runner_id = features.runner_id
     where features.race_date >= coalesce(%(from_date)s::date, '-infinity')
       and features.race_date <= coalesce(%(to_date)s::date, 'infinity')
     order by features.race_date, features.race_id, features.runner_id
) to stdout with (format csv, header);

-- Statistics refresh (pgbackfill/refresh.py): the procedure
-- pgbackfill.refresh does the work (the same that psql and pg_cron call).

-- refresh_call --
-- The refresh procedure (locks, facts, batches, run log): its NOTICEs carry the progress.
call pgbackfill.refresh(%(target)s, stale => %(stale)s, check_only => %(check_only)s,
                        only_missing => %(only_missing)s, full_facts => %(full_facts)s,
                        batch_size => %(batch_size)s, as_of => %(as_of)s::date,
                        min_runs => %(min_runs)s, refresh_facts => %(refresh_facts)s,
                        facts_only => %(facts_only)s);

-- refresh_release --
-- Release every hold this session has on the named advisory locks (after a failed call).
select pgbackfill.refresh_release(%(locks)s::text[]);

-- run_abandon --
-- Close the runs this session left open when a call ended in an error.
select pgbackfill.run_abandon(%(outcome)s, %(error)s);

-- refresh_runner_facts --
-- Bring pgbackfill.runner_facts up to date: every run when %(full)s, else the races changed since the last pass.
select pgbackfill.refresh_runner_facts(%(full)s::boolean);

-- runner_facts_vacuum --
-- Set the visibility map of freshly filled facts (outside a transaction; the owner's role may).
-- The fill analysed them already.
vacuum pgbackfill.run_facts, pgbackfill.race_facts;

-- Jockey, trainer and owner statistics (issue 4): benchmark probes of the
-- psql-side figures (the refresh itself is the procedure pgbackfill.refresh).

-- entity_extras_market --
-- Benchmark probe: trainers' A/E, P/L and IV over all/30d/14d, as of %(as_of)s; returns the rows.
select count(*) as rows from pgbackfill.connection_market_stats('trainer', %(as_of)s::date);

-- entity_extras_courses --
-- Benchmark probe: every jockey's record per course, as of %(as_of)s; returns the rows.
select count(*) as rows from pgbackfill.course_records('jockey', %(as_of)s::date);

-- entity_extras_pairs --
-- Benchmark probe: every trainer x jockey pairing, as of %(as_of)s; returns the rows.
select count(*) as rows from pgbackfill.trainer_jockey_stats(%(as_of)s::date);

-- Synthetic data (pgbackfill seed) --------------------------------------

-- synthetic_state --
-- The scale and seed of the generated data (NULL: none) and whether the racing tables hold rows.
select scale, seed, racing_rows from pgbackfill.synthetic_state();

-- synthetic_generate --
-- Replace the synthetic racing data by that of %(scale)s and %(seed)s; rows per table.
select table_name, row_count from pgbackfill.synthetic_generate(%(scale)s::numeric, %(seed)s::int);

-- synthetic_counts --
-- Rows per table of everything the generator fills.
select table_name, row_count from pgbackfill.synthetic_counts();

-- synthetic_append_race_day --
-- Append the race day %(day)s (%(races)s races of existing horses, resulted, stamped now); rows added per table.
select table_name, row_count
  from pgbackfill.synthetic_append_race_day(%(day)s::date, %(races)s::int, %(seed)s::int);

-- reset: the seed's rollback plan (`pgbackfill reset`) ----------------------

-- reset_sires --
-- Clear every sire figure and analysis_last_updated.
select pgbackfill.reset_statistics('public.ra_mst_sires', 'analysis_last_updated', 'pgbackfill.sire_stats(integer)');

-- reset_dams --
-- Clear every dam figure and analysis_last_updated.
select pgbackfill.reset_statistics('public.ra_mst_dams', 'analysis_last_updated', 'pgbackfill.dam_stats(integer)');

-- reset_damsires --
-- Clear every damsire figure and analysis_last_updated.
select pgbackfill.reset_statistics('public.ra_mst_damsires', 'analysis_last_updated', 'pgbackfill.damsire_stats(integer)');

-- reset_jockeys --
-- Clear every jockey statistic and stats_updated_at.
select pgbackfill.reset_statistics('public.ra_mst_jockeys', 'stats_updated_at', 'pgbackfill.jockey_stats(date)');

-- reset_trainers --
-- Clear every trainer statistic and stats_updated_at (not the location).
select pgbackfill.reset_statistics('public.ra_mst_trainers', 'stats_updated_at', 'pgbackfill.trainer_stats(date)');

-- reset_owners --
-- Clear every owner statistic and stats_updated_at.
select pgbackfill.reset_statistics('public.ra_mst_owners', 'stats_updated_at', 'pgbackfill.owner_stats(date)');

-- reset_locations --
-- Set back to null the locations pgbackfill wrote (by provenance); others stay.
select pgbackfill.reset_trainer_locations(false);

-- features_forget --
-- Forget every built feature and the running totals (the benchmark starts from nothing).
truncate pgbackfill.run_features, pgbackfill.feature_days, pgbackfill.feature_state,
         pgbackfill.feature_state_through;

-- features_state_reset --
-- Recompute the running totals from every run before %(before_date)s.
select pgbackfill.features_state_reset(%(before_date)s::date) as through;

-- features_forget_day --
-- Forget that race day %(race_date)s was built (as if its results had just arrived).
with forgotten as (
    delete from pgbackfill.run_features where race_date = %(race_date)s::date
)
delete from pgbackfill.feature_days where race_date = %(race_date)s::date;

-- ---------------------------------------------------------------------------
-- least privilege (pgbackfill grants, issue 7)
-- ---------------------------------------------------------------------------

-- grants_role_exists --
-- Whether the role %(role)s exists.
select exists (select from pg_catalog.pg_roles where rolname = %(role)s) as found;

-- grants_runtime --
-- The GRANT statements runtime role %(role)s needs (maintainer %(maintainer)s before PostgreSQL 17).
select step, statement, reason from pgbackfill.runtime_grants(%(role)s, %(maintainer)s);

-- soak test (make soak, issue 7) --------------------------------------------

-- soak_next_day --
-- The day after the last race day: where the soak appends the next one.
select coalesce(max(race.date) + 1, date '2025-01-01') as day from public.ra_races as race;

-- ---------------------------------------------------------------------------
-- maintenance benchmark (bench/maintenance.py, issue 6)
-- ---------------------------------------------------------------------------

-- maintenance_never_analysed --
-- Entities of the six statistics tables never analysed (what --stale would restate anyway).
select (select count(*) from public.ra_mst_sires where analysis_last_updated is null)
     + (select count(*) from public.ra_mst_dams where analysis_last_updated is null)
     + (select count(*) from public.ra_mst_damsires where analysis_last_updated is null)
     + (select count(*) from public.ra_mst_jockeys where stats_updated_at is null)
     + (select count(*) from public.ra_mst_trainers where stats_updated_at is null)
     + (select count(*) from public.ra_mst_owners where stats_updated_at is null) as never_analysed;

-- maintenance_settle --
-- What autovacuum does between a bulk load and the next day's run: visibility map and statistics.
vacuum (analyze) public.ra_races, public.ra_runners, public.ra_mst_horses,
    pgbackfill.run_facts, pgbackfill.race_facts, pgbackfill.runner_fact_changes;

-- maintenance_append_next_day --
-- Append %(races)s races on the day after the last race day; rows added per table.
select table_name, row_count
  from pgbackfill.synthetic_append_race_day((select max(race.date) + 1 from public.ra_races as race),
                                            %(races)s::int, %(seed)s::int);

-- status_disk_use --
-- pgbackfill's tables and views on disk, its total beside the racing tables', and the ratio.
select object, kind, pg_size_pretty(bytes) as size, bytes, share_of_racing
  from pgbackfill.disk_use();

-- ---------------------------------------------------------------------------
-- schedule (pg_cron) --
-- the maintenance plan as pg_cron jobs (pgbackfill schedule, status; issue 13)
-- ---------------------------------------------------------------------------

-- schedule_problem --
-- Why pg_cron cannot take pgbackfill's jobs (run as %(run_as)s, null: the role connected), in one line, or null.
select pgbackfill.cron_problem(%(run_as)s::name) as problem;

-- schedule_plan --
-- The seed's plan as pg_cron jobs: daily refresh at %(daily_at)s, then breakdown, weekly audit, monthly check.
select job_name, schedule, command, run_as, reason
  from pgbackfill.cron_plan(%(daily_at)s::time, %(run_as)s::name);

-- schedule_statements --
-- The cron.schedule calls installing that plan (or with %(remove)s the cron.unschedule of every pgbackfill job).
select step, job_name, statement, reason
  from pgbackfill.cron_statements(%(daily_at)s::time, %(run_as)s::name, %(remove)s::boolean);

-- status_pg_cron --
-- Whether pg_cron is installed in this database, and why it cannot be used (null: it can).
select exists (select from pg_catalog.pg_extension where extname = 'pg_cron') as installed,
       pgbackfill.cron_problem() as problem;

-- status_jobs --
-- The pgbackfill pg_cron jobs, each with its last run (pg_cron's view and the run log's).
select job_name, schedule, command, run_as, active, last_started_at, last_finished_at,
       last_status, last_message, logged_outcome, logged_rows, logged_error
  from pgbackfill.cron_jobs();
