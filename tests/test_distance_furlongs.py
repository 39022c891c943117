"""pgbackfill.distance_furlongs / race_furlongs / distance_group: every stored format."""

from __future__ import annotations

from decimal import Decimal

import psycopg
import pytest

from .pedigree_data import module_connection


@pytest.fixture(scope="module")
def conn(server_url: str, template_name: str):
    # pure functions: one database for the module
    yield from module_connection(server_url, template_name)


def furlongs(conn: psycopg.Connection, text: str | None) -> Decimal | None:
    return conn.execute("select pgbackfill.distance_furlongs(%s)", (text,)).fetchone()[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7.0", Decimal("7")),
        ("8.5f", Decimal("8.5")),
        ("23f", Decimal("23")),
        ("6f210y", Decimal("6.955")),
        ("2m4f", Decimal("20")),
        ("2m4f110y", Decimal("20.5")),
        ("1m", Decimal("8")),
        ("1m7f", Decimal("15")),
        (" 2m 4f ", Decimal("20")),
        ("7F", Decimal("7")),
    ],
)
def test_every_stored_distance_format_becomes_furlongs(
    conn: psycopg.Connection, text: str, expected: Decimal
) -> None:
    assert furlongs(conn, text) == expected


@pytest.mark.parametrize("text", [None, "", "abc", "0", "m", "7f 7f", "0f"])
def test_unreadable_distances_are_unknown(conn: psycopg.Connection, text: str | None) -> None:
    assert furlongs(conn, text) is None


def test_distance_f_wins_when_it_parses(conn: psycopg.Connection) -> None:
    row = conn.execute("select pgbackfill.race_furlongs('8.5f', '1m', 1600)").fetchone()
    assert row == (Decimal("8.5"),)


def test_distance_is_used_when_distance_f_does_not_parse(conn: psycopg.Connection) -> None:
    row = conn.execute("select pgbackfill.race_furlongs('', '2m4f', 4023)").fetchone()
    assert row == (Decimal("20"),)


def test_metres_are_the_last_resort(conn: psycopg.Connection) -> None:
    row = conn.execute("select pgbackfill.race_furlongs(null, 'n/a', 1408)").fetchone()
    assert row == (Decimal("6.999"),)


def test_no_distance_at_all_is_unknown(conn: psycopg.Connection) -> None:
    assert conn.execute("select pgbackfill.race_furlongs(null, null, null)").fetchone() == (None,)


@pytest.mark.parametrize(
    ("value", "group"),
    [("6.955", "7f"), ("7.5", "8f"), ("7.499", "7f"), ("20.5", "21f"), ("5", "5f")],
)
def test_distance_groups_are_whole_furlongs_with_halves_rounding_up(
    conn: psycopg.Connection, value: str, group: str
) -> None:
    row = conn.execute("select pgbackfill.distance_group(%s::numeric)", (value,)).fetchone()
    assert row == (group,)
