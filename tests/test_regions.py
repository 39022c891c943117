"""Regions, training centres and travel bands (issue 14): course regions,
pgbackfill.training_centre_members, pgbackfill.travel_band and the regional
figures (pgbackfill.regional_figures and its readers), refreshed by
`refresh --table regions`."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import psycopg
import pytest

from .hardening import cli
from .pedigree_data import insert, race, refresh_facts, runner

# courses with coordinates (shared/reference/courses.csv), and one without
COURSES = {
    "crs_nmk": ("Newmarket", 52.23412, 0.36818),
    "crs_yor": ("York", 53.93754, -1.09778),
    "crs_cur": ("Curragh", 53.16542, -6.84485),
    "crs_nowhere": ("Nowhere Park", None, None),
}


def add_courses(conn: psycopg.Connection) -> None:
    for course_id, (name, latitude, longitude) in COURSES.items():
        insert(conn, "ra_courses", id=course_id, name=name, latitude=latitude, longitude=longitude)


def add_trainers(conn: psycopg.Connection, **locations: str | None) -> None:
    for trainer_id, location in locations.items():
        insert(conn, "ra_mst_trainers", id=trainer_id, name=trainer_id, location=location)


def refresh_regions(conn: psycopg.Connection) -> int:
    return conn.execute("select pgbackfill.refresh_regional_figures()").fetchone()[0]


def members(conn: psycopg.Connection) -> dict[str, str]:
    return dict(
        conn.execute(
            "select trainer_id, centre from pgbackfill.training_centre_members order by 1"
        ).fetchall()
    )


# travel bands


@pytest.mark.parametrize(
    ("km", "band"),
    [
        (0, "[0,50]"),
        (49.9, "[0,50]"),
        (50, "[0,50]"),
        (50.1, "(50,150]"),
        (149.9, "(50,150]"),
        (150, "(50,150]"),
        (150.1, "(150,300]"),
        (300, "(150,300]"),
        (300.1, "(300,)"),
        (None, None),
    ],
)
def test_an_edge_belongs_to_the_travel_band_below_it(conn, km: float | None, band) -> None:
    # travel_km is real in the facts: the edges hold for its values too
    found = conn.execute(
        "select pgbackfill.travel_band(%s::float8)::text, pgbackfill.travel_band(%s::real)::text",
        (km, km),
    ).fetchone()

    assert found == (band, band)


def test_travel_bands_sort_nearest_first(conn) -> None:
    bands = conn.execute(
        "select pgbackfill.travel_band(km)::text from unnest(array[400, 10, 200, 100]::float8[]) km"
        " order by pgbackfill.travel_band(km)"
    ).fetchall()

    assert [band for (band,) in bands] == ["[0,50]", "(50,150]", "(150,300]", "(300,)"]


# course regions


def test_a_course_takes_the_region_of_its_nearest_place_and_none_without_coordinates(
    conn,
) -> None:
    add_courses(conn)
    insert(conn, "ra_courses", id="crs_bangor", name="Bangor", latitude=52.99593, longitude=-2.9275)

    regions = dict(
        conn.execute("select course_id, region from pgbackfill.course_regions").fetchall()
    )

    assert regions == {
        "crs_nmk": "East of England",
        "crs_yor": "Yorkshire and the Humber",
        "crs_cur": "Leinster",
        "crs_nowhere": None,  # counted, never guessed
        "crs_bangor": "Wales",  # Bangor-on-Dee, not Bangor in Co Down
    }


# training centres


def test_two_trainers_in_a_place_and_one_3_km_away_form_one_centre(conn) -> None:
    add_trainers(
        conn,
        trn_a="Newmarket, Suffolk",
        trn_b="Newmarket, Suffolk",
        trn_c="Exning, Suffolk",  # 3.2 km from Newmarket
        trn_far="Malton, N Yorks",  # alone: no centre
    )

    found = conn.execute(
        "select trainer_id, centre, centre_county, place, km_from_centre"
        " from pgbackfill.training_centre_members order by trainer_id"
    ).fetchall()

    assert found == [
        ("trn_a", "Newmarket", "Suffolk", "Newmarket", Decimal("0.0")),
        ("trn_b", "Newmarket", "Suffolk", "Newmarket", Decimal("0.0")),
        ("trn_c", "Newmarket", "Suffolk", "Exning", Decimal("3.2")),
    ]


def test_a_centre_is_named_after_its_busiest_place(conn) -> None:
    add_trainers(
        conn, trn_a="Exning, Suffolk", trn_b="Newmarket, Suffolk", trn_c="Newmarket, Suffolk"
    )

    assert set(members(conn).values()) == {"Newmarket"}


def test_county_only_trainers_make_no_centre_and_join_none(conn) -> None:
    add_trainers(
        conn,
        # resolved to North Yorkshire's centre only
        trn_a="Middleham Moor, N Yorks",
        trn_b="Sheriff Hutton, N Yorks",
        trn_c="Nowhere Gallops, N Yorks",
        # a real centre
        trn_d="Middleham, N Yorks",
        trn_e="Middleham, N Yorks",
    )

    assert members(conn) == {"trn_d": "Middleham", "trn_e": "Middleham"}


def test_middleham_is_in_the_gazetteer_as_a_manual_place(conn) -> None:
    found = conn.execute(
        "select county, region, source from pgbackfill.places where name = 'Middleham'"
    ).fetchall()

    assert found == [("North Yorkshire", "Yorkshire and the Humber", "manual")]


# the regional figures against a plain-Python computation


def rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def figures(runs: list[dict], population: dict[str, tuple[int, int]], race_type: str) -> dict:
    """racing-metrics.md, written out: what one group of runs adds up to."""
    count = len(runs)
    wins = sum(run["is_win"] for run in runs)
    priced = [run for run in runs if run["sp"] is not None]
    expected = sum((Decimal(1) / run["sp"] for run in priced), Decimal(0))
    priced_wins = sum(run["is_win"] for run in priced)
    profit = sum((run["sp"] for run in priced if run["is_win"]), Decimal(0)) - len(priced)
    population_runs, population_wins = population[race_type]
    strike_rate = Decimal(wins) / count
    population_rate = Decimal(population_wins) / population_runs
    return {
        "runs": count,
        "runners": len({run["horse_id"] for run in runs}),
        "trainers": len({run["trainer_id"] for run in runs}),
        "wins": wins,
        "win_percent": rounded(Decimal(100) * wins / count),
        "expected_wins": rounded(expected) if priced else None,
        "ae": rounded(priced_wins / expected) if expected else None,
        "profit": rounded(profit) if priced else None,
        "roi_percent": rounded(Decimal(100) * profit / len(priced)) if priced else None,
        "iv": rounded(strike_rate / population_rate) if population_wins else None,
    }


FIGURES = (
    "runs",
    "runners",
    "trainers",
    "wins",
    "win_percent",
    "expected_wins",
    "ae",
    "profit",
    "roi_percent",
    "iv",
)


def band_of(km: float | None) -> str | None:
    if km is None:
        return None
    if km <= 50:
        return "[0,50]"
    if km <= 150:
        return "(50,150]"
    if km <= 300:
        return "(150,300]"
    return "(300,)"


@pytest.fixture
def regional_runs(conn) -> list[dict]:
    """Runs of five trainers (two at Newmarket, one at Exning 3 km away, one
    at Malton, one resolved to a county, one without a location) at three
    courses with coordinates and one without, flat and hurdle races, SPs
    exact in binary (and one run without an SP)."""
    add_courses(conn)
    add_trainers(
        conn,
        trn_nmk1="Newmarket, Suffolk",
        trn_nmk2="Newmarket, Suffolk",
        trn_exn="Exning, Suffolk",
        trn_mal="Malton, N Yorks",
        trn_cty="Nowhere Gallops, Co Kildare",
        trn_none=None,
    )
    plan = [
        # race, course, type, [(horse, trainer, position, sp)]
        (
            "r1",
            "crs_nmk",
            "Flat",
            [
                ("h1", "trn_nmk1", 1, 2),
                ("h2", "trn_nmk2", 2, 4),
                ("h3", "trn_mal", 3, 8),
                ("h4", "trn_exn", 4, 4),
            ],
        ),
        (
            "r2",
            "crs_yor",
            "Flat",
            [
                ("h1", "trn_nmk1", 2, 4),
                ("h3", "trn_mal", 1, 4),
                ("h5", "trn_cty", 3, 8),
                ("h6", "trn_none", None, 16),
            ],
        ),
        (
            "r3",
            "crs_cur",
            "Hurdle",
            [("h5", "trn_cty", 1, 2), ("h2", "trn_nmk2", 2, 8), ("h7", "trn_nmk1", 3, None)],
        ),
        (
            "r4",
            "crs_nowhere",
            "Hurdle",
            [("h7", "trn_nmk1", 1, 8), ("h4", "trn_exn", 2, 2), ("h6", "trn_none", 3, 4)],
        ),
        (
            "r5",
            "crs_yor",
            "Hurdle",
            [("h4", "trn_exn", 1, 16), ("h2", "trn_nmk2", 2, 2), ("h3", "trn_mal", 3, 4)],
        ),
    ]
    for race_id, course_id, race_type, runners in plan:
        race(conn, race_id, course_id=course_id, course_name=COURSES[course_id][0], type=race_type)
        for horse_id, trainer_id, position, sp in runners:
            runner(
                conn,
                race_id,
                horse_id,
                trainer_id=trainer_id,
                position=position,
                starting_price_decimal=sp,
            )
    refresh_facts(conn)
    refresh_regions(conn)
    region_of_trainer = {
        "trn_nmk1": "East of England",
        "trn_nmk2": "East of England",
        "trn_exn": "East of England",
        "trn_mal": "Yorkshire and the Humber",
        "trn_cty": "Leinster",
    }
    centre_of_trainer = {"trn_nmk1": "Newmarket", "trn_nmk2": "Newmarket", "trn_exn": "Newmarket"}
    region_of_race = {
        "r1": "East of England",
        "r2": "Yorkshire and the Humber",
        "r3": "Leinster",
        "r4": None,
        "r5": "Yorkshire and the Humber",
    }
    rows = conn.execute(
        """
        select fact.race_id, fact.horse_id, fact.trainer_id, fact.race_type, fact.is_win,
               fact.sp_decimal, fact.travel_km
          from pgbackfill.runner_facts as fact
        """
    ).fetchall()
    runs = []
    for race_id, horse_id, trainer_id, race_type, is_win, sp, travel_km in rows:
        runs.append(
            {
                "horse_id": horse_id,
                "trainer_id": trainer_id,
                "race_type": race_type,
                "is_win": is_win,
                "sp": sp,
                "travel_km": travel_km,
                "trainer_region": region_of_trainer.get(trainer_id),
                "course_region": region_of_race[race_id],
                "centre": centre_of_trainer.get(trainer_id),
            }
        )
    return runs


def test_every_regional_figure_matches_a_plain_computation(conn, regional_runs) -> None:
    runs = regional_runs
    assert len(runs) == 17
    population: dict[str, tuple[int, int]] = {}
    for race_type in ("all", "flat", "hurdle"):
        chosen = [run for run in runs if race_type in ("all", run["race_type"])]
        population[race_type] = (len(chosen), sum(run["is_win"] for run in chosen))
    keys = {
        "region": lambda run: (run["trainer_region"], run["course_region"]),
        "centre": lambda run: (run["centre"],),
        "travel band": lambda run: (band_of(run["travel_km"]),),
    }
    expected = {}
    for breakdown, key in keys.items():
        for race_type in ("all", "flat", "hurdle"):
            groups = defaultdict(list)
            for run in runs:
                if race_type in ("all", run["race_type"]):
                    groups[key(run)].append(run)
            for group_key, group in groups.items():
                expected[(breakdown, *group_key, race_type)] = figures(group, population, race_type)
    for trainer_id in {run["trainer_id"] for run in runs}:
        for reach, inside in (("near", lambda km: km <= 50), ("far", lambda km: km > 150)):
            group = [
                run
                for run in runs
                if run["trainer_id"] == trainer_id
                and run["travel_km"] is not None
                and inside(run["travel_km"])
            ]
            if group:
                expected[("trainer reach", trainer_id, reach, "all")] = figures(
                    group, population, "all"
                )

    stored = conn.execute(
        f"""
        select breakdown, trainer_region, course_region, centre, travel_band::text, trainer_id,
               reach, race_type, {", ".join(FIGURES)}
          from pgbackfill.regional_figures
         where breakdown <> 'trainer reach' or reach is not null
        """
    ).fetchall()
    found = {}
    for row in stored:
        breakdown, trainer_region, course_region, centre, band, trainer_id, reach, race_type = row[
            :8
        ]
        key = {
            "region": (trainer_region, course_region),
            "centre": (centre,),
            "travel band": (band,),
            "trainer reach": (trainer_id, reach),
        }[breakdown]
        found[(breakdown, *key, race_type)] = dict(zip(FIGURES, row[8:], strict=True))

    assert found == expected
    # the data spans what the figures must cope with
    assert ("region", "East of England", None, "all") in found  # a course without coordinates
    assert ("travel band", None, "all") in found  # unknown travel, counted
    assert {key[1] for key in found if key[0] == "travel band"} >= {"[0,50]", "(150,300]"}


def test_the_readers_show_the_figures_by_their_names(conn, regional_runs) -> None:
    centres = conn.execute(
        "select centre, county, trainers, runs, wins from pgbackfill.training_centres"
    ).fetchall()
    bands = conn.execute(
        "select band.travel_band::text from pgbackfill.travel_band_performance as band"
        " where band.race_type = 'all' order by band.travel_band"
    ).fetchall()
    regions = conn.execute(
        "select count(*) from pgbackfill.region_performance where race_type = 'all'"
    ).fetchone()[0]

    newmarket_runs = [run for run in regional_runs if run["centre"] == "Newmarket"]
    assert centres == [
        (
            "Newmarket",
            "Suffolk",
            3,
            len(newmarket_runs),
            sum(run["is_win"] for run in newmarket_runs),
        )
    ]
    assert bands[-1] == (None,) and bands[0] == ("[0,50]",)
    assert regions > 0


def test_who_travels_to_win_needs_a_sample_on_both_sides(conn, regional_runs) -> None:
    # five runs at most per trainer here: below the minimum of 30 a side
    assert conn.execute("select count(*) from pgbackfill.trainer_travel").fetchone()[0] == 0


# refresh and reset


def test_refresh_table_regions_through_the_cli(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        add_courses(conn)
        add_trainers(conn, trn_a="Newmarket, Suffolk", trn_b="Newmarket, Suffolk")
        race(conn, "r1", course_id="crs_yor", course_name="York")
        runner(conn, "r1", "h1", trainer_id="trn_a", position=1, starting_price_decimal=3)
        runner(conn, "r1", "h2", trainer_id="trn_b", position=2, starting_price_decimal=3)

    done = cli("refresh", "--table", "regions", url=database_url)
    stale = cli("refresh", "--table", "regions", "--stale", url=database_url)
    # the daily `all --stale` restates entities only: the view has its own job
    daily = cli("refresh", "--table", "all", "--stale", url=database_url)

    assert done.returncode == 0, done.stderr
    assert "pgbackfill.regional_figures: rebuilt" in done.stdout
    assert stale.returncode == 2 and "rebuilt whole" in stale.stderr
    assert daily.returncode == 0, daily.stderr
    assert "regional_figures" not in daily.stdout
    with psycopg.connect(database_url) as conn:
        assert conn.execute(
            "select centre, trainers, runs, wins from pgbackfill.training_centres"
        ).fetchall() == [("Newmarket", 2, 2, 1)]
        phases = conn.execute(
            "select phase, outcome from pgbackfill.run_log where phase like 'regions%'"
        ).fetchall()
    assert phases == [("regions (all)", "ok")]


def test_a_check_of_all_leaves_the_regional_figures_out(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        add_courses(conn)
        add_trainers(conn, trn_a="Newmarket, Suffolk")
        race(conn, "r1", course_id="crs_yor", course_name="York")
        runner(conn, "r1", "h1", trainer_id="trn_a", position=1)

    checked = cli("refresh", "--table", "all", "--check", url=database_url)

    assert checked.returncode == 0, checked.stderr
    assert "regional_figures" not in checked.stdout


def test_reset_locations_leaves_no_orphaned_bases(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        add_courses(conn)
        add_trainers(
            conn,
            trn_kept="Newmarket, Suffolk",
            trn_kept2="Newmarket, Suffolk",
            trn_written="Exning, Suffolk",
        )
        # the location pgbackfill wrote (its provenance), which reset takes back
        conn.execute(
            "insert into pgbackfill.trainer_location_provenance (trainer_id, location, source)"
            " values ('trn_written', 'Exning, Suffolk', 'runners')"
        )
        race(conn, "r1", course_id="crs_yor", course_name="York")
        runner(conn, "r1", "h1", trainer_id="trn_kept", position=1, starting_price_decimal=3)
        runner(conn, "r1", "h2", trainer_id="trn_written", position=2, starting_price_decimal=3)
        runner(conn, "r1", "h3", trainer_id="trn_kept2", position=3, starting_price_decimal=3)
    assert cli("refresh", "--table", "regions", url=database_url).returncode == 0

    reset = cli("reset", "--table", "locations", "--yes", url=database_url)
    refreshed = cli("refresh", "--table", "regions", url=database_url)

    assert reset.returncode == 0, reset.stderr
    assert refreshed.returncode == 0, refreshed.stderr
    with psycopg.connect(database_url) as conn:
        assert members(conn) == {"trn_kept": "Newmarket", "trn_kept2": "Newmarket"}
        assert conn.execute(
            "select centre, trainers, runs from pgbackfill.training_centres"
        ).fetchall() == [("Newmarket", 2, 2)]
        # its run is still a run, of an unknown region and travel
        assert conn.execute(
            """select trainer_region, course_region, runs from pgbackfill.region_performance
                where race_type = 'all' order by 1 nulls last"""
        ).fetchall() == [
            ("East of England", "Yorkshire and the Humber", 2),
            (None, "Yorkshire and the Humber", 1),
        ]
        assert conn.execute(
            """select runs from pgbackfill.travel_band_performance
                where race_type = 'all' and travel_band is null"""
        ).fetchall() == [(1,)]
        assert (
            conn.execute(
                "select count(*) from pgbackfill.regional_figures where trainer_id = 'trn_written'"
                " and reach is not null"
            ).fetchone()[0]
            == 0
        )


def test_audit_shows_the_coverage_of_trainer_bases_without_failing(conn) -> None:
    add_trainers(
        conn,
        trn_a="Newmarket, Suffolk",
        trn_b="Nowhere Gallops, N Yorks",
        trn_c="Chantilly, France",
        trn_d=None,
    )
    race(conn, "r1")
    runner(conn, "r1", "h1", trainer_id="trn_a")
    refresh_facts(conn)

    lines = {
        category: (total, done, missing, fillable)
        for category, total, done, missing, fillable in conn.execute(
            "select category, total, done, missing, fillable from pgbackfill.audit_gaps()"
            " where category like 'Trainer bases%'"
        ).fetchall()
    }

    assert lines == {
        "Trainer bases (to a place)": (3, 1, 2, False),
        "Trainer bases (place or county)": (3, 2, 1, False),
    }
