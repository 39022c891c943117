-- pgbackfill.sire_stats: every sire's statistics (one row per ra_mst_sires
-- entity), named as the table's statistic columns: pgbackfill.pedigree_stats('sire').
create or replace function pgbackfill.sire_stats(min_runs int default 5)
returns setof pgbackfill.pedigree_figures
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    select * from pgbackfill.pedigree_stats('sire', sire_stats.min_runs);
$$;

-- The same for just the given entities (only_ids), reading only their runs:
-- what `pgbackfill refresh --stale` computes (refresh_stage finds this
-- overload next to the one-argument function).
create or replace function pgbackfill.sire_stats(min_runs int, only_ids varchar[])
returns setof pgbackfill.pedigree_figures
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    select * from pgbackfill.pedigree_stats('sire', sire_stats.min_runs, sire_stats.only_ids);
$$;
