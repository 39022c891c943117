-- pgbackfill.impact_value: IV = the entity's strike rate / the population's
-- strike rate (its share of the wins over its share of the runs), two
-- decimals; NULL when the entity has no runs or the population no win.
-- 1.00 is average (racing-metrics.md, "Against the market").
--
-- No `set search_path`, so that it inlines (see percent).
create or replace function pgbackfill.impact_value(
    wins numeric, runs numeric, population_wins numeric, population_runs numeric
)
returns numeric
language sql
immutable
parallel safe
security invoker
as $$
    select round(
        (impact_value.wins / nullif(impact_value.runs, 0))
        / nullif(impact_value.population_wins / nullif(impact_value.population_runs, 0), 0),
        2)
$$;
