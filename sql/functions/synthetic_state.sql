-- pgbackfill.synthetic_state: what the racing tables hold, for `pgbackfill
-- seed` to decide: the scale and seed of the generated data (NULL when none
-- was generated) and whether any racing table holds rows at all.
create or replace function pgbackfill.synthetic_state()
returns table (scale numeric, seed int, racing_rows bool)
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill, public
as $$
    select generation.scale, generation.seed,
           exists (select from public.ra_races) or exists (select from public.ra_courses)
           or exists (select from public.ra_runners)
           or exists (select from public.ra_mst_horses) or exists (select from public.ra_horse_pedigree)
           or exists (select from public.ra_mst_jockeys) or exists (select from public.ra_mst_trainers)
           or exists (select from public.ra_mst_owners) or exists (select from public.ra_mst_sires)
           or exists (select from public.ra_mst_dams) or exists (select from public.ra_mst_damsires)
      from (select) as always
      left join pgbackfill_synthetic.generation on true
$$;
