"""pgbackfill.course_records: each jockey's, trainer's or owner's record at
each course, with IV against every run at that course."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import psycopg
import pytest

from tests.entity_rows import add_entities, add_race, add_runner, refresh_facts

AS_OF = date(2024, 6, 30)


def test_a_trainers_record_is_kept_per_course(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_trainers", "trn_1", "trn_2")
    add_race(conn, "rac_1", date(2024, 5, 1), course_id="crs_c", course_name="Chester")
    add_runner(conn, 1, "rac_1", trainer_id="trn_1", position=1, sp="4.0")
    add_runner(conn, 2, "rac_1", trainer_id="trn_2", position=2, sp="2.0")
    add_race(conn, "rac_2", date(2024, 6, 1), course_id="crs_c", course_name="Chester")
    add_runner(conn, 3, "rac_2", trainer_id="trn_1", position=3, sp="4.0")
    add_runner(conn, 4, "rac_2", trainer_id="trn_2", position=4)
    add_race(conn, "rac_3", date(2024, 6, 2), course_id="crs_a", course_name="Ascot")
    add_runner(conn, 5, "rac_3", trainer_id="trn_1", position=5, sp="3.0")
    refresh_facts(conn)

    rows = conn.execute(
        """select id, course_name, runs, wins, places, win_rate, sp_runs, ae, level_stake_pl, iv,
                  last_run_date, last_win_date
             from pgbackfill.course_records('trainer', %s) where id = 'trn_1'""",
        (AS_OF,),
    ).fetchall()

    # Chester: 4 runs 1 win (25 %); trn_1 1 of 2 (50 %) -> IV 2.00;
    # expected 1/4 + 1/4 = 0.5 -> A/E 2.00; P/L 4 - 2 = 2.00
    assert rows == [
        ("trn_1", "Ascot", 1, 0, 0, Decimal("0.00"), 1, Decimal("0.00"), Decimal("-1.00"), None,
         date(2024, 6, 2), None),
        ("trn_1", "Chester", 2, 1, 2, Decimal("50.00"), 2, Decimal("2.00"), Decimal("2.00"),
         Decimal("2.00"), date(2024, 6, 1), date(2024, 5, 1)),
    ]  # fmt: skip


def test_course_runs_after_the_as_of_date_do_not_count(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1")
    add_race(conn, "rac_1", date(2024, 7, 1))
    add_runner(conn, 1, "rac_1", position=1)
    refresh_facts(conn)

    rows = conn.execute("select * from pgbackfill.course_records('jockey', %s)", (AS_OF,))

    assert rows.fetchall() == []


def test_an_unknown_role_is_refused(conn: psycopg.Connection) -> None:
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="unknown connection role"):
        conn.execute("select * from pgbackfill.course_records('dam')")
