-- pgbackfill.centre_performance: runs of each training centre's trainers
-- (pgbackfill.training_centre_members), overall (race_type 'all') and per
-- race type, as of the last `refresh --table regions`
-- (pgbackfill.regional_figures). trainers: the centre's trainers who ran.
--   select * from pgbackfill.centre_performance where centre = 'Malton';
-- Dropped with pgbackfill.regional_figures (its file drops its readers) and
-- made again here.
create or replace view pgbackfill.centre_performance
with (security_invoker = true)
as
select figures.centre,
       figures.centre_county as county,
       figures.race_type,
       figures.trainers,
       figures.runs,
       figures.runners,
       figures.wins,
       figures.win_percent,
       figures.expected_wins,
       figures.ae,
       figures.profit,
       figures.roi_percent,
       figures.iv
  from pgbackfill.regional_figures as figures
 where figures.breakdown = 'centre' and figures.centre is not null;
