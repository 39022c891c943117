"""Jockey, trainer and owner statistics as of a date (issue 4, item 1).

Each test: given these races and runners → refresh the runner facts → call
pgbackfill.jockey_stats / trainer_stats / owner_stats (as of a date) →
expect these rows. Definitions: racing-metrics.md and schema.md.
"""

from __future__ import annotations

from datetime import date, timedelta

import psycopg
import pytest

from tests.entity_rows import add_entities, add_race, add_runner, refresh_facts

AS_OF = date(2024, 6, 30)


def jockey(conn: psycopg.Connection, jockey_id: str = "jky_1", as_of: date = AS_OF) -> dict:
    refresh_facts(conn)
    cursor = conn.execute(
        "select * from pgbackfill.jockey_stats(%s) where id = %s", (as_of, jockey_id)
    )
    columns = [column.name for column in cursor.description]
    (row,) = cursor.fetchall()
    return dict(zip(columns, row, strict=True))


def ride(conn: psycopg.Connection, race_id: str, runner_id: int, race_date: date, **runner) -> None:
    """One race on race_date with jky_1's runner in it (plus what runner says)."""
    add_race(conn, race_id, race_date)
    add_runner(conn, runner_id, race_id, **runner)


def test_every_jockey_gets_a_row_and_one_without_runs_gets_zeros_and_nulls(
    conn: psycopg.Connection,
) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1", "jky_idle")
    ride(conn, "rac_1", 1, AS_OF, position=1)

    idle = jockey(conn, "jky_idle")

    assert {k: v for k, v in idle.items() if k != "id"} == {
        "total_rides": 0, "total_wins": 0, "total_places": 0, "total_seconds": 0,
        "total_thirds": 0, "win_rate": None, "place_rate": None,
        "last_ride_date": None, "last_win_date": None,
        "days_since_last_ride": None, "days_since_last_win": None,
        "recent_14d_rides": 0, "recent_14d_wins": 0, "recent_14d_win_rate": None,
        "recent_30d_rides": 0, "recent_30d_wins": 0, "recent_30d_win_rate": None,
    }  # fmt: skip
    count = conn.execute("select count(*) from pgbackfill.jockey_stats(%s)", (AS_OF,)).fetchone()
    assert count == (2,)


