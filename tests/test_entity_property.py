"""Property: on random small databases, jockey_stats / trainer_stats /
owner_stats equal a plain-Python reading of racing-metrics.md, column by
column. Race days are drawn as days before the as-of date, leaning on the
window edges (the day after, the day itself, 13/14 and 29/30 days before)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.entity_rows import add_entities, add_race, add_runner, refresh_facts

AS_OF = date(2024, 6, 30)
EDGES = [-1, 0, 13, 14, 29, 30]
POOL = 3  # jockeys, trainers and owners 0..2 (plus one of each that never runs)
ROLES = {
    "jockey": ("jky", "ra_mst_jockeys", "jockey_stats"),
    "trainer": ("trn", "ra_mst_trainers", "trainer_stats"),
    "owner": ("own", "ra_mst_owners", "owner_stats"),
}


@dataclass(frozen=True)
class Runner:
    jockey: int
    trainer: int
    owner: int
    horse: int
    position: int | None
    is_scratched: bool


@dataclass(frozen=True)
class Race:
    days_before: int
    has_result: bool
    is_abandoned: bool
    runners: tuple[Runner, ...]


runners = st.builds(
    Runner,
    jockey=st.integers(0, POOL - 1),
    trainer=st.integers(0, POOL - 1),
    owner=st.integers(0, POOL - 1),
    horse=st.integers(0, 4),
    position=st.none() | st.integers(1, 5),
    is_scratched=st.sampled_from([False, False, False, True]),
)
races = st.builds(
    Race,
    days_before=st.sampled_from(EDGES) | st.integers(-3, 45),
    has_result=st.sampled_from([True, True, True, False]),
    is_abandoned=st.sampled_from([False, False, False, True]),
    runners=st.lists(runners, min_size=1, max_size=5).map(tuple),
)


def percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def expected_stats(all_races: list[Race], role: str, as_of: date = AS_OF) -> dict[str, tuple]:
    """The definitions, in plain Python: one tuple per entity id."""
    prefix = ROLES[role][0]
    runs = [
        (as_of - timedelta(days=race.days_before), runner)
        for race in all_races
        if race.has_result and not race.is_abandoned
        for runner in race.runners
        if not runner.is_scratched and race.days_before >= 0
    ]
    result = {}
    for number in [*range(POOL), "idle"]:
        mine = [(day, r) for day, r in runs if getattr(r, role) == number]
        wins = [day for day, r in mine if r.position == 1]
        places = sum(1 for _, r in mine if r.position in (1, 2, 3))
        last_run = max((day for day, _ in mine), default=None)
        last_win = max(wins, default=None)
        window = {
            n: [(day, r) for day, r in mine if as_of - timedelta(days=n) < day] for n in (14, 30)
        }
        window_wins = {n: sum(1 for _, r in window[n] if r.position == 1) for n in (14, 30)}
        row = (
            len(mine), len(wins), places,
            sum(1 for _, r in mine if r.position == 2), sum(1 for _, r in mine if r.position == 3),
            percent(len(wins), len(mine)), percent(places, len(mine)),
            last_run, last_win,
            (as_of - last_run).days if last_run else None,
            (as_of - last_win).days if last_win else None,
            len(window[14]), window_wins[14], percent(window_wins[14], len(window[14])),
            len(window[30]), window_wins[30], percent(window_wins[30], len(window[30])),
        )  # fmt: skip
        if role == "owner":
            row += (len({r.horse for _, r in mine}),)
        result[f"{prefix}_{number}"] = row
    return result


def store(conn: psycopg.Connection, all_races: list[Race]) -> None:
    conn.execute(
        "truncate public.ra_races, public.ra_runners, public.ra_mst_jockeys,"
        " public.ra_mst_trainers, public.ra_mst_owners"
    )
    for prefix, table, _ in ROLES.values():
        add_entities(conn, table, *(f"{prefix}_{n}" for n in [*range(POOL), "idle"]))
    runner_id = 0
    for number, race in enumerate(all_races):
        add_race(conn, f"rac_{number}", AS_OF - timedelta(days=race.days_before),
                 has_result=race.has_result, is_abandoned=race.is_abandoned)  # fmt: skip
        for runner in race.runners:
            runner_id += 1
            add_runner(
                conn, runner_id, f"rac_{number}",
                horse_id=f"hrs_{runner.horse}", jockey_id=f"jky_{runner.jockey}",
                trainer_id=f"trn_{runner.trainer}", owner_id=f"own_{runner.owner}",
                position=runner.position, is_scratched=runner.is_scratched,
            )  # fmt: skip
    refresh_facts(conn)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(all_races=st.lists(races, max_size=8))
def test_sql_statistics_equal_the_definitions(
    conn: psycopg.Connection, all_races: list[Race]
) -> None:
    store(conn, all_races)
    for role, (_, _, function) in ROLES.items():
        rows = conn.execute(f"select * from pgbackfill.{function}(%s)", (AS_OF,)).fetchall()
        assert {row[0]: tuple(row[1:]) for row in rows} == expected_stats(all_races, role)
