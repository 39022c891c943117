-- pgbackfill.regional_figures: how runs went by where their trainer is and
-- where they ran (issue 14), one snapshot of every regional breakdown,
-- overall (race_type 'all') and per race type (fact.race_type):
--   breakdown 'region':        trainer_region × course_region (the trainer's
--                              base, pgbackfill.trainer_bases; the course's,
--                              pgbackfill.course_regions; NULL: unknown);
--   breakdown 'centre':        centre, centre_county (pgbackfill.
--                              training_centre_members; NULL: no centre);
--   breakdown 'travel band':   travel_band (pgbackfill.travel_band of
--                              fact.travel_km; NULL: distance unknown);
--   breakdown 'trainer reach': trainer_id × reach, 'near' (travel ≤ 50 km)
--                              or 'far' (> 150 km); NULL: in between or
--                              unknown. Overall only.
-- Figures (racing-metrics.md): runs, runners (distinct horses), trainers
-- (distinct), wins, win %, expected wins (Σ 1/SP), A/E (wins with an SP /
-- expected wins), level-stake P/L at SP over runs with an SP, ROI % (P/L
-- per priced run × 100) and IV (the group's strike rate over the strike
-- rate of every run of the same race type, or of every run for 'all').
-- Read it through pgbackfill.region_performance, centre_performance,
-- travel_band_performance, training_centres and trainer_travel. Refreshed
-- by pgbackfill.refresh_regional_figures() (`refresh --table regions`, its
-- own daily job). Replacing the definition keeps its rows: a view that
-- held rows is filled again here, one that held none stays empty.
select pg_catalog.set_config(
    'pgbackfill.regional_figures_was_populated',
    coalesce((select view.ispopulated::text from pg_catalog.pg_matviews as view
               where view.schemaname = 'pgbackfill' and view.matviewname = 'regional_figures'),
             -- or what the migration that dropped it with the facts' old table
             -- (tables/run_facts.sql, 0006) found
             nullif(pg_catalog.current_setting('pgbackfill.regional_figures_was_populated', true), ''),
             'false'),
    true);
-- cascade: its readers (region_performance, centre_performance,
-- travel_band_performance, training_centres, trainer_travel) follow it in
-- the manifest and are made again there; a revision that changes this file
-- or drops it (0006 did, with the facts' old table) freezes them too (the
-- drift test fails otherwise)
drop materialized view if exists pgbackfill.regional_figures cascade;

create materialized view pgbackfill.regional_figures as
with
runs as (
    -- each run with where its trainer is and where it ran
    select fact.horse_id,
           fact.trainer_id,
           fact.race_type,
           fact.is_win,
           fact.sp_decimal,
           fact.expected_win,
           base.region as trainer_region,
           course.region as course_region,
           member.centre,
           member.centre_county,
           pgbackfill.travel_band(fact.travel_km) as travel_band,
           case when fact.travel_km <= 50 then 'near'
                when fact.travel_km > 150 then 'far' end as reach
      from pgbackfill.runner_facts as fact
      left join pgbackfill.trainer_bases as base on base.trainer_id = fact.trainer_id
      left join pgbackfill.course_regions as course on course.course_id = fact.course_id
      left join pgbackfill.training_centre_members as member on member.trainer_id = fact.trainer_id
),
population as (
    -- the IV baseline: every run, per race type and overall
    select case when grouping(runs.race_type) = 1 then 'all' else runs.race_type end as race_type,
           count(*) as runs,
           count(*) filter (where runs.is_win) as wins
      from runs
     group by grouping sets ((runs.race_type), ())
),
grouped as (
    select case when grouping(runs.trainer_region) = 0 then 'region'
                when grouping(runs.centre) = 0 then 'centre'
                when grouping(runs.travel_band) = 0 then 'travel band'
                else 'trainer reach' end as breakdown,
           runs.trainer_region,
           runs.course_region,
           runs.centre,
           runs.centre_county,
           runs.travel_band,
           runs.trainer_id,
           runs.reach,
           case when grouping(runs.race_type) = 1 then 'all' else runs.race_type end as race_type,
           count(*) as runs,
           count(distinct runs.horse_id) as runners,
           count(distinct runs.trainer_id) as trainers,
           count(*) filter (where runs.is_win) as wins,
           count(runs.sp_decimal) as priced_runs,
           count(*) filter (where runs.is_win and runs.sp_decimal is not null) as priced_wins,
           sum(runs.expected_win)::numeric as expected_wins,
           -- level stakes: the winners' returns less one unit a priced run
           coalesce(sum(runs.sp_decimal) filter (where runs.is_win), 0)
               - count(runs.sp_decimal) as profit
      from runs
     group by grouping sets (
         (runs.trainer_region, runs.course_region),
         (runs.trainer_region, runs.course_region, runs.race_type),
         (runs.centre, runs.centre_county),
         (runs.centre, runs.centre_county, runs.race_type),
         (runs.travel_band),
         (runs.travel_band, runs.race_type),
         (runs.trainer_id, runs.reach)
     )
)
select grouped.breakdown,
       grouped.trainer_region,
       grouped.course_region,
       grouped.centre,
       grouped.centre_county,
       grouped.travel_band,
       grouped.trainer_id,
       grouped.reach,
       grouped.race_type,
       grouped.runs::int as runs,
       grouped.runners::int as runners,
       grouped.trainers::int as trainers,
       grouped.wins::int as wins,
       pgbackfill.percent(grouped.wins, grouped.runs) as win_percent,
       grouped.priced_runs::int as priced_runs,
       round(grouped.expected_wins, 2) as expected_wins,
       pgbackfill.actual_to_expected(grouped.priced_wins, grouped.expected_wins) as ae,
       case when grouped.priced_runs > 0 then round(grouped.profit, 2) end as profit,
       pgbackfill.percent(grouped.profit, grouped.priced_runs) as roi_percent,
       pgbackfill.impact_value(grouped.wins, grouped.runs, population.wins, population.runs) as iv
  from grouped
  left join population on population.race_type is not distinct from grouped.race_type
with no data;

-- one row per key (NULLs included: REFRESH … CONCURRENTLY matches them whole)
create unique index regional_figures_key_idx
    on pgbackfill.regional_figures (breakdown, trainer_region, course_region, centre, centre_county,
                                    travel_band, trainer_id, reach, race_type);

do $refill$
begin
    if pg_catalog.current_setting('pgbackfill.regional_figures_was_populated', true) = 'true' then
        -- the one refresh (functions are installed before views)
        perform pgbackfill.refresh_regional_figures();
    end if;
end
$refill$;
