"""Racing rows for the jockey/trainer/owner statistics tests, in a few words.

Races and runners go into ra_races / ra_runners, the tables the users'
database has; pgbackfill.runner_facts is then refreshed from them, so the
tests exercise the real path from raw rows to statistics.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import psycopg


def add_entities(conn: psycopg.Connection, table: str, *ids: str) -> None:
    """Master rows (ra_mst_jockeys, ra_mst_trainers or ra_mst_owners), named after their id."""
    assert table in {"ra_mst_jockeys", "ra_mst_trainers", "ra_mst_owners"}
    for entity_id in ids:
        conn.execute(
            f"insert into public.{table} (id, name) values (%s, %s)", (entity_id, entity_id)
        )


def add_race(
    conn: psycopg.Connection,
    race_id: str,
    day: date,
    *,
    course_id: str = "crs_1",
    course_name: str = "Kempton",
    has_result: bool = True,
    is_abandoned: bool = False,
) -> None:
    conn.execute(
        """insert into public.ra_races (id, course_id, course_name, date, region, type, surface,
                                        going, race_class, distance, distance_f, has_result,
                                        is_abandoned, created_at, updated_at)
           values (%s, %s, %s, %s, 'gb', 'Flat', 'Turf', 'Good', 'Class 4', '7f', '7f', %s, %s,
                   now(), now())""",
        (race_id, course_id, course_name, day, has_result, is_abandoned),
    )


def add_runner(
    conn: psycopg.Connection,
    runner_id: int,
    race_id: str,
    *,
    horse_id: str = "hrs_1",
    jockey_id: str | None = "jky_1",
    trainer_id: str | None = "trn_1",
    owner_id: str | None = "own_1",
    position: int | None = None,
    is_scratched: bool = False,
    sp: Decimal | float | str | None = None,
) -> None:
    conn.execute(
        """insert into public.ra_runners (id, race_id, horse_id, jockey_id, trainer_id, owner_id,
                                          position, is_scratched, starting_price_decimal,
                                          created_at, updated_at)
           values (%s, %s, %s, %s, %s, %s, %s, %s, %s, now(), now())""",
        (
            runner_id,
            race_id,
            horse_id,
            jockey_id,
            trainer_id,
            owner_id,
            position,
            is_scratched,
            None if sp is None else Decimal(str(sp)),
        ),
    )


def refresh_facts(conn: psycopg.Connection) -> None:
    conn.execute("select pgbackfill.refresh_runner_facts()")
