"""The point-in-time travel features of pgbackfill.runner_features (issue 14):
trainer_travel_km, trainer_region and trainer_location_source, with the
location known on the race day. Given rows -> build -> expect rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import psycopg
import pytest
from psycopg.rows import dict_row

from .features_rows import add_race, add_run, feature_row, refresh_and_build
from .geo import haversine_km
from .test_features_leak import START, random_racing

DAY = date(2024, 3, 1)

# Courses as shared/reference/courses.csv gives them, and the towns as the
# gazetteer (GeoNames) places them.
COURSES = {
    "crs_kempton": ("Kempton", 51.4192, -0.40041),
    "crs_musselburgh": ("Musselburgh", 55.94703, -3.03781),
    "crs_curragh": ("Curragh", 53.16542, -6.84485),
    "crs_1": ("Kempton", 51.4192, -0.40041),
    "crs_unmapped": ("Nowhere Park", None, None),
}
NEWMARKET = (52.24467, 0.40418)
MALTON = (54.13695, -0.7996)
CURRAGH = (53.16542, -6.84485)


def day(n: int) -> date:
    return DAY + timedelta(days=n)


@pytest.fixture(autouse=True)
def courses(conn: psycopg.Connection) -> None:
    for course_id, (name, latitude, longitude) in COURSES.items():
        conn.execute(
            """insert into public.ra_courses (id, name, region_code, latitude, longitude)
               values (%s, %s, 'gb', %s, %s)
               on conflict (id) do update
                  set latitude = excluded.latitude, longitude = excluded.longitude""",
            (course_id, name, latitude, longitude),
        )


def add_trainer(conn: psycopg.Connection, trainer_id: str, location: str | None) -> None:
    conn.execute(
        "insert into public.ra_mst_trainers (id, name, location) values (%s, %s, %s)",
        (trainer_id, trainer_id, location),
    )


def observed(
    conn: psycopg.Connection,
    trainer_id: str,
    location: str,
    racecard_date: date | None,
    written_on: date,
) -> None:
    """pgbackfill's record of having written this location (as `locations` does)."""
    conn.execute(
        """insert into pgbackfill.trainer_location_provenance
                  (trainer_id, location, source, racecard_date, written_at)
           values (%s, %s, 'racecards', %s, %s)""",
        (
            trainer_id,
            location,
            racecard_date,
            datetime.combine(written_on, time(12), tzinfo=UTC),
        ),
    )


def run_on(
    conn: psycopg.Connection,
    n: int,
    trainer: str,
    course: str = "crs_kempton",
    trainer_location: str | None = None,
) -> int:
    race_id = f"rac_{trainer}_{course}_{n}"
    add_race(conn, race_id, day(n), course_id=course)
    return add_run(
        conn,
        race_id,
        f"hrs_{race_id}",
        position=1,
        sp=3,
        trainer=trainer,
        trainer_location=trainer_location,
    )


def travel(conn: psycopg.Connection, runner_id: int) -> tuple:
    row = feature_row(conn, runner_id)
    km = row["trainer_travel_km"]
    return (
        None if km is None else float(km),
        row["trainer_region"],
        row["trainer_location_source"],
    )


@pytest.mark.parametrize(
    ("location", "base", "course", "region"),
    [
        ("Newmarket, Suffolk", NEWMARKET, "crs_kempton", "East of England"),
        ("Malton, N Yorks", MALTON, "crs_musselburgh", "Yorkshire and the Humber"),
        ("Curragh, Co Kildare", CURRAGH, "crs_curragh", "Leinster"),
    ],
)
def test_travel_km_is_the_great_circle_from_the_base_to_the_course(
    conn: psycopg.Connection, location: str, base: tuple, course: str, region: str
) -> None:
    add_trainer(conn, "trn_t", location)
    runner = run_on(conn, 0, "trn_t", course)

    refresh_and_build(conn)

    km, got_region, source = travel(conn, runner)
    _, latitude, longitude = COURSES[course]
    assert km == pytest.approx(haversine_km(base, (latitude, longitude)), abs=1)
    assert (got_region, source) == (region, "upstream")


