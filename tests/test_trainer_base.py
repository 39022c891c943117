"""A trainer's base, found offline (issue 14): the gazetteer, the press's
county abbreviations, the fallback to a county's centre, and the
great-circle distance. Given a location → call → expect the base."""

from __future__ import annotations

import math
from collections.abc import Iterator

import psycopg
import pytest

from pgbackfill.paths import sql_dir

from .conftest import create_database, drop_database, with_dbname
from .geo import haversine_km
from .locations_data import trainers


@pytest.fixture(scope="module")
def conn(server_url: str, template_name: str) -> Iterator[psycopg.Connection]:
    """One migrated database for this module's lookups, which write nothing
    (conftest's `conn` copies a database per test: ~0.5 s each)."""
    name = create_database(server_url, template=template_name)
    try:
        with psycopg.connect(with_dbname(server_url, name), autocommit=True) as connection:
            yield connection
    finally:
        drop_database(server_url, name)


COLUMNS = ("place", "county", "region", "latitude", "longitude", "resolved_by", "reason")


def base(conn: psycopg.Connection, location: str | None) -> dict:
    row = conn.execute("select * from pgbackfill.trainer_base(%s)", (location,)).fetchall()
    assert len(row) == 1, "trainer_base returns exactly one row"
    return dict(zip(COLUMNS, row[0], strict=True))


def km(conn: psycopg.Connection, a: tuple[float, float], b: tuple[float, float]) -> float | None:
    return conn.execute("select pgbackfill.great_circle_km(%s, %s, %s, %s)", (*a, *b)).fetchone()[0]


# The racing press's county spellings: the brief's, and every county the
# synthetic trainer locations use → (county, region).
ABBREVIATIONS = {
    "N Yorks": ("North Yorkshire", "Yorkshire and the Humber"),
    "Berks": ("Berkshire", "South East"),
    "Hants": ("Hampshire", "South East"),
    "Glos": ("Gloucestershire", "South West"),
    "W Sussex": ("West Sussex", "South East"),
    "E Sussex": ("East Sussex", "South East"),
    "Surrey": ("Surrey", "South East"),
    "Kent": ("Kent", "South East"),
    "Oxon": ("Oxfordshire", "South East"),
    "Bucks": ("Buckinghamshire", "South East"),
    "Wilts": ("Wiltshire", "South West"),
    "Devon": ("Devon", "South West"),
    "Cornwall": ("Cornwall", "South West"),
    "Somerset": ("Somerset", "South West"),
    "Dorset": ("Dorset", "South West"),
    "Leics": ("Leicestershire", "East Midlands"),
    "Lincs": ("Lincolnshire", "East Midlands"),
    "Notts": ("Nottinghamshire", "East Midlands"),
    "Northants": ("Northamptonshire", "East Midlands"),
    "Derbys": ("Derbyshire", "East Midlands"),
    "Herts": ("Hertfordshire", "East of England"),
    "Cambs": ("Cambridgeshire", "East of England"),
    "Suffolk": ("Suffolk", "East of England"),
    "Worcs": ("Worcestershire", "West Midlands"),
    "Warwicks": ("Warwickshire", "West Midlands"),
    "Staffs": ("Staffordshire", "West Midlands"),
    "Shrops": ("Shropshire", "West Midlands"),
    "Lancs": ("Lancashire", "North West"),
    "Cumbria": ("Cumbria", "North West"),
    "Cheshire": ("Cheshire", "North West"),
    "Co Durham": ("Durham", "North East"),
    "Northumberland": ("Northumberland", "North East"),
    "Yorks": ("Yorkshire", "Yorkshire and the Humber"),
    "Monmouths": ("Monmouthshire", "Wales"),
    "Denbighs": ("Denbighshire", "Wales"),
    "Pembrokes": ("Pembrokeshire", "Wales"),
    "Carmarthens": ("Carmarthenshire", "Wales"),
    "Gwynedd": ("Gwynedd", "Wales"),
    "Dumfries & G'way": ("Dumfries and Galloway", "Scotland"),
    "D'fries & G'way": ("Dumfries and Galloway", "Scotland"),
    "Perth & Kinross": ("Perth and Kinross", "Scotland"),
    "Ayrshire": ("Ayrshire", "Scotland"),
    "S Ayrshire": ("Ayrshire", "Scotland"),
    "Borders": ("Scottish Borders", "Scotland"),
    "Fife": ("Fife", "Scotland"),
    "E Lothian": ("East Lothian", "Scotland"),
    "Co Down": ("Down", "Northern Ireland"),
    "Co Antrim": ("Antrim", "Northern Ireland"),
    "Co Kildare": ("Kildare", "Leinster"),
    "Co Meath": ("Meath", "Leinster"),
    "Co Wexford": ("Wexford", "Leinster"),
    "Co Carlow": ("Carlow", "Leinster"),
    "Co Dublin": ("Dublin", "Leinster"),
    "Co Kilkenny": ("Kilkenny", "Leinster"),
    "Co Tipperary": ("Tipperary", "Munster"),
    "Co Cork": ("Cork", "Munster"),
    "Co Limerick": ("Limerick", "Munster"),
    "Co Waterford": ("Waterford", "Munster"),
    "Co Galway": ("Galway", "Connacht"),
    "Co Mayo": ("Mayo", "Connacht"),
    "Co Donegal": ("Donegal", "Ulster"),
}


