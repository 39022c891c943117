-- pgbackfill.features_build: (re)build pgbackfill.runner_features for the runs
-- of race days from_date .. to_date, set-based. A run's record of each
-- connection over earlier days = pgbackfill.feature_state (every day before
-- the batch) + a window sum over the batch's days whose frame ends the day
-- before the run's race day (same-day races never count). Then it rolls
-- feature_state forward over the batch and records the built days in
-- pgbackfill.feature_days. Returns the number of feature rows written.
-- The travel columns need no totals: each run's trainer location as known
-- on its race day (rule in tables/runner_features.sql) is looked up in the
-- racing rows, each distinct location's base resolved once per batch.
-- The caller runs it batch after batch, in date order, one transaction each
-- (or, for the first half of a build on two connections, all in the one
-- transaction that opened lane 1); it refuses to run on totals that do not
-- end the day before from_date.
create or replace function pgbackfill.features_build(from_date date, to_date date)
returns bigint
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill
-- work_mem: the session's (pgbackfill --work-mem), never raised here; and
-- each hash table gets work_mem too, not PostgreSQL's default twice that
-- (hash_mem_multiplier 2): this one statement holds about twenty of them
-- (the nine totals' and the nine records' joins) at once, which took a
-- server process to 337 MB at the 16MB default (283 MB at 1), for no time
-- saved at scale 1.0 (40-43 s either way for a full build; at scale 5.0,
-- where more of them spill, 341 s against 310 s)
set hash_mem_multiplier = 1
-- plan each statement for this batch's dates: a generic plan would not see
-- that a one-day batch reads a few hundred runs by the race-day index
set plan_cache_mode = 'force_custom_plan'
-- JIT would spend seconds compiling this wide statement for every batch
set jit = off
-- the nine records of a run meet by hash on runner_id: merge joins would
-- sort each of them by runner_id again (the row estimates are far off)
set enable_mergejoin = off
as $$
declare
    -- the lane of totals this batch continues: lane 1 when this transaction
    -- opened it (pgbackfill.features_lane_open: the first half of a build on
    -- two connections), else lane 0
    build_lane smallint := case when exists (select from pgbackfill.feature_state_through as state
                                              where state.lane = 1)
                                then 1 else 0 end;
    state_through date := (select state.through from pgbackfill.feature_state_through as state
                            where state.lane = build_lane);
    -- (from the run half: through the view a min or max reads every run)
    last_day_before date := (select max(facts.race_date)
                               from pgbackfill.run_facts as facts
                              where facts.race_date < from_date);
    written bigint;
