"""ra_courses: adopted or created by migrate, filled by seed with the courses'
coordinates, every synthetic race at one of them; the audit counts the races
whose course has no coordinates (issue 14, point 1)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from pgbackfill import migrate, synthetic
from pgbackfill.errors import UserError

from .hardening import seeded_template, seeded_url  # noqa: F401
from .test_cli import run

CONTRACT = {
    "id": "character varying",
    "name": "character varying",
    "region_code": "character varying",
    "region": "character varying",
    "latitude": "numeric",
    "longitude": "numeric",
    "created_at": "timestamp without time zone",
    "updated_at": "timestamp without time zone",
}
# The source of pgbackfill.synthetic_courses: a copy of the users' reference
# list (shared/reference/courses.csv, the 91 GB/IRE courses).
COURSES_CSV = Path(__file__).with_name("courses.csv")
ALL_WEATHER = {
    "gb": {"Kempton", "Lingfield", "Wolverhampton", "Southwell", "Chelmsford", "Newcastle"},
    "ire": {"Dundalk"},
}
AUDIT_LINE = "Course coordinates (races)"


def columns(conn: psycopg.Connection, table: str) -> dict[str, str]:
    return dict(
        conn.execute(
            "select column_name, data_type from information_schema.columns"
            " where table_schema = 'public' and table_name = %s",
            (table,),
        ).fetchall()
    )


def relkind(conn: psycopg.Connection, name: str) -> str | None:
    row = conn.execute(
        "select relkind::text from pg_class where oid = to_regclass(%s)", (f"public.{name}",)
    ).fetchone()
    return row[0] if row else None


def audit_line(conn: psycopg.Connection) -> tuple[int, int, int, bool]:
    return conn.execute(
        "select total, done, missing, fillable from pgbackfill.audit_gaps(false)"
        " where category = %s",
        (AUDIT_LINE,),
    ).fetchone()


# -- migrate -------------------------------------------------------------------


def test_migrate_creates_ra_courses_where_absent(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    with psycopg.connect(empty_database_url) as conn:
        assert relkind(conn, "ra_courses") == "r"
        assert columns(conn, "ra_courses") == CONTRACT
        assert conn.execute("select count(*) from ra_courses").fetchone() == (0,)


def test_migrate_adopts_an_existing_ra_courses_rows_and_extra_columns_untouched(
    empty_database_url: str,
) -> None:
    with psycopg.connect(empty_database_url, autocommit=True) as conn:
        # the users' table before the upstream's migration 021: no coordinates,
        # a column of its own
        conn.execute(
            "create table public.ra_courses (id varchar primary key, name varchar,"
            " region_code varchar, region varchar, created_at timestamp, updated_at timestamp,"
            " abbreviation varchar)"
        )
        conn.execute(
            "insert into public.ra_courses values"
            " ('crs_52', 'Kempton', 'gb', 'Great Britain', '2025-10-19', '2025-10-19', 'Kem'),"
            " ('crs_99', 'Dundalk', 'ire', 'Ireland', '2025-10-19', '2025-10-20', 'Dun')"
        )
        before = conn.execute("select * from public.ra_courses order by id").fetchall()

    migrate.upgrade(empty_database_url)

    with psycopg.connect(empty_database_url) as conn:
        assert columns(conn, "ra_courses") == {**CONTRACT, "abbreviation": "character varying"}
        assert (
            conn.execute(
                "select id, name, region_code, region, created_at, updated_at, abbreviation"
                " from public.ra_courses order by id"
            ).fetchall()
            == before
        )
        assert conn.execute(
            "select count(latitude), count(longitude) from public.ra_courses"
        ).fetchone() == (0, 0)


def test_migrate_keeps_the_coordinate_columns_a_table_already_has(
    empty_database_url: str,
) -> None:
    with psycopg.connect(empty_database_url, autocommit=True) as conn:
        # as the upstream's migration 021 added them
        conn.execute(
            "create table public.ra_courses (id varchar primary key, name varchar,"
            " latitude decimal(10, 8), longitude decimal(11, 8))"
        )
        conn.execute("insert into public.ra_courses values ('crs_1', 'York', 53.93754, -1.09778)")
    migrate.upgrade(empty_database_url)
    with psycopg.connect(empty_database_url) as conn:
        assert conn.execute(
            "select format_type(atttypid, atttypmod) from pg_attribute"
            " where attrelid = 'public.ra_courses'::regclass and attname in ('latitude', 'longitude')"
            " order by attname"
        ).fetchall() == [("numeric(10,8)",), ("numeric(11,8)",)]
        assert conn.execute("select latitude, longitude from public.ra_courses").fetchone() == (
            Decimal("53.93754000"),
            Decimal("-1.09778000"),
        )


def test_the_upstreams_ra_mst_courses_is_read_as_ra_courses(empty_database_url: str) -> None:
    with psycopg.connect(empty_database_url, autocommit=True) as conn:
        # the upstream's migration 022 renamed ra_courses ra_mst_courses
        conn.execute("create table public.ra_mst_courses (id varchar primary key, name varchar)")
        conn.execute("insert into public.ra_mst_courses values ('crs_1', 'York')")
    migrate.upgrade(empty_database_url)
    with psycopg.connect(empty_database_url) as conn:
        assert relkind(conn, "ra_courses") == "v"
        assert {"latitude", "longitude"} <= set(columns(conn, "ra_mst_courses"))
        assert conn.execute("select id, name, latitude from ra_courses").fetchall() == [
            ("crs_1", "York", None)
        ]
    migrate.downgrade(empty_database_url, "base")
    with psycopg.connect(empty_database_url) as conn:
        assert relkind(conn, "ra_courses") is None
        assert relkind(conn, "ra_mst_courses") == "r"


# -- seed ----------------------------------------------------------------------


def test_seed_fills_the_91_courses_with_their_coordinates(
    seeded_url: str,  # noqa: F811
) -> None:
    with psycopg.connect(seeded_url) as conn:
        courses = {
            name: (course_id, region_code, region, latitude, longitude)
            for course_id, name, region_code, region, latitude, longitude in conn.execute(
                "select id, name, region_code, region, latitude, longitude from ra_courses"
            )
        }
        counted = dict(synthetic.counts(conn))
    assert len(courses) == counted["ra_courses"] == 91
    assert sum(region_code == "gb" for _, region_code, *_ in courses.values()) == 62
    assert courses["Kempton"] == (
        "crs_1029",
        "gb",
        "Great Britain",
        Decimal("51.4192"),
        Decimal("-0.40041"),
    )
    assert courses["Dundalk"] == (
        "crs_2008",
        "ire",
        "Ireland",
        Decimal("54.02203"),
        Decimal("-6.37925"),
    )
    with COURSES_CSV.open(newline="") as source:
        expected = {
            row["course"]: (
                row["country"].lower(),
                Decimal(row["latitude"]),
                Decimal(row["longitude"]),
            )
            for row in csv.DictReader(source)
        }
    assert {name: (code, lat, lon) for name, (_, code, _, lat, lon) in courses.items()} == expected


def test_every_synthetic_race_runs_at_a_course_with_coordinates(
    seeded_url: str,  # noqa: F811
) -> None:
    with psycopg.connect(seeded_url) as conn:
        races, at_known_courses, courses_used = conn.execute(
            "select count(*), count(course.id), count(distinct course.id) from ra_races as race"
            " left join ra_courses as course on course.id = race.course_id"
        ).fetchone()
        assert races > 0 and at_known_courses == races
        assert courses_used > 50  # spread over the list, not a handful
        assert audit_line(conn) == (races, races, 0, False)


def test_all_weather_races_are_at_all_weather_tracks_and_irish_races_in_ireland(
    seeded_url: str,  # noqa: F811
) -> None:
    with psycopg.connect(seeded_url) as conn:
        rows = conn.execute(
            "select race.region, race.surface, race.course_name, course.name, course.region_code,"
            " count(*) from ra_races as race join ra_courses as course on course.id = race.course_id"
            " group by 1, 2, 3, 4, 5"
        ).fetchall()
    surfaces = {surface for _, surface, *_ in rows}
    assert surfaces == {"AW", "Turf"}
    for region, surface, course_name, name, region_code, _ in rows:
        assert region == region_code, (region, name)
        if surface == "AW":
            assert name in ALL_WEATHER[region] and course_name == f"{name} (AW)"
        else:
            assert name not in {"Wolverhampton", "Chelmsford", "Dundalk"}
            assert course_name == name
    assert {name for region, surface, _, name, *_ in rows if surface == "AW"} == (
        ALL_WEATHER["gb"] | ALL_WEATHER["ire"]
    )


def test_seed_refuses_courses_it_did_not_make_and_keeps_them(conn: psycopg.Connection) -> None:
    conn.execute("insert into ra_courses (id, name) values ('crs_52', 'Kempton')")
    with pytest.raises(UserError, match="did not generate"):
        synthetic.generate(conn, scale=0.001, seed=1)
    assert conn.execute("select id, name from ra_courses").fetchall() == [("crs_52", "Kempton")]
    assert conn.execute("select count(*) from ra_races").fetchone() == (0,)


# -- audit ---------------------------------------------------------------------


def test_audit_counts_races_whose_course_has_no_coordinates_without_failing(
    database_url: str, conn: psycopg.Connection, capsys: pytest.CaptureFixture[str]
) -> None:
    conn.execute(
        "insert into ra_courses (id, name, latitude, longitude) values"
        " ('crs_york', 'York', 53.93754, -1.09778), ('crs_nolat', 'Somewhere', null, -1.5),"
        " ('crs_nolon', 'Elsewhere', 52.1, null)"
    )
    conn.execute(
        "insert into ra_races (id, course_id, date, has_result, is_abandoned) values"
        " ('rac_located', 'crs_york', '2024-06-01', true, false),"
        " ('rac_no_latitude', 'crs_nolat', '2024-06-01', true, false),"
        " ('rac_no_longitude', 'crs_nolon', '2024-06-01', true, false),"
        " ('rac_unknown_course', 'crs_gone', '2024-06-01', true, false),"
        " ('rac_no_course', null, '2024-06-01', true, false)"
    )
    conn.execute(
        "insert into ra_runners (id, race_id, horse_id, is_scratched, position)"
        " values (1, 'rac_located', 'hrs_1', false, 1)"
    )
    assert audit_line(conn) == (5, 1, 4, False)
    view = conn.execute(
        "select total, done, missing, coverage_pct from pgbackfill.data_gaps where category = %s",
        (AUDIT_LINE,),
    ).fetchone()
    assert view == (5, 1, 4, Decimal("20.00"))

    code, out, _ = run(["audit", "--database-url", database_url], capsys)
    assert code == 0  # shown, not a gap: nothing pgbackfill runs can fill it
    assert "Course coordinates" in out  # the table wraps the category in 80 columns
    code, out, _ = run(["audit", "--json", "--database-url", database_url], capsys)
    assert code == 0
    found = json.loads(out)
    assert found["complete"]
    assert [
        (line["total"], line["missing"], line["fillable"])
        for line in found["categories"]
        if line["category"] == AUDIT_LINE
    ] == [(5, 4, False)]
