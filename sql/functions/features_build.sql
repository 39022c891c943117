-- pgbackfill.features_build: (re)build pgbackfill.runner_features for the runs
-- of race days from_date .. to_date, in one set-based pass: each run's
-- connections over earlier days are pgbackfill.feature_state (every day
-- before the batch) plus window sums over the batch's days, with frames
-- ending the day before the run's race day (same-day races never count).
-- Then rolls feature_state forward over the batch and records the built
-- days in pgbackfill.feature_days. Returns the number of feature rows written.
-- The caller runs it batch after batch, in date order, one transaction each;
-- it refuses to run on totals that do not end the day before from_date.
create or replace function pgbackfill.features_build(from_date date, to_date date)
returns bigint
language plpgsql
security invoker
set search_path = pg_catalog, pgbackfill
-- the window sorts of a batch fit in memory
set work_mem = '256MB'
as $$
declare
    state_through date := (select state.through from pgbackfill.feature_state_through as state);
    last_day_before date := (select max(facts.race_date)
                               from pgbackfill.runner_facts as facts
                              where facts.race_date < from_date);
    written bigint;
begin
    -- the totals must hold every run before the batch and none after
    if state_through is distinct from last_day_before then
        raise exception 'pgbackfill.feature_state runs up to %, not up to % (the last race day before %)',
            coalesce(state_through::text, 'no day'), coalesce(last_day_before::text, 'no day'), from_date
            using hint = 'call pgbackfill.features_state_reset(' || quote_literal(from_date) || ') first';
    end if;

    -- the batch replaces what was built for its days (and for its runs,
    -- should one have moved from another day)
    delete from pgbackfill.runner_features as built
     where built.race_date between from_date and to_date
        or built.runner_id in (select facts.runner_id
                                 from pgbackfill.runner_facts as facts
                                where facts.race_date between from_date and to_date);

    insert into pgbackfill.runner_features (
        runner_id,
        race_id,
        race_date,
        horse_id,
        sire_id,
        dam_id,
        damsire_id,
        jockey_id,
        trainer_id,
        owner_id,
        horse_runs,
        horse_wins,
        horse_days_since_last_run,
        sire_runs,
        sire_wins,
        sire_win_pct,
        sire_places,
        sire_expected_wins,
        sire_ae,
        sire_class_runs,
        sire_class_wins,
        sire_class_win_pct,
        sire_class_places,
        sire_class_expected_wins,
        sire_class_ae,
        sire_distance_runs,
        sire_distance_wins,
        sire_distance_win_pct,
        sire_distance_places,
        sire_distance_expected_wins,
        sire_distance_ae,
        dam_runs,
        dam_wins,
        dam_win_pct,
        dam_places,
        dam_expected_wins,
        dam_ae,
        damsire_runs,
        damsire_wins,
        damsire_win_pct,
        damsire_places,
        damsire_expected_wins,
        damsire_ae,
        jockey_runs,
        jockey_wins,
        jockey_win_pct,
        jockey_places,
        jockey_expected_wins,
        jockey_ae,
        jockey_14d_runs,
        jockey_14d_wins,
        jockey_14d_win_pct,
        jockey_30d_runs,
        jockey_30d_wins,
        jockey_30d_win_pct,
        trainer_runs,
        trainer_wins,
        trainer_win_pct,
        trainer_places,
        trainer_expected_wins,
        trainer_ae,
        trainer_14d_runs,
        trainer_14d_wins,
        trainer_14d_win_pct,
        trainer_30d_runs,
        trainer_30d_wins,
        trainer_30d_win_pct,
        owner_runs,
        owner_wins,
        owner_win_pct,
        owner_places,
        owner_expected_wins,
        owner_ae
    )
    with facts as (
        -- the batch's runs, and the 30 days before it for the recent-form
        -- windows (those context runs are in feature_state already)
        select facts.*, facts.race_date >= from_date as in_batch
          from pgbackfill.feature_facts as facts
         where facts.race_date between from_date - 30 and to_date
    ),
    windowed as (
        -- each run's connections over the batch's earlier days
        select facts.runner_id, facts.race_id, facts.race_date, facts.in_batch,
               facts.horse_id, facts.sire_id, facts.dam_id, facts.damsire_id, facts.jockey_id, facts.trainer_id, facts.owner_id,
               facts.sire_class_key, facts.sire_distance_key,
               count(*) filter (where facts.in_batch) over horse_before as horse_runs,
               sum(facts.win) filter (where facts.in_batch) over horse_before as horse_wins,
               max(facts.race_date) filter (where facts.in_batch) over horse_before
                   as horse_last_run_date,
               count(*) filter (where facts.in_batch) over sire_before as sire_runs,
               sum(facts.win) filter (where facts.in_batch) over sire_before as sire_wins,
               sum(facts.place) filter (where facts.in_batch) over sire_before as sire_places,
               sum(facts.sp_win) filter (where facts.in_batch) over sire_before as sire_sp_wins,
               sum(facts.expected_win) filter (where facts.in_batch) over sire_before as sire_expected_wins,
               count(*) filter (where facts.in_batch) over sire_class_before as sire_class_runs,
               sum(facts.win) filter (where facts.in_batch) over sire_class_before as sire_class_wins,
               sum(facts.place) filter (where facts.in_batch) over sire_class_before as sire_class_places,
               sum(facts.sp_win) filter (where facts.in_batch) over sire_class_before as sire_class_sp_wins,
               sum(facts.expected_win) filter (where facts.in_batch) over sire_class_before as sire_class_expected_wins,
               count(*) filter (where facts.in_batch) over sire_distance_before as sire_distance_runs,
               sum(facts.win) filter (where facts.in_batch) over sire_distance_before as sire_distance_wins,
               sum(facts.place) filter (where facts.in_batch) over sire_distance_before as sire_distance_places,
               sum(facts.sp_win) filter (where facts.in_batch) over sire_distance_before as sire_distance_sp_wins,
               sum(facts.expected_win) filter (where facts.in_batch) over sire_distance_before as sire_distance_expected_wins,
               count(*) filter (where facts.in_batch) over dam_before as dam_runs,
               sum(facts.win) filter (where facts.in_batch) over dam_before as dam_wins,
               sum(facts.place) filter (where facts.in_batch) over dam_before as dam_places,
               sum(facts.sp_win) filter (where facts.in_batch) over dam_before as dam_sp_wins,
               sum(facts.expected_win) filter (where facts.in_batch) over dam_before as dam_expected_wins,
               count(*) filter (where facts.in_batch) over damsire_before as damsire_runs,
               sum(facts.win) filter (where facts.in_batch) over damsire_before as damsire_wins,
               sum(facts.place) filter (where facts.in_batch) over damsire_before as damsire_places,
               sum(facts.sp_win) filter (where facts.in_batch) over damsire_before as damsire_sp_wins,
               sum(facts.expected_win) filter (where facts.in_batch) over damsire_before as damsire_expected_wins,
               count(*) filter (where facts.in_batch) over jockey_before as jockey_runs,
               sum(facts.win) filter (where facts.in_batch) over jockey_before as jockey_wins,
               sum(facts.place) filter (where facts.in_batch) over jockey_before as jockey_places,
               sum(facts.sp_win) filter (where facts.in_batch) over jockey_before as jockey_sp_wins,
               sum(facts.expected_win) filter (where facts.in_batch) over jockey_before as jockey_expected_wins,
               count(*) filter (where facts.in_batch) over trainer_before as trainer_runs,
               sum(facts.win) filter (where facts.in_batch) over trainer_before as trainer_wins,
               sum(facts.place) filter (where facts.in_batch) over trainer_before as trainer_places,
               sum(facts.sp_win) filter (where facts.in_batch) over trainer_before as trainer_sp_wins,
               sum(facts.expected_win) filter (where facts.in_batch) over trainer_before as trainer_expected_wins,
               count(*) filter (where facts.in_batch) over owner_before as owner_runs,
               sum(facts.win) filter (where facts.in_batch) over owner_before as owner_wins,
               sum(facts.place) filter (where facts.in_batch) over owner_before as owner_places,
               sum(facts.sp_win) filter (where facts.in_batch) over owner_before as owner_sp_wins,
               sum(facts.expected_win) filter (where facts.in_batch) over owner_before as owner_expected_wins,
               -- recent form counts the context days too: no state involved
               count(*) over jockey_14d as jockey_14d_runs,
               sum(facts.win) over jockey_14d as jockey_14d_wins,
               count(*) over jockey_30d as jockey_30d_runs,
               sum(facts.win) over jockey_30d as jockey_30d_wins,
               count(*) over trainer_14d as trainer_14d_runs,
               sum(facts.win) over trainer_14d as trainer_14d_wins,
               count(*) over trainer_30d as trainer_30d_runs,
               sum(facts.win) over trainer_30d as trainer_30d_wins
          from facts
        -- frames end the day before the run's race day: same-day races excluded
        window horse_before as (partition by facts.horse_id order by facts.race_date
                    range between unbounded preceding and '1 day' preceding),
               sire_before as (partition by facts.sire_id order by facts.race_date
                    range between unbounded preceding and '1 day' preceding),
               sire_class_before as (partition by facts.sire_class_key order by facts.race_date
                    range between unbounded preceding and '1 day' preceding),
               sire_distance_before as (partition by facts.sire_distance_key order by facts.race_date
                    range between unbounded preceding and '1 day' preceding),
               dam_before as (partition by facts.dam_id order by facts.race_date
                    range between unbounded preceding and '1 day' preceding),
               damsire_before as (partition by facts.damsire_id order by facts.race_date
                    range between unbounded preceding and '1 day' preceding),
               jockey_before as (partition by facts.jockey_id order by facts.race_date
                    range between unbounded preceding and '1 day' preceding),
               trainer_before as (partition by facts.trainer_id order by facts.race_date
                    range between unbounded preceding and '1 day' preceding),
               owner_before as (partition by facts.owner_id order by facts.race_date
                    range between unbounded preceding and '1 day' preceding),
               jockey_14d as (partition by facts.jockey_id order by facts.race_date
                    range between '14 days' preceding and '1 day' preceding),
               jockey_30d as (partition by facts.jockey_id order by facts.race_date
                    range between '30 days' preceding and '1 day' preceding),
               trainer_14d as (partition by facts.trainer_id order by facts.race_date
                    range between '14 days' preceding and '1 day' preceding),
               trainer_30d as (partition by facts.trainer_id order by facts.race_date
                    range between '30 days' preceding and '1 day' preceding)
    ),
    totals as (
        -- earlier batches (feature_state) + this batch's earlier days
        select windowed.runner_id, windowed.race_id, windowed.race_date,
               windowed.horse_id, windowed.sire_id, windowed.dam_id, windowed.damsire_id, windowed.jockey_id, windowed.trainer_id, windowed.owner_id,
               -- the horse (NULL when unknown)
               case when windowed.horse_id is not null
                    then coalesce(horse.runs, 0) + windowed.horse_runs end as horse_runs,
               coalesce(horse.wins, 0) + coalesce(windowed.horse_wins, 0) as horse_wins,
               case when windowed.horse_id is not null
                    then greatest(horse.last_run_date, windowed.horse_last_run_date) end
                   as horse_last_run_date,
               -- the sire (NULL when unknown)
               case when windowed.sire_id is not null
                    then coalesce(sire.runs, 0) + windowed.sire_runs end as sire_runs,
               coalesce(sire.wins, 0) + coalesce(windowed.sire_wins, 0) as sire_wins,
               coalesce(sire.places, 0) + coalesce(windowed.sire_places, 0) as sire_places,
               coalesce(sire.sp_wins, 0) + coalesce(windowed.sire_sp_wins, 0) as sire_sp_wins,
               coalesce(sire.expected_wins, 0) + coalesce(windowed.sire_expected_wins, 0)
                   as sire_expected_wins,
               -- the sire at this class (NULL when unknown)
               case when windowed.sire_class_key is not null
                    then coalesce(sire_class.runs, 0) + windowed.sire_class_runs end as sire_class_runs,
               coalesce(sire_class.wins, 0) + coalesce(windowed.sire_class_wins, 0) as sire_class_wins,
               coalesce(sire_class.places, 0) + coalesce(windowed.sire_class_places, 0) as sire_class_places,
               coalesce(sire_class.sp_wins, 0) + coalesce(windowed.sire_class_sp_wins, 0) as sire_class_sp_wins,
               coalesce(sire_class.expected_wins, 0) + coalesce(windowed.sire_class_expected_wins, 0)
                   as sire_class_expected_wins,
               -- the sire at this distance group (NULL when unknown)
               case when windowed.sire_distance_key is not null
                    then coalesce(sire_distance.runs, 0) + windowed.sire_distance_runs end as sire_distance_runs,
               coalesce(sire_distance.wins, 0) + coalesce(windowed.sire_distance_wins, 0) as sire_distance_wins,
               coalesce(sire_distance.places, 0) + coalesce(windowed.sire_distance_places, 0) as sire_distance_places,
               coalesce(sire_distance.sp_wins, 0) + coalesce(windowed.sire_distance_sp_wins, 0) as sire_distance_sp_wins,
               coalesce(sire_distance.expected_wins, 0) + coalesce(windowed.sire_distance_expected_wins, 0)
                   as sire_distance_expected_wins,
               -- the dam (NULL when unknown)
               case when windowed.dam_id is not null
                    then coalesce(dam.runs, 0) + windowed.dam_runs end as dam_runs,
               coalesce(dam.wins, 0) + coalesce(windowed.dam_wins, 0) as dam_wins,
               coalesce(dam.places, 0) + coalesce(windowed.dam_places, 0) as dam_places,
               coalesce(dam.sp_wins, 0) + coalesce(windowed.dam_sp_wins, 0) as dam_sp_wins,
               coalesce(dam.expected_wins, 0) + coalesce(windowed.dam_expected_wins, 0)
                   as dam_expected_wins,
               -- the damsire (NULL when unknown)
               case when windowed.damsire_id is not null
                    then coalesce(damsire.runs, 0) + windowed.damsire_runs end as damsire_runs,
               coalesce(damsire.wins, 0) + coalesce(windowed.damsire_wins, 0) as damsire_wins,
               coalesce(damsire.places, 0) + coalesce(windowed.damsire_places, 0) as damsire_places,
               coalesce(damsire.sp_wins, 0) + coalesce(windowed.damsire_sp_wins, 0) as damsire_sp_wins,
               coalesce(damsire.expected_wins, 0) + coalesce(windowed.damsire_expected_wins, 0)
                   as damsire_expected_wins,
               -- the jockey (NULL when unknown)
               case when windowed.jockey_id is not null
                    then coalesce(jockey.runs, 0) + windowed.jockey_runs end as jockey_runs,
               coalesce(jockey.wins, 0) + coalesce(windowed.jockey_wins, 0) as jockey_wins,
               coalesce(jockey.places, 0) + coalesce(windowed.jockey_places, 0) as jockey_places,
               coalesce(jockey.sp_wins, 0) + coalesce(windowed.jockey_sp_wins, 0) as jockey_sp_wins,
               coalesce(jockey.expected_wins, 0) + coalesce(windowed.jockey_expected_wins, 0)
                   as jockey_expected_wins,
               -- the trainer (NULL when unknown)
               case when windowed.trainer_id is not null
                    then coalesce(trainer.runs, 0) + windowed.trainer_runs end as trainer_runs,
               coalesce(trainer.wins, 0) + coalesce(windowed.trainer_wins, 0) as trainer_wins,
               coalesce(trainer.places, 0) + coalesce(windowed.trainer_places, 0) as trainer_places,
               coalesce(trainer.sp_wins, 0) + coalesce(windowed.trainer_sp_wins, 0) as trainer_sp_wins,
               coalesce(trainer.expected_wins, 0) + coalesce(windowed.trainer_expected_wins, 0)
                   as trainer_expected_wins,
               -- the owner (NULL when unknown)
               case when windowed.owner_id is not null
                    then coalesce(owner.runs, 0) + windowed.owner_runs end as owner_runs,
               coalesce(owner.wins, 0) + coalesce(windowed.owner_wins, 0) as owner_wins,
               coalesce(owner.places, 0) + coalesce(windowed.owner_places, 0) as owner_places,
               coalesce(owner.sp_wins, 0) + coalesce(windowed.owner_sp_wins, 0) as owner_sp_wins,
               coalesce(owner.expected_wins, 0) + coalesce(windowed.owner_expected_wins, 0)
                   as owner_expected_wins,
               windowed.jockey_14d_runs,
               coalesce(windowed.jockey_14d_wins, 0) as jockey_14d_wins,
               windowed.jockey_30d_runs,
               coalesce(windowed.jockey_30d_wins, 0) as jockey_30d_wins,
               windowed.trainer_14d_runs,
               coalesce(windowed.trainer_14d_wins, 0) as trainer_14d_wins,
               windowed.trainer_30d_runs,
               coalesce(windowed.trainer_30d_wins, 0) as trainer_30d_wins
          from windowed
          left join pgbackfill.feature_state as horse
                 on horse.kind = 'horse' and horse.key = windowed.horse_id
          left join pgbackfill.feature_state as sire
                 on sire.kind = 'sire' and sire.key = windowed.sire_id
          left join pgbackfill.feature_state as sire_class
                 on sire_class.kind = 'sire_class' and sire_class.key = windowed.sire_class_key
          left join pgbackfill.feature_state as sire_distance
                 on sire_distance.kind = 'sire_distance' and sire_distance.key = windowed.sire_distance_key
          left join pgbackfill.feature_state as dam
                 on dam.kind = 'dam' and dam.key = windowed.dam_id
          left join pgbackfill.feature_state as damsire
                 on damsire.kind = 'damsire' and damsire.key = windowed.damsire_id
          left join pgbackfill.feature_state as jockey
                 on jockey.kind = 'jockey' and jockey.key = windowed.jockey_id
          left join pgbackfill.feature_state as trainer
                 on trainer.kind = 'trainer' and trainer.key = windowed.trainer_id
          left join pgbackfill.feature_state as owner
                 on owner.kind = 'owner' and owner.key = windowed.owner_id
         where windowed.in_batch
    )
    -- NULL where there is no history: an unknown connection, or no earlier run
    select totals.runner_id, totals.race_id, totals.race_date,
           totals.horse_id, totals.sire_id, totals.dam_id, totals.damsire_id, totals.jockey_id, totals.trainer_id, totals.owner_id,
           case when totals.horse_runs > 0 then totals.horse_runs end,
           case when totals.horse_runs > 0 then totals.horse_wins end,
           totals.race_date - totals.horse_last_run_date,
           case when totals.sire_runs > 0 then totals.sire_runs end,
           case when totals.sire_runs > 0 then totals.sire_wins end,
           case when totals.sire_runs > 0
                then round(100.0 * totals.sire_wins / totals.sire_runs, 2) end,
           case when totals.sire_runs > 0 then totals.sire_places end,
           case when totals.sire_runs > 0 then round(totals.sire_expected_wins, 4) end,
           case when totals.sire_runs > 0 and totals.sire_expected_wins > 0
                then round(totals.sire_sp_wins / totals.sire_expected_wins, 2) end,
           case when totals.sire_class_runs > 0 then totals.sire_class_runs end,
           case when totals.sire_class_runs > 0 then totals.sire_class_wins end,
           case when totals.sire_class_runs > 0
                then round(100.0 * totals.sire_class_wins / totals.sire_class_runs, 2) end,
           case when totals.sire_class_runs > 0 then totals.sire_class_places end,
           case when totals.sire_class_runs > 0 then round(totals.sire_class_expected_wins, 4) end,
           case when totals.sire_class_runs > 0 and totals.sire_class_expected_wins > 0
                then round(totals.sire_class_sp_wins / totals.sire_class_expected_wins, 2) end,
           case when totals.sire_distance_runs > 0 then totals.sire_distance_runs end,
           case when totals.sire_distance_runs > 0 then totals.sire_distance_wins end,
           case when totals.sire_distance_runs > 0
                then round(100.0 * totals.sire_distance_wins / totals.sire_distance_runs, 2) end,
           case when totals.sire_distance_runs > 0 then totals.sire_distance_places end,
           case when totals.sire_distance_runs > 0 then round(totals.sire_distance_expected_wins, 4) end,
           case when totals.sire_distance_runs > 0 and totals.sire_distance_expected_wins > 0
                then round(totals.sire_distance_sp_wins / totals.sire_distance_expected_wins, 2) end,
           case when totals.dam_runs > 0 then totals.dam_runs end,
           case when totals.dam_runs > 0 then totals.dam_wins end,
           case when totals.dam_runs > 0
                then round(100.0 * totals.dam_wins / totals.dam_runs, 2) end,
           case when totals.dam_runs > 0 then totals.dam_places end,
           case when totals.dam_runs > 0 then round(totals.dam_expected_wins, 4) end,
           case when totals.dam_runs > 0 and totals.dam_expected_wins > 0
                then round(totals.dam_sp_wins / totals.dam_expected_wins, 2) end,
           case when totals.damsire_runs > 0 then totals.damsire_runs end,
           case when totals.damsire_runs > 0 then totals.damsire_wins end,
           case when totals.damsire_runs > 0
                then round(100.0 * totals.damsire_wins / totals.damsire_runs, 2) end,
           case when totals.damsire_runs > 0 then totals.damsire_places end,
           case when totals.damsire_runs > 0 then round(totals.damsire_expected_wins, 4) end,
           case when totals.damsire_runs > 0 and totals.damsire_expected_wins > 0
                then round(totals.damsire_sp_wins / totals.damsire_expected_wins, 2) end,
           case when totals.jockey_runs > 0 then totals.jockey_runs end,
           case when totals.jockey_runs > 0 then totals.jockey_wins end,
           case when totals.jockey_runs > 0
                then round(100.0 * totals.jockey_wins / totals.jockey_runs, 2) end,
           case when totals.jockey_runs > 0 then totals.jockey_places end,
           case when totals.jockey_runs > 0 then round(totals.jockey_expected_wins, 4) end,
           case when totals.jockey_runs > 0 and totals.jockey_expected_wins > 0
                then round(totals.jockey_sp_wins / totals.jockey_expected_wins, 2) end,
           -- 14d: 0 runs in the window is known once the jockey has history
           case when totals.jockey_runs > 0 then totals.jockey_14d_runs end,
           case when totals.jockey_runs > 0 then totals.jockey_14d_wins end,
           case when totals.jockey_runs > 0 and totals.jockey_14d_runs > 0
                then round(100.0 * totals.jockey_14d_wins / totals.jockey_14d_runs, 2) end,
           -- 30d: 0 runs in the window is known once the jockey has history
           case when totals.jockey_runs > 0 then totals.jockey_30d_runs end,
           case when totals.jockey_runs > 0 then totals.jockey_30d_wins end,
           case when totals.jockey_runs > 0 and totals.jockey_30d_runs > 0
                then round(100.0 * totals.jockey_30d_wins / totals.jockey_30d_runs, 2) end,
           case when totals.trainer_runs > 0 then totals.trainer_runs end,
           case when totals.trainer_runs > 0 then totals.trainer_wins end,
           case when totals.trainer_runs > 0
                then round(100.0 * totals.trainer_wins / totals.trainer_runs, 2) end,
           case when totals.trainer_runs > 0 then totals.trainer_places end,
           case when totals.trainer_runs > 0 then round(totals.trainer_expected_wins, 4) end,
           case when totals.trainer_runs > 0 and totals.trainer_expected_wins > 0
                then round(totals.trainer_sp_wins / totals.trainer_expected_wins, 2) end,
           -- 14d: 0 runs in the window is known once the trainer has history
           case when totals.trainer_runs > 0 then totals.trainer_14d_runs end,
           case when totals.trainer_runs > 0 then totals.trainer_14d_wins end,
           case when totals.trainer_runs > 0 and totals.trainer_14d_runs > 0
                then round(100.0 * totals.trainer_14d_wins / totals.trainer_14d_runs, 2) end,
           -- 30d: 0 runs in the window is known once the trainer has history
           case when totals.trainer_runs > 0 then totals.trainer_30d_runs end,
           case when totals.trainer_runs > 0 then totals.trainer_30d_wins end,
           case when totals.trainer_runs > 0 and totals.trainer_30d_runs > 0
                then round(100.0 * totals.trainer_30d_wins / totals.trainer_30d_runs, 2) end,
           case when totals.owner_runs > 0 then totals.owner_runs end,
           case when totals.owner_runs > 0 then totals.owner_wins end,
           case when totals.owner_runs > 0
                then round(100.0 * totals.owner_wins / totals.owner_runs, 2) end,
           case when totals.owner_runs > 0 then totals.owner_places end,
           case when totals.owner_runs > 0 then round(totals.owner_expected_wins, 4) end,
           case when totals.owner_runs > 0 and totals.owner_expected_wins > 0
                then round(totals.owner_sp_wins / totals.owner_expected_wins, 2) end
      from totals;
    get diagnostics written = row_count;

    -- roll the totals forward over the batch
    insert into pgbackfill.feature_state as state
           (kind, key, runs, wins, places, sp_wins, expected_wins, last_run_date)
    select *
      from pgbackfill.feature_contributions(from_date, to_date)
        on conflict (kind, key) do update
       set runs = state.runs + excluded.runs,
           wins = state.wins + excluded.wins,
           places = state.places + excluded.places,
           sp_wins = state.sp_wins + excluded.sp_wins,
           expected_wins = state.expected_wins + excluded.expected_wins,
           last_run_date = greatest(state.last_run_date, excluded.last_run_date);

    -- the batch's days: built now, from these runs
    delete from pgbackfill.feature_days as day
     where day.race_date between from_date and to_date;
    insert into pgbackfill.feature_days (race_date, runs, last_changed_at, built_at)
    select facts.race_date, count(*), max(facts.changed_at), now()
      from pgbackfill.runner_facts as facts
     where facts.race_date between from_date and to_date
     group by facts.race_date;

    update pgbackfill.feature_state_through as state
       set through = coalesce((select max(day.race_date)
                                 from pgbackfill.feature_days as day
                                where day.race_date between from_date and to_date),
                              state.through);
    return written;
end;
$$;
