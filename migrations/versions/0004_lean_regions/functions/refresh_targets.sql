-- pgbackfill.refresh_targets(choice): the statistics tables a refresh
-- choice names, in the order they are refreshed: one table ('dams'), a group
-- ('pedigree', 'entities', 'all'), the per-condition view ('breakdown') or
-- the regional figures ('regions').
-- The registry of what `refresh` writes, for the CLI and the procedure
-- alike: each table's stamp column, the facts column its entities are keyed
-- by, its figures function (for a view: the function that rebuilds it),
-- and the name of the advisory lock its writers take. An unknown choice is
-- one error naming the allowed values.
-- The two views rebuilt whole, the breakdown (about a minute at 1.3M runs)
-- and the regional figures (about half a minute), stay out of every group:
-- the daily `all --stale` restates a few entities in seconds, and each view
-- has its own daily job (pgbackfill.cron_plan).
create or replace function pgbackfill.refresh_targets(choice text)
returns table (
    name text,
    target regclass,
    stamp_column name,
    facts_column name,
    figures regprocedure,
    lock_name text,
    is_view boolean
)
language plpgsql
stable
security invoker
set search_path = pg_catalog, pgbackfill, public
as $$
declare
    members text[];
begin
    members := case refresh_targets.choice
                   when 'pedigree' then array['sires', 'dams', 'damsires']
                   when 'entities' then array['jockeys', 'trainers', 'owners']
                   when 'all' then array['sires', 'dams', 'damsires', 'jockeys', 'trainers', 'owners']
                   else array[refresh_targets.choice]
               end;
    return query
        with registry (position, name, target, stamp_column, facts_column, figures, lock_name, is_view) as (
            values (1, 'sires', 'public.ra_mst_sires', 'analysis_last_updated', 'sire_id',
                    'pgbackfill.sire_stats(integer)', 'ra_mst_sires', false),
                   (2, 'dams', 'public.ra_mst_dams', 'analysis_last_updated', 'dam_id',
                    'pgbackfill.dam_stats(integer)', 'ra_mst_dams', false),
                   (3, 'damsires', 'public.ra_mst_damsires', 'analysis_last_updated', 'damsire_id',
                    'pgbackfill.damsire_stats(integer)', 'ra_mst_damsires', false),
                   (4, 'jockeys', 'public.ra_mst_jockeys', 'stats_updated_at', 'jockey_id',
                    'pgbackfill.jockey_stats(date)', 'ra_mst_jockeys', false),
                   (5, 'trainers', 'public.ra_mst_trainers', 'stats_updated_at', 'trainer_id',
                    'pgbackfill.trainer_stats(date)', 'ra_mst_trainers', false),
                   (6, 'owners', 'public.ra_mst_owners', 'stats_updated_at', 'owner_id',
                    'pgbackfill.owner_stats(date)', 'ra_mst_owners', false),
                   (7, 'breakdown', 'pgbackfill.pedigree_breakdown', null, null,
                    'pgbackfill.refresh_pedigree_breakdown()', 'pgbackfill.pedigree_breakdown', true),
                   (8, 'regions', 'pgbackfill.regional_figures', null, null,
                    'pgbackfill.refresh_regional_figures()', 'pgbackfill.regional_figures', true)
        )
        select registry.name, registry.target::regclass, registry.stamp_column::name,
               registry.facts_column::name, registry.figures::regprocedure,
               registry.lock_name, registry.is_view
          from registry
         where registry.name = any (members)
         order by registry.position;
    if not found then
        raise exception 'unknown table %: use one of sires, dams, damsires, pedigree, jockeys, trainers, owners, entities, all, breakdown, regions',
            coalesce(quote_literal(refresh_targets.choice), 'NULL')
            using errcode = '22023';
    end if;
end
$$;
