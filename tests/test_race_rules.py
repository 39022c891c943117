"""class_number, going_canonical, surface/type folding, each-way places."""

from __future__ import annotations

import psycopg
import pytest

from .pedigree_data import module_connection


@pytest.fixture(scope="module")
def conn(server_url: str, template_name: str):
    # pure functions: one database for the module
    yield from module_connection(server_url, template_name)


def call(conn: psycopg.Connection, function: str, *args) -> object:
    placeholders = ", ".join(["%s"] * len(args))
    return conn.execute(f"select pgbackfill.{function}({placeholders})", args).fetchone()[0]


@pytest.mark.parametrize(("text", "number"), [("Class 4", 4), ("class 1", 1), (" Class 7 ", 7)])
def test_class_number_reads_the_class(conn: psycopg.Connection, text: str, number: int) -> None:
    assert call(conn, "class_number", text) == number


@pytest.mark.parametrize("text", [None, "", "Class 0", "Listed", "Class"])
def test_irish_and_unreadable_classes_are_unclassified_never_class_0(
    conn: psycopg.Connection, text: str | None
) -> None:
    assert call(conn, "class_number", text) is None


@pytest.mark.parametrize(
    ("spelling", "going"),
    [
        ("Good To Soft", "good to soft"),
        ("good_to_soft", "good to soft"),
        ("Yielding", "good to soft"),
        ("Good/Yielding", "good to soft"),
        ("Yielding To Soft", "soft"),
        ("Soft To Heavy", "heavy"),
        ("Good To Firm", "good to firm"),
        ("Hard", "firm"),
        ("Good (Good To Soft in places)", "good"),
        ("Standard", "standard"),
        ("Standard To Slow", "slow"),
        ("Standard To Fast", "fast"),
        ("Frozen", None),
        (None, None),
    ],
)
def test_going_spellings_fold_to_one_scale(
    conn: psycopg.Connection, spelling: str | None, going: str | None
) -> None:
    assert call(conn, "going_canonical", spelling) == going


@pytest.mark.parametrize(
    ("text", "surface"),
    [("Turf", "turf"), ("AW", "aw"), ("All-Weather", "aw"), ("Dirt", "dirt"), ("?", None)],
)
def test_surfaces_fold_to_turf_aw_dirt(conn: psycopg.Connection, text: str, surface: str) -> None:
    assert call(conn, "surface_canonical", text) == surface


@pytest.mark.parametrize(
    ("text", "race_type"),
    [("Flat", "flat"), ("Hurdle", "hurdle"), ("Chase", "chase"), ("NH Flat", "nh flat")],
)
def test_race_types_fold_to_four_kinds(conn: psycopg.Connection, text: str, race_type: str) -> None:
    assert call(conn, "race_type_canonical", text) == race_type


@pytest.mark.parametrize(
    ("runs", "handicap", "places"),
    [(4, False, 1), (5, False, 2), (7, True, 2), (8, False, 3), (16, False, 3), (16, True, 4)],
)
def test_each_way_places_follow_the_field_size(
    conn: psycopg.Connection, runs: int, handicap: bool, places: int
) -> None:
    assert call(conn, "each_way_places", runs, handicap) == places
