-- pgbackfill.synthetic_counts: the rows of every table `pgbackfill seed`
-- fills, by table name (what the command reports).
create or replace function pgbackfill.synthetic_counts()
returns table (table_name text, row_count bigint)
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill, public
as $$
    select 'ra_races', count(*) from public.ra_races
    union all select 'ra_runners', count(*) from public.ra_runners
    union all select 'ra_mst_horses', count(*) from public.ra_mst_horses
    union all select 'ra_horse_pedigree', count(*) from public.ra_horse_pedigree
    union all select 'ra_mst_jockeys', count(*) from public.ra_mst_jockeys
    union all select 'ra_mst_trainers', count(*) from public.ra_mst_trainers
    union all select 'ra_mst_owners', count(*) from public.ra_mst_owners
    union all select 'ra_mst_sires', count(*) from public.ra_mst_sires
    union all select 'ra_mst_dams', count(*) from public.ra_mst_dams
    union all select 'ra_mst_damsires', count(*) from public.ra_mst_damsires
    union all select 'pgbackfill_synthetic.trainer_locations', count(*)
                from pgbackfill_synthetic.trainer_locations
$$;
