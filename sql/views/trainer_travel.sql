-- pgbackfill.trainer_travel: "who travels to win": each trainer's far
-- runners (travel > 150 km) beside their near ones (≤ 50 km), every race
-- type, as of the last `refresh --table regions` (pgbackfill.
-- regional_figures). Only trainers with at least min_runs (30) runs on each
-- side: an A/E of a handful of runs means nothing. ae_gain = far A/E − near
-- A/E: above 0, the yard's runners do better against the market away.
--   select * from pgbackfill.trainer_travel order by far_ae desc limit 20;
-- Dropped with pgbackfill.regional_figures (its file drops its readers) and
-- made again here.
create or replace view pgbackfill.trainer_travel
with (security_invoker = true)
as
with
rule (min_runs) as (
    values (30)
),
reach as (
    select figures.trainer_id,
           max(figures.runs) filter (where figures.reach = 'near') as near_runs,
           max(figures.wins) filter (where figures.reach = 'near') as near_wins,
           max(figures.ae) filter (where figures.reach = 'near') as near_ae,
           max(figures.runs) filter (where figures.reach = 'far') as far_runs,
           max(figures.wins) filter (where figures.reach = 'far') as far_wins,
           max(figures.win_percent) filter (where figures.reach = 'far') as far_win_percent,
           max(figures.expected_wins) filter (where figures.reach = 'far') as far_expected_wins,
           max(figures.ae) filter (where figures.reach = 'far') as far_ae,
           max(figures.profit) filter (where figures.reach = 'far') as far_profit,
           max(figures.roi_percent) filter (where figures.reach = 'far') as far_roi_percent
      from pgbackfill.regional_figures as figures
     where figures.breakdown = 'trainer reach' and figures.reach is not null
     group by figures.trainer_id
)
select reach.trainer_id,
       trainer.name as trainer,
       base.location,
       member.centre,
       base.region,
       reach.near_runs,
       reach.near_wins,
       reach.near_ae,
       reach.far_runs,
       reach.far_wins,
       reach.far_win_percent,
       reach.far_expected_wins,
       reach.far_ae,
       reach.far_profit,
       reach.far_roi_percent,
       reach.far_ae - reach.near_ae as ae_gain
  from reach
 cross join rule
  left join public.ra_mst_trainers as trainer on trainer.id = reach.trainer_id
  left join pgbackfill.trainer_bases as base on base.trainer_id = reach.trainer_id
  left join pgbackfill.training_centre_members as member on member.trainer_id = reach.trainer_id
 where reach.near_runs >= rule.min_runs and reach.far_runs >= rule.min_runs;
