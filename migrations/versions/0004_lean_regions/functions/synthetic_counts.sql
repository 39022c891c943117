-- pgbackfill.synthetic_counts: the rows of every table `pgbackfill seed`
-- fills, by table name (what the command reports), races first.
create or replace function pgbackfill.synthetic_counts()
returns table (table_name text, row_count bigint)
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill, public
as $$
    select counted.table_name, counted.row_count
      from (
          select 1 as position, 'ra_races' as table_name, count(*) as row_count from public.ra_races
          union all select 2, 'ra_courses', count(*) from public.ra_courses
          union all select 3, 'ra_runners', count(*) from public.ra_runners
          union all select 4, 'ra_mst_horses', count(*) from public.ra_mst_horses
          union all select 5, 'ra_horse_pedigree', count(*) from public.ra_horse_pedigree
          union all select 6, 'ra_mst_jockeys', count(*) from public.ra_mst_jockeys
          union all select 7, 'ra_mst_trainers', count(*) from public.ra_mst_trainers
          union all select 8, 'ra_mst_owners', count(*) from public.ra_mst_owners
          union all select 9, 'ra_mst_sires', count(*) from public.ra_mst_sires
          union all select 10, 'ra_mst_dams', count(*) from public.ra_mst_dams
          union all select 11, 'ra_mst_damsires', count(*) from public.ra_mst_damsires
          union all select 12, 'pgbackfill_synthetic.trainer_locations', count(*)
                      from pgbackfill_synthetic.trainer_locations
      ) as counted
     order by counted.position
$$;