@pytest.mark.parametrize("abbreviation", sorted(ABBREVIATIONS))
def test_a_gallops_missing_from_the_gazetteer_falls_back_to_its_countys_centre(
    conn, abbreviation: str
) -> None:
    county, region = ABBREVIATIONS[abbreviation]

    found = base(conn, f"Nowhere Gallops, {abbreviation}")

    centre = conn.execute(
        "select latitude, longitude from pgbackfill.counties where county = %s", (county,)
    ).fetchone()
    assert found == {
        "place": None,
        "county": county,
        "region": region,
        "latitude": centre[0],
        "longitude": centre[1],
        "resolved_by": "county",
        "reason": None,
    }


@pytest.mark.parametrize("abbreviation", sorted(ABBREVIATIONS))
def test_the_abbreviation_folds_however_it_is_written(conn, abbreviation: str) -> None:
    county, _ = ABBREVIATIONS[abbreviation]
    shouted = abbreviation.upper().replace(" ", "  ").replace("'", "’")

    found = base(conn, f"Nowhere Gallops ,  {shouted} ")

    assert (found["county"], found["resolved_by"]) == (county, "county")


def test_every_county_spelling_of_the_gazetteer_resolves_to_its_county(conn) -> None:
    unresolved = conn.execute(
        """
        select alias.alias_folded, alias.county, base.county, base.resolved_by
          from pgbackfill.county_aliases as alias
         cross join lateral pgbackfill.trainer_base('Nowhere Gallops, ' || alias.alias_folded) as base
         where base.county is distinct from alias.county or base.resolved_by is distinct from 'county'
        """
    ).fetchall()
    assert unresolved == []


def test_every_county_has_a_region_a_centre_and_places(conn) -> None:
    counties = conn.execute(
        """
        select county.county
          from pgbackfill.counties as county
         where county.latitude is null or county.longitude is null
            or not exists (select from pgbackfill.places as place
                            where place.admin2 = any (county.admin2))
        """
    ).fetchall()
    regions = conn.execute("select region from pgbackfill.regions order by region").fetchall()
    assert counties == []
    assert len(regions) == 16  # England's nine, Wales, Scotland, NI, Ireland's four


def test_a_town_resolves_to_the_place_its_county_and_region(conn) -> None:
    assert base(conn, "Malton, N Yorks") == {
        "place": "Malton",
        "county": "North Yorkshire",
        "region": "Yorkshire and the Humber",
        "latitude": 54.13695,
        "longitude": -0.7996,
        "resolved_by": "place",
        "reason": None,
    }


