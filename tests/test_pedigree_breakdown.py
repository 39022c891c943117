"""pgbackfill.pedigree_breakdown and `refresh --table breakdown`.

Given racing rows -> refresh the facts and the view -> expect the rows of
one (role, entity, dimension, value).
"""

from __future__ import annotations

import json
from decimal import Decimal

import psycopg
import pytest

from pgbackfill import refresh
from pgbackfill.errors import UserError
from pgbackfill.paths import sql_dir
from pgbackfill.sqlfiles import apply_file

from .pedigree_data import horse, race, refresh_facts, runner
from .test_refresh import cli

COUNTS = "runs, runners, wins, winners, seconds, thirds, each_way_places"
MARKET = "win_percent, expected_wins, ae, profit, roi_percent, iv"


def rebuild(conn: psycopg.Connection) -> int:
    refresh_facts(conn)
    (rows,) = conn.execute("select pgbackfill.refresh_pedigree_breakdown()").fetchone()
    return rows


def row(conn: psycopg.Connection, role: str, entity: str, dimension: str, value: str, columns: str):
    return conn.execute(
        f"select {columns} from pgbackfill.pedigree_breakdown"
        " where role = %s and entity_id = %s and dimension = %s and value = %s",
        (role, entity, dimension, value),
    ).fetchone()


def given_two_sires(conn: psycopg.Connection) -> None:
    # sir_1: hrs_1 wins rac_1 at 4.0 and is 3rd in rac_2 at 2.0; hrs_2 is 2nd in rac_1 at 5.0.
    # sir_2: hrs_3 is 2nd in rac_2 at 10.0. Four runs, one win: strike rate 1/4.
    horse(conn, "hrs_1", sire_id="sir_1", dam_id="dam_1", damsire_id="dsr_1")
    horse(conn, "hrs_2", sire_id="sir_1", dam_id="dam_2", damsire_id="dsr_1")
    horse(conn, "hrs_3", sire_id="sir_2", dam_id="dam_3")
    race(conn, "rac_1")
    race(conn, "rac_2")
    runner(conn, "rac_1", "hrs_1", position=1, starting_price_decimal=4)
    runner(conn, "rac_1", "hrs_2", position=2, starting_price_decimal=5)
    runner(conn, "rac_2", "hrs_1", position=3, starting_price_decimal=2)
    runner(conn, "rac_2", "hrs_3", position=2, starting_price_decimal=10)


def test_breakdown_overall_row_counts_runs_distinct_runners_wins_and_places(
    conn: psycopg.Connection,
) -> None:
    given_two_sires(conn)
    rebuild(conn)
    # two-runner races pay one each-way place: only rac_1's winner
    assert row(conn, "sire", "sir_1", "overall", "all", COUNTS) == (3, 2, 1, 1, 1, 1, 1)
    assert row(conn, "sire", "sir_2", "overall", "all", COUNTS) == (1, 1, 0, 0, 1, 0, 0)


def test_breakdown_market_figures_expected_wins_ae_level_stake_profit_roi_and_iv(
    conn: psycopg.Connection,
) -> None:
    given_two_sires(conn)
    rebuild(conn)
    # expected 1/4 + 1/5 + 1/2 = 0.95; A/E 1 / 0.95; P/L 4 - 3 stakes; ROI 1 / 3;
    # IV (1/3) / (1/4)
    assert row(conn, "sire", "sir_1", "overall", "all", MARKET) == (
        Decimal("33.33"),
        Decimal("0.95"),
        Decimal("1.05"),
        Decimal("1.00"),
        Decimal("33.33"),
        Decimal("1.33"),
    )
    assert row(conn, "sire", "sir_2", "overall", "all", MARKET) == (
        Decimal("0.00"),
        Decimal("0.10"),
        Decimal("0.00"),
        Decimal("-1.00"),
        Decimal("-100.00"),
        Decimal("0.00"),
    )


def test_breakdown_without_prices_leaves_ae_profit_and_roi_null(conn: psycopg.Connection) -> None:
    horse(conn, "hrs_1", sire_id="sir_1")
    race(conn, "rac_1")
    runner(conn, "rac_1", "hrs_1", position=1, starting_price_decimal=None)
    rebuild(conn)
    assert row(conn, "sire", "sir_1", "overall", "all", "wins, ae, profit, roi_percent") == (
        1,
        None,
        None,
        None,
    )


def test_breakdown_has_a_row_per_class_distance_going_surface_race_type_and_age(
    conn: psycopg.Connection,
) -> None:
    given_two_sires(conn)
    rebuild(conn)
    rows = conn.execute(
        "select dimension, value, runs from pgbackfill.pedigree_breakdown"
        " where role = 'sire' and entity_id = 'sir_1' order by dimension"
    ).fetchall()
    (going, surface, race_type) = conn.execute(
        "select distinct going, surface, race_type from pgbackfill.runner_facts"
    ).fetchone()
    assert rows == [
        ("age", "4", 3),
        ("class", "Class 4", 3),
        ("distance", "7f", 3),
        ("going", going, 3),
        ("overall", "all", 3),
        ("race_type", race_type, 3),
        ("surface", surface, 3),
    ]


def test_breakdown_names_unclassified_races_and_leaves_out_unknown_values(
    conn: psycopg.Connection,
) -> None:
    horse(conn, "hrs_1", sire_id="sir_1")
    race(conn, "rac_1", race_class=None, going=None, region="ire")
    runner(conn, "rac_1", "hrs_1", position=1)
    rebuild(conn)
    dimensions = {
        dimension: value
        for dimension, value in conn.execute(
            "select dimension, value from pgbackfill.pedigree_breakdown where entity_id = 'sir_1'"
        ).fetchall()
    }
    assert dimensions["class"] == "unclassified"
    assert "going" not in dimensions


