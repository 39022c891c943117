"""`pgbackfill refresh --table jockeys|trainers|owners|entities|all`: the
entity statistics written through the one generic refresh path."""

from __future__ import annotations

from datetime import date

import psycopg

from pgbackfill import refresh
from tests.entity_rows import add_entities, add_race, add_runner

AS_OF = date(2024, 6, 30)

JOCKEY_FIGURES = """
select id, total_rides, total_wins, win_rate, last_ride_date, days_since_last_ride,
       recent_30d_rides, stats_updated_at is not null
  from public.ra_mst_jockeys order by id
"""


def given_two_jockeys_one_idle(conn: psycopg.Connection) -> None:
    add_entities(conn, "ra_mst_jockeys", "jky_1", "jky_idle")
    add_entities(conn, "ra_mst_trainers", "trn_1")
    add_entities(conn, "ra_mst_owners", "own_1")
    add_race(conn, "rac_1", date(2024, 6, 20))
    add_runner(conn, 1, "rac_1", position=1)
    add_race(conn, "rac_2", date(2024, 7, 2))  # after the as-of date
    add_runner(conn, 2, "rac_2", position=1)


def test_refreshing_jockeys_writes_every_jockey_as_of_the_date(conn: psycopg.Connection) -> None:
    given_two_jockeys_one_idle(conn)

    summary = refresh.run(conn, "jockeys", refresh.Options(as_of=AS_OF))

    assert [(table.table, table.written) for table in summary.tables] == [("ra_mst_jockeys", 2)]
    assert conn.execute(JOCKEY_FIGURES).fetchall() == [
        ("jky_1", 1, 1, 100, date(2024, 6, 20), 10, 1, True),
        ("jky_idle", 0, 0, None, None, None, 0, True),
    ]


def test_refreshing_twice_stores_the_same_figures(conn: psycopg.Connection) -> None:
    given_two_jockeys_one_idle(conn)
    refresh.run(conn, "jockeys", refresh.Options(as_of=AS_OF))
    first = conn.execute(JOCKEY_FIGURES).fetchall()

    refresh.run(conn, "jockeys", refresh.Options(as_of=AS_OF, batch_size=1))

    assert conn.execute(JOCKEY_FIGURES).fetchall() == first


def test_only_missing_leaves_analysed_entities_alone(conn: psycopg.Connection) -> None:
    given_two_jockeys_one_idle(conn)
    conn.execute(
        "update public.ra_mst_jockeys set stats_updated_at = '2020-01-01' where id = 'jky_1'"
    )

    summary = refresh.run(conn, "jockeys", refresh.Options(as_of=AS_OF, scope="missing"))

    assert summary.tables[0].written == 1
    rides = conn.execute("select id, total_rides from public.ra_mst_jockeys order by id").fetchall()
    assert rides == [("jky_1", None), ("jky_idle", 0)]


def test_entities_refreshes_jockeys_trainers_and_owners(conn: psycopg.Connection) -> None:
    given_two_jockeys_one_idle(conn)

    summary = refresh.run(conn, "entities", refresh.Options(as_of=AS_OF))

    assert [table.table for table in summary.tables] == [
        "ra_mst_jockeys",
        "ra_mst_trainers",
        "ra_mst_owners",
    ]
    assert conn.execute(
        "select total_runners, total_wins, recent_14d_runs, stats_updated_at is not null"
        " from public.ra_mst_trainers"
    ).fetchall() == [(1, 1, 1, True)]
    assert conn.execute(
        "select total_runners, total_horses, last_runner_date from public.ra_mst_owners"
    ).fetchall() == [(1, 1, date(2024, 6, 20))]


def test_all_is_the_pedigree_tables_then_the_entity_tables() -> None:
    assert [target.table for target in refresh.targets_for("all")] == [
        "ra_mst_sires",
        "ra_mst_dams",
        "ra_mst_damsires",
        "ra_mst_jockeys",
        "ra_mst_trainers",
        "ra_mst_owners",
    ]
