"""pgbackfill.sire_stats / dam_stats / damsire_stats: the stored figures.

Given racing rows -> <role>_stats() -> expect figures (named as the columns).
"""

from __future__ import annotations

from decimal import Decimal

import psycopg

from .pedigree_data import entities, horse, race, refresh_facts, runner


def stats(conn: psycopg.Connection, role: str, *columns: str, min_runs: int = 5) -> dict:
    refresh_facts(conn)
    cursor = conn.execute(f"select * from pgbackfill.{role}_stats(%s) order by id", (min_runs,))
    names = [column.name for column in cursor.description]
    return {
        row[0]: tuple(row[names.index(column)] for column in columns) for row in cursor.fetchall()
    }


def test_totals_count_runs_wins_seconds_and_thirds(conn: psycopg.Connection) -> None:
    entities(conn, "ra_mst_sires", "sir_1")
    horse(conn, "hrs_1", sire_id="sir_1")
    for number, position in enumerate([1, 2, 3, None], start=1):
        race(conn, f"rac_{number}")
        runner(conn, f"rac_{number}", "hrs_1", position=position)
    assert stats(
        conn,
        "sire",
        "total_runners",
        "total_wins",
        "total_places_2nd",
        "total_places_3rd",
        "overall_win_percent",
    ) == {"sir_1": (4, 1, 1, 1, Decimal("25.00"))}


def test_an_entity_with_no_runs_gets_zeros_and_nulls(conn: psycopg.Connection) -> None:
    entities(conn, "ra_mst_dams", "dam_idle")
    assert stats(
        conn,
        "dam",
        "total_runners",
        "total_wins",
        "overall_win_percent",
        "overall_ae_index",
        "class_1_name",
        "data_quality_score",
    ) == {"dam_idle": (0, 0, None, None, None, None)}


def test_runs_without_sp_are_left_out_of_both_sides_of_ae(conn: psycopg.Connection) -> None:
    entities(conn, "ra_mst_sires", "sir_1")
    horse(conn, "hrs_1", sire_id="sir_1")
    race(conn, "rac_1")
    race(conn, "rac_2")
    race(conn, "rac_3")
    runner(conn, "rac_1", "hrs_1", position=1, starting_price_decimal=4)  # 1 win, 0.25 expected
    runner(conn, "rac_2", "hrs_1", position=2, starting_price_decimal=4)  # 0.25 expected
    runner(conn, "rac_3", "hrs_1", position=1, starting_price_decimal=None)  # out of A/E
    assert stats(conn, "sire", "total_wins", "overall_ae_index", "overall_win_percent") == {
        "sir_1": (2, Decimal("2.00"), Decimal("66.67"))
    }


def test_ae_is_null_when_no_run_has_an_sp(conn: psycopg.Connection) -> None:
    entities(conn, "ra_mst_sires", "sir_1")
    horse(conn, "hrs_1", sire_id="sir_1")
    race(conn, "rac_1")
    runner(conn, "rac_1", "hrs_1", position=1, starting_price_decimal=None)
    assert stats(conn, "sire", "overall_ae_index", "class_1_ae") == {"sir_1": (None, None)}


def test_a_damsires_runs_are_its_daughters_foals(conn: psycopg.Connection) -> None:
    entities(conn, "ra_mst_damsires", "dsi_1")
    horse(conn, "hrs_foal", sire_id="sir_x", dam_id="dam_daughter", damsire_id="dsi_1")
    horse(conn, "hrs_own_son", sire_id="dsi_1")  # its own foal: a sire's run, not a damsire's
    race(conn, "rac_1")
    runner(conn, "rac_1", "hrs_foal", position=1)
    runner(conn, "rac_1", "hrs_own_son", position=2)
    assert stats(conn, "damsire", "total_runners", "total_wins") == {"dsi_1": (1, 1)}


def test_irish_unclassified_runs_count_overall_but_not_in_classes(
    conn: psycopg.Connection,
) -> None:
    entities(conn, "ra_mst_sires", "sir_1")
    horse(conn, "hrs_1", sire_id="sir_1")
    race(conn, "rac_gb", race_class="Class 3")
    race(conn, "rac_ire", race_class="", region="ire")
    runner(conn, "rac_gb", "hrs_1")
    runner(conn, "rac_ire", "hrs_1")
    assert stats(
        conn,
        "sire",
        "total_runners",
        "class_1_name",
        "class_1_runners",
        "class_2_name",
        "data_quality_score",
    ) == {"sir_1": (2, "Class 3", 1, None, Decimal("0.50"))}


