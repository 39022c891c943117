-- pgbackfill.synthetic_sizes: how many of everything `pgbackfill seed`
-- generates at a scale. Scale 1.0 is the seed's database (its "Current
-- State" table); counts scale linearly, at least 1 each. The exact gap
-- counts (1,523 trainers without location, 115 / 169 / 1,018 entities
-- without statistics, 2,143 / 48,372 / 3,041 pedigree entities) hold at 1.0.
create or replace function pgbackfill.synthetic_sizes(scale numeric)
returns table (
    races int,
    horses int,
    jockeys int,
    trainers int,
    owners int,
    sires int,
    dams int,
    damsires int,
    trainers_without_location int,
    trainers_stored_in_runners int,
    trainers_racecards_only int,
    jockeys_without_statistics int,
    trainers_without_statistics int,
    owners_without_statistics int,
    unrun_races int
)
language sql
immutable
parallel safe
security invoker
set search_path = pg_catalog
as $$
    select greatest(1, round(137000 * scale))::int,
           greatest(1, round(112000 * scale))::int,
           greatest(1, round(3500 * scale))::int,
           -- 1,523 trainers lacking a location are 54.76 % of all: 1523 / 0.5476 = 2,781
           greatest(1, round(2781 * scale))::int,
           -- "owners in the tens of thousands"
           greatest(1, round(40000 * scale))::int,
           greatest(1, round(2143 * scale))::int,
           greatest(1, round(48372 * scale))::int,
           greatest(1, round(3041 * scale))::int,
           greatest(1, round(1523 * scale))::int,
           -- of those: ~600 findable in ra_runners.trainer_location, ~820 only
           -- in the API's racecards, the rest (~103) with no source at all
           round(600 * scale)::int,
           round(820 * scale)::int,
           greatest(1, round(115 * scale))::int,
           greatest(1, round(169 * scale))::int,
           greatest(1, round(1018 * scale))::int,
           -- the last races are racecards not yet run (about two days' worth)
           greatest(2, round(70 * scale))::int
$$;
