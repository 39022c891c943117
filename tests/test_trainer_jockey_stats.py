"""pgbackfill.trainer_jockey_stats: every trainer x jockey pairing, beside
the trainer's own strike rate."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import psycopg

from tests.entity_rows import add_entities, add_race, add_runner, refresh_facts

AS_OF = date(2024, 6, 30)


def test_each_pairing_is_counted_beside_the_trainers_own_win_rate(
    conn: psycopg.Connection,
) -> None:
    add_entities(conn, "ra_mst_trainers", "trn_1")
    add_entities(conn, "ra_mst_jockeys", "jky_1", "jky_2")
    runs = [("jky_1", 1, 40), ("jky_1", 2, 10), ("jky_2", 4, 5), ("jky_2", None, 100)]
    for number, (jockey_id, position, days_before) in enumerate(runs, start=1):
        add_race(conn, f"rac_{number}", AS_OF - timedelta(days=days_before))
        add_runner(conn, number, f"rac_{number}", jockey_id=jockey_id, position=position, sp="3.0")
    add_race(conn, "rac_later", AS_OF + timedelta(days=1))
    add_runner(conn, 9, "rac_later", jockey_id="jky_2", position=1)
    refresh_facts(conn)

    rows = conn.execute(
        """select trainer_id, jockey_id, jockey_name, runs, wins, places, win_rate,
                  trainer_win_rate, ae, level_stake_pl, iv, last_run_date,
                  recent_30d_runs, recent_30d_wins
             from pgbackfill.trainer_jockey_stats(%s)""",
        (AS_OF,),
    ).fetchall()

    # population: 4 runs, 1 win (25 %); jky_1 with trn_1: 1 of 2 (50 %) -> IV 2.00
    assert rows == [
        ("trn_1", "jky_1", "jky_1", 2, 1, 2, Decimal("50.00"), Decimal("25.00"), Decimal("1.50"),
         Decimal("1.00"), Decimal("2.00"), AS_OF - timedelta(days=10), 1, 0),
        ("trn_1", "jky_2", "jky_2", 2, 0, 0, Decimal("0.00"), Decimal("25.00"), Decimal("0.00"),
         Decimal("-2.00"), Decimal("0.00"), AS_OF - timedelta(days=5), 1, 0),
    ]  # fmt: skip


def test_runs_without_a_trainer_or_jockey_make_no_pairing(conn: psycopg.Connection) -> None:
    add_race(conn, "rac_1", AS_OF)
    add_runner(conn, 1, "rac_1", jockey_id=None, position=1)
    add_runner(conn, 2, "rac_1", trainer_id=None, horse_id="hrs_2", position=2)
    refresh_facts(conn)

    assert (
        conn.execute("select * from pgbackfill.trainer_jockey_stats(%s)", (AS_OF,)).fetchall() == []
    )
