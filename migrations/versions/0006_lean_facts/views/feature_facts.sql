-- pgbackfill.feature_facts: the runs (pgbackfill.runner_facts) as the
-- features see them: what each run adds to its connections' records, and
-- the keys of the sire's breakdowns. The one place these rules live for
-- pgbackfill.features_build and pgbackfill.feature_contributions.
create or replace view pgbackfill.feature_facts
with (security_invoker = true)
as
select facts.runner_id,
       facts.race_id,
       facts.race_date,
       facts.horse_id,
       facts.sire_id,
       facts.dam_id,
       facts.damsire_id,
       facts.jockey_id,
       facts.trainer_id,
       facts.owner_id,
       -- the sire at this race's class (Irish races: unclassified, never class 0)
       facts.sire_id || '|' || coalesce('class ' || facts.class_number, 'unclassified')
           as sire_class_key,
       -- the sire at this race's distance group ('7f')
       -- (the group's name from its number: no join to the race half)
       facts.sire_id || '|' || pgbackfill.distance_group(facts.distance_group_f) as sire_distance_key,
       facts.is_win::int as win,
       facts.is_place::int as place,
       -- against the market: runs without an SP count on neither side of A/E
       (facts.is_win and facts.sp_decimal is not null)::int as sp_win,
       1 / facts.sp_decimal as expected_win,
       facts.changed_at
  from pgbackfill.runner_facts as facts;

-- The features read the runs race day by race day through the facts'
-- (race_date, changed_at) index (tables/run_facts.sql).
