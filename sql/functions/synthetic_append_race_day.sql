-- pgbackfill.synthetic_append_race_day: append one race day to the racing
-- data, as the daily feed would: `races` resulted races on `day` (about ten
-- runners each), run by horses, jockeys, trainers and owners that already
-- exist. The daily maintenance path (`refresh --stale`) is benchmarked and
-- soak-tested on it.
--
-- Each race copies the race conditions (course, type, surface, going spelling,
-- class, distance strings, name) of a race of the last year, so the day has
-- the mix and the formats of the data it extends. The field is drawn from
-- the horses that ran in that year in the same pool (flat or jumps), every
-- horse at most once that day, each with the jockey, trainer, owner and
-- pedigree copy of its latest run (30 % of rides go to another pool horse's
-- jockey). The market and the result come from the same strengths, as in
-- synthetic_runners: SP = 1 / (p * over-round) rounded to the nearest price
-- the data already holds, finishing order by a Plackett-Luce draw; non-runners,
-- non-finishers, missing SPs and the odd abandoned race are sprinkled in.
-- Draws use synthetic_random / synthetic_normal keyed by (day, race, slot),
-- so a day is the same whenever it is appended.
--
-- Rows are stamped with the current time (created_at, updated_at,
-- result_updated_at): they arrive now, which is what --stale looks at.
-- Idempotent: a day already appended (its race ids exist) adds nothing.
-- Returns the rows added per table.
create or replace function pgbackfill.synthetic_append_race_day(
    day date,
    races int default 50,
    seed int default 1
)
returns table (table_name text, row_count bigint)
language plpgsql
volatile
security invoker
set search_path = pg_catalog, pgbackfill, public
as $function$
declare
    -- every draw of this day is keyed by day_key + race * 100 + slot
    day_key constant bigint := (day - date '2000-01-01')::bigint * 100000;
    id_prefix constant text := 'rac_' || to_char(day, 'YYYYMMDD') || '_';
    first_runner_id bigint;
    races_added bigint;
    runners_added bigint;
