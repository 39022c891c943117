"""Racing rows for the feature tests: races and runs in a few words each.

Runs go into ra_races / ra_runners (and ra_mst_horses), the tables the
users' database has; pgbackfill.runner_facts is then refreshed from them,
so the tests exercise the real path from raw rows to features.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import psycopg

from pgbackfill import features


def add_race(
    conn: psycopg.Connection,
    race_id: str,
    day: date,
    *,
    race_class: str | None = "Class 4",
    distance: str = "7f",
    has_result: bool = True,
    is_abandoned: bool = False,
    course_id: str = "crs_1",
) -> None:
    conn.execute(
        """insert into public.ra_races (id, course_id, course_name, date, region, type, surface,
                                        going, race_class, distance, distance_f, has_result,
                                        is_abandoned, created_at, updated_at)
           values (%s, %s, 'Kempton', %s, 'gb', 'Flat', 'Turf', 'Good', %s, %s, %s, %s, %s,
                   now(), now())""",
        (race_id, course_id, day, race_class, distance, distance, has_result, is_abandoned),
    )


_runner_ids = iter(range(1, 10**9))


def add_run(
    conn: psycopg.Connection,
    race_id: str,
    horse_id: str,
    *,
    position: int | None = None,
    sp: Decimal | float | None = None,
    jockey: str | None = "jky_1",
    trainer: str | None = "trn_1",
    owner: str | None = "own_1",
    sire: str | None = "sir_1",
    dam: str | None = "dam_1",
    damsire: str | None = "dsi_1",
    scratched: bool = False,
    runner_id: int | None = None,
    trainer_location: str | None = None,
) -> int:
    """One runner row; the horse's master row carries its pedigree."""
    runner_id = runner_id or next(_runner_ids)
    conn.execute(
        """insert into public.ra_mst_horses (id, name, sire_id, dam_id, damsire_id)
           values (%s, %s, %s, %s, %s) on conflict (id) do nothing""",
        (horse_id, horse_id, sire, dam, damsire),
    )
    conn.execute(
        """insert into public.ra_runners (id, race_id, horse_id, jockey_id, trainer_id, owner_id,
                                          sire_id, dam_id, damsire_id, position,
                                          starting_price_decimal, is_scratched, trainer_location,
                                          created_at, updated_at)
           values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, now(), now())""",
        (
            runner_id,
            race_id,
            horse_id,
            jockey,
            trainer,
            owner,
            sire,
            dam,
            damsire,
            position,
            None if sp is None else Decimal(str(sp)),
            scratched,
            trainer_location,
        ),
    )
    return runner_id


def refresh_and_build(conn: psycopg.Connection, **options: Any) -> features.BuildSummary:
    conn.execute("select pgbackfill.refresh_runner_facts()")
    return features.build(conn, **options)


def feature_row(conn: psycopg.Connection, runner_id: int) -> dict[str, Any]:
    with conn.cursor(row_factory=psycopg.rows.dict_row) as cursor:
        row = cursor.execute(
            "select * from pgbackfill.runner_features where runner_id = %s", (runner_id,)
        ).fetchone()
    assert row is not None, f"no features for runner {runner_id}"
    return row
