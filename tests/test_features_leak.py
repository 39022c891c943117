"""No future in the features: (a) every feature of random runs equals a direct
computation, in plain Python, from the runs strictly before that race day;
(b) changing or deleting runs after a day leaves every feature up to it alone.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import psycopg
import pytest
from psycopg.rows import dict_row

from pgbackfill import features

from .features_rows import add_race, add_run, refresh_and_build

START = date(2024, 1, 1)
SPS = [None, 1.5, 2, 2.5, 3, 4, 5.5, 8, 11, 21]


def random_racing(conn: psycopg.Connection, seed: int) -> None:
    """~60 days of small races over small pools, with every awkward case."""
    rng = random.Random(seed)
    horses = {
        f"hrs_{h}": (
            rng.choice([None, *[f"sir_{s}" for s in range(5)]]),
            f"dam_{rng.randrange(12)}",
            rng.choice([None, *[f"dsi_{d}" for d in range(4)]]),
        )
        for h in range(30)
    }
    race = 0
    for offset in range(0, 60, rng.choice([1, 2])):
        for _ in range(rng.randrange(4)):
            race += 1
            race_id = f"rac_{race}"
            add_race(
                conn,
                race_id,
                START + timedelta(days=offset),
                race_class=rng.choice(["Class 1", "Class 3", "", None]),
                distance=rng.choice(["5f", "7f", "1m", "1m4f"]),
                has_result=rng.random() > 0.05,
                is_abandoned=rng.random() < 0.05,
            )
            field = rng.sample(sorted(horses), rng.randrange(2, 8))
            for place, horse in enumerate(field, start=1):
                sire, dam, damsire = horses[horse]
                add_run(
                    conn,
                    race_id,
                    horse,
                    position=None if rng.random() < 0.1 else place,
                    sp=rng.choice(SPS),
                    jockey=rng.choice([None, *[f"jky_{j}" for j in range(6)]]),
                    trainer=f"trn_{rng.randrange(5)}",
                    owner=rng.choice([None, *[f"own_{o}" for o in range(8)]]),
                    sire=sire,
                    dam=dam,
                    damsire=damsire,
                    scratched=rng.random() < 0.05,
                )


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _record(runs: list[dict]) -> dict[str, object]:
    """runs, wins, win_pct, places, expected_wins, ae as racing-metrics.md defines them."""
    if not runs:
        return dict.fromkeys(("runs", "wins", "win_pct", "places", "expected_wins", "ae"))
    wins = sum(run["is_win"] for run in runs)
    priced = [run for run in runs if run["sp_decimal"] is not None]
    expected = sum((1 / run["sp_decimal"] for run in priced), Decimal(0))
    priced_wins = sum(run["is_win"] for run in priced)
    return {
        "runs": len(runs),
        "wins": wins,
        "win_pct": _round(Decimal(100) * wins / len(runs), 2),
        "places": sum(run["is_place"] for run in runs),
        "expected_wins": _round(expected, 4),
        "ae": _round(priced_wins / expected, 2) if expected > 0 else None,
    }


def expected_features(run: dict, history: list[dict]) -> dict[str, object]:
    """Every feature of one run, straight from the runs of earlier days."""
    earlier = [other for other in history if other["race_date"] < run["race_date"]]
    want: dict[str, object] = {}

    def same(*columns: str) -> list[dict]:
        if any(run[column] is None for column in columns):
            return []
        return [o for o in earlier if all(o[c] == run[c] for c in columns)]

    horse = same("horse_id")
    want["horse_runs"] = len(horse) or None
    want["horse_wins"] = sum(o["is_win"] for o in horse) if horse else None
    want["horse_days_since_last_run"] = (
        (run["race_date"] - max(o["race_date"] for o in horse)).days if horse else None
    )
    groups = {
        "sire": same("sire_id"),
        "sire_class": [o for o in same("sire_id") if o["class_number"] == run["class_number"]],
        "sire_distance": same("sire_id", "distance_group"),
        "dam": same("dam_id"),
        "damsire": same("damsire_id"),
        "jockey": same("jockey_id"),
        "trainer": same("trainer_id"),
        "owner": same("owner_id"),
    }
    for kind, runs in groups.items():
        for figure, value in _record(runs).items():
            want[f"{kind}_{figure}"] = value
    for kind in ("jockey", "trainer"):
        for days in (14, 30):
            window = [
                o for o in groups[kind] if o["race_date"] >= run["race_date"] - timedelta(days=days)
            ]
            known = bool(groups[kind])
            wins = sum(o["is_win"] for o in window)
            want[f"{kind}_{days}d_runs"] = len(window) if known else None
            want[f"{kind}_{days}d_wins"] = wins if known else None
            want[f"{kind}_{days}d_win_pct"] = (
                _round(Decimal(100) * wins / len(window), 2) if window else None
            )
    return want


def _facts(conn: psycopg.Connection) -> list[dict]:
    with conn.cursor(row_factory=dict_row) as cursor:
        return cursor.execute("select * from pgbackfill.runner_facts").fetchall()


def _features(conn: psycopg.Connection) -> dict[int, dict]:
    with conn.cursor(row_factory=dict_row) as cursor:
        rows = cursor.execute("select * from pgbackfill.runner_features").fetchall()
    return {row["runner_id"]: row for row in rows}


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("connections", [1, 2])
def test_every_feature_equals_a_direct_computation_from_earlier_days(
    conn: psycopg.Connection, seed: int, connections: int
) -> None:
    random_racing(conn, seed)
    # small batches: the running totals carried between batches are exercised
    # too, and with two connections the totals computed for the second half
    refresh_and_build(
        conn, batch_runs=40, two_connections_from_runs=0 if connections == 2 else 10**9
    )
    history = _facts(conn)
    built = _features(conn)
    assert len(built) == len(history) > 100

    for run in random.Random(seed).sample(history, 80):
        got = built[run["runner_id"]]
        for column, value in expected_features(run, history).items():
            assert got[column] == value, (run["runner_id"], column)


def _up_to(conn: psycopg.Connection, day: date) -> list[tuple]:
    return conn.execute(
        "select to_jsonb(features) - 'built_at' from pgbackfill.runner_features as features"
        " where race_date <= %s order by runner_id",
        (day,),
    ).fetchall()


@pytest.mark.parametrize("stale", [True, False], ids=["stale", "full"])
def test_changing_or_deleting_later_runs_leaves_earlier_features_alone(
    conn: psycopg.Connection, stale: bool
) -> None:
    random_racing(conn, 7)
    refresh_and_build(conn)
    cut = START + timedelta(days=30)
    before = _up_to(conn, cut)
    assert len(before) > 50

    later = "(select id from public.ra_races where date > %(cut)s)"
    conn.execute(
        f"update public.ra_runners set position = coalesce(position, 0) %% 3 + 1,"
        f" starting_price_decimal = 3.5, updated_at = now() + interval '1 minute'"
        f" where race_id in {later} and id %% 2 = 0",
        {"cut": cut},
    )
    conn.execute(
        f"delete from public.ra_runners where race_id in {later} and id %% 3 = 0", {"cut": cut}
    )
    add_race(conn, "rac_late", cut + timedelta(days=1))
    add_run(conn, "rac_late", "hrs_1", position=1, sp=2, sire="sir_0", trainer="trn_0")
    if stale:
        summary = refresh_and_build(conn, stale=True)
        assert summary.first_day > cut
    else:
        conn.execute("select pgbackfill.refresh_runner_facts()")
        features.build(conn, batch_runs=25)

    assert _up_to(conn, cut) == before
