-- pgbackfill.actual_to_expected: A/E = wins / expected wins, two decimals,
-- where expected wins = sum of 1 / decimal SP over the runs that have an SP
-- (runs without an SP are left out of both sides). NULL with no expected
-- wins. 1.00 is par (racing-metrics.md, "Against the market").
--
-- No `set search_path`, so that it inlines (see percent).
create or replace function pgbackfill.actual_to_expected(wins numeric, expected_wins numeric)
returns numeric
language sql
immutable
parallel safe
security invoker
as $$
    select round(actual_to_expected.wins / nullif(actual_to_expected.expected_wins, 0), 2)
$$;
