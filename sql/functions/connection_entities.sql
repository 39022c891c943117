-- pgbackfill.connection_entities: every jockey, trainer or owner of the
-- master table that belongs to a role (ra_mst_jockeys / _trainers / _owners):
-- the entities a statistic reports on, whether they have runs or not.
--
-- No `set search_path`, so callers can inline it and prune the two master
-- tables the role does not read (see connection_runs for why that is safe).
create or replace function pgbackfill.connection_entities(role text)
returns table (id varchar, name varchar)
language sql
stable
-- parallel safe: once inlined, lets the callers' scans and aggregates run in
-- parallel workers (an unmarked function keeps the whole query serial)
parallel safe
security invoker
as $$
    select jockey.id, jockey.name
      from public.ra_mst_jockeys as jockey
     where connection_entities.role = 'jockey'
    union all
    select trainer.id, trainer.name
      from public.ra_mst_trainers as trainer
     where connection_entities.role = 'trainer'
    union all
    select owner.id, owner.name
      from public.ra_mst_owners as owner
     where connection_entities.role = 'owner'
$$;
