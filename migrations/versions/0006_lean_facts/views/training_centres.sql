-- pgbackfill.training_centres: the centres league table (issue 14): each
-- training centre (pgbackfill.training_centre_members: trainers whose
-- place-resolved bases lie within 8 km of the centre's main place), its
-- trainers who ran, runs, wins, win %, expected wins, A/E, level-stake P/L
-- at SP, ROI % and IV, over every race type, as of the last `refresh
-- --table regions`.
--   select * from pgbackfill.training_centres order by runs desc limit 15;
-- Dropped with pgbackfill.regional_figures (its file drops its readers) and
-- made again here.
create or replace view pgbackfill.training_centres
with (security_invoker = true)
as
select performance.centre,
       performance.county,
       performance.trainers,
       performance.runs,
       performance.wins,
       performance.win_percent,
       performance.expected_wins,
       performance.ae,
       performance.profit,
       performance.roi_percent,
       performance.iv
  from pgbackfill.centre_performance as performance
 where performance.race_type = 'all';
