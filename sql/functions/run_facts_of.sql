-- pgbackfill.run_facts_of: the run half of the runner facts' rule (one row
-- per run, pgbackfill.runs, of the given races; NULL: every race): the run's
-- ids, position, age and usable decimal SP (a price of 1.00 or less is no
-- price), the horse's pedigree (ra_mst_horses first, the runner row's copy
-- as fallback), when the run or its horse last changed, and where its
-- trainer is based (pgbackfill.trainer_base of ra_mst_trainers.location, the
-- location as it stands; NULL when it does not resolve), for the run's
-- travel. pgbackfill.runner_facts_of joins it to the race half
-- (pgbackfill.race_facts_of); the first fill of the facts joins it to the
-- race half it has just stored, so each race's rules are worked out once.
--
-- Inlinable (plain SQL, stable, no SET clause; every name schema-qualified),
-- so the caller's race filter reaches the scans.
create or replace function pgbackfill.run_facts_of(race_ids varchar[])
returns table (
    runner_id bigint,
    race_id varchar,
    race_date date,
    horse_id varchar,
    jockey_id varchar,
    trainer_id varchar,
    owner_id varchar,
    "position" int,
    age int,
    sp_decimal numeric,
    sire_id text,
    dam_id text,
    damsire_id text,
    changed_at timestamp,
    base_latitude double precision,
    base_longitude double precision
)
language sql
stable
parallel safe
security invoker
as $$
    select run.runner_id,
           run.race_id,
           run.race_date,
           run.horse_id,
           run.jockey_id,
           run.trainer_id,
           run.owner_id,
           run.position,
           run.age,
           -- a price of 1.00 or less is no price (it cannot be a decimal SP)
           case when run.starting_price_decimal > 1 then run.starting_price_decimal end
               as sp_decimal,
           coalesce(nullif(horse.sire_id, ''), nullif(run.sire_id, '')) as sire_id,
           coalesce(nullif(horse.dam_id, ''), nullif(run.dam_id, '')) as dam_id,
           coalesce(nullif(horse.damsire_id, ''), nullif(run.damsire_id, '')) as damsire_id,
           -- the horse's row too: its pedigree decides whose run this is
           greatest(run.changed_at, horse.updated_at) as changed_at,
           base.latitude as base_latitude,
           base.longitude as base_longitude
      from pgbackfill.runs as run
      left join public.ra_mst_horses as horse on horse.id = run.horse_id
      -- the trainer's base, once per trainer
      left join (select trainer.id, found.latitude, found.longitude
                   from public.ra_mst_trainers as trainer
                  cross join lateral pgbackfill.trainer_base(trainer.location) as found
                  where found.latitude is not null) as base on base.id = run.trainer_id
     where run_facts_of.race_ids is null or run.race_id = any (run_facts_of.race_ids)
$$;