def test_a_place_is_found_in_the_unitary_authorities_of_its_county(conn) -> None:
    # GeoNames puts Lambourn in West Berkshire, Epsom in Surrey
    assert base(conn, "Lambourn, Berks")["place"] == "Lambourn"
    assert base(conn, "Lambourn, Berks")["county"] == "Berkshire"
    assert base(conn, "Newmarket, Suffolk")["place"] == "Newmarket"


def test_punctuation_accents_and_saint_fold(conn) -> None:
    assert base(conn, "Stow-on-the-Wold, Glos")["place"] == "Stow on the Wold"
    assert base(conn, "STOW ON THE WOLD, glos.")["place"] == "Stow on the Wold"
    st_name = conn.execute(
        "select name from pgbackfill.places where name ~ '^(St\\.?|Saint) ' order by place_id limit 1"
    ).fetchone()[0]
    county = conn.execute(
        "select county from pgbackfill.places where name = %s order by place_id limit 1", (st_name,)
    ).fetchone()[0]
    other_spelling = (
        st_name.replace("Saint ", "St ", 1)
        if st_name.startswith("Saint")
        else st_name.replace("St. ", "Saint ", 1).replace("St ", "Saint ", 1)
    )
    assert base(conn, f"{other_spelling}, {county}")["place"] == st_name
    assert conn.execute(
        "select pgbackfill.fold_place_name('Béal Átha — the Ó''Brien')"
    ).fetchone() == ("beal atha the obrien",)


def test_a_hamlet_with_a_leading_upper_or_great_finds_the_place_it_is_named_after(conn) -> None:
    found = base(conn, "Upper Lambourn, Berks")

    assert (found["place"], found["resolved_by"]) == ("Lambourn", "place")


@pytest.mark.parametrize("location", ["Middleham Moor, N Yorks", "Sheriff Hutton, N Yorks"])
def test_a_hamlet_or_gallops_the_gazetteer_lacks_falls_back_to_the_county(
    conn, location: str
) -> None:
    found = base(conn, location)

    assert found["place"] is None
    assert (found["county"], found["region"], found["resolved_by"]) == (
        "North Yorkshire",
        "Yorkshire and the Humber",
        "county",
    )
    assert 53.5 < found["latitude"] < 54.8 and -2.5 < found["longitude"] < -0.3


def test_an_irish_county_on_its_own_resolves_to_the_county_in_its_province(conn) -> None:
    found = base(conn, "Co Kildare")

    assert (found["place"], found["county"], found["region"], found["resolved_by"]) == (
        None,
        "Kildare",
        "Leinster",
        "county",
    )


@pytest.mark.parametrize("location", ["Curragh, Co Kildare", "The Curragh, Co Kildare"])
def test_the_curragh_resolves_in_kildare(conn, location: str) -> None:
    found = base(conn, location)

    assert (found["county"], found["region"], found["resolved_by"]) == (
        "Kildare",
        "Leinster",
        "place",
    )
    assert found["place"] == "Curragh"


def test_a_place_without_a_county_resolves_by_its_name_preferring_england(conn) -> None:
    # Newmarket: Suffolk's, not a namesake elsewhere
    found = base(conn, "Newmarket")

    assert (found["place"], found["county"], found["resolved_by"]) == (
        "Newmarket",
        "Suffolk",
        "place",
    )


def test_a_place_in_another_county_than_the_one_written_falls_back_to_the_written_county(
    conn,
) -> None:
    found = base(conn, "Malton, Kent")

    assert (found["place"], found["county"], found["resolved_by"]) == (None, "Kent", "county")


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("Malton, Xyz", "county not recognised: Xyz"),
        ("Atlantis", "place not found and no county"),
        ("Chantilly, France", "outside GB and Ireland: France"),
        (None, "no location"),
        ("", "no location"),
        ("  ", "no location"),
        ("-", "no location"),
    ],
)
def test_an_unresolvable_location_gives_no_base_and_the_reason(
    conn, location: str | None, reason: str
) -> None:
    assert base(conn, location) == {
        "place": None,
        "county": None,
        "region": None,
        "latitude": None,
        "longitude": None,
        "resolved_by": None,
        "reason": reason,
    }


