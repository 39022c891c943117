-- pgbackfill.synthetic_people: the jockeys, trainers and owners of the
-- synthetic data (ra_mst_jockeys, ra_mst_trainers, ra_mst_owners) in the
-- seed's "Current State":
--   * statistics computed from the generated runs (as of 2025-10-20) for all
--     but a few entities that have runs: 115 jockeys, 169 trainers and 1,018
--     owners at scale 1.0 keep NULL statistic columns;
--   * 1,523 trainers (at scale 1.0) without a location: ~600 whose runner
--     rows carry it (ra_runners.trainer_location), ~820 who ran on or after
--     2023-01-23 (only the API's racecards know), the rest last ran before
--     2023-01-23 (no source at all). Every trainer's true location goes to
--     pgbackfill_synthetic.trainer_locations, with its category (drawn by
--     synthetic_runners, which also wrote the stored runner locations).
create or replace function pgbackfill.synthetic_people(scale numeric, seed int)
returns void
language plpgsql
volatile
security invoker
set search_path = pg_catalog, pgbackfill, public
as $function$
declare
    size record;
    as_of constant date := date '2025-10-20';
    -- when the statistics in the seed's database were computed
    computed_at constant timestamp := timestamp '2025-10-20 23:00';
    -- the first day of the API's racecards
begin
    select * into size from pgbackfill.synthetic_sizes(scale);

    -- Every entity's figures in one scan of the runs.
    create temp table synthetic_entity_figures on commit drop as
    select case when grouping(run.jockey_id) = 0 then 'jockey'
                when grouping(run.trainer_id) = 0 then 'trainer' else 'owner' end as kind,
           coalesce(run.jockey_id, run.trainer_id, run.owner_id) as id,
           count(*)::int as runs,
           count(*) filter (where run.position = 1)::int as wins,
           count(*) filter (where run.position = 2)::int as seconds,
           count(*) filter (where run.position = 3)::int as thirds,
           count(*) filter (where run.position between 1 and 3)::int as places,
           max(run.race_date) as last_run_date,
           max(run.race_date) filter (where run.position = 1) as last_win_date,
           count(*) filter (where run.race_date > as_of - 14)::int as recent_14d_runs,
           count(*) filter (where run.race_date > as_of - 14 and run.position = 1)::int as recent_14d_wins,
           count(*) filter (where run.race_date > as_of - 30)::int as recent_30d_runs,
           count(*) filter (where run.race_date > as_of - 30 and run.position = 1)::int as recent_30d_wins,
           min(run.race_date) as first_run_date
      from pgbackfill.runs as run
     group by grouping sets ((run.jockey_id), (run.trainer_id), (run.owner_id));
    -- entities without a run have figures too: zeros
    insert into pg_temp.synthetic_entity_figures (kind, id, runs, wins, seconds, thirds, places,
                                                  recent_14d_runs, recent_14d_wins, recent_30d_runs,
                                                  recent_30d_wins)
    select entity.kind, entity.id, 0, 0, 0, 0, 0, 0, 0, 0, 0
      from (select 'jockey' as kind, 'jky_' || (250000 + k)::text as id
              from generate_series(0, size.jockeys - 1) as k
            union all
            select 'trainer', 'trn_' || (100000 + k)::text from generate_series(0, size.trainers - 1) as k
            union all
            select 'owner', 'own_' || (10000 + k)::text from generate_series(0, size.owners - 1) as k
           ) as entity
     where not exists (select from pg_temp.synthetic_entity_figures as figures
                        where figures.kind = entity.kind and figures.id = entity.id);
    create unique index on pg_temp.synthetic_entity_figures (kind, id);

    -- Which entities keep empty statistics: a random few of those with runs.
    create temp table synthetic_statistics_gaps on commit drop as
    select kind, id
      from (select figures.kind, figures.id,
                   row_number() over (partition by figures.kind
                                      order by pgbackfill.synthetic_random(seed, 81, hashtext(figures.id))) as draw
              from pg_temp.synthetic_entity_figures as figures
             where figures.runs > 0) as drawn
     where draw <= case kind when 'jockey' then size.jockeys_without_statistics
                             when 'trainer' then size.trainers_without_statistics
                             else size.owners_without_statistics end;

    insert into public.ra_mst_jockeys (id, name, created_at, updated_at, total_rides, total_wins,
                                       total_places, total_seconds, total_thirds, win_rate, place_rate,
                                       stats_updated_at, last_ride_date, last_win_date,
                                       days_since_last_ride, days_since_last_win, recent_14d_rides,
                                       recent_14d_wins, recent_14d_win_rate, recent_30d_rides,
                                       recent_30d_wins, recent_30d_win_rate)
    select entity.id, pgbackfill.synthetic_person_name(seed, 1, entity.k),
           coalesce(figures.first_run_date, date '2015-01-01') + time '06:00', computed_at,
           figures.runs, figures.wins, figures.places, figures.seconds, figures.thirds,
           round(100.0 * figures.wins / nullif(figures.runs, 0), 2),
           round(100.0 * figures.places / nullif(figures.runs, 0), 2),
           case when figures.id is not null then computed_at end,
           figures.last_run_date, figures.last_win_date,
           as_of - figures.last_run_date, as_of - figures.last_win_date,
           figures.recent_14d_runs, figures.recent_14d_wins,
           round(100.0 * figures.recent_14d_wins / nullif(figures.recent_14d_runs, 0), 2),
           figures.recent_30d_runs, figures.recent_30d_wins,
           round(100.0 * figures.recent_30d_wins / nullif(figures.recent_30d_runs, 0), 2)
      from (select k, 'jky_' || (250000 + k)::text as id from generate_series(0, size.jockeys - 1) as k) as entity
      left join pg_temp.synthetic_statistics_gaps as gap on gap.kind = 'jockey' and gap.id = entity.id
      left join pg_temp.synthetic_entity_figures as figures
             on figures.kind = 'jockey' and figures.id = entity.id and gap.id is null;

    -- Trainers: their true location and its category were drawn with the
    -- runner rows (pg_temp.synthetic_trainers).
    insert into pgbackfill_synthetic.trainer_locations (trainer_id, location, category)
    select id, location, category from pg_temp.synthetic_trainers;

    insert into public.ra_mst_trainers (id, name, created_at, updated_at, total_runners, total_wins,
                                        total_places, total_seconds, total_thirds, win_rate, place_rate,
                                        stats_updated_at, last_runner_date, last_win_date,
                                        days_since_last_runner, days_since_last_win, recent_14d_runs,
                                        recent_14d_wins, recent_14d_win_rate, recent_30d_runs,
                                        recent_30d_wins, recent_30d_win_rate, location)
    select truth.id, truth.name,
           coalesce(figures.first_run_date, date '2015-01-01') + time '06:00', computed_at,
           figures.runs, figures.wins, figures.places, figures.seconds, figures.thirds,
           round(100.0 * figures.wins / nullif(figures.runs, 0), 2),
           round(100.0 * figures.places / nullif(figures.runs, 0), 2),
           case when figures.id is not null then computed_at end,
           figures.last_run_date, figures.last_win_date,
           as_of - figures.last_run_date, as_of - figures.last_win_date,
           figures.recent_14d_runs, figures.recent_14d_wins,
           round(100.0 * figures.recent_14d_wins / nullif(figures.recent_14d_runs, 0), 2),
           figures.recent_30d_runs, figures.recent_30d_wins,
           round(100.0 * figures.recent_30d_wins / nullif(figures.recent_30d_runs, 0), 2),
           case when truth.category = 'located' then truth.location end
      from pg_temp.synthetic_trainers as truth
      left join pg_temp.synthetic_statistics_gaps as gap on gap.kind = 'trainer' and gap.id = truth.id
      left join pg_temp.synthetic_entity_figures as figures
             on figures.kind = 'trainer' and figures.id = truth.id and gap.id is null;

    insert into public.ra_mst_owners (id, name, created_at, updated_at, total_runners, total_wins,
                                      total_places, total_seconds, total_thirds, win_rate, place_rate,
                                      stats_updated_at, last_runner_date, last_win_date,
                                      days_since_last_runner, days_since_last_win, recent_14d_runs,
                                      recent_14d_wins, recent_14d_win_rate, recent_30d_runs,
                                      recent_30d_wins, recent_30d_win_rate, total_horses)
    select entity.id, pgbackfill.synthetic_owner_name(seed, entity.k),
           coalesce(figures.first_run_date, date '2015-01-01') + time '06:00', computed_at,
           figures.runs, figures.wins, figures.places, figures.seconds, figures.thirds,
           round(100.0 * figures.wins / nullif(figures.runs, 0), 2),
           round(100.0 * figures.places / nullif(figures.runs, 0), 2),
           case when figures.id is not null then computed_at end,
           figures.last_run_date, figures.last_win_date,
           as_of - figures.last_run_date, as_of - figures.last_win_date,
           figures.recent_14d_runs, figures.recent_14d_wins,
           round(100.0 * figures.recent_14d_wins / nullif(figures.recent_14d_runs, 0), 2),
           figures.recent_30d_runs, figures.recent_30d_wins,
           round(100.0 * figures.recent_30d_wins / nullif(figures.recent_30d_runs, 0), 2),
           case when figures.id is not null then coalesce(owned.horses, 0) end
      from (select k, 'own_' || (10000 + k)::text as id from generate_series(0, size.owners - 1) as k) as entity
      -- the horses an owner has (in the seed's tables: every horse of theirs)
      left join (select owner_k, count(*)::int as horses from pg_temp.synthetic_horses group by owner_k) as owned
             on owned.owner_k = entity.k
      left join pg_temp.synthetic_statistics_gaps as gap on gap.kind = 'owner' and gap.id = entity.id
      left join pg_temp.synthetic_entity_figures as figures
             on figures.kind = 'owner' and figures.id = entity.id and gap.id is null;
end;
$function$;
