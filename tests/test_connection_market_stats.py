"""pgbackfill.connection_market_stats: A/E, level-stake P/L, ROI and IV per
jockey, trainer or owner, over all runs and the last 30 and 14 days."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import psycopg
import pytest

from tests.entity_rows import add_entities, add_race, add_runner, refresh_facts

AS_OF = date(2024, 6, 30)
COLUMNS = "period, runs, wins, win_rate, sp_runs, expected_wins, ae, level_stake_pl, roi, iv"


def market(conn: psycopg.Connection, role: str, entity_id: str) -> dict[str, tuple]:
    refresh_facts(conn)
    rows = conn.execute(
        f"select {COLUMNS} from pgbackfill.connection_market_stats(%s, %s) where id = %s",
        (role, AS_OF, entity_id),
    ).fetchall()
    return {row[0]: row[1:] for row in rows}


def test_ae_pl_and_roi_are_over_the_runs_with_an_sp(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1")
    # won at 5.0, lost at 2.5, won with no SP (a win, but out of the market figures)
    for number, (position, sp) in enumerate([(1, "5.0"), (2, "2.5"), (1, None)], start=1):
        add_race(conn, f"rac_{number}", AS_OF - timedelta(days=100))
        add_runner(conn, number, f"rac_{number}", position=position, sp=sp)

    overall = market(conn, "jockey", "jky_1")["all"]

    # expected = 1/5 + 1/2.5 = 0.6; A/E = 1 / 0.6; P/L = 5.0 - 2 stakes; ROI = 3 / 2
    assert overall == (3, 2, Decimal("66.67"), 2, Decimal("0.60"), Decimal("1.67"),
                       Decimal("3.00"), Decimal("150.00"), Decimal("1.00"))  # fmt: skip


def test_iv_is_the_strike_rate_over_the_strike_rate_of_every_run(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1", "jky_2")
    # four runs, one win: population strike rate 25 %; jky_1 wins 1 of 2 = 50 %
    for number, (jockey_id, position) in enumerate(
        [("jky_1", 1), ("jky_1", 2), ("jky_2", 2), ("jky_2", 3)], start=1
    ):
        add_race(conn, f"rac_{number}", AS_OF)
        add_runner(conn, number, f"rac_{number}", jockey_id=jockey_id, position=position)

    assert market(conn, "jockey", "jky_1")["all"][-1] == Decimal("2.00")
    assert market(conn, "jockey", "jky_2")["all"][-1] == Decimal("0.00")


def test_each_period_counts_the_runs_of_its_window_only(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_trainers", "trn_1")
    for number, days_before in enumerate([0, 13, 14, 29, 30, 200], start=1):
        add_race(conn, f"rac_{number}", AS_OF - timedelta(days=days_before))
        add_runner(conn, number, f"rac_{number}", position=1, sp="2.0")
    add_race(conn, "rac_later", AS_OF + timedelta(days=1))
    add_runner(conn, 99, "rac_later", position=1, sp="2.0")

    periods = market(conn, "trainer", "trn_1")

    assert {period: row[0] for period, row in periods.items()} == {"all": 6, "30d": 4, "14d": 2}


def test_an_entity_without_runs_has_a_row_per_period_with_no_figures(
    conn: psycopg.Connection,
) -> None:
    add_entities(conn, "ra_mst_owners", "own_idle")

    periods = market(conn, "owner", "own_idle")

    assert periods == {
        p: (0, 0, None, 0, None, None, None, None, None) for p in ("all", "30d", "14d")
    }


def test_an_unknown_role_is_refused(conn: psycopg.Connection) -> None:
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="unknown connection role"):
        conn.execute("select * from pgbackfill.connection_market_stats('sire')")