begin
    -- the totals must hold every run before the batch and none after
    if state_through is distinct from last_day_before then
        raise exception 'pgbackfill.feature_state runs up to %, not up to % (the last race day before %)',
            coalesce(state_through::text, 'no day'), coalesce(last_day_before::text, 'no day'), from_date
            using hint = 'call pgbackfill.features_state_reset(' || quote_literal(from_date) || ') first';
    end if;

    -- the batch replaces what was built for its days (a run moved here from
    -- another day is replaced by the on conflict clause below)
    delete from pgbackfill.run_features as built
     where built.race_date between from_date and to_date;


    insert into pgbackfill.run_features (
        runner_id,
        race_date,
        sire_runs,
        sire_wins,
        sire_places,
        sire_class_runs,
        sire_class_wins,
        sire_class_places,
        sire_distance_runs,
        sire_distance_wins,
        sire_distance_places,
        dam_runs,
        dam_wins,
        dam_places,
        damsire_runs,
        damsire_wins,
        damsire_places,
        jockey_runs,
        jockey_wins,
        jockey_places,
        trainer_runs,
        trainer_wins,
        trainer_places,
        owner_runs,
        owner_wins,
        owner_places,
        horse_runs,
        horse_wins,
        horse_days_since_last_run,
        jockey_14d_runs,
        jockey_14d_wins,
        jockey_30d_runs,
        jockey_30d_wins,
        trainer_14d_runs,
        trainer_14d_wins,
        trainer_30d_runs,
        trainer_30d_wins,
        sire_expected_wins,
        sire_ae,
        sire_class_expected_wins,
        sire_class_ae,
        sire_distance_expected_wins,
        sire_distance_ae,
        dam_expected_wins,
        dam_ae,
        damsire_expected_wins,
        damsire_ae,
        jockey_expected_wins,
        jockey_ae,
        trainer_expected_wins,
        trainer_ae,
        owner_expected_wins,
        owner_ae,
        trainer_travel_km,
        trainer_region,
        trainer_location_source
    )
    with facts as materialized (
        -- the batch's runs, and the 30 days before it for the recent-form
        -- windows (those context runs are in feature_state already)
        select facts.runner_id, facts.race_id, facts.race_date,
               facts.horse_id, facts.sire_id, facts.dam_id, facts.damsire_id,
               facts.jockey_id, facts.trainer_id, facts.owner_id,
               facts.sire_class_key, facts.sire_distance_key,
               facts.win, facts.place, facts.sp_win, facts.expected_win,
               facts.race_date >= from_date as in_batch,
               -- whole days as a number: the recent-form frames compare integers
               facts.race_date - date '2000-01-01' as day_number
          from pgbackfill.feature_facts as facts
         where facts.race_date between from_date - 30 and to_date
    ),
    horse as (
        -- the horse: earlier batches (feature_state) + this batch's earlier days
        select windowed.runner_id,
               coalesce(state.runs, 0) + windowed.runs as runs,
               coalesce(state.wins, 0) + coalesce(windowed.wins, 0) as wins,
               greatest(state.last_run_date, windowed.last_run_date) as last_run_date
          from (select facts.runner_id, facts.in_batch, facts.horse_id as key,
                       count(*) filter (where facts.in_batch) over earlier as runs,
                       coalesce(sum(facts.win) filter (where facts.in_batch) over earlier, 0) as wins,
                       max(facts.race_date) filter (where facts.in_batch) over earlier
                           as last_run_date
                  from facts
                 where facts.horse_id is not null
                   and facts.in_batch
                -- a run's earlier days: the batch's days (peer groups) before its own
                window earlier as (partition by facts.horse_id collate "C" order by facts.race_date
                       groups between unbounded preceding and 1 preceding)
               ) as windowed
          left join pgbackfill.feature_state as state
                 on state.lane = build_lane and state.kind = 'horse' and state.key = windowed.key
    ),
    sire as (
        -- the sire: earlier batches (feature_state) + this batch's earlier days
        select windowed.runner_id,
               coalesce(state.runs, 0) + windowed.runs as runs,
               coalesce(state.wins, 0) + coalesce(windowed.wins, 0) as wins,
               coalesce(state.places, 0) + coalesce(windowed.places, 0) as places,
               coalesce(state.sp_wins, 0) + coalesce(windowed.sp_wins, 0) as sp_wins,
               coalesce(state.expected_wins, 0) + coalesce(windowed.expected_wins, 0)
                   as expected_wins
          from (select facts.runner_id, facts.in_batch, facts.sire_id as key,
                       count(*) filter (where facts.in_batch) over earlier as runs,
                       coalesce(sum(facts.win) filter (where facts.in_batch) over earlier, 0) as wins,
                       coalesce(sum(facts.place) filter (where facts.in_batch) over earlier, 0) as places,
                       coalesce(sum(facts.sp_win) filter (where facts.in_batch) over earlier, 0) as sp_wins,
                       coalesce(sum(facts.expected_win) filter (where facts.in_batch) over earlier, 0) as expected_wins
                  from facts
                 where facts.sire_id is not null
                   and facts.in_batch
                -- a run's earlier days: the batch's days (peer groups) before its own
                window earlier as (partition by facts.sire_id collate "C" order by facts.race_date
                       groups between unbounded preceding and 1 preceding)
               ) as windowed
          left join pgbackfill.feature_state as state
                 on state.lane = build_lane and state.kind = 'sire' and state.key = windowed.key
    ),
    sire_class as (
        -- the sire at this race's class: earlier batches (feature_state)
        -- + this batch's earlier days
        select windowed.runner_id,
               coalesce(state.runs, 0) + windowed.runs as runs,
               coalesce(state.wins, 0) + coalesce(windowed.wins, 0) as wins,
               coalesce(state.places, 0) + coalesce(windowed.places, 0) as places,
               coalesce(state.sp_wins, 0) + coalesce(windowed.sp_wins, 0) as sp_wins,
               coalesce(state.expected_wins, 0) + coalesce(windowed.expected_wins, 0)
                   as expected_wins
          from (select facts.runner_id, facts.in_batch, facts.sire_class_key as key,
                       count(*) filter (where facts.in_batch) over earlier as runs,
                       coalesce(sum(facts.win) filter (where facts.in_batch) over earlier, 0) as wins,
                       coalesce(sum(facts.place) filter (where facts.in_batch) over earlier, 0) as places,
                       coalesce(sum(facts.sp_win) filter (where facts.in_batch) over earlier, 0) as sp_wins,
                       coalesce(sum(facts.expected_win) filter (where facts.in_batch) over earlier, 0) as expected_wins
                  from facts
                 where facts.sire_class_key is not null
                   and facts.in_batch
                -- a run's earlier days: the batch's days (peer groups) before its own
                window earlier as (partition by facts.sire_class_key collate "C" order by facts.race_date
                       groups between unbounded preceding and 1 preceding)
               ) as windowed
          left join pgbackfill.feature_state as state
                 on state.lane = build_lane and state.kind = 'sire_class' and state.key = windowed.key
    ),
    sire_distance as (
        -- the sire at this race's distance group: earlier batches
        -- (feature_state) + this batch's earlier days
        select windowed.runner_id,
               coalesce(state.runs, 0) + windowed.runs as runs,
               coalesce(state.wins, 0) + coalesce(windowed.wins, 0) as wins,
               coalesce(state.places, 0) + coalesce(windowed.places, 0) as places,
               coalesce(state.sp_wins, 0) + coalesce(windowed.sp_wins, 0) as sp_wins,
               coalesce(state.expected_wins, 0) + coalesce(windowed.expected_wins, 0)
                   as expected_wins
          from (select facts.runner_id, facts.in_batch, facts.sire_distance_key as key,
                       count(*) filter (where facts.in_batch) over earlier as runs,
                       coalesce(sum(facts.win) filter (where facts.in_batch) over earlier, 0) as wins,
                       coalesce(sum(facts.place) filter (where facts.in_batch) over earlier, 0) as places,
                       coalesce(sum(facts.sp_win) filter (where facts.in_batch) over earlier, 0) as sp_wins,
                       coalesce(sum(facts.expected_win) filter (where facts.in_batch) over earlier, 0) as expected_wins
                  from facts
                 where facts.sire_distance_key is not null
                   and facts.in_batch
                -- a run's earlier days: the batch's days (peer groups) before its own
                window earlier as (partition by facts.sire_distance_key collate "C" order by facts.race_date
                       groups between unbounded preceding and 1 preceding)
               ) as windowed
          left join pgbackfill.feature_state as state
                 on state.lane = build_lane and state.kind = 'sire_distance' and state.key = windowed.key
    ),
    dam as (
        -- the dam: earlier batches (feature_state) + this batch's earlier days
        select windowed.runner_id,
               coalesce(state.runs, 0) + windowed.runs as runs,
               coalesce(state.wins, 0) + coalesce(windowed.wins, 0) as wins,
               coalesce(state.places, 0) + coalesce(windowed.places, 0) as places,
               coalesce(state.sp_wins, 0) + coalesce(windowed.sp_wins, 0) as sp_wins,
               coalesce(state.expected_wins, 0) + coalesce(windowed.expected_wins, 0)
                   as expected_wins
          from (select facts.runner_id, facts.in_batch, facts.dam_id as key,
                       count(*) filter (where facts.in_batch) over earlier as runs,
                       coalesce(sum(facts.win) filter (where facts.in_batch) over earlier, 0) as wins,
                       coalesce(sum(facts.place) filter (where facts.in_batch) over earlier, 0) as places,
                       coalesce(sum(facts.sp_win) filter (where facts.in_batch) over earlier, 0) as sp_wins,
                       coalesce(sum(facts.expected_win) filter (where facts.in_batch) over earlier, 0) as expected_wins
                  from facts
                 where facts.dam_id is not null
                   and facts.in_batch
                -- a run's earlier days: the batch's days (peer groups) before its own
                window earlier as (partition by facts.dam_id collate "C" order by facts.race_date
                       groups between unbounded preceding and 1 preceding)
               ) as windowed
          left join pgbackfill.feature_state as state
                 on state.lane = build_lane and state.kind = 'dam' and state.key = windowed.key
    ),
    damsire as (
        -- the damsire: earlier batches (feature_state) + this batch's earlier days
        select windowed.runner_id,
               coalesce(state.runs, 0) + windowed.runs as runs,
               coalesce(state.wins, 0) + coalesce(windowed.wins, 0) as wins,
               coalesce(state.places, 0) + coalesce(windowed.places, 0) as places,
               coalesce(state.sp_wins, 0) + coalesce(windowed.sp_wins, 0) as sp_wins,
               coalesce(state.expected_wins, 0) + coalesce(windowed.expected_wins, 0)
                   as expected_wins
          from (select facts.runner_id, facts.in_batch, facts.damsire_id as key,
                       count(*) filter (where facts.in_batch) over earlier as runs,
                       coalesce(sum(facts.win) filter (where facts.in_batch) over earlier, 0) as wins,
                       coalesce(sum(facts.place) filter (where facts.in_batch) over earlier, 0) as places,
                       coalesce(sum(facts.sp_win) filter (where facts.in_batch) over earlier, 0) as sp_wins,
                       coalesce(sum(facts.expected_win) filter (where facts.in_batch) over earlier, 0) as expected_wins
                  from facts
                 where facts.damsire_id is not null
                   and facts.in_batch
                -- a run's earlier days: the batch's days (peer groups) before its own
                window earlier as (partition by facts.damsire_id collate "C" order by facts.race_date
                       groups between unbounded preceding and 1 preceding)
               ) as windowed
          left join pgbackfill.feature_state as state
                 on state.lane = build_lane and state.kind = 'damsire' and state.key = windowed.key
    ),
    jockey as (
        -- the jockey: earlier batches (feature_state) + this batch's earlier days
        select windowed.runner_id,
               coalesce(state.runs, 0) + windowed.runs as runs,
               coalesce(state.wins, 0) + coalesce(windowed.wins, 0) as wins,
               coalesce(state.places, 0) + coalesce(windowed.places, 0) as places,
               coalesce(state.sp_wins, 0) + coalesce(windowed.sp_wins, 0) as sp_wins,
               coalesce(state.expected_wins, 0) + coalesce(windowed.expected_wins, 0)
                   as expected_wins,
               windowed.runs_14d, coalesce(windowed.wins_14d, 0) as wins_14d,
               windowed.runs_30d, coalesce(windowed.wins_30d, 0) as wins_30d
          from (select facts.runner_id, facts.in_batch, facts.jockey_id as key,
                       count(*) filter (where facts.in_batch) over earlier as runs,
                       coalesce(sum(facts.win) filter (where facts.in_batch) over earlier, 0) as wins,
                       coalesce(sum(facts.place) filter (where facts.in_batch) over earlier, 0) as places,
                       coalesce(sum(facts.sp_win) filter (where facts.in_batch) over earlier, 0) as sp_wins,
                       coalesce(sum(facts.expected_win) filter (where facts.in_batch) over earlier, 0) as expected_wins,
                       -- recent form counts the context days too (no state)
                       count(*) over last_14d as runs_14d,
                       sum(facts.win) over last_14d as wins_14d,
                       count(*) over last_30d as runs_30d,
                       sum(facts.win) over last_30d as wins_30d
                  from facts
                 where facts.jockey_id is not null
                -- a run's earlier days: the batch's days (peer groups) before its own
                window earlier as (partition by facts.jockey_id collate "C" order by facts.day_number
                       groups between unbounded preceding and 1 preceding),
                       last_14d as (partition by facts.jockey_id collate "C" order by facts.day_number
                       range between 14 preceding and 1 preceding),
                       last_30d as (partition by facts.jockey_id collate "C" order by facts.day_number
                       range between 30 preceding and 1 preceding)
               ) as windowed
          left join pgbackfill.feature_state as state
                 on state.lane = build_lane and state.kind = 'jockey' and state.key = windowed.key
         where windowed.in_batch
    ),
    trainer as (
        -- the trainer: earlier batches (feature_state) + this batch's earlier days
        select windowed.runner_id,
               coalesce(state.runs, 0) + windowed.runs as runs,
               coalesce(state.wins, 0) + coalesce(windowed.wins, 0) as wins,
               coalesce(state.places, 0) + coalesce(windowed.places, 0) as places,
               coalesce(state.sp_wins, 0) + coalesce(windowed.sp_wins, 0) as sp_wins,
               coalesce(state.expected_wins, 0) + coalesce(windowed.expected_wins, 0)
                   as expected_wins,
               windowed.runs_14d, coalesce(windowed.wins_14d, 0) as wins_14d,
               windowed.runs_30d, coalesce(windowed.wins_30d, 0) as wins_30d
          from (select facts.runner_id, facts.in_batch, facts.trainer_id as key,
                       count(*) filter (where facts.in_batch) over earlier as runs,
                       coalesce(sum(facts.win) filter (where facts.in_batch) over earlier, 0) as wins,
                       coalesce(sum(facts.place) filter (where facts.in_batch) over earlier, 0) as places,
                       coalesce(sum(facts.sp_win) filter (where facts.in_batch) over earlier, 0) as sp_wins,
                       coalesce(sum(facts.expected_win) filter (where facts.in_batch) over earlier, 0) as expected_wins,
                       -- recent form counts the context days too (no state)
                       count(*) over last_14d as runs_14d,
                       sum(facts.win) over last_14d as wins_14d,
                       count(*) over last_30d as runs_30d,
                       sum(facts.win) over last_30d as wins_30d
                  from facts
                 where facts.trainer_id is not null
                -- a run's earlier days: the batch's days (peer groups) before its own
                window earlier as (partition by facts.trainer_id collate "C" order by facts.day_number
                       groups between unbounded preceding and 1 preceding),
                       last_14d as (partition by facts.trainer_id collate "C" order by facts.day_number
                       range between 14 preceding and 1 preceding),
                       last_30d as (partition by facts.trainer_id collate "C" order by facts.day_number
                       range between 30 preceding and 1 preceding)
               ) as windowed
          left join pgbackfill.feature_state as state
                 on state.lane = build_lane and state.kind = 'trainer' and state.key = windowed.key
         where windowed.in_batch
    ),
    owner as (
        -- the owner: earlier batches (feature_state) + this batch's earlier days
        select windowed.runner_id,
               coalesce(state.runs, 0) + windowed.runs as runs,
               coalesce(state.wins, 0) + coalesce(windowed.wins, 0) as wins,
               coalesce(state.places, 0) + coalesce(windowed.places, 0) as places,
               coalesce(state.sp_wins, 0) + coalesce(windowed.sp_wins, 0) as sp_wins,
               coalesce(state.expected_wins, 0) + coalesce(windowed.expected_wins, 0)
                   as expected_wins
          from (select facts.runner_id, facts.in_batch, facts.owner_id as key,
                       count(*) filter (where facts.in_batch) over earlier as runs,
                       coalesce(sum(facts.win) filter (where facts.in_batch) over earlier, 0) as wins,
                       coalesce(sum(facts.place) filter (where facts.in_batch) over earlier, 0) as places,
                       coalesce(sum(facts.sp_win) filter (where facts.in_batch) over earlier, 0) as sp_wins,
                       coalesce(sum(facts.expected_win) filter (where facts.in_batch) over earlier, 0) as expected_wins
                  from facts
                 where facts.owner_id is not null
                   and facts.in_batch
                -- a run's earlier days: the batch's days (peer groups) before its own
                window earlier as (partition by facts.owner_id collate "C" order by facts.race_date
                       groups between unbounded preceding and 1 preceding)
               ) as windowed
          left join pgbackfill.feature_state as state
                 on state.lane = build_lane and state.kind = 'owner' and state.key = windowed.key
    ),
    trainer_locations as (
        -- each trainer's master location and the first race day it counts
        -- for: the day pgbackfill observed it (a provenance row recording
        -- this very location), else every day (NULL: the upstream's own, or
        -- changed since pgbackfill wrote it; when it was written is unknown)
        select trainer.id as trainer_id,
               pgbackfill.clean_location(trainer.location) as location,
               case when provenance.location is not distinct from trainer.location
                    then coalesce(provenance.racecard_date, provenance.written_at::date)
               end as known_from
          from public.ra_mst_trainers as trainer
          left join pgbackfill.trainer_location_provenance as provenance
                 on provenance.trainer_id = trainer.id
         where pgbackfill.clean_location(trainer.location) is not null
    ),
    located as materialized (
        -- where the trainer was based as known on the race day (the rule is
        -- in tables/runner_features.sql): this run's own racecard first,
        -- then the master row's location from the day it was known
        select sourced.runner_id, sourced.course_latitude, sourced.course_longitude,
               sourced.location_source,
               case sourced.location_source
                   when 'runner' then sourced.racecard_location
                   when 'pgbackfill' then sourced.trainer_location
                   when 'upstream' then sourced.trainer_location
               end as location
          from (select facts.runner_id, racecard.course_latitude, racecard.course_longitude,
                       racecard.location as racecard_location,
                       trainer.location as trainer_location,
                       case
                           when racecard.location is not null then 'runner'
                           when trainer.location is null then null
                           when trainer.known_from is null then 'upstream'
                           when facts.race_date >= trainer.known_from then 'pgbackfill'
                       end as location_source
                  from facts
                  -- the run's racing row as its racecard gave it: where the
                  -- trainer was based that day (a minority of rows say), and
                  -- the course; by the run's primary key (offset 0: not a
                  -- hash over every runner row, a cost each batch would pay
                  -- again as the data grows). Not a join to the batch's
                  -- racing rows on runner_id: a join on a subquery's column
                  -- knows nothing of its values being unique (it expected
                  -- 185 million rows for 200,000), and the hash join on the
                  -- result then cut the batch into 2,048 files on disk: a
                  -- full build at scale 1.0 took 55.5 s against 49.4 s now,
                  -- and a server process 2.2 GB in batches of a million runs
                  left join lateral (
                        select pgbackfill.clean_location(runner.trainer_location) as location,
                               course.latitude::float8 as course_latitude,
                               course.longitude::float8 as course_longitude
                          from public.ra_runners as runner
                          join public.ra_races as race on race.id = runner.race_id
                          left join public.ra_courses as course on course.id = race.course_id
                         where runner.id = facts.runner_id
                           and race.date between from_date and to_date
                        offset 0
                       ) as racecard on true
                  left join trainer_locations as trainer on trainer.trainer_id = facts.trainer_id
                 where facts.in_batch) as sourced
    ),
    bases as materialized (
        -- each distinct location of the batch resolved once (the gazetteer)
        select distinct_location.location, found.region, found.latitude, found.longitude
          from (select distinct located.location from located
                 where located.location is not null) as distinct_location
         cross join lateral pgbackfill.trainer_base(distinct_location.location) as found
    ),
    travel as (
        -- from the base to this race's course; NULL when either is unknown
        select located.runner_id, located.location_source, base.region,
               round(pgbackfill.great_circle_km(base.latitude, base.longitude,
                                                located.course_latitude,
                                                located.course_longitude)::numeric, 1) as km
          from located
          left join bases as base on base.location = located.location
    )
    -- NULL where there is no history: an unknown connection (no row joined)
    -- or no run on an earlier day; a rate is never 0 % from no runs (the
    -- win percentages are worked out from these counts by the view
    -- pgbackfill.runner_features, the ids taken from the facts)
    select facts.runner_id, facts.race_date,
           -- sire
           nullif(sire.runs, 0),
           case when sire.runs > 0 then sire.wins end,
           case when sire.runs > 0 then sire.places end,
           -- sire class
           nullif(sire_class.runs, 0),
           case when sire_class.runs > 0 then sire_class.wins end,
           case when sire_class.runs > 0 then sire_class.places end,
           -- sire distance
           nullif(sire_distance.runs, 0),
           case when sire_distance.runs > 0 then sire_distance.wins end,
           case when sire_distance.runs > 0 then sire_distance.places end,
           -- dam
           nullif(dam.runs, 0),
           case when dam.runs > 0 then dam.wins end,
           case when dam.runs > 0 then dam.places end,
           -- damsire
           nullif(damsire.runs, 0),
           case when damsire.runs > 0 then damsire.wins end,
           case when damsire.runs > 0 then damsire.places end,
           -- jockey
           nullif(jockey.runs, 0),
           case when jockey.runs > 0 then jockey.wins end,
           case when jockey.runs > 0 then jockey.places end,
           -- trainer
           nullif(trainer.runs, 0),
           case when trainer.runs > 0 then trainer.wins end,
           case when trainer.runs > 0 then trainer.places end,
           -- owner
           nullif(owner.runs, 0),
           case when owner.runs > 0 then owner.wins end,
           case when owner.runs > 0 then owner.places end,
           -- the horse
           nullif(horse.runs, 0),
           case when horse.runs > 0 then horse.wins end,
           facts.race_date - horse.last_run_date,
           -- jockey form: 0 runs in a window is known once there is history
           case when jockey.runs > 0 then jockey.runs_14d end,
           case when jockey.runs > 0 then jockey.wins_14d end,
           case when jockey.runs > 0 then jockey.runs_30d end,
           case when jockey.runs > 0 then jockey.wins_30d end,
           -- trainer form: 0 runs in a window is known once there is history
           case when trainer.runs > 0 then trainer.runs_14d end,
           case when trainer.runs > 0 then trainer.wins_14d end,
           case when trainer.runs > 0 then trainer.runs_30d end,
           case when trainer.runs > 0 then trainer.wins_30d end,
           -- against the market
           case when sire.runs > 0 then round(sire.expected_wins, 4) end,
           pgbackfill.actual_to_expected(sire.sp_wins, sire.expected_wins),
           case when sire_class.runs > 0 then round(sire_class.expected_wins, 4) end,
           pgbackfill.actual_to_expected(sire_class.sp_wins, sire_class.expected_wins),
           case when sire_distance.runs > 0 then round(sire_distance.expected_wins, 4) end,
           pgbackfill.actual_to_expected(sire_distance.sp_wins, sire_distance.expected_wins),
           case when dam.runs > 0 then round(dam.expected_wins, 4) end,
           pgbackfill.actual_to_expected(dam.sp_wins, dam.expected_wins),
           case when damsire.runs > 0 then round(damsire.expected_wins, 4) end,
           pgbackfill.actual_to_expected(damsire.sp_wins, damsire.expected_wins),
           case when jockey.runs > 0 then round(jockey.expected_wins, 4) end,
           pgbackfill.actual_to_expected(jockey.sp_wins, jockey.expected_wins),
           case when trainer.runs > 0 then round(trainer.expected_wins, 4) end,
           pgbackfill.actual_to_expected(trainer.sp_wins, trainer.expected_wins),
           case when owner.runs > 0 then round(owner.expected_wins, 4) end,
           pgbackfill.actual_to_expected(owner.sp_wins, owner.expected_wins),
           -- travel: the trainer's base as known on the race day
           travel.km,
           travel.region,
           travel.location_source
      from facts
      left join horse on horse.runner_id = facts.runner_id
      left join sire on sire.runner_id = facts.runner_id
      left join sire_class on sire_class.runner_id = facts.runner_id
      left join sire_distance on sire_distance.runner_id = facts.runner_id
      left join dam on dam.runner_id = facts.runner_id
      left join damsire on damsire.runner_id = facts.runner_id
      left join jockey on jockey.runner_id = facts.runner_id
      left join trainer on trainer.runner_id = facts.runner_id
      left join owner on owner.runner_id = facts.runner_id
      left join travel on travel.runner_id = facts.runner_id
     where facts.in_batch
        on conflict (runner_id) do update
       set (race_date, sire_runs, sire_wins, sire_places, sire_class_runs, sire_class_wins,
            sire_class_places, sire_distance_runs, sire_distance_wins, sire_distance_places,
            dam_runs, dam_wins, dam_places, damsire_runs, damsire_wins, damsire_places,
            jockey_runs, jockey_wins, jockey_places, trainer_runs, trainer_wins, trainer_places,
            owner_runs, owner_wins, owner_places, horse_runs, horse_wins,
            horse_days_since_last_run, jockey_14d_runs, jockey_14d_wins, jockey_30d_runs,
            jockey_30d_wins, trainer_14d_runs, trainer_14d_wins, trainer_30d_runs,
            trainer_30d_wins, sire_expected_wins, sire_ae, sire_class_expected_wins,
            sire_class_ae, sire_distance_expected_wins, sire_distance_ae, dam_expected_wins,
            dam_ae, damsire_expected_wins, damsire_ae, jockey_expected_wins, jockey_ae,
            trainer_expected_wins, trainer_ae, owner_expected_wins, owner_ae, trainer_travel_km,
            trainer_region, trainer_location_source)
         = (excluded.race_date, excluded.sire_runs, excluded.sire_wins, excluded.sire_places,
            excluded.sire_class_runs, excluded.sire_class_wins, excluded.sire_class_places,
            excluded.sire_distance_runs, excluded.sire_distance_wins,
            excluded.sire_distance_places, excluded.dam_runs, excluded.dam_wins,
            excluded.dam_places, excluded.damsire_runs, excluded.damsire_wins,
            excluded.damsire_places, excluded.jockey_runs, excluded.jockey_wins,
            excluded.jockey_places, excluded.trainer_runs, excluded.trainer_wins,
            excluded.trainer_places, excluded.owner_runs, excluded.owner_wins,
            excluded.owner_places, excluded.horse_runs, excluded.horse_wins,
            excluded.horse_days_since_last_run, excluded.jockey_14d_runs,
            excluded.jockey_14d_wins, excluded.jockey_30d_runs, excluded.jockey_30d_wins,
            excluded.trainer_14d_runs, excluded.trainer_14d_wins, excluded.trainer_30d_runs,
            excluded.trainer_30d_wins, excluded.sire_expected_wins, excluded.sire_ae,
            excluded.sire_class_expected_wins, excluded.sire_class_ae,
            excluded.sire_distance_expected_wins, excluded.sire_distance_ae,
            excluded.dam_expected_wins, excluded.dam_ae, excluded.damsire_expected_wins,
            excluded.damsire_ae, excluded.jockey_expected_wins, excluded.jockey_ae,
            excluded.trainer_expected_wins, excluded.trainer_ae, excluded.owner_expected_wins,
            excluded.owner_ae, excluded.trainer_travel_km, excluded.trainer_region,
            excluded.trainer_location_source),
           built_at = now();
    get diagnostics written = row_count;

    -- roll the totals forward over the batch
    perform pgbackfill.features_state_advance(from_date, to_date, build_lane);

    -- the batch's days: built now, from these runs
    delete from pgbackfill.feature_days as day
     where day.race_date between from_date and to_date;
    insert into pgbackfill.feature_days (race_date, runs, last_changed_at, built_at)
    select facts.race_date, count(*), max(facts.changed_at), now()
      from pgbackfill.runner_facts as facts
     where facts.race_date between from_date and to_date
     group by facts.race_date;
    return written;
end;
$$;
