"""pgbackfill.synthetic_append_race_day: one more race day on generated data.

Given a small generated database -> append a day -> expect a realistic
resulted day run by existing horses and people, stamped now, appended once.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from pgbackfill import synthetic

from .conftest import create_database, drop_database, with_dbname

DAY = "2025-10-21"


@pytest.fixture(scope="module")
def seeded_url(server_url: str, template_name: str) -> Iterator[str]:
    name = create_database(server_url, template=template_name)
    url = with_dbname(server_url, name)
    with psycopg.connect(url, autocommit=True) as conn:
        synthetic.generate(conn, scale=0.01, seed=1)
        conn.execute("select * from pgbackfill.synthetic_append_race_day(%s, 20, 1)", (DAY,))
    yield url
    drop_database(server_url, name)


@pytest.fixture
def seeded(seeded_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(seeded_url, autocommit=True) as conn:
        yield conn


def day_rows(conn: psycopg.Connection, sql: str):
    return conn.execute(sql, {"day": DAY}).fetchall()


def test_appended_day_holds_the_races_asked_for(seeded: psycopg.Connection) -> None:
    [(races, resulted)] = day_rows(
        seeded,
        "select count(*), count(*) filter (where has_result) from ra_races where date = %(day)s",
    )
    assert races == 20
    assert resulted >= 18  # the odd race is abandoned


def test_every_resulted_appended_race_has_a_winner_and_prices(seeded: psycopg.Connection) -> None:
    rows = day_rows(
        seeded,
        """
        select race.id,
               count(*) filter (where runner.position = 1),
               count(*) filter (where runner.starting_price_decimal > 1),
               count(*) filter (where not runner.is_scratched)
          from ra_races as race
          join ra_runners as runner on runner.race_id = race.id
         where race.date = %(day)s and race.has_result
         group by race.id
        """,
    )
    assert rows
    for _race, winners, priced, ran in rows:
        assert winners >= 1
        assert ran >= 1
        assert priced >= ran // 2


def test_appended_runners_are_existing_horses_and_people(seeded: psycopg.Connection) -> None:
    [(runners, unknown, horses)] = day_rows(
        seeded,
        """
        select count(*),
               count(*) filter (
                   where not exists (select from ra_mst_horses as h where h.id = runner.horse_id)
                      or not exists (select from ra_mst_jockeys as j where j.id = runner.jockey_id)
                      or not exists (select from ra_mst_trainers as t where t.id = runner.trainer_id)
                      or not exists (select from ra_mst_owners as o where o.id = runner.owner_id)),
               count(distinct runner.horse_id)
          from ra_runners as runner
          join ra_races as race on race.id = runner.race_id
         where race.date = %(day)s
        """,
    )
    assert runners >= 20 * 4
    assert unknown == 0
    assert horses == runners  # no horse runs twice on the day


def test_appended_rows_are_stamped_with_the_time_they_arrive(seeded: psycopg.Connection) -> None:
    [(stale,)] = day_rows(
        seeded,
        """
        select count(*)
          from ra_runners as runner
          join ra_races as race on race.id = runner.race_id
         where race.date = %(day)s
           and (runner.created_at < localtimestamp - interval '1 hour'
                or race.created_at < localtimestamp - interval '1 hour')
        """,
    )
    assert stale == 0


def test_appending_the_same_day_again_adds_nothing(seeded: psycopg.Connection) -> None:
    before = seeded.execute("select count(*) from ra_runners").fetchone()[0]
    added = seeded.execute(
        "select table_name, row_count from pgbackfill.synthetic_append_race_day(%s, 20, 1)", (DAY,)
    ).fetchall()
    assert added == [("ra_races", 0), ("ra_runners", 0)]
    assert seeded.execute("select count(*) from ra_runners").fetchone()[0] == before


def test_a_day_without_a_year_of_racing_before_it_is_refused(seeded: psycopg.Connection) -> None:
    with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="no race was run"):
        seeded.execute("select * from pgbackfill.synthetic_append_race_day('2000-01-01')")


def test_a_race_count_out_of_range_is_refused(seeded: psycopg.Connection) -> None:
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="races must be between"):
        seeded.execute("select * from pgbackfill.synthetic_append_race_day(%s, 0)", (DAY,))
