-- pgbackfill.trainer_bases: every trainer of ra_mst_trainers with a
-- location, and its base (pgbackfill.trainer_base). The unresolved ones, with
-- the reason:
--   select * from pgbackfill.trainer_bases where resolved_by is null;
create or replace view pgbackfill.trainer_bases
with (security_invoker = true)
as
select trainer.id as trainer_id,
       pgbackfill.clean_location(trainer.location) as location,
       base.place,
       base.county,
       base.region,
       base.latitude,
       base.longitude,
       base.resolved_by,
       base.reason
  from public.ra_mst_trainers as trainer
 cross join lateral pgbackfill.trainer_base(trainer.location) as base
 where pgbackfill.clean_location(trainer.location) is not null;
