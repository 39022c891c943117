-- pgbackfill.synthetic_horses: the horses of the synthetic data
-- (ra_mst_horses, ra_horse_pedigree), each with a full pedigree, and
-- pg_temp.synthetic_horses: what the runner generator needs to know of each
-- horse (career window, ability, usual trainer, jockey and owner).
--
-- Horses live in two pools, flat and jumps. Horse number `pool_position` of
-- a pool of n horses is in training around day position * days / n of the
-- period (days from 2015-01-01), so the horses in training on a day form a
-- contiguous range of positions: synthetic_races draws a race's runners from
-- that range.
create or replace function pgbackfill.synthetic_horses(scale numeric, seed int)
returns void
language plpgsql
volatile
security invoker
set search_path = pg_catalog, pgbackfill, public
as $function$
declare
    size record;
    days constant int := date '2025-10-20' - date '2015-01-01' + 1;
    flat_horses int;
    -- a multiplier coprime with the horse count: foal slot q is horse
    -- (q * spread) mod horses, a permutation that scatters siblings in time
    spread bigint;
    -- trainers that retire before 2023-01-23 are the last 8 % (small yards)
    active_trainers int;
begin
    select * into size from pgbackfill.synthetic_sizes(scale);
    flat_horses := greatest(1, least(size.horses - 1, round(size.horses * 0.6)::int));
    select min(candidate) into spread
      from generate_series(greatest(1, floor(size.horses * 0.618)::bigint), 2 * size.horses + 1) as candidate
     where gcd(candidate, size.horses::bigint) = 1;
    active_trainers := greatest(1, size.trainers - round(size.trainers * 0.08)::int);

    create temp table synthetic_horses on commit drop as
    with foals as (
        select dam.k as dam_k, dam.dam_id, dam.damsire_k,
               ((dam.first_slot + foal) * spread) % size.horses as i
          from pg_temp.synthetic_dams as dam
         cross join lateral generate_series(0, dam.foals - 1) as foal
    ), placed as (
        select foals.*,
               case when i < flat_horses then 'flat' else 'jumps' end as pool,
               case when i < flat_horses then i else i - flat_horses end as pool_position,
               case when i < flat_horses then flat_horses else size.horses - flat_horses end as pool_size
          from foals
    ), career as (
        select placed.*,
               -- first day in training; flat horses start at 2 or 3, jumpers at 4 to 6
               floor((pool_position + 0.5) * days / pool_size
                     - case pool when 'flat' then 550 else 750 end)::int as career_start,
               case pool
                   when 'flat' then 2 + (pgbackfill.synthetic_random(seed, 21, i) < 0.3)::int
                   else 4 + floor(3 * pgbackfill.synthetic_random(seed, 21, i))::int
               end as starting_age
          from placed
    )
    select i,
           'hrs_' || (20000000 + i)::text as horse_id,
           pgbackfill.synthetic_horse_name(seed, 22, i) as name,
           pool, pool_position,
           make_date(extract(year from date '2015-01-01' + career_start)::int - starting_age,
                     1 + floor(5 * pgbackfill.synthetic_random(seed, 24, i))::int,
                     1 + floor(28 * pgbackfill.synthetic_random(seed, 25, i))::int) as dob,
           -- every sire has a foal (horse k * step is sire k's); the rest
           -- follow a heavy-tailed popularity
           case when i % greatest(1, size.horses / size.sires) = 0
                     and i / greatest(1, size.horses / size.sires) < size.sires
                then i / greatest(1, size.horses / size.sires)
                else pgbackfill.synthetic_popular_index(
                         pgbackfill.synthetic_random(seed, 26, i), size.sires, 150)
           end as sire_k,
           dam_k, dam_id, damsire_k,
           -- how good the horse is (the market knows it, so SPs follow it)
           pgbackfill.synthetic_normal(seed, 27, i) as ability,
           -- usual yard (big yards have many horses) and a yard to move to
           -- when the usual trainer retires
           pgbackfill.synthetic_popular_index(
               pgbackfill.synthetic_random(seed, 28, i), size.trainers, 40) as trainer_k,
           pgbackfill.synthetic_popular_index(
               pgbackfill.synthetic_random(seed, 29, i), active_trainers, 40) as fallback_trainer_k,
           pgbackfill.synthetic_popular_index(
               pgbackfill.synthetic_random(seed, 30, i), size.jockeys, 30) as jockey_k,
           -- every owner has a horse (a permutation hands out the first
           -- ones), the rest go to owners with a heavy tail (big operations)
           case when (i * spread + 7) % size.horses < size.owners
                then (i * spread + 7) % size.horses
                else pgbackfill.synthetic_popular_index(
                         pgbackfill.synthetic_random(seed, 31, i), size.owners, 300)
           end as owner_k,
           -- 1 % of master rows lack the pedigree that their runner rows carry
           pgbackfill.synthetic_random(seed, 32, i) < 0.01 as master_lacks_pedigree,
           pgbackfill.synthetic_random(seed, 33, i) as looks
      from career;

    create unique index on pg_temp.synthetic_horses (i);

    insert into public.ra_mst_horses (id, name, sire_id, dam_id, damsire_id, dob, age, sex, sex_code,
                                      colour, colour_code, breeder, region, created_at, updated_at)
    select horse.horse_id,
           horse.name || case when horse.looks < 0.55 then ' (IRE)' when horse.looks < 0.62 then ' (FR)'
                              else '' end,
           case when not horse.master_lacks_pedigree then 'sir_' || (5000000 + horse.sire_k)::text end,
           case when not horse.master_lacks_pedigree then horse.dam_id end,
           case when not horse.master_lacks_pedigree then 'dsi_' || (3000000 + horse.damsire_k)::text end,
           horse.dob,
           2025 - extract(year from horse.dob)::int,
           sex.name, sex.code, colour.name, colour.code,
           (pgbackfill.synthetic_words('surname'))[1 + (horse.i % 104)::int]
               || (array[' Stud', ' Bloodstock', ' Farms', ''])[1 + (horse.i / 104 % 4)::int],
           case when horse.looks < 0.55 then 'IRE' when horse.looks < 0.62 then 'FR' else 'GB' end,
           timestamp '2015-01-01 05:00' + make_interval(days => greatest(0, horse.dob - date '2015-01-01' + 700)),
           timestamp '2015-01-01 05:00' + make_interval(days => greatest(0, horse.dob - date '2015-01-01' + 700))
      from pg_temp.synthetic_horses as horse
      cross join lateral (
          -- jumpers are mostly geldings and mares, flat horses colts and fillies too
          select case when u < 0.45 then 'gelding' when u < 0.60 then 'colt'
                      when u < 0.90 then (case horse.pool when 'flat' then 'filly' else 'mare' end)
                      else 'horse' end as name,
                 case when u < 0.45 then 'G' when u < 0.60 then 'C'
                      when u < 0.90 then (case horse.pool when 'flat' then 'F' else 'M' end)
                      else 'H' end as code
            from (select pgbackfill.synthetic_random(seed, 34, horse.i) as u) as draw
      ) as sex
      cross join lateral (
          select (array['Bay', 'Bay', 'Bay', 'Brown', 'Chestnut', 'Chestnut', 'Grey', 'Black'])[
                     1 + floor(8 * pgbackfill.synthetic_random(seed, 35, horse.i))::int] as name
      ) as colour_name
      cross join lateral (
          select colour_name.name,
                 case colour_name.name when 'Bay' then 'B' when 'Brown' then 'BR'
                      when 'Chestnut' then 'CH' when 'Grey' then 'GR' else 'BL' end as code
      ) as colour;

    -- the lineage: complete for every horse (the seed's 100 % coverage)
    insert into public.ra_horse_pedigree (horse_id, sire_id, sire, dam_id, dam, damsire_id, damsire,
                                          breeder, region, created_at, updated_at)
    select horse.id, 'sir_' || (5000000 + synthetic.sire_k)::text, sire.name,
           synthetic.dam_id, dam.name,
           'dsi_' || (3000000 + synthetic.damsire_k)::text, damsire.name,
           horse.breeder, horse.region, horse.created_at, horse.updated_at
      from pg_temp.synthetic_horses as synthetic
      join public.ra_mst_horses as horse on horse.id = synthetic.horse_id
      join public.ra_mst_sires as sire on sire.id = 'sir_' || (5000000 + synthetic.sire_k)::text
      join public.ra_mst_dams as dam on dam.id = synthetic.dam_id
      join public.ra_mst_damsires as damsire on damsire.id = 'dsi_' || (3000000 + synthetic.damsire_k)::text;
end;
$function$;