def test_breakdown_credits_each_run_to_the_dam_and_the_damsire(conn: psycopg.Connection) -> None:
    given_two_sires(conn)
    rebuild(conn)
    assert row(conn, "dam", "dam_1", "overall", "all", "runs, runners, wins") == (2, 1, 1)
    # dsr_1 is the dam's sire of hrs_1 and hrs_2
    assert row(conn, "damsire", "dsr_1", "overall", "all", "runs, runners, wins") == (3, 2, 1)


def test_breakdown_counts_a_horse_once_when_its_runner_rows_disagree_on_its_pedigree(
    conn: psycopg.Connection,
) -> None:
    # no master pedigree: each run's own copy counts, and the two name different dams
    horse(conn, "hrs_m")
    race(conn, "rac_1")
    race(conn, "rac_2")
    runner(conn, "rac_1", "hrs_m", position=1, sire_id="sir_1", dam_id="dam_1")
    runner(conn, "rac_2", "hrs_m", position=2, sire_id="sir_1", dam_id="dam_2")
    rebuild(conn)
    assert row(conn, "sire", "sir_1", "overall", "all", "runs, runners, wins, winners") == (
        2,
        1,
        1,
        1,
    )
    assert row(conn, "dam", "dam_2", "overall", "all", "runs, runners, wins, winners") == (
        1,
        1,
        0,
        0,
    )


def test_breakdown_each_way_places_follow_the_field_size_and_handicaps(
    conn: psycopg.Connection,
) -> None:
    # 8 runners: three places; 16 in a handicap: four
    race(conn, "rac_8")
    race(conn, "rac_16", race_name="Handicap Stakes")
    for number in range(1, 9):
        horse(conn, f"hrs_8_{number}", sire_id="sir_8")
        runner(conn, "rac_8", f"hrs_8_{number}", position=number)
    for number in range(1, 17):
        horse(conn, f"hrs_16_{number}", sire_id="sir_16")
        runner(conn, "rac_16", f"hrs_16_{number}", position=number)
    rebuild(conn)
    assert row(conn, "sire", "sir_8", "overall", "all", "each_way_places") == (3,)
    assert row(conn, "sire", "sir_16", "overall", "all", "each_way_places") == (4,)


def test_refresh_pedigree_breakdown_a_second_time_sees_new_runs(conn: psycopg.Connection) -> None:
    given_two_sires(conn)
    first = rebuild(conn)
    race(conn, "rac_3", going="Soft")
    runner(conn, "rac_3", "hrs_2", position=1, starting_price_decimal=3)
    second = rebuild(conn)  # concurrently: the view is populated
    assert second > first
    assert row(conn, "sire", "sir_1", "overall", "all", "runs, wins, winners") == (4, 2, 2)


def populated_rows(conn: psycopg.Connection) -> tuple:
    (populated,) = conn.execute(
        "select ispopulated from pg_matviews where matviewname = 'pedigree_breakdown'"
    ).fetchone()
    if not populated:
        return (False, None)
    return (
        True,
        conn.execute("select * from pgbackfill.pedigree_breakdown order by 1, 2, 3, 4").fetchall(),
    )


def test_replacing_the_breakdown_definition_keeps_its_rows(conn: psycopg.Connection) -> None:
    given_two_sires(conn)
    rebuild(conn)
    before = populated_rows(conn)
    apply_file(conn, sql_dir() / "views" / "pedigree_breakdown.sql")
    assert populated_rows(conn) == before
    assert before[0] is True


def test_replacing_the_breakdown_definition_leaves_an_unfilled_view_unfilled(
    conn: psycopg.Connection,
) -> None:
    given_two_sires(conn)
    apply_file(conn, sql_dir() / "views" / "pedigree_breakdown.sql")
    assert populated_rows(conn) == (False, None)


def test_refresh_table_breakdown_rebuilds_the_view_and_logs_the_run(
    conn: psycopg.Connection, database_url: str, capsys
) -> None:
    given_two_sires(conn)
    assert cli("refresh", "--table", "breakdown", "--json", "--database-url", database_url) == 0
    summary = json.loads(capsys.readouterr().out)
    (rows,) = conn.execute("select count(*) from pgbackfill.pedigree_breakdown").fetchone()
    assert summary["tables"][0]["table"] == "pgbackfill.pedigree_breakdown"
    assert summary["tables"][0]["written"] == rows > 0
    assert conn.execute(
        "select command, phase, outcome from pgbackfill.run_log order by started_at desc limit 1"
    ).fetchone() == ("refresh", "breakdown (all)", "ok")


@pytest.mark.parametrize("option", ["--stale", "--only-missing", "--check"])
def test_refresh_table_breakdown_refuses_partial_scopes_in_one_line(
    database_url: str, capsys, option: str
) -> None:
    assert cli("refresh", "--table", "breakdown", option, "--database-url", database_url) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_second_breakdown_writer_leaves_with_one_line(
    conn: psycopg.Connection, database_url: str
) -> None:
    conn.execute("select pg_advisory_lock(hashtext('pgbackfill:pgbackfill.pedigree_breakdown'))")
    with psycopg.connect(database_url, autocommit=True) as second:
        with pytest.raises(UserError) as refused:
            refresh.run(second, "breakdown")
    assert refused.value.exit_code == 75
    assert conn.execute(
        "select ispopulated from pg_matviews where matviewname = 'pedigree_breakdown'"
    ).fetchone() == (False,)