def test_newmarket_to_kempton_is_about_107_km(conn: psycopg.Connection) -> None:
    add_trainer(conn, "trn_t", "Newmarket, Suffolk")
    runner = run_on(conn, 0, "trn_t", "crs_kempton")

    refresh_and_build(conn)

    assert travel(conn, runner)[0] == pytest.approx(107.3, abs=1)


def test_no_base_or_no_course_coordinates_is_null(conn: psycopg.Connection) -> None:
    add_trainer(conn, "trn_none", None)
    add_trainer(conn, "trn_blank", " - ")
    add_trainer(conn, "trn_abroad", "Nowhere, Atlantis")
    add_trainer(conn, "trn_newmarket", "Newmarket, Suffolk")
    no_location = run_on(conn, 0, "trn_none")
    blank = run_on(conn, 0, "trn_blank")
    unknown_trainer = run_on(conn, 0, "trn_never_listed")
    unresolved = run_on(conn, 0, "trn_abroad")
    unmapped_course = run_on(conn, 0, "trn_newmarket", "crs_unmapped")
    unknown_course = run_on(conn, 0, "trn_newmarket", "crs_not_in_ra_courses")

    refresh_and_build(conn)

    for runner in (no_location, blank, unknown_trainer):
        assert travel(conn, runner) == (None, None, None)
    # a location, but no base: the source says which, never a guessed distance
    assert travel(conn, unresolved) == (None, None, "upstream")
    # a base, but no course coordinates: the region is still known
    for runner in (unmapped_course, unknown_course):
        assert travel(conn, runner) == (None, "East of England", "upstream")


@pytest.mark.parametrize("connections", [1, 2])
def test_a_location_pgbackfill_observed_counts_from_that_day_on(
    conn: psycopg.Connection, connections: int
) -> None:
    add_trainer(conn, "trn_m", "Malton, N Yorks")
    observed(conn, "trn_m", "Malton, N Yorks", racecard_date=day(5), written_on=day(40))
    before = run_on(conn, 4, "trn_m", "crs_musselburgh")
    on_the_day = run_on(conn, 5, "trn_m", "crs_musselburgh")
    after = run_on(conn, 9, "trn_m", "crs_musselburgh")

    refresh_and_build(
        conn, batch_runs=1, two_connections_from_runs=0 if connections == 2 else 10**9
    )

    assert travel(conn, before) == (None, None, None)
    km = haversine_km(MALTON, COURSES["crs_musselburgh"][1:])
    for runner in (on_the_day, after):
        got_km, region, source = travel(conn, runner)
        assert got_km == pytest.approx(km, abs=1)
        assert (region, source) == ("Yorkshire and the Humber", "pgbackfill")


def test_without_a_racecard_date_the_day_it_was_written_counts(
    conn: psycopg.Connection,
) -> None:
    add_trainer(conn, "trn_m", "Malton, N Yorks")
    observed(conn, "trn_m", "Malton, N Yorks", racecard_date=None, written_on=day(3))
    before = run_on(conn, 2, "trn_m")
    written = run_on(conn, 3, "trn_m")

    refresh_and_build(conn)

    assert travel(conn, before) == (None, None, None)
    assert travel(conn, written)[1:] == ("Yorkshire and the Humber", "pgbackfill")


def test_a_location_without_provenance_counts_for_every_run(conn: psycopg.Connection) -> None:
    add_trainer(conn, "trn_up", "Newmarket, Suffolk")
    # pgbackfill wrote another location once; someone changed it since: the
    # one standing is not pgbackfill's, so its provenance says nothing of it
    add_trainer(conn, "trn_changed", "Newmarket, Suffolk")
    observed(conn, "trn_changed", "Malton, N Yorks", racecard_date=day(50), written_on=day(60))
    runs = [run_on(conn, n, trainer) for n in (0, 30) for trainer in ("trn_up", "trn_changed")]

    refresh_and_build(conn)

    km = haversine_km(NEWMARKET, COURSES["crs_kempton"][1:])
    for runner in runs:
        got_km, region, source = travel(conn, runner)
        assert got_km == pytest.approx(km, abs=1)
        assert (region, source) == ("East of England", "upstream")