def test_every_location_the_synthetic_data_draws_resolves_to_a_place_or_a_county(conn) -> None:
    outcomes = conn.execute(
        """
        select drawn.location, base.resolved_by, base.reason
          from unnest(pgbackfill.synthetic_words('gb_location')
                      || pgbackfill.synthetic_words('ire_location')) as drawn (location)
         cross join lateral pgbackfill.trainer_base(drawn.location) as base
        """
    ).fetchall()

    assert [row for row in outcomes if row[1] not in ("place", "county")] == []


@pytest.fixture
def own_conn(database_url: str) -> Iterator[psycopg.Connection]:
    """A database of the test's own, for the tests that write."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        yield connection


def test_trainer_bases_lists_each_trainer_with_a_location_and_why_unresolved(own_conn) -> None:
    conn = own_conn
    trainers(
        conn,
        {
            "trn_1": "Malton, N Yorks",
            "trn_2": "Middleham Moor, N Yorks",
            "trn_3": "Chantilly, France",
            "trn_4": None,
            "trn_5": "",
        },
    )

    rows = conn.execute(
        "select trainer_id, location, place, county, resolved_by, reason"
        " from pgbackfill.trainer_bases order by trainer_id"
    ).fetchall()

    assert rows == [
        ("trn_1", "Malton, N Yorks", "Malton", "North Yorkshire", "place", None),
        ("trn_2", "Middleham Moor, N Yorks", None, "North Yorkshire", "county", None),
        ("trn_3", "Chantilly, France", None, None, None, "outside GB and Ireland: France"),
    ]


def test_the_gazetteer_data_runs_twice_and_keeps_the_same_rows(own_conn) -> None:
    conn = own_conn

    def counts() -> tuple:
        return conn.execute(
            "select (select count(*) from pgbackfill.places),"
            " (select count(*) from pgbackfill.counties),"
            " (select count(*) from pgbackfill.county_aliases),"
            " (select count(*) from pgbackfill.regions)"
        ).fetchone()

    before = counts()
    conn.execute((sql_dir() / "data" / "places.sql").read_text())

    assert counts() == before
    assert before[0] > 3900


# Known pairs: (a, b, km). London–Paris is the textbook 343.5 km; the others
# are the same haversine computed in Python above, on the same radius.
PAIRS = [
    ((51.5074, -0.1278), (48.8566, 2.3522), 343.5),
    (
        (52.2446, 0.4067),
        (51.41662, -0.67648),
        haversine_km((52.2446, 0.4067), (51.41662, -0.67648)),
    ),
    ((55.9533, -3.1883), (53.3498, -6.2603), haversine_km((55.9533, -3.1883), (53.3498, -6.2603))),
    (
        (54.13695, -0.7996),
        (53.16542, -6.84485),
        haversine_km((54.13695, -0.7996), (53.16542, -6.84485)),
    ),
    ((0.0, 0.0), (0.0, 180.0), math.pi * 6371.0088),
]


@pytest.mark.parametrize(("a", "b", "expected"), PAIRS)
def test_great_circle_km_matches_known_distances_within_a_kilometre(
    conn, a: tuple, b: tuple, expected: float
) -> None:
    assert km(conn, a, b) == pytest.approx(expected, abs=1.0)
    assert km(conn, b, a) == pytest.approx(expected, abs=1.0)


def test_newmarket_to_ascot_is_about_118_km(conn) -> None:
    assert km(conn, (52.2446, 0.4067), (51.41662, -0.67648)) == pytest.approx(118.4, abs=1.0)


def test_great_circle_km_of_a_point_to_itself_is_zero_and_null_in_gives_null(conn) -> None:
    assert km(conn, (52.2446, 0.4067), (52.2446, 0.4067)) == 0.0
    assert km(conn, (None, 0.4067), (52.2446, 0.4067)) is None
    assert km(conn, (52.2446, 0.4067), (52.2446, None)) is None
