"""Small hand-built racing rows for the pedigree and runner-facts tests.

Each helper inserts one row with sensible defaults (a resulted, run,
classified turf race; a runner who ran) and takes any column as a keyword.
"""

from __future__ import annotations

import itertools
from typing import Any

import psycopg
from psycopg import sql

_ids = itertools.count(1)


def insert(conn: psycopg.Connection, table: str, **values: Any) -> None:
    columns = list(values)
    conn.execute(
        sql.SQL("insert into public.{} ({}) values ({})").format(
            sql.Identifier(table),
            sql.SQL(", ").join(map(sql.Identifier, columns)),
            sql.SQL(", ").join(sql.Placeholder() * len(columns)),
        ),
        list(values.values()),
    )


def race(conn: psycopg.Connection, race_id: str, **values: Any) -> str:
    row = {
        "id": race_id,
        "date": "2024-05-01",
        "course_id": "crs_1",
        "course_name": "Ascot",
        "region": "gb",
        "type": "Flat",
        "surface": "Turf",
        "going": "Good",
        "race_class": "Class 4",
        "distance_f": "7f",
        "race_name": "Maiden Stakes",
        "has_result": True,
        "is_abandoned": False,
    }
    row.update(values)
    insert(conn, "ra_races", **row)
    return race_id


def runner(conn: psycopg.Connection, race_id: str, horse_id: str, **values: Any) -> int:
    runner_id = values.pop("id", None) or next(_ids)
    row = {
        "id": runner_id,
        "race_id": race_id,
        "horse_id": horse_id,
        "position": 2,
        "is_scratched": False,
        "starting_price_decimal": 5,
        "age": 4,
    }
    row.update(values)
    insert(conn, "ra_runners", **row)
    return runner_id


def horse(conn: psycopg.Connection, horse_id: str, **values: Any) -> str:
    insert(conn, "ra_mst_horses", id=horse_id, **values)
    return horse_id


def entities(conn: psycopg.Connection, table: str, *ids: str) -> None:
    for entity_id in ids:
        insert(conn, table, id=entity_id)


def refresh_facts(conn: psycopg.Connection) -> None:
    conn.execute("select pgbackfill.refresh_runner_facts()")


def facts(conn: psycopg.Connection, *columns: str) -> list[tuple]:
    """Rows of pgbackfill.runner_facts (after a refresh), ordered by runner id."""
    return conn.execute(
        sql.SQL("select {} from pgbackfill.runner_facts order by runner_id").format(
            sql.SQL(", ").join(map(sql.Identifier, columns))
        )
    ).fetchall()


def module_connection(server_url: str, template_name: str):
    """One migrated database for a whole module of pure-function tests (fast)."""
    from .conftest import create_database, drop_database, with_dbname

    name = create_database(server_url, template=template_name)
    try:
        with psycopg.connect(with_dbname(server_url, name), autocommit=True) as connection:
            yield connection
    finally:
        drop_database(server_url, name)
