"""pgbackfill.runner_facts: one row per run, every rule applied once.

Given racing rows -> refresh_runner_facts() -> expect fact rows.
"""

from __future__ import annotations

from decimal import Decimal

import psycopg

from .pedigree_data import facts, horse, race, refresh_facts, runner


def test_non_runners_are_not_runs(conn: psycopg.Connection) -> None:
    race(conn, "rac_1")
    runner(conn, "rac_1", "hrs_1", id=1)
    runner(conn, "rac_1", "hrs_2", id=2, is_scratched=True, position=None)
    refresh_facts(conn)
    assert facts(conn, "runner_id", "runs_in_race") == [(1, 1)]


def test_racecards_not_yet_run_and_abandoned_races_count_for_nothing(
    conn: psycopg.Connection,
) -> None:
    race(conn, "rac_card", has_result=False)
    race(conn, "rac_void", is_abandoned=True)
    runner(conn, "rac_card", "hrs_1", position=None)
    runner(conn, "rac_void", "hrs_1", position=1)
    refresh_facts(conn)
    assert facts(conn, "runner_id") == []


def test_non_finishers_are_losing_runs(conn: psycopg.Connection) -> None:
    race(conn, "rac_1")
    runner(conn, "rac_1", "hrs_1", id=1, position=None)
    refresh_facts(conn)
    assert facts(conn, "runner_id", "is_win", "is_place") == [(1, False, False)]


def test_a_dead_heat_gives_two_winners(conn: psycopg.Connection) -> None:
    race(conn, "rac_1")
    runner(conn, "rac_1", "hrs_1", id=1, position=1)
    runner(conn, "rac_1", "hrs_2", id=2, position=1)
    runner(conn, "rac_1", "hrs_3", id=3, position=3)
    refresh_facts(conn)
    assert facts(conn, "runner_id", "is_win", "is_third", "is_place") == [
        (1, True, False, True),
        (2, True, False, True),
        (3, False, True, True),
    ]


def test_a_missing_or_impossible_sp_is_unknown(conn: psycopg.Connection) -> None:
    race(conn, "rac_1")
    runner(conn, "rac_1", "hrs_1", id=1, starting_price_decimal=None)
    runner(conn, "rac_1", "hrs_2", id=2, starting_price_decimal=1)
    runner(conn, "rac_1", "hrs_3", id=3, starting_price_decimal=Decimal("8.50"))
    refresh_facts(conn)
    assert facts(conn, "runner_id", "sp_decimal") == [(1, None), (2, None), (3, Decimal("8.50"))]


def test_master_pedigree_wins_over_the_runner_rows_copy(conn: psycopg.Connection) -> None:
    horse(conn, "hrs_1", sire_id="sir_master", dam_id="dam_master", damsire_id="dsi_master")
    race(conn, "rac_1")
    runner(conn, "rac_1", "hrs_1", sire_id="sir_copy", dam_id="dam_copy", damsire_id="dsi_copy")
    refresh_facts(conn)
    assert facts(conn, "sire_id", "dam_id", "damsire_id") == [
        ("sir_master", "dam_master", "dsi_master")
    ]


def test_the_runner_rows_copy_fills_what_the_master_lacks(conn: psycopg.Connection) -> None:
    horse(conn, "hrs_1", sire_id="sir_master", dam_id=None, damsire_id="")
    race(conn, "rac_1")
    runner(conn, "rac_1", "hrs_1", sire_id="sir_copy", dam_id="dam_copy", damsire_id="dsi_copy")
    runner(conn, "rac_1", "hrs_unknown", sire_id="sir_only")
    refresh_facts(conn)
    assert facts(conn, "sire_id", "dam_id", "damsire_id") == [
        ("sir_master", "dam_copy", "dsi_copy"),
        ("sir_only", None, None),
    ]


def test_race_rules_are_applied_per_race(conn: psycopg.Connection) -> None:
    race(
        conn,
        "rac_1",
        race_class="",
        region="ire",
        distance_f=None,
        distance="2m4f110y",
        going="Yielding",
        surface="Turf",
        type="Chase",
        race_name="Kerry National Handicap Chase",
    )
    runner(conn, "rac_1", "hrs_1")
    refresh_facts(conn)
    assert facts(
        conn,
        "class_number",
        "furlongs",
        "distance_group",
        "distance_group_f",
        "going",
        "surface",
        "race_type",
        "is_handicap",
    ) == [(None, Decimal("20.5"), "21f", 21, "good to soft", "turf", "chase", True)]


def test_a_second_refresh_is_concurrent_and_sees_new_runs(conn: psycopg.Connection) -> None:
    race(conn, "rac_1")
    runner(conn, "rac_1", "hrs_1", id=1)
    refresh_facts(conn)
    runner(conn, "rac_1", "hrs_2", id=2)
    refresh_facts(conn)
    assert facts(conn, "runner_id", "runs_in_race") == [(1, 2), (2, 2)]


def test_each_race_gets_its_own_rules_when_they_are_kept_by_value(
    conn: psycopg.Connection,
) -> None:
    # a few values repeated over many races, blanks and NULLs among them: the
    # planner keeps each rule's result by its inputs (a Memoize node), and
    # every race must still read the rules of its own values
    goings = ["Good", "Soft (Heavy in places)", None, "Standard / Slow", "good_to_firm"]
    classes = ["Class 4", "", None, "class 1"]
    distances = [
        ("7f", None, None),
        (None, "2m4f110y", None),
        (None, None, 1609),
        (None, None, None),
    ]
    names = ["Maiden Stakes", "Kerry National Handicap Chase", None, "Nursery H'cap"]
    for number in range(240):
        distance_f, distance, distance_m = distances[number % 4]
        race(
            conn,
            f"rac_{number}",
            going=goings[number % 5],
            race_class=classes[number % 4],
            distance_f=distance_f,
            distance=distance,
            distance_m=distance_m,
            race_name=names[number // 60],
            type=["Flat", "Chase", None][number % 3],
            surface=["Turf", "AW", None][number % 3],
        )
        runner(conn, f"rac_{number}", "hrs_1")
    conn.execute("analyze public.ra_races")
    plan = "\n".join(
        row[0] for row in conn.execute("explain select * from pgbackfill.race_facts_of(null)")
    )
    assert "Memoize" in plan

    each_race = """
        select race.id,
               pgbackfill.race_type_canonical(race.type),
               pgbackfill.surface_canonical(race.surface),
               pgbackfill.going_canonical(race.going),
               pgbackfill.class_number(race.race_class),
               pgbackfill.race_furlongs(race.distance_f, race.distance, race.distance_m),
               pgbackfill.is_handicap(race.race_name)
          from public.ra_races as race order by race.id
    """
    of_the_rule = """
        select race_id, race_type, surface, going, class_number, furlongs, is_handicap
          from pgbackfill.race_facts_of(null) order by race_id
    """
    expected = conn.execute(each_race).fetchall()
    assert conn.execute(of_the_rule).fetchall() == expected
    refresh_facts(conn)
    stored = conn.execute(
        "select race_id, race_type, surface, going, class_number, furlongs, is_handicap"
        " from pgbackfill.race_facts order by race_id"
    ).fetchall()
    assert stored == expected
    assert len({row[3] for row in expected}) > 3  # the goings did differ
