-- pgbackfill.racing_facts_problem(): why the racing facts cannot be computed
-- from, in one line, or null when they can. Statistics computed from no runs
-- are zeros, and zeros stamped over every entity look like a finished job:
-- when the master tables list jockeys, trainers, owners, horses or pedigree
-- entities but ra_runners holds no runner (or ra_races no race), a command
-- that would compute or report figures stops with this line and writes
-- nothing. A database that is empty throughout is no problem: there is
-- nothing to compute.
create or replace function pgbackfill.racing_facts_problem()
returns text
language plpgsql
stable
security invoker
set search_path = pg_catalog, public
as $$
declare
    listed text;
    renamed text;
begin
    if exists (select from public.ra_runners) and exists (select from public.ra_races) then
        return null;
    end if;
    select string_agg(master, ', ' order by position)
      into listed
      from (values (1, 'ra_mst_jockeys', exists (select from public.ra_mst_jockeys)),
                   (2, 'ra_mst_trainers', exists (select from public.ra_mst_trainers)),
                   (3, 'ra_mst_owners', exists (select from public.ra_mst_owners)),
                   (4, 'ra_mst_horses', exists (select from public.ra_mst_horses)),
                   (5, 'ra_mst_sires', exists (select from public.ra_mst_sires)),
                   (6, 'ra_mst_dams', exists (select from public.ra_mst_dams)),
                   (7, 'ra_mst_damsires', exists (select from public.ra_mst_damsires)))
           as masters (position, master, has_rows)
     where has_rows;
    if listed is null then
        return null;
    end if;
    -- the upstream's renamed tables beside empty contract tables
    select string_agg(relation.relname, ', ' order by relation.relname)
      into renamed
      from pg_class as relation
     where relation.relnamespace = 'public'::regnamespace
       and relation.relname in ('ra_mst_races', 'ra_mst_runners')
       and relation.relkind in ('r', 'p');
    return format('no runs to compute from: public.%s is empty while %s list entities with runs; %s; nothing was written',
                  case when exists (select from public.ra_runners) then 'ra_races' else 'ra_runners' end,
                  listed,
                  case when renamed is not null
                       then 'the runs are in ' || renamed || ' (the upstream renamed its tables): drop the empty ra_races and ra_runners and run pgbackfill migrate, which reads the renamed tables'
                       else 'point DATABASE_URL at the database the collector fills'
                  end);
end
$$;