begin
    if day is null then
        raise exception 'the day to append must not be NULL' using errcode = '22023';
    end if;
    if races is null or races < 1 or races > 999 then
        raise exception 'races must be between 1 and 999, got %', coalesce(races::text, 'NULL')
            using errcode = '22023';
    end if;
    if exists (select from public.ra_races as race where race.id like id_prefix || '%') then
        -- already appended: nothing to add
        return query values ('ra_races'::text, 0::bigint), ('ra_runners'::text, 0::bigint);
        return;
    end if;

    -- The year before the day: the races to copy conditions from and the
    -- horses in training, with what their latest run says about them.
    create temp table append_recent_races on commit drop as
    select race.*,
           case when race.type = 'Flat' then 'flat' else 'jumps' end as pool,
           row_number() over (order by race.id) - 1 as k
      from public.ra_races as race
     where race.date >= day - 365 and race.date < day
       and race.has_result and not coalesce(race.is_abandoned, false);
    if not exists (select from pg_temp.append_recent_races) then
        raise exception 'no race was run in the year before %: nothing to draw a race day from', day
            using errcode = '55000';
    end if;

    create temp table append_horses on commit drop as
    with latest as (
        select distinct on (runner.horse_id)
               runner.horse_id, runner.horse_name, runner.jockey_id, runner.jockey_name,
               runner.trainer_id, runner.trainer_name, runner.owner_id, runner.owner_name,
               runner.sire_id, runner.dam_id, runner.damsire_id, runner.age, race.date, race.pool
          from pg_temp.append_recent_races as race
          join public.ra_runners as runner on runner.race_id = race.id
         where runner.horse_id is not null and not coalesce(runner.is_scratched, false)
         order by runner.horse_id, race.date desc, race.off_time desc
    )
    select latest.*,
           (row_number() over (partition by latest.pool order by latest.horse_id) - 1)::int as i,
           (count(*) over (partition by latest.pool))::int as pool_size
      from latest;
    create unique index on pg_temp.append_horses (pool, i);

    -- the prices the data already quotes: a drawn price is rounded to one of them
    create temp table append_prices on commit drop as
    select distinct runner.starting_price as fraction, runner.starting_price_decimal as price
      from pg_temp.append_recent_races as race
      join public.ra_runners as runner on runner.race_id = race.id
     where runner.starting_price_decimal > 1 and runner.starting_price is not null;

    create temp table append_races on commit drop as
    with drawn as (
        select r,
               template.*,
               least(30, greatest(2, round(8.8 + 3.2 * pgbackfill.synthetic_normal(seed, 953, day_key + r * 100))))::int
                   as declared,
               pgbackfill.synthetic_random(seed, 954, day_key + r * 100) as fate_draw,
               time '12:00' + make_interval(mins => 5 * floor(105 * pgbackfill.synthetic_random(seed, 955, day_key + r * 100))::int)
                   as off
          from generate_series(0, races - 1) as r
          join pg_temp.append_recent_races as template
            on template.k = floor((select count(*) from pg_temp.append_recent_races)
                                  * pgbackfill.synthetic_random(seed, 951, day_key + r * 100))::bigint
    ), pooled as (
        select drawn.*,
               least(drawn.declared, pool.size) as runners_declared,
               pool.size as pool_size
          from drawn
          join (select horse.pool, count(*)::int as size
                  from pg_temp.append_horses as horse group by horse.pool) as pool on pool.pool = drawn.pool
    )
    select pooled.*,
           id_prefix || lpad(r::text, 3, '0') as race_id,
           fate_draw < 0.006 as abandoned,
           -- each pool's runners are numbered through the day: slot n of the
           -- pool is horse (start + n * stride) mod pool size, all distinct
           -- while the day has fewer runners than the pool has horses
           (sum(runners_declared) over (partition by pool order by r) - runners_declared)::int as pool_offset,
           (sum(runners_declared) over (order by r) - runners_declared)::bigint as runner_offset,
           1.04 + 0.008 * runners_declared as overround
      from pooled;

    insert into public.ra_races (id, course_id, course_name, date, off_time, off_dt, race_name, region,
                                 type, surface, going, race_class, pattern, distance, distance_f,
                                 distance_m, age_band, rating_band, sex_restriction, prize, field_size,
                                 is_abandoned, has_result, created_at, updated_at)
    select race.race_id, race.course_id, race.course_name, day, race.off, day + race.off,
           race.race_name, race.region, race.type, race.surface, race.going, race.race_class,
           race.pattern, race.distance, race.distance_f, race.distance_m, race.age_band,
           race.rating_band, race.sex_restriction, race.prize, race.runners_declared,
           race.abandoned, not race.abandoned, localtimestamp, localtimestamp
      from pg_temp.append_races as race;
    get diagnostics races_added = row_count;

    select coalesce(max(runner.id), 0) into first_runner_id from public.ra_runners as runner;

    insert into public.ra_runners (id, race_id, horse_id, horse_name, jockey_id, jockey_name,
                                   trainer_id, trainer_name, owner_id, owner_name, sire_id, dam_id,
                                   damsire_id, number, draw, age, weight_lbs, position, is_scratched,
                                   starting_price, starting_price_decimal, distance_beaten,
                                   overall_beaten_distance, prize_won, ofr, rpr, ts, trainer_location,
                                   created_at, updated_at, result_updated_at)
    with slots as (
        select race.*, slot, day_key + race.r * 100 + slot as key,
               first_runner_id + race.runner_offset + slot + 1 as runner_id,
               -- a stride coprime with the pool size walks the pool without repeats
               (floor(race.pool_size * pgbackfill.synthetic_random(seed, 956, day_key))::bigint
                + (race.pool_offset + slot)::bigint
                  * case when race.pool_size % 7919 = 0 then 7907 else 7919 end) % race.pool_size as horse_i
          from pg_temp.append_races as race
         cross join lateral generate_series(0, race.runners_declared - 1) as slot
    ), drawn as (
        select slots.*,
               -- the first declared runner always runs
               slots.slot > 0 and pgbackfill.synthetic_random(seed, 957, key) < 0.045 as scratched,
               not slots.abandoned
                   and pgbackfill.synthetic_random(seed, 958, key)
                       < case slots.type when 'Flat' then 0.01 when 'NH Flat' then 0.02
                                         when 'Hurdle' then 0.07 else 0.13 end as not_finished,
               exp(0.8 * pgbackfill.synthetic_normal(seed, 959, key)
                   + 0.6 * pgbackfill.synthetic_normal(seed, 960, key)) as strength,
               pgbackfill.synthetic_random(seed, 961, key) as finish_draw,
               pgbackfill.synthetic_random(seed, 962, key) as detail_draw,
               pgbackfill.synthetic_random(seed, 963, key) < 0.3 as other_jockey,
               floor(slots.pool_size * pgbackfill.synthetic_random(seed, 964, key))::int as jockey_from
          from slots
        offset 0
    ), raced as (
        select drawn.*,
               strength / sum(strength) filter (where not scratched) over race as win_probability,
               row_number() over (race order by scratched, not_finished, -ln(finish_draw) / strength)
                   as finish_rank
          from drawn
        window race as (partition by r)
    ), placed as (
        select raced.*,
               not abandoned and not scratched as ran,
               -- a race where every runner fell still has a winner
               not_finished and finish_rank > 1 as did_not_finish
          from raced
    )
    select placed.runner_id, placed.race_id, horse.horse_id, horse.horse_name,
           coalesce(rider.jockey_id, horse.jockey_id), coalesce(rider.jockey_name, horse.jockey_name),
           horse.trainer_id, horse.trainer_name, horse.owner_id, horse.owner_name,
           horse.sire_id, horse.dam_id, horse.damsire_id,
           (placed.slot + 1)::text,
           case when placed.pool = 'flat' then ((placed.slot + placed.r) % placed.runners_declared + 1)::text end,
           greatest(2, horse.age + (extract(year from day) - extract(year from horse.date))::int),
           case when placed.pool = 'flat' then 112 + floor(30 * detail_draw)::int
                else 140 + floor(30 * detail_draw)::int end,
           case when not ran or did_not_finish then null else finish_rank::int end,
           scratched,
           price.fraction, price.price,
           case when ran and not did_not_finish and finish_rank > 1
                then (array['nk', 'hd', 'shd', '1/2', '3/4', '1', '1 1/4', '1 1/2', '2', '2 1/2', '3', '4', '5',
                            '7', '10'])[1 + floor(15 * detail_draw)::int] end,
           case when ran and not did_not_finish
                then round(((finish_rank - 1) * (1.2 + 2 * detail_draw))::numeric, 2) end,
           case when ran and not did_not_finish and finish_rank <= 4
                then (array[0.57, 0.2, 0.1, 0.05])[finish_rank::int] * 5000 end,
           greatest(0, least(140, round(65 + 18 * ln(strength) + 4 * (detail_draw - 0.5))))::int,
           greatest(0, least(150, round(68 + 18 * ln(strength) + 12 * (detail_draw - 0.5))))::int,
           case when detail_draw < 0.9 then greatest(0, round(55 + 18 * ln(strength) - 10 * detail_draw))::int end,
           null,
           localtimestamp, localtimestamp,
           case when not abandoned then localtimestamp end
      from placed
      join pg_temp.append_horses as horse on horse.pool = placed.pool and horse.i = placed.horse_i
      left join pg_temp.append_horses as rider
        on placed.other_jockey and rider.pool = placed.pool and rider.i = placed.jockey_from
      -- the nearest quoted price (2 % of runs have none)
      left join lateral (
          select quoted.fraction, quoted.price
            from pg_temp.append_prices as quoted
           where placed.ran and detail_draw >= 0.02
           order by abs(ln(quoted.price - 1)
                        - ln(greatest(0.01, 1 / (placed.win_probability * placed.overround) - 1))),
                    quoted.price
           limit 1
      ) as price on true;
    get diagnostics runners_added = row_count;

    drop table pg_temp.append_recent_races, pg_temp.append_horses, pg_temp.append_prices,
               pg_temp.append_races;
    return query values ('ra_races'::text, races_added), ('ra_runners'::text, runners_added);
end;
$function$;
