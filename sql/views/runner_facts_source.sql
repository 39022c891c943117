-- pgbackfill.runner_facts_source: the runner facts of every run, as the rule
-- (pgbackfill.runner_facts_of) defines them: what pgbackfill.runner_facts
-- (the view over pgbackfill.race_facts and pgbackfill.run_facts) shows once
-- refreshed, and what a psql user can compare it with. Made again after
-- runner_facts_of.sql, which drops it when the facts gain a column.
create or replace view pgbackfill.runner_facts_source
with (security_invoker = true)
as
select * from pgbackfill.runner_facts_of(null);
