-- pgbackfill.region_performance: runs by the trainer's region × the course's
-- region, overall (race_type 'all') and per race type, as of the last
-- `refresh --table regions` (pgbackfill.regional_figures). A NULL region is
-- an unknown one (no base, or a course without coordinates): counted, never
-- guessed.
--   select * from pgbackfill.region_performance
--    where race_type = 'all' and runs >= 200 order by ae desc;
-- Dropped with pgbackfill.regional_figures (its file drops its readers) and
-- made again here.
create or replace view pgbackfill.region_performance
with (security_invoker = true)
as
select figures.trainer_region,
       figures.course_region,
       figures.race_type,
       figures.runs,
       figures.runners,
       figures.trainers,
       figures.wins,
       figures.win_percent,
       figures.expected_wins,
       figures.ae,
       figures.profit,
       figures.roi_percent,
       figures.iv
  from pgbackfill.regional_figures as figures
 where figures.breakdown = 'region';
