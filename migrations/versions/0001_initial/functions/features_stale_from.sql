-- pgbackfill.features_stale_from: the first race day whose features are
-- missing or out of date (NULL when every day is up to date). A change on a
-- day moves the features of every later day too, so everything from this
-- day on needs building.
create or replace function pgbackfill.features_stale_from()
returns date
language sql
stable
security invoker
set search_path = pg_catalog, pgbackfill
as $$
    with fact_days as (
        select facts.race_date, count(*)::int as runs, max(facts.changed_at) as last_changed_at
          from pgbackfill.runner_facts as facts
         group by facts.race_date
    )
    select min(coalesce(fact.race_date, built.race_date))
      from fact_days as fact
      full join pgbackfill.feature_days as built on built.race_date = fact.race_date
     where built.race_date is null                                    -- never built
        or fact.race_date is null                                     -- its runs are gone
        or built.runs <> fact.runs                                    -- runs added or deleted
        or built.last_changed_at is distinct from fact.last_changed_at; -- a run changed
$$;