def test_classes_rank_by_runs_then_wins_then_better_class(conn: psycopg.Connection) -> None:
    entities(conn, "ra_mst_sires", "sir_1")
    horse(conn, "hrs_1", sire_id="sir_1")
    plan = {  # class: positions of its runs
        "Class 5": [2, 2, 2],  # most runs
        "Class 6": [1, 2],  # tie on runs with 4 and 2, most wins
        "Class 4": [2, 2],  # ties Class 2 on runs and wins; Class 2 is better
        "Class 2": [3, 3],
    }
    for race_class, positions in plan.items():
        for number, position in enumerate(positions):
            race_id = f"rac_{race_class[-1]}_{number}"
            race(conn, race_id, race_class=race_class)
            runner(conn, race_id, "hrs_1", position=position)
    assert stats(
        conn,
        "sire",
        "class_1_name",
        "class_1_runners",
        "class_2_name",
        "class_3_name",
        "class_3_wins",
    ) == {"sir_1": ("Class 5", 3, "Class 6", "Class 2", 0)}


def test_distances_rank_by_runs_then_wins_then_shorter(conn: psycopg.Connection) -> None:
    entities(conn, "ra_mst_sires", "sir_1")
    horse(conn, "hrs_1", sire_id="sir_1")
    for number, distance_f in enumerate(["12f", "8f", "6f210y"]):
        race(conn, f"rac_{number}", distance_f=distance_f)
        runner(conn, f"rac_{number}", "hrs_1", position=2)
    assert stats(
        conn, "sire", "distance_1_name", "distance_2_name", "distance_3_name", "distance_1_runners"
    ) == {"sir_1": ("7f", "8f", "12f", 1)}


def test_best_class_needs_the_minimum_runs_a_win_and_a_price(conn: psycopg.Connection) -> None:
    entities(conn, "ra_mst_sires", "sir_1")
    horse(conn, "hrs_1", sire_id="sir_1")
    # Class 1: one win from 2 runs at 10.0: A/E 5, but below 3 runs
    # Class 3: one win from 3 runs at 4.0: A/E 1.33 -> best
    # Class 4: 3 runs, no win
    plan = {"Class 1": ([1, 2], 10), "Class 3": ([1, 2, 2], 4), "Class 4": ([2, 2, 2], 2)}
    for race_class, (positions, sp) in plan.items():
        for number, position in enumerate(positions):
            race_id = f"rac_{race_class[-1]}_{number}"
            race(conn, race_id, race_class=race_class)
            runner(conn, race_id, "hrs_1", position=position, starting_price_decimal=sp)
    assert stats(conn, "sire", "best_class", "best_class_ae", min_runs=3) == {
        "sir_1": ("Class 3", Decimal("1.33"))
    }
    assert stats(conn, "sire", "best_class", "best_class_ae", min_runs=2) == {
        "sir_1": ("Class 1", Decimal("5.00"))
    }


def test_best_class_ties_go_to_more_wins_then_the_better_class(conn: psycopg.Connection) -> None:
    entities(conn, "ra_mst_sires", "sir_1")
    horse(conn, "hrs_1", sire_id="sir_1")
    # both classes: A/E 2.00, one win; Class 2 is the better class
    for race_class in ["Class 6", "Class 2"]:
        for number, position in enumerate([1, 2]):
            race_id = f"rac_{race_class[-1]}_{number}"
            race(conn, race_id, race_class=race_class)
            runner(conn, race_id, "hrs_1", position=position, starting_price_decimal=4)
    assert stats(conn, "sire", "best_class", "best_class_ae", min_runs=2) == {
        "sir_1": ("Class 2", Decimal("2.00"))
    }


def test_no_best_class_or_distance_when_none_qualifies(conn: psycopg.Connection) -> None:
    entities(conn, "ra_mst_sires", "sir_1")
    horse(conn, "hrs_1", sire_id="sir_1")
    race(conn, "rac_1")
    runner(conn, "rac_1", "hrs_1", position=1)
    assert stats(conn, "sire", "best_class", "best_distance", "best_distance_ae") == {
        "sir_1": (None, None, None)
    }


def test_rates_round_half_away_from_zero(conn: psycopg.Connection) -> None:
    entities(conn, "ra_mst_sires", "sir_1")
    horse(conn, "hrs_1", sire_id="sir_1")
    for number in range(8):  # 1 win in 8 runs: 12.5 %; A/E 1 / (8 * 1/8) = 1.00
        race(conn, f"rac_{number}")
        runner(
            conn,
            f"rac_{number}",
            "hrs_1",
            position=1 if number == 0 else 2,
            starting_price_decimal=8,
        )
    for number in range(8, 40):  # 1 in 40 runs... 32 more without a win: 1/40 = 2.5 %
        race(conn, f"rac_{number}", race_class="Class 5")
        runner(conn, f"rac_{number}", "hrs_1", position=2, starting_price_decimal=8)
    assert stats(conn, "sire", "overall_win_percent", "class_2_win_percent") == {
        "sir_1": (Decimal("2.50"), Decimal("12.50"))
    }
