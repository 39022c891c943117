-- pgbackfill.dam_stats: every dam's statistics (one row per ra_mst_dams
-- entity), named as the table's statistic columns: pgbackfill.pedigree_stats('dam').
create or replace function pgbackfill.dam_stats(min_runs int default 5)
returns setof pgbackfill.pedigree_figures
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    select * from pgbackfill.pedigree_stats('dam', dam_stats.min_runs);
$$;

-- The same for just the given entities (only_ids), reading only their runs:
-- what `pgbackfill refresh --stale` computes (refresh_stage finds this
-- overload next to the one-argument function).
create or replace function pgbackfill.dam_stats(min_runs int, only_ids varchar[])
returns setof pgbackfill.pedigree_figures
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    select * from pgbackfill.pedigree_stats('dam', dam_stats.min_runs, dam_stats.only_ids);
$$;