def test_runs_after_the_as_of_date_do_not_count(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1")
    ride(conn, "rac_1", 1, AS_OF, position=2)
    ride(conn, "rac_2", 2, AS_OF + timedelta(days=1), position=1)

    stats = jockey(conn)

    assert (stats["total_rides"], stats["total_wins"], stats["last_ride_date"]) == (1, 0, AS_OF)
    later = jockey(conn, as_of=AS_OF + timedelta(days=1))
    assert (later["total_rides"], later["total_wins"]) == (2, 1)


def test_racecard_rows_of_races_not_yet_run_are_not_runs(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1")
    add_race(conn, "rac_card", AS_OF, has_result=False)
    add_runner(conn, 1, "rac_card")

    assert jockey(conn)["total_rides"] == 0


def test_abandoned_races_count_for_nothing(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1")
    add_race(conn, "rac_void", AS_OF, is_abandoned=True)
    add_runner(conn, 1, "rac_void", position=1)

    assert jockey(conn)["total_rides"] == 0


def test_non_runners_are_not_runs(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1")
    ride(conn, "rac_1", 1, AS_OF, is_scratched=True)

    stats = jockey(conn)

    assert (stats["total_rides"], stats["last_ride_date"]) == (0, None)


def test_non_finishers_are_losing_runs(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1")
    ride(conn, "rac_1", 1, AS_OF, position=None)  # pulled up
    ride(conn, "rac_2", 2, AS_OF - timedelta(days=1), position=1)

    stats = jockey(conn)

    assert (stats["total_rides"], stats["total_wins"], stats["win_rate"]) == (2, 1, 50)


def test_both_dead_heat_winners_count_as_wins(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1", "jky_2")
    add_race(conn, "rac_1", AS_OF)
    add_runner(conn, 1, "rac_1", jockey_id="jky_1", horse_id="hrs_1", position=1)
    add_runner(conn, 2, "rac_1", jockey_id="jky_2", horse_id="hrs_2", position=1)

    assert jockey(conn, "jky_1")["total_wins"] == 1
    assert jockey(conn, "jky_2")["total_wins"] == 1


def test_places_are_first_second_and_third(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1")
    for runner_id, position in enumerate([1, 2, 3, 3, 4, None], start=1):
        ride(conn, f"rac_{runner_id}", runner_id, AS_OF, position=position)

    stats = jockey(conn)

    assert [stats[k] for k in ("total_rides", "total_wins", "total_seconds", "total_thirds",
                               "total_places")] == [6, 1, 1, 2, 4]  # fmt: skip


def test_rates_are_percentages_with_two_decimals(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1")
    for runner_id, position in enumerate([1, 3, 5], start=1):
        ride(conn, f"rac_{runner_id}", runner_id, AS_OF, position=position)

    stats = jockey(conn)

    assert (str(stats["win_rate"]), str(stats["place_rate"])) == ("33.33", "66.67")


@pytest.mark.parametrize(
    ("days_before", "counted"),
    [(0, True), (13, True), (14, False), (15, False), (-1, False)],
    ids=["as-of-day", "13-days-before", "14-days-before", "15-days-before", "day-after"],
)
def test_the_14_day_window_is_the_14_days_ending_on_the_as_of_date(
    conn: psycopg.Connection, days_before: int, counted: bool
) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1")
    ride(conn, "rac_1", 1, AS_OF - timedelta(days=days_before), position=1)

    stats = jockey(conn)

    expected = (1, 1, 100) if counted else (0, 0, None)
    assert (stats["recent_14d_rides"], stats["recent_14d_wins"],
            stats["recent_14d_win_rate"]) == expected  # fmt: skip


@pytest.mark.parametrize(
    ("days_before", "counted"),
    [(0, True), (29, True), (30, False), (31, False), (-1, False)],
    ids=["as-of-day", "29-days-before", "30-days-before", "31-days-before", "day-after"],
)
def test_the_30_day_window_is_the_30_days_ending_on_the_as_of_date(
    conn: psycopg.Connection, days_before: int, counted: bool
) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1")
    ride(conn, "rac_1", 1, AS_OF - timedelta(days=days_before), position=2)

    stats = jockey(conn)

    expected = (1, 0, 0) if counted else (0, 0, None)
    assert (stats["recent_30d_rides"], stats["recent_30d_wins"],
            stats["recent_30d_win_rate"]) == expected  # fmt: skip


def test_days_since_last_ride_and_win_count_from_the_as_of_date(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1")
    ride(conn, "rac_1", 1, date(2024, 6, 1), position=1)
    ride(conn, "rac_2", 2, date(2024, 6, 20), position=4)
    ride(conn, "rac_3", 3, date(2024, 7, 5), position=1)  # after the as-of date

    stats = jockey(conn)

    assert (stats["last_ride_date"], stats["last_win_date"]) == (
        date(2024, 6, 20),
        date(2024, 6, 1),
    )
    assert (stats["days_since_last_ride"], stats["days_since_last_win"]) == (10, 29)


def test_the_as_of_date_defaults_to_today(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1")
    ride(conn, "rac_1", 1, date.today() - timedelta(days=3), position=1)
    refresh_facts(conn)

    row = conn.execute(
        "select days_since_last_ride, recent_14d_wins from pgbackfill.jockey_stats()"
    ).fetchone()

    assert row == (3, 1)


def test_trainers_are_counted_by_the_runners_trainer(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_trainers", "trn_1", "trn_2")
    add_race(conn, "rac_1", AS_OF)
    add_runner(conn, 1, "rac_1", trainer_id="trn_1", jockey_id="jky_1", position=1)
    add_runner(conn, 2, "rac_1", trainer_id="trn_1", jockey_id="jky_2", position=2)
    add_runner(conn, 3, "rac_1", trainer_id="trn_2", jockey_id="jky_1", position=3)
    refresh_facts(conn)

    rows = conn.execute(
        "select id, total_runners, total_wins, total_places, last_runner_date,"
        " recent_14d_runs, recent_30d_runs from pgbackfill.trainer_stats(%s) order by id",
        (AS_OF,),
    ).fetchall()

    assert rows == [("trn_1", 2, 1, 2, AS_OF, 2, 2), ("trn_2", 1, 0, 1, AS_OF, 1, 1)]


def test_owners_total_horses_counts_the_distinct_horses_that_ran(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_owners", "own_1", "own_2")
    for number, horse in enumerate(["hrs_a", "hrs_a", "hrs_b"], start=1):
        add_race(conn, f"rac_{number}", AS_OF - timedelta(days=number))
        add_runner(conn, number, f"rac_{number}", owner_id="own_1", horse_id=horse, position=number)
    add_runner(conn, 4, "rac_1", owner_id="own_1", horse_id="hrs_nr", is_scratched=True)
    add_runner(conn, 5, "rac_1", owner_id="own_2", horse_id="hrs_a", position=5)
    refresh_facts(conn)

    rows = conn.execute(
        "select id, total_runners, total_wins, total_horses from pgbackfill.owner_stats(%s)"
        " order by id",
        (AS_OF,),
    ).fetchall()

    assert rows == [("own_1", 3, 1, 2), ("own_2", 1, 0, 1)]


@pytest.mark.parametrize(
    ("function", "table", "not_statistics"),
    [
        ("jockey_stats", "ra_mst_jockeys", set()),
        ("trainer_stats", "ra_mst_trainers", {"location"}),
        ("owner_stats", "ra_mst_owners", set()),
    ],
)
def test_each_function_returns_its_tables_statistic_columns_by_name(
    conn: psycopg.Connection, function: str, table: str, not_statistics: set[str]
) -> None:
    # The refresh driver builds its SET list from these names.
    table_columns = {
        name
        for (name,) in conn.execute(
            "select column_name from information_schema.columns"
            " where table_schema = 'public' and table_name = %s",
            (table,),
        ).fetchall()
    }
    cursor = conn.execute(f"select * from pgbackfill.{function}('2024-01-01') limit 0")
    returned = {column.name for column in cursor.description}

    bookkeeping = {"name", "created_at", "updated_at", "stats_updated_at"}
    assert returned == table_columns - bookkeeping - not_statistics


@pytest.mark.parametrize("role", ["horse", "", None])
def test_an_unknown_role_is_refused(conn: psycopg.Connection, role: str | None) -> None:
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="unknown connection role"):
        conn.execute("select * from pgbackfill.connection_stats(%s, '2024-01-01')", (role,))


def test_a_null_as_of_date_is_refused(conn: psycopg.Connection) -> None:
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="as-of date"):
        conn.execute("select * from pgbackfill.jockey_stats(null)")
