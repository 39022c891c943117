"""Small racing rows for the trainer-location tests: given these rows → call → expect rows."""

from __future__ import annotations

from collections.abc import Iterable

import psycopg


def trainers(conn: psycopg.Connection, rows: dict[str, str | None]) -> None:
    """ra_mst_trainers rows: id -> location (None or '' = missing)."""
    conn.cursor().executemany(
        "insert into ra_mst_trainers (id, name, location) values (%s, %s, %s)",
        [(trainer_id, f"Trainer {trainer_id}", location) for trainer_id, location in rows.items()],
    )


def race(conn: psycopg.Connection, race_id: str, day: str) -> None:
    conn.execute(
        "insert into ra_races (id, date, course_name, region, type, has_result, is_abandoned)"
        " values (%s, %s, 'Newbury', 'gb', 'Flat', true, false)",
        (race_id, day),
    )


_runner_ids = iter(range(1, 10**9))


def runners(
    conn: psycopg.Connection, race_id: str, entries: Iterable[tuple[str, str | None]]
) -> None:
    """ra_runners of a race: (trainer_id, trainer_location on that row)."""
    conn.cursor().executemany(
        "insert into ra_runners (id, race_id, horse_id, trainer_id, trainer_location)"
        " values (%s, %s, %s, %s, %s)",
        [
            (runner_id := next(_runner_ids), race_id, f"hrs_{runner_id}", trainer_id, location)
            for trainer_id, location in entries
        ],
    )


def day_with(conn: psycopg.Connection, day: str, trainer_ids: Iterable[str]) -> None:
    """One race on `day` with one runner per trainer (no stored location)."""
    race_id = f"rac_{next(_runner_ids)}"
    race(conn, race_id, day)
    runners(conn, race_id, [(trainer_id, None) for trainer_id in trainer_ids])


def ground_truth(conn: psycopg.Connection, rows: dict[str, str]) -> None:
    """pgbackfill_synthetic.trainer_locations: what the stand-in API answers."""
    conn.execute("create schema if not exists pgbackfill_synthetic")
    conn.execute(
        "create table if not exists pgbackfill_synthetic.trainer_locations"
        " (trainer_id varchar primary key, location varchar)"
    )
    # the synthetic generator's table also has a category column
    has_category = conn.execute(
        "select exists (select from information_schema.columns where table_schema ="
        " 'pgbackfill_synthetic' and table_name = 'trainer_locations' and column_name = 'category')"
    ).fetchone()[0]
    columns = "(trainer_id, location, category)" if has_category else "(trainer_id, location)"
    values = "(%s, %s, 'racecards_only')" if has_category else "(%s, %s)"
    conn.cursor().executemany(
        f"insert into pgbackfill_synthetic.trainer_locations {columns} values {values}"
        " on conflict (trainer_id) do update set location = excluded.location",
        list(rows.items()),
    )


def locations(conn: psycopg.Connection) -> dict[str, str | None]:
    return dict(conn.execute("select id, location from ra_mst_trainers order by id").fetchall())


def provenance(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute(
        "select trainer_id, location, source, racecard_date::text"
        " from pgbackfill.trainer_location_provenance order by trainer_id"
    ).fetchall()


def gaps(conn: psycopg.Connection) -> dict[str, tuple[str, bool]]:
    rows = conn.execute(
        "select trainer_id, reason, has_source from pgbackfill.trainer_location_gaps"
    ).fetchall()
    return {trainer_id: (reason, has_source) for trainer_id, reason, has_source in rows}
