-- pgbackfill.synthetic_runners: the runner rows of the synthetic data
-- (ra_runners), race by race. The market and the result come from the same
-- win probabilities: each runner's strength w (the horse's ability and the
-- day's form) gives p = w / (sum of w in the race); the decimal SP is
-- 1 / (p * over-round), rounded to the bookmakers' ladder of fractions; the
-- finishing order is a Plackett-Luce draw from the same w (ordering by
-- Exp(1) / w makes the winner w / sum(w) likely). So the over-round is the
-- only bias and the population's A/E sits about 0.9. Non-runners, non-
-- finishers (more over jumps), missing SPs and dead heats are sprinkled in.
create or replace function pgbackfill.synthetic_runners(scale numeric, seed int)
returns void
language plpgsql
volatile
security invoker
set search_path = pg_catalog, pgbackfill, public
as $function$
declare
    size record;
    flat_horses int;
begin
    select * into size from pgbackfill.synthetic_sizes(scale);
    flat_horses := greatest(1, least(size.horses - 1, round(size.horses * 0.6)::int));

    -- The SP ladder: decimal price - 1 in log-space cells of 1/40, each cell
    -- mapped to the nearest bookmakers' fraction.
    create temp table synthetic_sp_ladder on commit drop as
    with fractions (numerator, denominator) as (
        values (1, 20), (1, 10), (1, 8), (1, 6), (1, 5), (2, 9), (1, 4), (2, 7), (3, 10), (1, 3),
               (4, 11), (2, 5), (4, 9), (1, 2), (8, 15), (4, 7), (8, 13), (4, 6), (8, 11), (4, 5),
               (5, 6), (10, 11), (1, 1), (11, 10), (6, 5), (5, 4), (11, 8), (6, 4), (13, 8), (7, 4),
               (15, 8), (2, 1), (9, 4), (5, 2), (11, 4), (3, 1), (10, 3), (7, 2), (4, 1), (9, 2),
               (5, 1), (11, 2), (6, 1), (13, 2), (7, 1), (15, 2), (8, 1), (17, 2), (9, 1), (10, 1),
               (11, 1), (12, 1), (14, 1), (16, 1), (18, 1), (20, 1), (22, 1), (25, 1), (28, 1),
               (33, 1), (40, 1), (50, 1), (66, 1), (80, 1), (100, 1), (125, 1), (150, 1), (200, 1),
               (250, 1), (300, 1), (500, 1)
    )
    select distinct on (cell)
           cell,
           case when numerator = denominator then 'Evs'
                else numerator::text || '/' || denominator::text end as fraction,
           round(1 + numerator::numeric / denominator, 2) as price
      from generate_series(-130, 260) as cell
     cross join fractions
     order by cell, abs(ln(numerator::numeric / denominator) - (cell + 0.5) / 40.0);
    create unique index on pg_temp.synthetic_sp_ladder (cell);

    -- The people a runner row names, looked up by number: ids, names and,
    -- for trainers, the day they retire (synthetic_people reuses these).
    create temp table synthetic_jockeys on commit drop as
    select k, 'jky_' || (250000 + k)::text as id, pgbackfill.synthetic_person_name(seed, 1, k) as name
      from generate_series(0, size.jockeys - 1) as k;
    -- Trainers also get their true location and which source can reveal it
    -- (pgbackfill_synthetic.trainer_locations): of the trainers lacking a
    -- location, the ones with no source are trainers retired before
    -- 2023-01-23, the others still train (so they ran after that day).
    create temp table synthetic_trainers on commit drop as
    with trainer as (
        select k, pgbackfill.synthetic_trainer_retirement(seed, size.trainers, k) as retirement,
               pgbackfill.synthetic_random(seed, 84, k) as draw
          from generate_series(0, size.trainers - 1) as k
    ), ranked as (
        select trainer.*,
               row_number() over (partition by retirement is null order by draw) as rank
          from trainer
    ), wanted as (
        select least(size.trainers_without_location - size.trainers_stored_in_runners
                     - size.trainers_racecards_only,
                     (select count(*) from trainer where retirement is not null)) as no_source
    )
    select k, 'trn_' || (100000 + k)::text as id, pgbackfill.synthetic_person_name(seed, 2, k) as name,
           retirement,
           case when pgbackfill.synthetic_random(seed, 82, k) < 0.25
                then (pgbackfill.synthetic_words('ire_location'))[
                         1 + floor(20 * pgbackfill.synthetic_random(seed, 83, k))::int]
                else (pgbackfill.synthetic_words('gb_location'))[
                         1 + floor(40 * pgbackfill.synthetic_random(seed, 83, k))::int]
           end as location,
           case when retirement is not null and rank <= wanted.no_source then 'no_source'
                when retirement is not null then 'located'
                when rank <= size.trainers_racecards_only then 'racecards_only'
                -- the stored ones, plus any no-source shortfall (tiny scales)
                when rank <= size.trainers_without_location - wanted.no_source then 'stored_in_runners'
                else 'located'
           end as category
      from ranked cross join wanted;
    create temp table synthetic_owners on commit drop as
    select k, 'own_' || (10000 + k)::text as id, pgbackfill.synthetic_owner_name(seed, k) as name
      from generate_series(0, size.owners - 1) as k;
    create unique index on pg_temp.synthetic_jockeys (k);
    create unique index on pg_temp.synthetic_trainers (k);
    create unique index on pg_temp.synthetic_owners (k);
    analyze pg_temp.synthetic_jockeys, pg_temp.synthetic_trainers, pg_temp.synthetic_owners,
            pg_temp.synthetic_races, pg_temp.synthetic_horses, pg_temp.synthetic_sp_ladder;

    insert into public.ra_runners (id, race_id, horse_id, horse_name, jockey_id, jockey_name,
                                   trainer_id, trainer_name, owner_id, owner_name, sire_id, dam_id,
                                   damsire_id, number, draw, age, weight_lbs, position, is_scratched,
                                   starting_price, starting_price_decimal, distance_beaten,
                                   overall_beaten_distance, prize_won, ofr, rpr, ts, trainer_location,
                                   created_at, updated_at, result_updated_at)
    with slots as (
        select race.r, race.race_id, race.date, race.day, race.type, race.pool, race.fate,
               race.field_size, race.overround, race.off_time, race.start,
               race.runner_offset + slot + 1 as runner_id, slot,
               case race.pool when 'flat' then 0 else flat_horses end
                   + race.lo + (race.start + slot * race.stride) % race.width as horse_i
          from pg_temp.synthetic_races as race
         cross join lateral generate_series(0, race.field_size - 1) as slot
    ), drawn as (
        -- what the race's result needs, drawn race by race (in race order, so
        -- that the result's window only sorts within each race)
        select slots.*,
               -- the first declared runner always runs, so no race is left without runners
               slots.slot > 0 and pgbackfill.synthetic_random(seed, 105, runner_id) < 0.045 as scratched,
               slots.fate in ('result', 'dead heat')
                   and pgbackfill.synthetic_random(seed, 106, runner_id)
                       < case slots.type when 'Flat' then 0.01 when 'NH Flat' then 0.02
                                         when 'Hurdle' then 0.07 else 0.13 end as not_finished,
               -- strength: the horse's ability (as synthetic_horses drew it) and the day's form
               exp(0.8 * pgbackfill.synthetic_normal(seed, 27, horse_i)
                   + 0.6 * pgbackfill.synthetic_normal(seed, 107, runner_id)) as strength,
               pgbackfill.synthetic_random(seed, 108, runner_id) as finish_draw
          from slots
         order by slots.r
        -- offset 0: compute each draw once, not once per later reference
        offset 0
    ), raced as (
        select drawn.*,
               strength / sum(strength) filter (where not scratched) over race as win_probability,
               row_number() over (race order by scratched, not_finished, -ln(finish_draw) / strength)
                   as finish_rank
          from drawn
        window race as (partition by r)
        offset 0
    ), priced as (
        select raced.*, horse.horse_id, horse.name as horse_name, horse.dob, horse.ability,
               horse.sire_k, horse.dam_id, horse.damsire_k, horse.owner_k, horse.master_lacks_pedigree,
               -- 30 % of rides go to another jockey than the horse's usual one
               case when pgbackfill.synthetic_random(seed, 101, runner_id) < 0.3
                    then floor(size.jockeys * pgbackfill.synthetic_random(seed, 102, runner_id))::bigint
                    else horse.jockey_k end as jockey_k,
               -- a horse mostly stays in its yard; 12 % of runs are saddled by
               -- another (still active) trainer; a retired trainer's horses move
               case when pgbackfill.synthetic_random(seed, 103, runner_id) < 0.12
                         and raced.day <= coalesce(other_trainer.retirement, raced.day)
                    then other_trainer.k
                    when raced.day <= coalesce(usual_trainer.retirement, raced.day)
                    then horse.trainer_k
                    else horse.fallback_trainer_k end as trainer_k,
               pgbackfill.synthetic_random(seed, 109, runner_id) as detail_draw,
               pgbackfill.synthetic_random(seed, 110, runner_id) < 0.03 as pedigree_not_copied,
               pgbackfill.synthetic_random(seed, 111, runner_id) as location_draw,
               -- a race where every runner fell still has a winner: the first past the post
               not_finished and finish_rank > 1 as did_not_finish,
               case when fate in ('result', 'dead heat') and not scratched
                         and pgbackfill.synthetic_random(seed, 109, runner_id) >= 0.02
                    then least(260, greatest(-130, floor(40 * ln(greatest(0.05,
                             1 / (win_probability * overround) - 1)))))::int
               end as price_cell
          from raced
          join pg_temp.synthetic_horses as horse on horse.i = raced.horse_i
          join pg_temp.synthetic_trainers as usual_trainer on usual_trainer.k = horse.trainer_k
          join pg_temp.synthetic_trainers as other_trainer
            on other_trainer.k = floor(size.trainers * pgbackfill.synthetic_random(seed, 104, runner_id))::bigint
        offset 0
    )
    select priced.runner_id, priced.race_id, priced.horse_id, priced.horse_name,
           jockey.id, jockey.name, trainer.id, trainer.name, owner.id, owner.name,
           -- the racecard's copy of the pedigree: missing on 3 % of rows
           -- (ra_mst_horses has it), always there when the master lacks it
           case when master_lacks_pedigree or not pedigree_not_copied
                then 'sir_' || (5000000 + sire_k)::text end,
           case when master_lacks_pedigree or not pedigree_not_copied then dam_id end,
           case when master_lacks_pedigree or not pedigree_not_copied
                then 'dsi_' || (3000000 + damsire_k)::text end,
           (slot + 1)::text,
           case when pool = 'flat' then ((slot + start) % field_size + 1)::text end,
           greatest(2, extract(year from date)::int - extract(year from dob)::int),
           case when pool = 'flat' then 112 + floor(30 * detail_draw)::int
                else 140 + floor(30 * detail_draw)::int end,
           case when fate not in ('result', 'dead heat') or scratched or did_not_finish then null
                when fate = 'dead heat' and finish_rank = 2 then 1
                else finish_rank::int end,
           scratched,
           ladder.fraction, ladder.price,
           case when fate in ('result', 'dead heat') and not scratched and not did_not_finish and finish_rank > 1
                then (array['nk', 'hd', 'shd', '1/2', '3/4', '1', '1 1/4', '1 1/2', '2', '2 1/2', '3', '4', '5',
                            '7', '10'])[1 + floor(15 * detail_draw)::int] end,
           case when fate in ('result', 'dead heat') and not scratched and not did_not_finish
                then round(((finish_rank - 1) * (1.2 + 2 * detail_draw))::numeric, 2) end,
           case when fate in ('result', 'dead heat') and not scratched and not did_not_finish and finish_rank <= 4
                then (array[0.57, 0.2, 0.1, 0.05])[finish_rank::int] * 5000 end,
           greatest(0, least(140, round(65 + 18 * ability + 4 * (detail_draw - 0.5))))::int,
           greatest(0, least(150, round(68 + 18 * ability + 12 * (detail_draw - 0.5))))::int,
           case when detail_draw < 0.9 then greatest(0, round(55 + 18 * ability - 10 * detail_draw))::int end,
           -- the racecards stored earlier carry the trainer's location on some
           -- rows: a third of those of the trainers findable there, a few of
           -- those whose location is already known, none of the others
           case when trainer.category = 'stored_in_runners' and location_draw < 0.35
                  or trainer.category = 'located' and location_draw < 0.08
                then trainer.location end,
           (date + off_time) - interval '2 days',
           case when fate in ('result', 'dead heat') then (date + off_time) + interval '1 hour'
                else (date + off_time) - interval '2 days' end,
           case when fate in ('result', 'dead heat') then (date + off_time) + interval '25 minutes' end
      from priced
      join pg_temp.synthetic_jockeys as jockey on jockey.k = priced.jockey_k
      join pg_temp.synthetic_trainers as trainer on trainer.k = priced.trainer_k
      join pg_temp.synthetic_owners as owner on owner.k = priced.owner_k
      left join pg_temp.synthetic_sp_ladder as ladder on ladder.cell = priced.price_cell;
end;
$function$;
