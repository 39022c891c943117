-- pgbackfill.travel_band_performance: runs by how far the horse travelled
-- from its trainer's base to the course (pgbackfill.travel_band: [0,50],
-- (50,150], (150,300], (300,) km; an edge belongs to the band below it),
-- overall (race_type 'all') and per race type, as of the last `refresh
-- --table regions`. travel_band NULL: the distance is unknown (no base or
-- no course coordinates), counted, never guessed.
--   select * from pgbackfill.travel_band_performance
--    where race_type = 'all' order by travel_band;
-- Dropped with pgbackfill.regional_figures (its file drops its readers) and
-- made again here.
create or replace view pgbackfill.travel_band_performance
with (security_invoker = true)
as
select figures.travel_band,
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
 where figures.breakdown = 'travel band';
