-- pgbackfill.synthetic_pedigree: the sires, dams and damsires of the
-- synthetic data (ra_mst_sires, ra_mst_dams, ra_mst_damsires), with their
-- statistics empty as in the seed (statistic columns and
-- analysis_last_updated NULL). Leaves pg_temp.synthetic_dams: each dam's
-- damsire and her foals' slots, from which synthetic_horses draws the horses.
-- A damsire is the sire of a dam: a dam-level attribute, so every foal of a
-- dam has the same damsire.
create or replace function pgbackfill.synthetic_pedigree(scale numeric, seed int)
returns void
language plpgsql
volatile
security invoker
set search_path = pg_catalog, pgbackfill, public
as $function$
declare
    size record;
begin
    select * into size from pgbackfill.synthetic_sizes(scale);

    -- Every dam has 1 to 5 foals and all foals together are exactly the
    -- horses: draw a number of extra foals (0-4) per dam, then move the
    -- surplus or shortfall one foal at a time onto dams that can take it.
    create temp table synthetic_dams on commit drop as
    with drawn as (
        select k,
               least(4, floor(-ln(pgbackfill.synthetic_random(seed, 11, k)) * 1.855))::int as extra,
               pgbackfill.synthetic_random(seed, 12, k) as tiebreak
          from generate_series(0, size.dams - 1) as k
    ), shortfall as (
        select (size.horses - size.dams) - sum(extra) as foals from drawn
    ), ranked as (
        select drawn.*,
               row_number() over (partition by extra < 4 order by tiebreak) as up_rank,
               row_number() over (partition by extra > 0 order by tiebreak) as down_rank
          from drawn
    ), balanced as (
        select ranked.k,
               1 + ranked.extra
                 + case when shortfall.foals > 0 and ranked.extra < 4
                             and ranked.up_rank <= shortfall.foals then 1
                        when shortfall.foals < 0 and ranked.extra > 0
                             and ranked.down_rank <= -shortfall.foals then -1
                        else 0 end as foals
          from ranked cross join shortfall
    )
    select k,
           'dam_' || (5500000 + k)::text as dam_id,
           foals,
           -- the foals of dam k take the slots [first_slot, first_slot + foals)
           (sum(foals) over (order by k) - foals)::int as first_slot,
           -- damsire: every damsire has at least one dam (dam k * step is
           -- damsire k's), the others follow a heavy-tailed popularity
           case when k % greatest(1, size.dams / size.damsires) = 0
                     and k / greatest(1, size.dams / size.damsires) < size.damsires
                then k / greatest(1, size.dams / size.damsires)
                else pgbackfill.synthetic_popular_index(
                         pgbackfill.synthetic_random(seed, 13, k), size.damsires, 150)
           end as damsire_k
      from balanced;

    insert into public.ra_mst_sires (id, name, horse_id, created_at, updated_at)
    select 'sir_' || (5000000 + k)::text,
           case when k < 50 then (pgbackfill.synthetic_words('famous_sire'))[1 + k::int]
                else pgbackfill.synthetic_horse_name(seed, 14, k) end,
           'hrs_' || (1000000 + k)::text,
           timestamp '2015-01-01 04:00' + make_interval(days => k::int % 365),
           timestamp '2015-01-01 04:00' + make_interval(days => k::int % 365)
      from generate_series(0, size.sires - 1) as k;

    insert into public.ra_mst_dams (id, name, horse_id, created_at, updated_at)
    select dam_id,
           pgbackfill.synthetic_horse_name(seed, 16, k),
           'hrs_' || (12000000 + k)::text,
           timestamp '2015-01-01 04:00' + make_interval(days => k::int % 365),
           timestamp '2015-01-01 04:00' + make_interval(days => k::int % 365)
      from pg_temp.synthetic_dams;

    -- A damsire is a stallion: half of the first ones are also sires here
    -- (same horse, same name), as in real studbooks.
    insert into public.ra_mst_damsires (id, name, horse_id, created_at, updated_at)
    select 'dsi_' || (3000000 + k)::text,
           case when k % 2 = 0 and k < size.sires then sire.name
                else pgbackfill.synthetic_horse_name(seed, 18, k) end,
           case when k % 2 = 0 and k < size.sires then sire.horse_id
                else 'hrs_' || (1500000 + k)::text end,
           timestamp '2015-01-01 04:00' + make_interval(days => k::int % 365),
           timestamp '2015-01-01 04:00' + make_interval(days => k::int % 365)
      from generate_series(0, size.damsires - 1) as k
      left join public.ra_mst_sires as sire on sire.id = 'sir_' || (5000000 + k)::text;
end;
$function$;