def test_the_runs_own_racecard_location_comes_first(conn: psycopg.Connection) -> None:
    # a trainer who moved from Newmarket to Malton: the runner rows of the
    # Newmarket days say so; the master row holds the new yard, observed on day 20
    add_trainer(conn, "trn_moved", "Malton, N Yorks")
    observed(conn, "trn_moved", "Malton, N Yorks", racecard_date=day(20), written_on=day(40))
    newmarket_days = run_on(conn, 0, "trn_moved", trainer_location="Newmarket, Suffolk")
    unknown_days = run_on(conn, 10, "trn_moved", trainer_location="  ")
    malton_days = run_on(conn, 25, "trn_moved")

    refresh_and_build(conn)

    assert travel(conn, newmarket_days)[1:] == ("East of England", "runner")
    assert travel(conn, newmarket_days)[0] == pytest.approx(
        haversine_km(NEWMARKET, COURSES["crs_kempton"][1:]), abs=1
    )
    assert travel(conn, unknown_days) == (None, None, None)
    assert travel(conn, malton_days)[1:] == ("Yorkshire and the Humber", "pgbackfill")


# The leak property, in the style of test_features_leak.py.


def _up_to(conn: psycopg.Connection, cut: date) -> list[tuple]:
    return conn.execute(
        "select to_jsonb(features) - 'built_at' from pgbackfill.runner_features as features"
        " where race_date <= %s order by runner_id",
        (cut,),
    ).fetchall()


@pytest.mark.parametrize("stale", [True, False], ids=["stale", "full"])
def test_locations_observed_after_a_day_never_reach_its_features(
    conn: psycopg.Connection, stale: bool
) -> None:
    random_racing(conn, 11)
    for trainer in range(5):
        add_trainer(conn, f"trn_{trainer}", None)
    refresh_and_build(conn)
    cut = START + timedelta(days=30)
    before = _up_to(conn, cut)
    assert len(before) > 50

    # pgbackfill fills the locations, as `pgbackfill locations` does: from a
    # racecard fetched for a day after the cut, and from a runner row of a
    # race after it
    racecard_day = cut + timedelta(days=10)
    conn.execute(
        "insert into pgbackfill.racecard_fetches (racecard_date, outcome) values (%s, 'ok')",
        (racecard_day,),
    )
    conn.execute(
        """insert into pgbackfill.racecard_trainers (racecard_date, trainer_id, location)
           values (%s, 'trn_0', 'Newmarket, Suffolk'), (%s, 'trn_1', 'Malton, N Yorks')""",
        (racecard_day, racecard_day),
    )
    assert conn.execute("select pgbackfill.locations_from_racecards()").fetchone()[0] == 2
    conn.execute(
        """update public.ra_runners set trainer_location = 'Lambourn, Berks'
            where id = (select run.runner_id from pgbackfill.runs as run
                         where run.trainer_id = 'trn_2' and run.race_date > %s
                         order by run.race_date desc limit 1)""",
        (cut,),
    )
    assert conn.execute("select pgbackfill.locations_from_runners()").fetchone()[0] == 1

    if stale:
        refresh_and_build(conn, stale=True)
    else:
        refresh_and_build(conn, batch_runs=25)

    assert _up_to(conn, cut) == before
    with conn.cursor(row_factory=dict_row) as cursor:
        built = cursor.execute(
            """select features.race_date, features.trainer_location_source as source,
                      coalesce(provenance.racecard_date, provenance.written_at::date) as known_from
                 from pgbackfill.runner_features as features
                 join pgbackfill.trainer_location_provenance as provenance
                   on provenance.trainer_id = features.trainer_id"""
        ).fetchall()
    # no feature uses a location pgbackfill observed after the race day
    assert all(row["race_date"] >= row["known_from"] for row in built if row["source"])
    assert all(row["source"] is None for row in built if row["race_date"] <= cut)
    if not stale:
        assert {row["source"] for row in built} == {None, "pgbackfill", "runner"}
